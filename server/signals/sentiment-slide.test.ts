import { describe, expect, it } from 'vitest';
import { SENTIMENT_SLIDE, detectSentimentSlide, leastSquaresSlope } from './sentiment-slide';

describe('leastSquaresSlope', () => {
  it('is the slope of a straight line', () => {
    expect(leastSquaresSlope([1, 2, 3, 4])).toBeCloseTo(1, 12);
    expect(leastSquaresSlope([0.5, 0.3, 0.1])).toBeCloseTo(-0.2, 12);
  });

  it('matches a hand-computed fit through noise', () => {
    // x = 0..3, mean 1.5; y = −0.1, −0.5, −0.4, −0.7, mean −0.425
    // Σ(x−x̄)(y−ȳ) = −0.85, Σ(x−x̄)² = 5 → −0.17
    expect(leastSquaresSlope([-0.1, -0.5, -0.4, -0.7])).toBeCloseTo(-0.17, 12);
  });

  it('is 0 for fewer than two points', () => {
    expect(leastSquaresSlope([])).toBe(0);
    expect(leastSquaresSlope([0.4])).toBe(0);
  });
});

describe('detectSentimentSlide', () => {
  it('finds a steady fall that ends clearly negative', () => {
    expect(detectSentimentSlide([0.2, -0.1, -0.4])).toMatchObject({ scores: [0.2, -0.1, -0.4] });
    expect(detectSentimentSlide([0.2, -0.1, -0.4])!.slopePerTurn).toBeCloseTo(-0.3, 12);
  });

  it('finds a noisy fall that a turn-by-turn rule would miss', () => {
    expect(detectSentimentSlide([-0.1, -0.5, -0.4, -0.7])).not.toBeNull();
  });

  it('is inclusive at both thresholds', () => {
    // slope exactly −0.1, latest exactly −0.3
    const scores = [-0.1, -0.2, -0.3];
    expect(leastSquaresSlope(scores)).toBeCloseTo(SENTIMENT_SLIDE.MAX_SLOPE_PER_TURN, 12);
    expect(detectSentimentSlide(scores)).not.toBeNull();
    expect(detectSentimentSlide([-0.1, -0.2, -0.29])).toBeNull();
  });

  it('ignores a mood that is low but not falling, recovering, or only drifting to neutral', () => {
    expect(detectSentimentSlide([-0.6, -0.6, -0.6])).toBeNull();
    expect(detectSentimentSlide([-0.8, -0.6, -0.4])).toBeNull();
    expect(detectSentimentSlide([0.9, 0.5, 0.1])).toBeNull();
  });

  it('needs three turns', () => {
    expect(detectSentimentSlide([])).toBeNull();
    expect(detectSentimentSlide([0.5, -0.8])).toBeNull();
  });

  it('looks at the last five turns only', () => {
    // A long fall long ago, then a flat bad stretch: not sliding now.
    expect(detectSentimentSlide([0.9, 0.6, 0.3, 0, -0.5, -0.5, -0.5, -0.5, -0.5])).toBeNull();
    // A good start long ago does not dilute a slide now.
    const recent = [0.8, 0.8, 0.8, 0.8, 0.3, 0.1, -0.2, -0.4, -0.6];
    expect(detectSentimentSlide(recent)?.scores).toEqual([0.3, 0.1, -0.2, -0.4, -0.6]);
  });

  it('leaves out scores that are not numbers and clamps to −1..1', () => {
    expect(detectSentimentSlide([0.2, Number.NaN, -0.1, Number.POSITIVE_INFINITY, -0.4])?.scores).toEqual([0.2, -0.1, -0.4]);
    expect(detectSentimentSlide([0.5, -0.2, -3])?.scores).toEqual([0.5, -0.2, -1]);
  });
});
