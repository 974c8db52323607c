import type { SentimentLabel } from '../../../shared/interactions';

/**
 * VADER's published compound-score thresholds (Hutto & Gilbert, 2014), the ones the server
 * labels turns with: the line is coloured by the same bands as the per-turn chips.
 */
export const POSITIVE_THRESHOLD = 0.05;
export const NEGATIVE_THRESHOLD = -0.05;

export function sentimentBand(score: number): SentimentLabel {
  if (score >= POSITIVE_THRESHOLD) return 'positive';
  if (score <= NEGATIVE_THRESHOLD) return 'negative';
  return 'neutral';
}

export const SENTIMENT_WORDS: Readonly<Record<SentimentLabel, string>> = {
  negative: 'Negative',
  neutral: 'Neutral',
  positive: 'Positive',
};

const scoreFormat = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });

/** "+0.42", "−0.31", "0.00". */
export function formatSentimentScore(score: number): string {
  return scoreFormat.format(score);
}
