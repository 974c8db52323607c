import type { EventType, TimelineEvent } from '../../../shared/timeline';
import { formatMoney } from '../format/money';
import { humanize } from '../format/words';
import { isSurveyType } from '../surveys/survey-bands';

/** Typed as a full record so a new event type fails to compile until it has words. */
const EVENT_LABELS: Readonly<Record<EventType, string>> = {
  'call.inbound': 'Inbound call',
  'call.outbound': 'Outbound call',
  'call.missed': 'Missed call',
  'chat.session': 'Chat session',
  'email.inbound': 'Email received',
  'email.outbound': 'Email sent',
  'sms.inbound': 'SMS received',
  'sms.outbound': 'SMS sent',
  'social.post': 'Social post',
  'social.message': 'Social message',
  'visit.store': 'Store visit',
  'visit.field': 'Field visit',
  'campaign.sent': 'Campaign sent',
  'campaign.opened': 'Campaign opened',
  'campaign.clicked': 'Campaign clicked',
  'order.placed': 'Order placed',
  'order.shipped': 'Order shipped',
  'order.returned': 'Order returned',
  'order.cancelled': 'Order cancelled',
  'billing.invoice': 'Invoice issued',
  'billing.payment': 'Payment received',
  'billing.payment_failed': 'Payment failed',
  'billing.refund': 'Refund',
  'billing.price_change': 'Price change',
  'billing.dispute_opened': 'Billing dispute opened',
  'billing.dispute_resolved': 'Billing dispute resolved',
  'account.plan_changed': 'Plan changed',
  'account.note': 'Account note',
  'complaint.opened': 'Complaint opened',
  'complaint.resolved': 'Complaint resolved',
  'survey.nps': 'NPS survey',
  'survey.csat': 'CSAT survey',
  'survey.ces': 'CES survey',
  'identity.conflict': 'Identity conflict',
  'interaction.queued': 'Waiting in queue',
  'interaction.assigned': 'Assigned to an agent',
  'interaction.active': 'Conversation started',
  'interaction.wrap_up': 'Wrap-up',
  'interaction.closed': 'Conversation closed',
  'interaction.requeued': 'Back in queue',
  'interaction.defection_moment': 'Defection moment',
  'interaction.transferred': 'Transferred',
  'outcome.recorded': 'Outcome recorded',
  'nba.offered': 'Action suggested',
  'nba.accepted': 'Offer accepted',
  'nba.declined': 'Offer declined',
  'nba.outcome': 'Offer outcome',
  'retention.outreach': 'Retention outreach',
};

export function eventTypeLabel(type: string): string {
  if (type in EVENT_LABELS) return EVENT_LABELS[type as EventType];
  // A type newer than this build still reads as words rather than as a dotted code.
  return humanize(type.replace(/[._]/g, ' '));
}

/** How loudly an event should show: the ones an agent must not scroll past stand out. */
export type EventEmphasis = 'survey' | 'complaint' | 'conflict' | 'problem' | 'resolved' | 'none';

export function eventEmphasis(type: EventType): EventEmphasis {
  if (isSurveyType(type)) return 'survey';
  if (type === 'complaint.opened' || type === 'interaction.defection_moment') return 'complaint';
  if (type === 'identity.conflict') return 'conflict';
  if (type === 'billing.payment_failed' || type === 'billing.dispute_opened' || type === 'call.missed' || type === 'order.cancelled') {
    return 'problem';
  }
  if (type === 'complaint.resolved' || type === 'billing.dispute_resolved') return 'resolved';
  return 'none';
}

export interface EventFact {
  label: string;
  value: string;
}

/** Known `data` fields, in the order an agent wants them, with how to show each. */
const KNOWN_FIELDS: ReadonlyArray<{ keys: readonly string[]; label: string; format?: (value: unknown, data: Record<string, unknown>) => string | null }> = [
  { keys: ['category'], label: 'Category', format: (v) => textOf(v, humanize) },
  { keys: ['reason'], label: 'Reason', format: (v) => textOf(v, humanize) },
  { keys: ['amount', 'total'], label: 'Amount', format: (v, data) => moneyOf(v, data) },
  { keys: ['from', 'oldPlan', 'previousPlan'], label: 'From' },
  { keys: ['to', 'newPlan', 'plan'], label: 'To' },
  { keys: ['durationSec', 'durationSeconds', 'duration'], label: 'Duration', format: durationOf },
  { keys: ['queue'], label: 'Queue' },
  { keys: ['agent', 'agentName'], label: 'Agent' },
  { keys: ['disposition', 'outcome', 'status'], label: 'Outcome', format: (v) => textOf(v, humanize) },
  { keys: ['saved'], label: 'Retention', format: (v) => (v === true ? 'Saved' : v === false ? 'Lost' : null) },
  { keys: ['offer'], label: 'Offer' },
  { keys: ['notes', 'note'], label: 'Notes' },
  { keys: ['campaign', 'campaignName'], label: 'Campaign' },
  { keys: ['subject'], label: 'Subject' },
  { keys: ['store', 'storeName', 'location'], label: 'Location' },
  { keys: ['complaintId', 'disputeId', 'orderId', 'invoiceId'], label: 'Ref' },
];

const MAX_FACTS = 5;

/**
 * The key data of an event as label/value pairs, shown under its summary. Survey scores and
 * comments are shown by the survey badge, not here.
 */
export function eventFacts(event: TimelineEvent): EventFact[] {
  const data = event.data ?? {};
  const facts: EventFact[] = [];
  for (const field of KNOWN_FIELDS) {
    const key = field.keys.find((k) => data[k] !== undefined && data[k] !== null && data[k] !== '');
    if (key === undefined) continue;
    const value = field.format ? field.format(data[key], data) : textOf(data[key]);
    if (value) facts.push({ label: field.label, value });
    if (facts.length === MAX_FACTS) break;
  }
  return facts;
}

function textOf(value: unknown, transform: (text: string) => string = (text) => text): string | null {
  if (typeof value === 'string') return transform(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function moneyOf(value: unknown, data: Record<string, unknown>): string | null {
  const amount = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(amount)) return textOf(value);
  // The demo contact center bills in US dollars; events that say otherwise carry `currency`.
  const currency = typeof data.currency === 'string' && /^[A-Z]{3}$/i.test(data.currency) ? data.currency.toUpperCase() : 'USD';
  return formatMoney(amount, currency);
}

function durationOf(value: unknown): string | null {
  const seconds = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(seconds) || seconds < 0) return textOf(value);
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds % 60);
  return minutes > 0 ? `${minutes} min ${rest} s` : `${rest} s`;
}
