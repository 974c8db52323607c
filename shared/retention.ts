import { z } from 'zod';
import type { Interaction, RiskLevel } from './interactions';
import type { DefectionAlert } from './realtime';
import type { TimelineEvent } from './timeline';

const clientRequestId = z.string().min(8).max(64);

// --- Take over (warm transfer to the retention desk) ----------------------------------------

/** `interaction:transfer`: the retention user asking takes the live interaction over themselves. */
export const takeOverSchema = z.object({ interactionId: z.uuid(), clientRequestId });
export type TakeOverRequest = z.infer<typeof takeOverSchema>;

export const TRANSFER_REASONS = ['retention_takeover'] as const;
export type TransferReason = (typeof TRANSFER_REASONS)[number];

/**
 * `interaction:transferred`, to the agent who had it, the retention desk and the queue's
 * supervisors: who has the interaction now. The new owner also gets the full screen pop.
 */
export interface InteractionTransfer {
  /** The interaction after the transfer: `agentId` is the new owner. */
  interaction: Interaction;
  fromAgentId: string;
  fromAgentName: string | null;
  toAgentId: string;
  toAgentName: string;
  reason: TransferReason;
  at: string;
}

// --- Retention wrap-up --------------------------------------------------------------------

/** The longest offer text kept on an outcome or an outreach: a line, not a letter. */
export const OFFER_MAX = 300;
export const offerSchema = z.string().trim().min(1).max(OFFER_MAX);

// --- High-risk worklist ---------------------------------------------------------------------

export const worklistQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type WorklistQuery = z.infer<typeof worklistQuerySchema>;

export interface CustomerValue {
  /** Recurring revenue per month, in the profile's currency; null when the profile does not say. */
  monthly: number | null;
  /** What the ranking uses: 12 × monthly, or the median of known customers when unknown. */
  annual: number;
  /** Where `monthly` came from: a profile attribute, or `median` when it had to be assumed. */
  basis: string;
}

export interface WorklistItem {
  customer: { id: string; name: string | null };
  risk: { score: number; level: RiskLevel; reasons: { code: string; text: string; weight: number }[] };
  value: CustomerValue;
  /** risk score × annual value: the revenue expected to walk away in a year if nobody calls. */
  priority: number;
  lastOutreach: { at: string; outcome: OutreachOutcome } | null;
}

export interface WorklistPage {
  items: WorklistItem[];
  page: number;
  limit: number;
  total: number;
  /** When the scores were computed; live contacts and outreach are applied at each read. */
  scoredAt: string;
}

// --- Log outreach ---------------------------------------------------------------------------

export const OUTREACH_OUTCOMES = ['reached_saved', 'reached_declined', 'no_answer', 'left_message'] as const;
export type OutreachOutcome = (typeof OUTREACH_OUTCOMES)[number];
export const OUTREACH_CHANNELS = ['voice', 'sms', 'email'] as const;
export type OutreachChannel = (typeof OUTREACH_CHANNELS)[number];

export const logOutreachSchema = z.object({
  customerId: z.uuid(),
  outcome: z.enum(OUTREACH_OUTCOMES),
  channel: z.enum(OUTREACH_CHANNELS).default('voice'),
  offer: offerSchema.optional(),
  note: z.string().trim().max(2000).optional(),
  clientRequestId,
});
export type LogOutreachRequest = z.input<typeof logOutreachSchema>;

export interface LogOutreachResponse {
  event: TimelineEvent;
  /** A retry with the same clientRequestId: the first one's event, nothing new stored. */
  duplicate: boolean;
}

// --- Live defection moments (what the desk missed while away) -------------------------------

export interface LiveDefectionMoments {
  /** Defection moments of interactions still live, newest first. `risk.reasons` is empty: the score at the moment is kept, not its reasons. */
  alerts: DefectionAlert[];
  /** Live interactions already with the retention desk, by id: who has them. */
  takenBy: Record<string, string>;
}
