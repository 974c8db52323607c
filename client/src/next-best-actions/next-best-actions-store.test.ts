import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { DECLINE_REASONS, DECLINE_REASON_TEXT } from '../../../shared/nba';
import { useLiveInteractionStore } from '../interactions/live-interaction-store';
import { installFakeLiveTransport, networkFailure } from '../testing/fake-live-transport';
import { INTERACTION_ID, makeInsight, makeInteraction, makePop, makeRankedAction, makeRankedActions } from '../testing/live-factories';
import { DECLINE_REASON_LABELS } from './action-labels';
import { useNextBestActionsStore } from './next-best-actions-store';

const keys = (actions: readonly { key: string }[]) => actions.map((action) => action.key);
const insightWith = (actions: ReturnType<typeof makeRankedActions> | null, interactionId = INTERACTION_ID) => ({ ...makeInsight(), interactionId, actions });

describe('useNextBestActionsStore', () => {
  let live: ReturnType<typeof installFakeLiveTransport>;

  /** The pop reaches both stores, as the realtime module delivers it. */
  function pop(actions = makeRankedActions('discount', 'tech-visit', 'paperless')) {
    const screenPop = makePop({ interaction: makeInteraction({ state: 'active' }), actions, insight: { ...makeInsight(), actions } });
    useLiveInteractionStore().receivePop(screenPop);
    useNextBestActionsStore().receivePop(screenPop);
  }

  beforeEach(() => {
    setActivePinia(createPinia());
    live = installFakeLiveTransport();
  });
  afterEach(() => live.uninstall());

  it('shows the pop’s ranked actions, keeps them on an insight saying "unchanged" (null), and replaces them on a new list', () => {
    const store = useNextBestActionsStore();
    pop();
    expect(keys(store.actions)).toEqual(['discount', 'tech-visit', 'paperless']);

    store.receiveInsight(insightWith(null));
    expect(keys(store.actions)).toEqual(['discount', 'tech-visit', 'paperless']);

    store.receiveInsight(insightWith(makeRankedActions('retention-call', 'discount', 'tech-visit')));
    expect(keys(store.actions)).toEqual(['retention-call', 'discount', 'tech-visit']);
    expect(store.revision).toBe(2);
  });

  it('ignores lists for another interaction, and shows nothing once the interaction on screen is gone', () => {
    const store = useNextBestActionsStore();
    pop();
    store.receiveInsight(insightWith(makeRankedActions('upsell'), 'another-interaction'));
    expect(keys(store.actions)).toEqual(['discount', 'tech-visit', 'paperless']);

    useLiveInteractionStore().receiveEnded(makeInteraction({ state: 'queued', agentId: null }));
    expect(store.actions).toEqual([]);
  });

  it('holds a re-ranked list while the agent points at the cards, and shows it when they leave', () => {
    const store = useNextBestActionsStore();
    pop();
    store.hold(true);
    store.receiveInsight(insightWith(makeRankedActions('retention-call', 'discount')));
    expect(keys(store.actions)).toEqual(['discount', 'tech-visit', 'paperless']);
    expect(store.hasWaiting).toBe(true);

    store.hold(false);
    expect(keys(store.actions)).toEqual(['retention-call', 'discount']);
    expect(store.hasWaiting).toBe(false);
  });

  it('sends an accept and shows the stored answer on the card, disabled while pending', async () => {
    const store = useNextBestActionsStore();
    pop();
    const responding = store.respond('action-discount', { response: 'accepted' });
    expect(store.pending).toEqual({ 'action-discount': 'accepted' });
    // A second click while the first is in flight sends nothing.
    expect(await store.respond('action-discount', { response: 'accepted' })).toBe(false);

    const request = live.take('action:respond');
    expect(request.payload).toEqual({ interactionId: INTERACTION_ID, actionId: 'action-discount', response: 'accepted', clientRequestId: expect.any(String) });
    // The server's copy of the offer carries its original rank and factors; the card keeps the list's.
    request.respond({ ok: true, action: makeRankedAction('discount', { rank: 3, response: 'accepted' }) });
    expect(await responding).toBe(true);

    expect(store.pending).toEqual({});
    expect(store.actions[0]).toMatchObject({ key: 'discount', rank: 1, response: 'accepted', declineReason: null });
    expect(live.sent).toHaveLength(1);
  });

  it('reuses the clientRequestId when an answer is retried after a network failure', async () => {
    const store = useNextBestActionsStore();
    pop();
    const first = store.respond('action-discount', { response: 'accepted' });
    live.take('action:respond').respond(networkFailure);
    expect(await first).toBe(false);
    expect(store.errors['action-discount']).toMatch(/records it once/);
    expect(store.actions[0]!.response).toBeNull();

    // The agent now declines instead: if the accept did land, the server answers with it, the truth to show.
    const retry = store.respond('action-discount', { response: 'declined', reason: 'too_expensive' });
    expect(store.errors).toEqual({});
    live.take('action:respond').respond({ ok: true, action: makeRankedAction('discount', { response: 'accepted' }) });
    await retry;

    const [a, b] = live.sent.map((request) => request.payload);
    expect(typeof a!.clientRequestId).toBe('string');
    expect(b!.clientRequestId).toBe(a!.clientRequestId);
    expect(b).toMatchObject({ response: 'declined', reason: 'too_expensive' });
    expect(store.actions[0]!.response).toBe('accepted');

    // Another action gets a key of its own.
    void store.respond('action-paperless', { response: 'accepted' });
    expect(live.take('action:respond').payload.clientRequestId).not.toBe(a!.clientRequestId);
  });

  it('after a decline shows the replacement list at once, even while held, and keeps a line for the declined action', async () => {
    const store = useNextBestActionsStore();
    pop();
    store.hold(true);
    const declining = store.respond('action-tech-visit', { response: 'declined', reason: 'not_interested' });
    // The server pushes the new list before it answers the decline.
    store.receiveInsight(insightWith(makeRankedActions('discount', 'paperless', 'upgrade')));
    expect(keys(store.actions)).toEqual(['discount', 'paperless', 'upgrade']);
    live.take('action:respond').respond({ ok: true, action: makeRankedAction('tech-visit', { response: 'declined', declineReason: 'not_interested' }) });
    await declining;

    expect(keys(store.actions)).toEqual(['discount', 'paperless', 'upgrade']);
    expect(store.declinedElsewhere).toMatchObject([{ key: 'tech-visit', declineReason: 'not_interested' }]);

    // The exception was for that one list: the next re-rank waits for the pointer again.
    store.receiveInsight(insightWith(makeRankedActions('upgrade', 'discount')));
    expect(keys(store.actions)).toEqual(['discount', 'paperless', 'upgrade']);
  });

  it('shows a refused answer as the action’s error and lets the list move again', async () => {
    const store = useNextBestActionsStore();
    pop();
    const declining = store.respond('action-discount', { response: 'declined', reason: 'other' });
    live.take('action:respond').respond({ ok: false, error: { code: 'conflict', message: 'this action was already accepted' } });
    expect(await declining).toBe(false);
    expect(store.errors).toEqual({ 'action-discount': 'this action was already accepted' });
    expect(store.pending).toEqual({});

    store.hold(true);
    store.receiveInsight(insightWith(makeRankedActions('upgrade')));
    expect(store.hasWaiting).toBe(true);
  });

  it('drops the answer to a request sent for an interaction the agent has left', async () => {
    const store = useNextBestActionsStore();
    pop();
    const responding = store.respond('action-discount', { response: 'accepted' });
    const next = makeRankedActions('welcome');
    const secondPop = makePop({ interaction: makeInteraction({ id: 'second-interaction' }), actions: next, insight: { ...makeInsight(), actions: next } });
    useLiveInteractionStore().receivePop(secondPop);
    store.receivePop(secondPop);
    live.take('action:respond').respond({ ok: true, action: makeRankedAction('discount', { response: 'accepted' }) });
    await responding;
    expect(keys(store.actions)).toEqual(['welcome']);
    expect(store.actions[0]!.response).toBeNull();
  });

  it('starts from the first list of work picked up without a pop (a reload mid-call)', () => {
    const store = useNextBestActionsStore();
    useLiveInteractionStore().receiveAgentState({ status: 'busy', interactions: [makeInteraction({ state: 'active' })] });
    store.receiveInsight(insightWith(null));
    expect(store.actions).toEqual([]);
    store.receiveInsight(insightWith(makeRankedActions('discount')));
    expect(keys(store.actions)).toEqual(['discount']);
  });
});

describe('DECLINE_REASON_LABELS', () => {
  it('has words for every decline reason of the contract, in its order', () => {
    expect(Object.keys(DECLINE_REASON_LABELS)).toEqual([...DECLINE_REASONS]);
    expect(Object.keys(DECLINE_REASON_TEXT)).toEqual([...DECLINE_REASONS]);
  });
});
