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
