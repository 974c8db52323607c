import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { installFakeFetch, settle } from '../testing/fake-fetch';
import { installFakeLiveTransport } from '../testing/fake-live-transport';
import { CUSTOMER_ID, INTERACTION_ID, makeCustomer, makeInteraction, makePop, makeUtterance } from '../testing/live-factories';
import { useLiveInteractionStore } from './live-interaction-store';

const seqs = (turns: readonly { seq: number }[]) => turns.map((turn) => turn.seq);

describe('useLiveInteractionStore', () => {
  let live: ReturnType<typeof installFakeLiveTransport>;

  beforeEach(() => {
    setActivePinia(createPinia());
    live = installFakeLiveTransport();
  });
  afterEach(() => {
    live.uninstall();
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('shows the screen pop and keeps the live transcript in seq order, each turn once', () => {
    const store = useLiveInteractionStore();
    store.receivePop(makePop({ transcript: [makeUtterance(1)] }));
    expect(store.arrivals).toBe(1);
    expect(store.customer?.name).toBe('Dana Whitfield');

    store.receiveUtterance(makeUtterance(3));
    store.receiveUtterance(makeUtterance(2, { speaker: 'agent' }));
    store.receiveUtterance(makeUtterance(3));
    store.receiveUtterance(makeUtterance(4, { interactionId: 'another-interaction' }));

    expect(seqs(store.transcript)).toEqual([1, 2, 3]);
    expect(store.lastSeq).toBe(3);
  });

  it('hands the pop’s first timeline page out once, to the customer it belongs to', () => {
    const store = useLiveInteractionStore();
    const pop = makePop();
    store.receivePop(pop);
    expect(store.takeTimelineSeed('someone-else')).toBeNull();
    store.receivePop(pop);
    expect(store.takeTimelineSeed(CUSTOMER_ID)).toEqual(pop.timeline);
    expect(store.takeTimelineSeed(CUSTOMER_ID)).toBeNull();
  });

  it('resyncs from the last seq it holds and merges what it missed', async () => {
    const store = useLiveInteractionStore();
    store.receivePop(makePop({ interaction: makeInteraction({ state: 'active' }), transcript: [makeUtterance(1), makeUtterance(2)] }));

    const resyncing = store.resync();
    // A turn pushed while the resync is in flight must not be lost or doubled by its answer.
    store.receiveUtterance(makeUtterance(4));
    const request = live.take('interaction:resync');
    expect(request.payload).toEqual({ interactionId: INTERACTION_ID, afterSeq: 2 });
    request.respond({ ok: true, interaction: makeInteraction({ state: 'wrap_up' }), utterances: [makeUtterance(3), makeUtterance(4)] });
    await resyncing;

    expect(seqs(store.transcript)).toEqual([1, 2, 3, 4]);
    expect(store.interaction?.state).toBe('wrap_up');
  });

  it('drops the interaction when the resync says it is no longer this agent’s', async () => {
    const store = useLiveInteractionStore();
    store.receivePop(makePop({ interaction: makeInteraction({ state: 'active' }) }));
    const resyncing = store.resync();
    live.take('interaction:resync').respond({ ok: false, error: { code: 'not_found', message: 'no such interaction assigned to you' } });
    await resyncing;
    expect(store.interaction).toBeNull();
    expect(store.lost).toBe('requeued');
  });

  it('picks up work the server says the agent holds without a pop (a reload mid-call)', async () => {
    const network = installFakeFetch();
    const store = useLiveInteractionStore();
    store.receiveAgentState({ status: 'busy', interactions: [makeInteraction({ state: 'active' })] });

    expect(store.interaction?.id).toBe(INTERACTION_ID);
    live.take('interaction:resync').respond({ ok: true, interaction: makeInteraction({ state: 'active' }), utterances: [makeUtterance(1), makeUtterance(2)] });
    network.take(`/customers/${CUSTOMER_ID}`).respond(200, { customer: makeCustomer() });
    await settle();

    expect(live.sent.find((r) => r.event === 'interaction:resync')?.payload).toEqual({ interactionId: INTERACTION_ID, afterSeq: 0 });
    expect(seqs(store.transcript)).toEqual([1, 2]);
    expect(store.customer?.name).toBe('Dana Whitfield');
    // Already answered before the reload: nothing to announce.
    expect(store.arrivals).toBe(0);
  });

  it('closes the interaction in wrap-up that agent:state no longer lists, and keeps it on screen', () => {
    const store = useLiveInteractionStore();
    store.receivePop(makePop({ interaction: makeInteraction({ state: 'wrap_up' }) }));
    store.receiveAgentState({ status: 'wrap_up', interactions: [] });
    expect(store.interaction?.state).toBe('closed');
    expect(store.isLive).toBe(false);
    expect(store.customer).not.toBeNull();
  });

  it('lets go of an interaction sent back to the queue', () => {
    const store = useLiveInteractionStore();
    store.receivePop(makePop({ interaction: makeInteraction({ state: 'active' }) }));
    store.receiveEnded(makeInteraction({ state: 'queued', agentId: null }));
    expect(store.interaction).toBeNull();
    expect(store.lost).toBe('requeued');
  });

  it('shows the customer typing, and stops when their message arrives or the signal goes stale', () => {
    vi.useFakeTimers();
    const store = useLiveInteractionStore();
    store.receivePop(makePop({ interaction: makeInteraction({ channel: 'chat', state: 'active' }) }));
    store.receiveTyping({ interactionId: INTERACTION_ID, typing: true });
    expect(store.customerTyping).toBe(true);
    store.receiveUtterance(makeUtterance(1));
    expect(store.customerTyping).toBe(false);

    store.receiveTyping({ interactionId: INTERACTION_ID, typing: true });
    vi.advanceTimersByTime(10_000);
    expect(store.customerTyping).toBe(false);
  });

  it('accepts, and shows why when the server refuses', async () => {
    const store = useLiveInteractionStore();
    store.receivePop(makePop());
    const accepting = store.accept();
    live.take('interaction:accept').respond({ ok: false, error: { code: 'conflict', message: 'the interaction is closed' } });
    await accepting;
    expect(store.acceptError).toBe('the interaction is closed');

    const again = store.accept();
    live.take('interaction:accept').respond({ ok: true, interaction: makeInteraction({ state: 'active' }) });
    await again;
    expect(store.interaction?.state).toBe('active');
    expect(store.acceptError).toBeNull();
  });

  it('releases an interaction taken over from this agent, and keeps it for the one who took it', () => {
    const transfer = {
      interaction: makeInteraction({ agentId: 'rita', state: 'active' as const }),
      fromAgentId: 'agent-1',
      fromAgentName: 'Ann Agent',
      toAgentId: 'rita',
      toAgentName: 'Rita Retention',
      reason: 'retention_takeover' as const,
      at: '2026-01-10T10:05:00.000Z',
    };
    const ann = useLiveInteractionStore();
    ann.receivePop(makePop({ interaction: makeInteraction({ agentId: 'agent-1', state: 'active' }) }));
    ann.receiveTransferred(transfer);
    expect(ann.interaction).toBeNull();
    expect(ann.lost).toBe('transferred');
    expect(ann.transferredTo).toBe('Rita Retention');
    ann.dismissLost();
    expect(ann.transferredTo).toBeNull();

    // The new owner's console gets the same event (the desk hears of every take-over): not a loss there.
    ann.receivePop(makePop({ interaction: makeInteraction({ agentId: 'rita', state: 'active' }), transcript: [makeUtterance(1)] }));
    ann.receiveTransferred(transfer);
    expect(ann.interaction?.agentId).toBe('rita');
    expect(ann.lost).toBeNull();
  });
});
