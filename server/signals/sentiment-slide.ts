// "Sentiment sliding": the customer's mood getting steadily worse over their last turns, which
// often comes before a cancel request or an escalation.
//
// Definition: over the customer's last turns (up to WINDOW_TURNS, at least MIN_TURNS), the
// least-squares slope of the per-turn scores is at most MAX_SLOPE_PER_TURN, and the latest score
// is at most LATEST_AT_MOST. A slope rather than "each turn lower than the one before" because
// per-turn sentiment is noisy: −0.1, −0.5, −0.4, −0.7 is plainly a slide although one step goes up.
// The latest-score condition keeps a mood that drifts from delighted to neutral from counting.

export const SENTIMENT_SLIDE = {
  /** Five turns: a minute or two of a call, long enough to be a trend, short enough to be "now". */
  WINDOW_TURNS: 5,
  /** Two points always make a line; three are the fewest that can show a trend. */
  MIN_TURNS: 3,
  /**
   * −0.1 per turn: a fall of at least 0.2 over three turns, 0.4 over five. Per-turn scores are
   * VADER compounds (−1..1), where ±0.05 separates neutral; 0.1 per turn is well above noise
   * between two neutral sentences and below the jump of one angry turn.
   */
  MAX_SLOPE_PER_TURN: -0.1,
  /** −0.3: clearly negative on VADER's scale (neutral ends at −0.05), not merely less positive. */
  LATEST_AT_MOST: -0.3,
} as const;

const TOLERANCE = 1e-9;

export interface SentimentSlide {
  /** The scores the slide was measured over, oldest first. */
  readonly scores: readonly number[];
  /** Least-squares slope, score per turn. */
  readonly slopePerTurn: number;
}

/** The slide over the last turns of `recentSentiment` (oldest first), or null when there is none. */
export function detectSentimentSlide(recentSentiment: readonly number[]): SentimentSlide | null {
  // A score that is not a number (a turn the scorer skipped) is left out rather than read as 0.
  const usable = recentSentiment.filter((score) => Number.isFinite(score)).map((score) => Math.max(-1, Math.min(1, score)));
  const scores = usable.slice(-SENTIMENT_SLIDE.WINDOW_TURNS);
  if (scores.length < SENTIMENT_SLIDE.MIN_TURNS) return null;
  const latest = scores[scores.length - 1]!;
  const slopePerTurn = leastSquaresSlope(scores);
  // The thresholds are inclusive; the tolerance keeps float rounding (−0.09999999999999999) from
  // deciding a case that sits exactly on one.
  if (slopePerTurn > SENTIMENT_SLIDE.MAX_SLOPE_PER_TURN + TOLERANCE || latest > SENTIMENT_SLIDE.LATEST_AT_MOST + TOLERANCE) {
    return null;
  }
  return { scores, slopePerTurn };
}

/** Slope of the ordinary least-squares line through (0, y0), (1, y1), … */
export function leastSquaresSlope(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((sum, value) => sum + value, 0) / n;
  let covariance = 0;
  let varianceX = 0;
  values.forEach((value, x) => {
    covariance += (x - meanX) * (value - meanY);
    varianceX += (x - meanX) ** 2;
  });
  return covariance / varianceX;
}
