import { describe, expect, it } from 'vitest';
import { classificationReport, pearsonCorrelation } from './sentiment-evaluation';

describe('pearsonCorrelation', () => {
  it('is 1 for a perfect linear relation and −1 for an inverted one', () => {
    expect(pearsonCorrelation([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(pearsonCorrelation([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
  });

  it('matches a hand-computed value', () => {
    // x = 1,2,3; y = 1,3,2: cov = 1, var x = 2, var y = 2 → r = 0.5
    expect(pearsonCorrelation([1, 2, 3], [1, 3, 2])).toBeCloseTo(0.5, 12);
  });

  it('is 0 when one series is constant rather than NaN', () => {
    expect(pearsonCorrelation([1, 2, 3], [5, 5, 5])).toBe(0);
  });

  it('refuses series of different lengths', () => {
    expect(() => pearsonCorrelation([1, 2], [1])).toThrow(/length/);
  });
});

describe('classificationReport', () => {
  it('is perfect when every label matches', () => {
    const labels = ['positive', 'neutral', 'negative'] as const;
    const report = classificationReport(labels, labels);
    expect(report.macroF1).toBe(1);
    expect(report.accuracy).toBe(1);
  });

  it('averages the per-class F1 without weighting by support', () => {
    const truth = ['positive', 'positive', 'positive', 'negative', 'neutral'] as const;
    const predicted = ['positive', 'positive', 'negative', 'negative', 'positive'] as const;
    const report = classificationReport(truth, predicted);
    // positive: P = 2/3, R = 2/3 → F1 2/3; negative: P = 1/2, R = 1 → 2/3; neutral: 0
    expect(report.perClass.positive.f1).toBeCloseTo(2 / 3, 12);
    expect(report.perClass.negative.f1).toBeCloseTo(2 / 3, 12);
    expect(report.perClass.neutral.f1).toBe(0);
    expect(report.macroF1).toBeCloseTo(4 / 9, 12);
    // weighted by support 3, 1, 1 of 5
    expect(report.weightedF1).toBeCloseTo((3 * (2 / 3) + 1 * (2 / 3) + 0) / 5, 12);
    expect(report.accuracy).toBeCloseTo(3 / 5, 12);
  });
});
