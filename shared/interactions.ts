import { z } from 'zod';
import { identityInputSchema } from './ingest';
import type { CustomerDetail } from './customers';
import type { RankedAction } from './nba';
import type { Identity, TimelinePage } from './timeline';

export const AGENT_STATUSES = ['available', 'away', 'busy', 'wrap_up', 'offline'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export const INTERACTION_STATES = ['queued', 'assigned', 'active', 'wrap_up', 'closed'] as const;
export type InteractionState = (typeof INTERACTION_STATES)[number];

export const INTERACTION_CHANNELS = ['voice', 'chat'] as const;
export type InteractionChannel = (typeof INTERACTION_CHANNELS)[number];

export const SPEAKERS = ['customer', 'agent'] as const;
export type Speaker = (typeof SPEAKERS)[number];

/** What the agent picks at wrap-up. */
export const DISPOSITIONS = [
  'resolved',
  'follow_up_needed',
  'escalated',
  'transferred',
  'callback_scheduled',
  'retention_saved',
  'retention_lost',
  'cancelled_service',
  'information_only',
  'no_response',
] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

export interface Sentiment {
  /** −1 (very negative) .. 1 (very positive). */
  score: number;
  label: SentimentLabel;
}

export interface Interaction {
  id: string;
  externalId: string;
  channel: InteractionChannel;
  queue: string;
  customerId: string;
  agentId: string | null;
  state: InteractionState;
  from: Identity;
  startedAt: string;
  assignedAt: string | null;
  endedAt: string | null;
  closedAt: string | null;
}

/** Something in a customer's turn that says they may leave, with the words that said it. */
export interface LiveSignal {
  code: string;
  /** Plain words for the agent: "Wants to cancel", "Mentions competitor Verizon". */
  text: string;
  /** Log-odds it adds to the churn risk. */
  weight: number;
  /** A threat tied to a condition ("if this isn't fixed I'll cancel"). */
  conditional: boolean;
  /** The triggering words and their offsets in the (redacted) text. */
  words: string;
  start: number;
  end: number;
}

export interface Utterance {
  interactionId: string;
  seq: number;
  speaker: Speaker;
  /** Already redacted: card numbers and national ids never leave the server unmasked. */
  text: string;
  at: string;
  sentiment: Sentiment | null;
  /** Defection signals in a customer turn; empty for agent turns. */
  signals: LiveSignal[];
  /** This turn is a moment of defection: an explicit cancel or switch intent. */
  defectionMoment: boolean;
}

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export interface ChurnRiskReason {
  code: string;
  text: string;
  /** Log-odds this reason adds (positive) or takes away (negative). */
  weight: number;
}

export interface ChurnRisk {
  /** Probability of churn, 0..1, calibrated. */
  score: number;
  level: RiskLevel;
  reasons: ChurnRiskReason[];
  model: { version: string };
}

export interface DefectionMoment {
  seq: number;
  at: string;
  /** What made it a moment: what the caller said, or the risk crossing into high. */
  cause: 'intent' | 'risk_high';
  signals: { code: string; text: string }[];
}

export interface SentimentInsight {
  /** Rolling customer sentiment over the last turns. */
  rolling: Sentiment | null;
  /** The customer's per-turn scores, oldest first, for the sentiment line. */
  series: { seq: number; score: number }[];
}

export interface InteractionInsight {
  interactionId: string;
  sentiment: SentimentInsight;
  /** Baseline + history + live signals; null when no churn model is loaded. */
  risk: ChurnRisk | null;
  defectionMoments: DefectionMoment[];
  /**
   * The top next-best-actions, in rank order (plus any accepted on this interaction). In the
   * screen pop always the full list; in a live insight null when the list has not changed
   * since the last one sent, so the agent's screen only moves when the moment does.
   */
  actions: RankedAction[] | null;
}

export interface ScreenPop {
  interaction: Interaction;
  customer: CustomerDetail;
  timeline: TimelinePage;
  transcript: Utterance[];
  insight: InteractionInsight;
  risk: ChurnRisk | null;
  actions: RankedAction[];
}

// --- Integration API (signed) ---------------------------------------------------------------

export const startInteractionSchema = z.object({
  externalId: z.string().min(1).max(128),
  channel: z.enum(INTERACTION_CHANNELS),
  queue: z.string().min(1).max(64),
  from: identityInputSchema,
  startedAt: z.iso.datetime({ offset: true }).optional(),
  name: z.string().trim().min(1).max(200).optional(),
});
export type StartInteraction = z.infer<typeof startInteractionSchema>;

export const appendUtteranceSchema = z.object({
  speaker: z.enum(SPEAKERS),
  text: z.string().trim().min(1).max(4000),
  at: z.iso.datetime({ offset: true }).optional(),
  seq: z.number().int().min(1).max(1_000_000).optional(),
});
export type AppendUtterance = z.infer<typeof appendUtteranceSchema>;

export interface StartInteractionResponse {
  interactionId: string;
  customerId: string;
}
