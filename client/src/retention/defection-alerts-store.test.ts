import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DefectionAlert } from '../../../shared/realtime';
import { installFakeFetch } from '../testing/fake-fetch';
import { installFakeLiveTransport, networkFailure } from '../testing/fake-live-transport';
import { makeInteraction } from '../testing/live-factories';
import { useDefectionAlertsStore } from './defection-alerts-store';

const alertOf = (id: string, seq: number): DefectionAlert => ({
  id,
  kind: 'defection_moment',
  at: new Date(Date.UTC(2026, 10, 23, 9, 0, seq)).toISOString(),
  interactionId: '01a20795-0000-7000-8000-000000000001',
  channel: 'voice',
  queue: 'support',
  startedAt: '2026-11-23T08:59:00.000Z',
  customerId: '01a20795-0000-7000-8000-000000000002',
  customerName: 'Mo Month',
  agentId: null,
  agentName: 'Ann Agent',
  seq,
  text: 'I want to cancel my service.',
  signals: [{ code: 'cancel_intent', text: 'Wants to cancel' }],
  risk: null,
});

describe('useDefectionAlertsStore', () => {
  let live: ReturnType<typeof installFakeLiveTransport>;
  beforeEach(() => {
    setActivePinia(createPinia());
    live = installFakeLiveTransport();
  });
  afterEach(() => {
    live.uninstall();
    vi.unstubAllGlobals();
  });

  it('keeps moments newest first and a replayed one once', () => {
    const store = useDefectionAlertsStore();
    store.receiveAlert(alertOf('a', 1));
    store.receiveAlert(alertOf('b', 2));
    store.receiveAlert(alertOf('a', 1));
    expect(store.alerts.map((a) => a.id)).toEqual(['b', 'a']);
  });

  it('takes an interaction over with one key across retries, and reports a refusal', async () => {
    const store = useDefectionAlertsStore();
    const alert = alertOf('a', 1);
    const first = store.takeOver(alert);
    const request = live.take('interaction:transfer');
    expect(request.payload).toMatchObject({ interactionId: alert.interactionId, clientRequestId: expect.any(String) });
    // A double click while the first is in flight sends nothing more.
    expect(await store.takeOver(alert)).toBe(false);
    expect(live.pending).toHaveLength(0);
    request.respond(networkFailure);
    expect(await first).toBe(false);
    expect(store.takeOvers[alert.interactionId]).toMatchObject({ status: 'failed', error: networkFailure.error.message });

    const retry = store.takeOver(alert);
    const again = live.take('interaction:transfer');
    expect(again.payload.clientRequestId).toBe(request.payload.clientRequestId);
    again.respond({ ok: false, error: { code: 'conflict', message: 'already taken over by Rex Retention' } });
    expect(await retry).toBe(false);
    expect(store.takeOvers[alert.interactionId]?.error).toBe('already taken over by Rex Retention');

    const last = store.takeOver(alert);
    live.take('interaction:transfer').respond({ ok: true, interaction: makeInteraction({ id: alert.interactionId }) });
    expect(await last).toBe(true);
    expect(store.takeOvers[alert.interactionId]).toBeUndefined();
  });

  it('marks moments whose interaction the desk took over, with who has it', () => {
    const store = useDefectionAlertsStore();
    const alert = alertOf('a', 1);
    store.receiveAlert(alert);
    store.receiveTransfer({
      interaction: makeInteraction({ id: alert.interactionId, agentId: 'rita' }),
      fromAgentId: 'ann',
      fromAgentName: 'Ann Agent',
      toAgentId: 'rita',
      toAgentName: 'Rita Retention',
      reason: 'retention_takeover',
      at: '2026-11-23T09:01:00.000Z',
    });
    expect(store.takenBy[alert.interactionId]).toBe('Rita Retention');
  });

  it('fetches the live moments it missed, merged with the ones that arrived meanwhile', async () => {
    const network = installFakeFetch();
    const store = useDefectionAlertsStore();
    const loading = store.load();
    store.receiveAlert(alertOf('live', 5));
    network.take('/retention/moments').respond(200, { alerts: [alertOf('live', 5), alertOf('older', 1), alertOf('middle', 3)], takenBy: { other: 'Rex Retention' } });
    await loading;
    expect(store.alerts.map((a) => a.id)).toEqual(['live', 'middle', 'older']);
    expect(store.takenBy).toEqual({ other: 'Rex Retention' });
    expect(store.unseen).toBe(1);

    const failing = store.load();
    network.take('/retention/moments').respond(500, { error: { code: 'internal', message: 'internal error' } });
    await failing;
    expect(store.loadError).toBe('internal error');
    expect(store.alerts).toHaveLength(3);
  });

  it('counts the moments nobody has seen, until the list is opened', () => {
    const store = useDefectionAlertsStore();
    store.receiveAlert(alertOf('a', 1));
    store.receiveAlert(alertOf('b', 2));
    expect(store.unseen).toBe(2);
    const leave = store.view();
    expect(store.unseen).toBe(0);
    store.receiveAlert(alertOf('c', 3));
    expect(store.unseen).toBe(0);
    leave();
    store.receiveAlert(alertOf('d', 4));
    expect(store.unseen).toBe(1);
  });

  it('marks moments whose call or chat ended, and nothing for a requeued one', () => {
    const store = useDefectionAlertsStore();
    const alert = alertOf('a', 1);
    store.receiveAlert(alert);
    store.receiveEnded(makeInteraction({ id: alert.interactionId, state: 'queued' }));
    expect(store.ended).toEqual({});
    store.receiveEnded(makeInteraction({ id: alert.interactionId, state: 'wrap_up' }));
    store.receiveEnded(makeInteraction({ id: 'not-on-the-list', state: 'closed' }));
    expect(store.ended).toEqual({ [alert.interactionId]: true });
  });
});
