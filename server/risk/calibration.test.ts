import { describe, expect, it } from 'vitest';
import { fitPlattScaling } from './calibration';
import { SeededRandom } from './random';

describe('fitPlattScaling', () => {
  it('recovers the slope and intercept that generated the labels', () => {
    const random = new SeededRandom(7);
    const scores: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const s = random.next() * 8 - 4;
      scores.push(s);
      labels.push(random.next() < 1 / (1 + Math.exp(-(0.6 * s - 0.8))) ? 1 : 0);
    }
    const platt = fitPlattScaling(scores, labels);
    expect(platt.slope).toBeCloseTo(0.6, 1);
    expect(platt.intercept).toBeCloseTo(-0.8, 1);
  });

  it('stays finite on perfectly separated scores (Platt’s regularised targets)', () => {
    const platt = fitPlattScaling([-2, -1, 1, 2], [0, 0, 1, 1]);
    expect(Number.isFinite(platt.slope) && Number.isFinite(platt.intercept)).toBe(true);
    expect(platt.slope).toBeGreaterThan(0);
  });
});
