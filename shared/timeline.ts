import { z } from 'zod';

/** The medium an event happened on. `system` is for back-office events (billing runs, price changes). */
export const CHANNELS = ['voice', 'chat', 'email', 'sms', 'social', 'store', 'field', 'web', 'app', 'mail', 'system'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Every event type the timeline knows. INTERNAL_EVENT_TYPES are written by Cue itself, never ingested. */
export const EVENT_TYPES = [
  'call.inbound', 'call.outbound', 'call.missed',
  'chat.session',
  'email.inbound', 'email.outbound',
  'sms.inbound', 'sms.outbound',
  'social.post', 'social.message',
  'visit.store', 'visit.field',
  'campaign.sent', 'campaign.opened', 'campaign.clicked',
  'order.placed', 'order.shipped', 'order.returned', 'order.cancelled',
  'billing.invoice', 'billing.payment', 'billing.payment_failed', 'billing.refund', 'billing.price_change',
  'billing.dispute_opened', 'billing.dispute_resolved',
  'account.plan_changed', 'account.note',
  'complaint.opened', 'complaint.resolved',
  'survey.nps', 'survey.csat', 'survey.ces',
  'identity.conflict',
  'interaction.queued', 'interaction.assigned', 'interaction.active', 'interaction.wrap_up', 'interaction.closed',
  'interaction.requeued', 'interaction.defection_moment',
  'interaction.transferred',
  'outcome.recorded',
  'nba.offered', 'nba.accepted', 'nba.declined', 'nba.outcome',
  'retention.outreach',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const INTERNAL_EVENT_TYPES: readonly EventType[] = EVENT_TYPES.filter(
  (t) => t.startsWith('identity.') || t.startsWith('interaction.') || t.startsWith('outcome.') || t.startsWith('nba.') || t.startsWith('retention.'),
);
export const INGESTIBLE_EVENT_TYPES = EVENT_TYPES.filter((t) => !INTERNAL_EVENT_TYPES.includes(t)) as [EventType, ...EventType[]];

/** Contacts the customer started: what "contacts in the last 30 days" counts. */
export const CUSTOMER_CONTACT_TYPES: readonly EventType[] = [
  'call.inbound', 'call.missed', 'chat.session', 'email.inbound', 'sms.inbound', 'social.post', 'social.message', 'visit.store',
];

export const SURVEY_SCALES = {
  'survey.nps': { min: 0, max: 10 },
  'survey.csat': { min: 1, max: 5 },
  'survey.ces': { min: 1, max: 7 },
} as const;
export type SurveyType = keyof typeof SURVEY_SCALES;

export const IDENTITY_KINDS = ['phone', 'email', 'account', 'chat', 'social'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export interface Identity {
  kind: IdentityKind;
  value: string;
}

export interface TimelineEvent {
  id: string;
  customerId: string;
  source: string;
  sourceEventId: string;
  occurredAt: string;
  channel: Channel;
  type: EventType;
  summary: string | null;
  data: Record<string, unknown>;
}

export interface TimelinePage {
  events: TimelineEvent[];
  nextCursor: string | null;
}

export const timelineQuerySchema = z.object({
  before: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  channel: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value) return undefined;
      const channels = value.split(',').map((c) => c.trim()).filter(Boolean);
      const unknown = channels.filter((c) => !(CHANNELS as readonly string[]).includes(c));
      if (unknown.length > 0) {
        ctx.addIssue({ code: 'custom', message: `unknown channel ${unknown.join(', ')}; expected one of ${CHANNELS.join(', ')}` });
        return z.NEVER;
      }
      return channels as Channel[];
    }),
});
export type TimelineQuery = z.infer<typeof timelineQuerySchema>;
