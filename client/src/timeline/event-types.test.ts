import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../shared/timeline';
import { eventFacts, eventTypeLabel } from './event-types';

const event = (overrides: Partial<TimelineEvent>): TimelineEvent => ({
  id: 'e1',
  customerId: 'c1',
  source: 'test',
  sourceEventId: 's1',
  occurredAt: '2026-01-05T10:00:00.000Z',
  channel: 'voice',
  type: 'call.inbound',
  summary: null,
  data: {},
  ...overrides,
});

describe('eventTypeLabel', () => {
  it('says what happened in words', () => {
    expect(eventTypeLabel('survey.nps')).toBe('NPS survey');
    expect(eventTypeLabel('complaint.opened')).toBe('Complaint opened');
    expect(eventTypeLabel('billing.payment_failed')).toBe('Payment failed');
  });

  it('turns a type newer than this build into words rather than a code', () => {
    expect(eventTypeLabel('loyalty.points_redeemed')).toBe('Loyalty points redeemed');
  });
});

describe('eventFacts', () => {
  it('shows a complaint category and reference', () => {
    const facts = eventFacts(event({ type: 'complaint.opened', data: { complaintId: 'C-7', category: 'billing_error' } }));
    expect(facts).toEqual([
      { label: 'Category', value: 'Billing error' },
      { label: 'Ref', value: 'C-7' },
    ]);
  });

  it('formats amounts as money and call durations in minutes', () => {
    const facts = eventFacts(event({ type: 'billing.dispute_opened', data: { disputeId: 'D-1', amount: 42.5, durationSec: 125 } }));
    expect(facts.find((f) => f.label === 'Amount')?.value).toMatch(/42\.50/);
    expect(facts.find((f) => f.label === 'Duration')?.value).toBe('2 min 5 s');
  });

  it('ignores data it cannot show as text', () => {
    expect(eventFacts(event({ data: { category: { nested: true }, queue: null } }))).toEqual([]);
  });
});
