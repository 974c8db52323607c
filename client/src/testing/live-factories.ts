import type { CustomerDetail } from '../../../shared/customers';
import type { Interaction, InteractionInsight, ScreenPop, Utterance } from '../../../shared/interactions';
import type { RankedAction } from '../../../shared/nba';
import type { TimelineEvent } from '../../../shared/timeline';

/** Small factories for the live loop's payloads: valid by default, overridden where a test cares. */

export const INTERACTION_ID = '5b0c9a7e-3f1d-4c2b-8e6a-9d4f2a1b7c30';
export const CUSTOMER_ID = '7f1c0d2e-5b7a-4d8e-9a51-1f0c2b3d4e5f';

export function makeInteraction(overrides: Partial<Interaction> = {}): Interaction {
  return {
    id: INTERACTION_ID,
    externalId: 'call-1',
    channel: 'voice',
    queue: 'support',
    customerId: CUSTOMER_ID,
    agentId: 'agent-1',
    state: 'assigned',
    from: { kind: 'phone', value: '+14155550199' },
    startedAt: '2026-01-10T10:00:00.000Z',
    assignedAt: '2026-01-10T10:00:02.000Z',
    endedAt: null,
    closedAt: null,
    ...overrides,
  };
}

export function makeUtterance(seq: number, overrides: Partial<Utterance> = {}): Utterance {
  const speaker = overrides.speaker ?? 'customer';
  return {
    interactionId: INTERACTION_ID,
    seq,
    speaker,
    text: `turn ${seq}`,
    at: new Date(Date.UTC(2026, 0, 10, 10, 0, seq)).toISOString(),
    sentiment: speaker === 'customer' ? { score: 0, label: 'neutral' } : null,
    signals: [],
    defectionMoment: false,
    ...overrides,
  };
}

export function makeCustomer(overrides: Partial<CustomerDetail> = {}): CustomerDetail {
  return {
    id: CUSTOMER_ID,
    name: 'Dana Whitfield',
    attributes: {},
    identities: [{ kind: 'phone', value: '+14155550199' }],
    createdAt: '2025-06-01T00:00:00.000Z',
    summary: { contactsLast30Days: 2, lastNps: null, lastCsat: null, lastCes: null, openComplaints: 0 },
    ...overrides,
  };
}

export function makeInsight(series: { seq: number; score: number }[] = []): InteractionInsight {
  return { interactionId: INTERACTION_ID, sentiment: { rolling: null, series }, risk: null, defectionMoments: [], actions: null };
}

let eventCounter = 0;
export function makeTimelineEvent(overrides: Partial<TimelineEvent> = {}): TimelineEvent {
  eventCounter += 1;
  return {
    id: `event-${eventCounter}`,
    customerId: CUSTOMER_ID,
    source: 'cue',
    sourceEventId: `source-${eventCounter}`,
    occurredAt: new Date(Date.UTC(2026, 0, 10, 9, 0, eventCounter)).toISOString(),
    channel: 'voice',
    type: 'call.inbound',
    summary: null,
    data: {},
    ...overrides,
  };
}

export function makePop(overrides: Partial<ScreenPop> = {}): ScreenPop {
  return {
    interaction: makeInteraction(),
    customer: makeCustomer(),
    timeline: { events: [makeTimelineEvent({ type: 'interaction.assigned' })], nextCursor: null },
    transcript: [],
    insight: makeInsight(),
    risk: null,
    actions: [],
    ...overrides,
  };
}

/** A ranked action as the server shows it; `key` also makes its ids, so tests can name actions by key. */
export function makeRankedAction(key: string, overrides: Partial<RankedAction> = {}): RankedAction {
  return {
    offerId: `offer-${key}`,
    actionId: `action-${key}`,
    key,
    title: `Offer ${key}`,
    category: 'retention',
    script: `I can offer you ${key} today.`,
    why: 'Cancel intent on this call',
    rank: 1,
    factors: { propensity: 0.3, evidence: 12, value: 120, contextWeight: 1.5, lever: 1, priority: 54 },
    response: null,
    declineReason: null,
    ...overrides,
  };
}

/** Ranked actions for keys, ranked in the order given. */
export const makeRankedActions = (...keys: string[]): RankedAction[] => keys.map((key, index) => makeRankedAction(key, { rank: index + 1 }));
