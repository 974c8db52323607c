import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { DISPOSITIONS } from '../../../shared/interactions';
import { installFakeLiveTransport, networkFailure } from '../testing/fake-live-transport';
import { CUSTOMER_ID, INTERACTION_ID, makeInteraction, makePop, makeTimelineEvent } from '../testing/live-factories';
import { useSessionStore } from '../session/session-store';
import { useTimelineStore } from '../timeline/timeline-store';
import { DISPOSITION_LABELS } from './dispositions';
import { useLiveInteractionStore } from './live-interaction-store';
import { useWrapupStore } from './wrapup-store';

describe('useWrapupStore', () => {
  let live: ReturnType<typeof installFakeLiveTransport>;

  beforeEach(() => {
    setActivePinia(createPinia());
    live = installFakeLiveTransport();
    useLiveInteractionStore().receivePop(makePop({ interaction: makeInteraction({ state: 'wrap_up' }) }));
  });
  afterEach(() => live.uninstall());

  it('keeps one clientRequestId across retries, so a wrap-up whose answer was lost lands once', async () => {
    const wrapup = useWrapupStore();
    wrapup.begin(INTERACTION_ID);
    wrapup.disposition = 'resolved';
    wrapup.notes = '  Reset the router.  ';

    const first = wrapup.submit();
    live.take('interaction:wrapup').respond(networkFailure);
    expect(await first).toBe(false);
    expect(wrapup.formError).toMatch(/records it once/);

    // The agent edits nothing, or something: either way it is the same wrap-up attempt.
    wrapup.notes = 'Reset the router; credit applied.';
    const retry = wrapup.submit();
    live.take('interaction:wrapup').respond({ ok: true, eventId: 'outcome-1' });
    expect(await retry).toBe(true);

    const [a, b] = live.sent.map((request) => request.payload);
    expect(a!.clientRequestId).toEqual(b!.clientRequestId);
    expect(typeof a!.clientRequestId).toBe('string');
    expect(b).toEqual({
      interactionId: INTERACTION_ID,
      disposition: 'resolved',
      notes: 'Reset the router; credit applied.',
      clientRequestId: a!.clientRequestId,
    });
    expect(wrapup.status).toBe('done');
    expect(useLiveInteractionStore().interaction?.state).toBe('closed');
  });

  it('starts a new key for the next interaction, and keeps the draft when the same one is reopened', () => {
    const wrapup = useWrapupStore();
    wrapup.begin(INTERACTION_ID);
    const key = wrapup.clientRequestId;
    wrapup.disposition = 'escalated';
    wrapup.begin(INTERACTION_ID);
    expect(wrapup.clientRequestId).toBe(key);
    expect(wrapup.disposition).toBe('escalated');
    wrapup.begin('another-interaction');
    expect(wrapup.clientRequestId).not.toBe(key);
    expect(wrapup.disposition).toBe('');
  });

  it('asks for a disposition before sending anything', async () => {
    const wrapup = useWrapupStore();
    wrapup.begin(INTERACTION_ID);
    expect(await wrapup.submit()).toBe(false);
    expect(wrapup.fieldErrors).toEqual({ disposition: 'Pick a disposition.' });
    expect(live.sent).toHaveLength(0);
  });

  it('shows a validation error from the server at its field', async () => {
    const wrapup = useWrapupStore();
    wrapup.begin(INTERACTION_ID);
    wrapup.disposition = 'resolved';
    const submitting = wrapup.submit();
    live.take('interaction:wrapup').respond({ ok: false, error: { code: 'invalid_request', message: 'notes: Too big: expected string to have <=4000 characters' } });
    await submitting;
    expect(wrapup.fieldErrors).toEqual({ notes: 'Too big: expected string to have <=4000 characters' });
    expect(wrapup.formError).toBeNull();
    expect(wrapup.status).toBe('editing');
  });

  it('marks retention outcomes as saved or lost', async () => {
    const wrapup = useWrapupStore();
    wrapup.begin(INTERACTION_ID);
    wrapup.disposition = 'retention_saved';
    void wrapup.submit();
    expect(live.take('interaction:wrapup').payload).toMatchObject({ disposition: 'retention_saved', saved: true });
  });

  it('puts the outcome at the top of the timeline at once, while other live events stay buffered until then', async () => {
    const timeline = useTimelineStore();
    timeline.openWithPage(CUSTOMER_ID, { events: [makeTimelineEvent({ occurredAt: '2026-01-10T09:00:00.000Z' })], nextCursor: null });
    const wrapupMarker = makeTimelineEvent({ type: 'interaction.wrap_up', occurredAt: '2026-01-10T10:05:00.000Z' });
    timeline.receiveLiveEvent(wrapupMarker);
    expect(timeline.pendingLive).toHaveLength(1);

    const wrapup = useWrapupStore();
    wrapup.begin(INTERACTION_ID);
    wrapup.disposition = 'resolved';
    const submitting = wrapup.submit();
    const outcome = makeTimelineEvent({ id: 'outcome-1', type: 'outcome.recorded', occurredAt: '2026-01-10T10:06:00.000Z' });
    // The server pushes the outcome to the customer's room before it answers the wrap-up.
    timeline.receiveLiveEvent(outcome);
    live.take('interaction:wrapup').respond({ ok: true, eventId: 'outcome-1' });
    await submitting;

    expect(timeline.events.map((e) => e.id)).toEqual(['outcome-1', wrapupMarker.id, expect.any(String)]);
    expect(timeline.pendingLive).toEqual([]);
  });
});

describe('DISPOSITION_LABELS', () => {
  it('has words for every disposition of the contract, in its order', () => {
    expect(Object.keys(DISPOSITION_LABELS)).toEqual([...DISPOSITIONS]);
  });

});

describe('useWrapupStore for the retention desk', () => {
  let live: ReturnType<typeof installFakeLiveTransport>;

  beforeEach(() => {
    setActivePinia(createPinia());
    live = installFakeLiveTransport();
    useLiveInteractionStore().receivePop(makePop({ interaction: makeInteraction({ state: 'wrap_up' }) }));
  });
  afterEach(() => live.uninstall());

  it('asks the retention desk whether the customer stayed, and sends the offer made', async () => {
    useSessionStore().user = { id: 'rita', email: 'rita@example.com', name: 'Rita Retention', role: 'retention', queues: [] };
    const wrapup = useWrapupStore();
    wrapup.begin(INTERACTION_ID);
    wrapup.disposition = 'resolved';
    expect(await wrapup.submit()).toBe(false);
    expect(wrapup.fieldErrors.saved).toMatch(/stayed/);
    wrapup.disposition = 'retention_lost';
    wrapup.result = 'saved';
    expect(await wrapup.submit()).toBe(false);
    expect(wrapup.fieldErrors.saved).toMatch(/does not match/);
    expect(live.sent).toHaveLength(0);

    wrapup.disposition = 'retention_saved';
    wrapup.offer = '  20% off for 12 months ';
    const sent = wrapup.submit();
    const request = live.take('interaction:wrapup');
    expect(request.payload).toMatchObject({ disposition: 'retention_saved', saved: true, offer: '20% off for 12 months' });
    request.respond({ ok: true, eventId: 'outcome-1' });
    expect(await sent).toBe(true);
  });

  it('shows the server naming the offer field at that field', async () => {
    useSessionStore().user = { id: 'rita', email: 'rita@example.com', name: 'Rita Retention', role: 'retention', queues: [] };
    const wrapup = useWrapupStore();
    wrapup.begin(INTERACTION_ID);
    wrapup.disposition = 'resolved';
    wrapup.result = 'lost';
    const sent = wrapup.submit();
    live.take('interaction:wrapup').respond({ ok: false, error: { code: 'invalid_request', message: 'offer: Too big' } });
    expect(await sent).toBe(false);
    expect(wrapup.fieldErrors).toEqual({ offer: 'Too big' });
  });
});
