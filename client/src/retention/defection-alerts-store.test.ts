import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DefectionAlert } from '../../../shared/realtime';
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
  beforeEach(() => setActivePinia(createPinia()));

  it('keeps moments newest first and a replayed one once', () => {
    const store = useDefectionAlertsStore();
    store.receiveAlert(alertOf('a', 1));
    store.receiveAlert(alertOf('b', 2));
    store.receiveAlert(alertOf('a', 1));
    expect(store.alerts.map((a) => a.id)).toEqual(['b', 'a']);
  });
});
