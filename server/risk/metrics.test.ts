import { describe, expect, it } from 'vitest';
import { averagePrecision, brierScore, calibrationError, calibrationTable, logLoss, rocAuc, sigmoid, logit } from './metrics';

describe('rocAuc', () => {
  it('matches the worked example of scikit-learn’s roc_auc_score docs', () => {
    // y = [0, 0, 1, 1], scores [0.1, 0.4, 0.35, 0.8]: 3 of the 4 positive/negative pairs are ordered right.
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 12);
  });

  it('counts a tie as one half', () => {
    expect(rocAuc([0, 1], [0.5, 0.5])).toBe(0.5);
    expect(rocAuc([0, 0, 1], [0.2, 0.7, 0.7])).toBeCloseTo(0.75, 12);
  });

  it('is 1 for a perfect ranking and 0 for a reversed one, NaN with one class', () => {
    expect(rocAuc([0, 0, 1, 1], [1, 2, 3, 4])).toBe(1);
    expect(rocAuc([0, 0, 1, 1], [4, 3, 2, 1])).toBe(0);
    expect(rocAuc([1, 1], [0.1, 0.2])).toBeNaN();
  });
});

describe('averagePrecision', () => {
  it('matches scikit-learn’s average_precision_score docs example (0.8333)', () => {
    expect(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.833333333, 8);
  });

  it('is the base rate when every score ties', () => {
    expect(averagePrecision([0, 1, 0, 0], [0.3, 0.3, 0.3, 0.3])).toBeCloseTo(0.25, 12);
  });
});

describe('probability scores', () => {
  it('Brier score and log-loss of known values', () => {
    expect(brierScore([1, 0], [0.8, 0.3])).toBeCloseTo((0.04 + 0.09) / 2, 12);
    expect(logLoss([1, 0], [0.8, 0.3])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, 12);
  });

  it('calibration table: equal-count bins, sorted by prediction', () => {
    const probabilities = Array.from({ length: 100 }, (_, i) => i / 100);
    const labels = probabilities.map((p, i) => (i % 10 < p * 10 ? 1 : 0));
    const table = calibrationTable(labels, probabilities);
    expect(table).toHaveLength(10);
    expect(table.every((bin) => bin.count === 10)).toBe(true);
    expect(table[0]!.meanPredicted).toBeCloseTo(0.045, 12);
    expect(table[9]!.meanPredicted).toBeCloseTo(0.945, 12);
    expect(table[9]!.observedRate).toBe(1);
    expect(calibrationError(table)).toBeCloseTo(table.reduce((s, b) => s + Math.abs(b.meanPredicted - b.observedRate), 0) / 10, 12);
  });

  it('sigmoid and logit are inverse and do not overflow', () => {
    expect(sigmoid(logit(0.265))).toBeCloseTo(0.265, 12);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
  });
});
