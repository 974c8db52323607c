import { z } from 'zod';
import { IDENTITY_KINDS, INGESTIBLE_EVENT_TYPES, CHANNELS, EVENT_TYPES, SURVEY_SCALES, type EventType } from './timeline';

export const MAX_EVENTS_PER_BATCH = 1000;
const MAX_DATA_BYTES = 16 * 1024;
/** Clocks drift and time zones get mislabelled; a day of slack keeps honest senders in, a future-dated typo out. */
const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;

const scalar = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);

export const identityInputSchema = z.object({
  kind: z.enum(IDENTITY_KINDS),
  value: z.string().trim().min(1).max(320),
});

export const profileInputSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  attributes: z.record(z.string().max(64), scalar).optional(),
});
export type ProfileInput = z.infer<typeof profileInputSchema>;

const surveyData = (type: keyof typeof SURVEY_SCALES) =>
  z.looseObject({
    score: z.number().int().min(SURVEY_SCALES[type].min).max(SURVEY_SCALES[type].max),
    comment: z.string().max(4000).optional(),
  });

/** Types whose `data` carries fields the product reads; every other type takes free-form data. */
const dataSchemaByType: Partial<Record<EventType, z.ZodType>> = {
  'survey.nps': surveyData('survey.nps'),
  'survey.csat': surveyData('survey.csat'),
  'survey.ces': surveyData('survey.ces'),
  'complaint.opened': z.looseObject({ complaintId: z.string().min(1).max(128), category: z.string().max(64).optional() }),
  'complaint.resolved': z.looseObject({ complaintId: z.string().min(1).max(128) }),
  'billing.dispute_opened': z.looseObject({ disputeId: z.string().min(1).max(128), amount: z.number().optional() }),
  'billing.dispute_resolved': z.looseObject({ disputeId: z.string().min(1).max(128) }),
};

const eventSchema = (types: readonly [EventType, ...EventType[]]) =>
  z
  .object({
    source: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/i, 'letters, digits, dot, dash or underscore, at most 64'),
    sourceEventId: z.string().min(1).max(128),
    occurredAt: z.iso
      .datetime({ offset: true })
      .refine((at) => Date.parse(at) <= Date.now() + MAX_FUTURE_MS, 'is more than a day in the future'),
    channel: z.enum(CHANNELS),
    type: z.enum(types),
    customer: z.object({
      identities: z.array(identityInputSchema).min(1).max(10),
      profile: profileInputSchema.optional(),
    }),
    summary: z.string().max(500).optional(),
    data: z
      .record(z.string(), z.unknown())
      .refine((data) => JSON.stringify(data).length <= MAX_DATA_BYTES, `is larger than ${MAX_DATA_BYTES} bytes`)
      .optional(),
  })
  .superRefine((event, ctx) => {
    const schema = dataSchemaByType[event.type];
    if (!schema) return;
    const parsed = schema.safeParse(event.data ?? {});
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: 'custom', path: ['data', ...issue.path], message: issue.message });
    }
  });

/** Cue's own events (transitions, outcomes, offers) are stored under this source; their keys are Cue's to take. */
export const CUE_SOURCE = 'cue';

/** What integrators may send: anything but Cue's own source, whose keys would block Cue's writes. */
export const ingestEventSchema = eventSchema(INGESTIBLE_EVENT_TYPES).refine((event) => event.source.toLowerCase() !== CUE_SOURCE, {
  path: ['source'],
  message: `"${CUE_SOURCE}" is reserved for Cue's own events`,
});
/** What Cue itself records (interaction transitions, outcomes) through the same path. */
export const cueEventSchema = eventSchema(EVENT_TYPES);
export type IngestEvent = z.infer<typeof cueEventSchema>;

/** The envelope only; items are validated one by one so one bad event does not sink the batch. */
export const ingestBatchSchema = z.object({
  events: z.array(z.unknown()).min(1).max(MAX_EVENTS_PER_BATCH),
});

export type IngestStatus = 'accepted' | 'duplicate' | 'rejected';
export interface IngestResult {
  index: number;
  status: IngestStatus;
  eventId?: string;
  customerId?: string;
  error?: { path: string; message: string };
}
