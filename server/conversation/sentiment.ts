// Sentiment of what a customer says, for the live sentiment line and the "sentiment sliding"
// defection signal. VADER (Hutto & Gilbert 2014) because it is rule-based: fast enough to score
// every utterance as it arrives, needs no model download, and its behaviour can be explained.
import { SentimentIntensityAnalyzer } from 'vader-sentiment';
import type { Sentiment, SentimentLabel } from '../../shared/interactions';

/**
 * VADER's published cut-offs on the compound score (README of vaderSentiment, and the paper's
 * classification set-up): ≥ 0.05 positive, ≤ −0.05 negative, anything between is neutral.
 */
export const POSITIVE_THRESHOLD = 0.05;
export const NEGATIVE_THRESHOLD = -0.05;

export function labelForCompound(compound: number): SentimentLabel {
  if (compound >= POSITIVE_THRESHOLD) return 'positive';
  if (compound <= NEGATIVE_THRESHOLD) return 'negative';
  return 'neutral';
}

/** The score of one utterance: VADER's compound, −1..1. */
export function scoreSentiment(text: string): Sentiment {
  const score = SentimentIntensityAnalyzer.polarity_scores(text).compound;
  return { score, label: labelForCompound(score) };
}

/** How many of the customer's latest turns the rolling sentiment looks at. */
export const ROLLING_WINDOW_TURNS = 6;
/** A turn's weight halves every this many turns back. */
export const ROLLING_HALF_LIFE_TURNS = 2;

/**
 * The customer's mood now, from their per-turn scores (oldest first): an exponentially weighted
 * mean of the last `window` turns. Weighted so the latest turns count most and the line moves
 * within a turn or two when a caller turns angry, which is what a supervisor's "sentiment drop"
 * alert needs; with a half-life of two turns the latest is about a third of the total, so one
 * sharp remark moves it without flipping a calm conversation on its own. Windowed so a complaint
 * at the start does not weigh on a conversation that was put right many turns ago. Null until
 * the customer has said anything.
 */
export function rollingSentiment(scores: readonly number[], window: number = ROLLING_WINDOW_TURNS): Sentiment | null {
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`window must be a positive whole number of turns, got ${window}`);
  const recent = scores.slice(-window);
  if (recent.length === 0) return null;
  let weightedSum = 0;
  let totalWeight = 0;
  recent.forEach((score, index) => {
    const turnsBack = recent.length - 1 - index;
    const weight = 0.5 ** (turnsBack / ROLLING_HALF_LIFE_TURNS);
    weightedSum += weight * score;
    totalWeight += weight;
  });
  const score = weightedSum / totalWeight;
  return { score, label: labelForCompound(score) };
}
