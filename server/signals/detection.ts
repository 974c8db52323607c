// What a detector proposes before the shared checks (negation, subject, past intention,
// condition) decide whether it stands. Detectors only recognise phrases; defection-signals.ts
// judges them all the same way.
import type { Utterance } from './utterance';

export const DEFECTION_SIGNAL_CODES = [
  'cancel_intent',
  'switch_intent',
  'competitor_named',
  'cancellation_inquiry',
  'price_complaint',
  'supervisor_request',
  'complaint_intent',
  'sentiment_sliding',
] as const;

export type DefectionSignalCode = (typeof DEFECTION_SIGNAL_CODES)[number];

/** Which of the shared checks apply; a detector turns one off when its phrase already decides it. */
export interface DetectionChecks {
  /** "I don't want to cancel". Off for phrases that carry their own negation ("can't afford"). */
  readonly negation: boolean;
  /** "my friend cancelled". Off where a third party is the point ("they offered me a better deal"). */
  readonly subject: boolean;
}

export interface Detection {
  readonly code: Exclude<DefectionSignalCode, 'sentiment_sliding' | 'competitor_named'>;
  /** Plain words for the agent. */
  readonly text: string;
  /** Token range of the words that triggered it, both ends inclusive. */
  readonly first: number;
  readonly last: number;
  /**
   * The verb whose tense and negation are checked, usually `first`; in "my bill isn't going up"
   * the trigger starts at "bill" and the head is "going". The subject is looked for left of both.
   */
  readonly head: number;
  readonly checks: DetectionChecks;
}

export interface DetectorInput {
  readonly utterance: Utterance;
  readonly isCompetitor: (index: number) => boolean;
  /** The competitor named at a token, for texts like "Wants to switch to Verizon". */
  readonly competitorAt: (index: number) => string | undefined;
}

export const ALL_CHECKS: DetectionChecks = { negation: true, subject: true };
