import { describe, expect, it } from 'vitest';
import { trainLogisticRegression } from './logistic';
import { predictLinearRaw, trainLinearPart, linearExpectedValue, addLinearContributions } from './linear-part';
import { logit } from './metrics';
import type { EncodedFeature } from './encoding';

describe('trainLogisticRegression', () => {
  it('with (almost) no penalty, one binary feature gives the two groups’ log-odds (the known MLE)', () => {
    // x = 0: 2 churners of 10; x = 1: 8 of 10.
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 10; i++) {
      x.push(0, 1);
      y.push(i < 2 ? 1 : 0, i < 8 ? 1 : 0);
    }
    const model = trainLogisticRegression(Float64Array.from(x), 1, y, { l2: 1e-9 });
    expect(model.intercept).toBeCloseTo(logit(0.2), 6);
    expect(model.weights[0]!).toBeCloseTo(logit(0.8) - logit(0.2), 6);
  });

  it('shrinks the weight towards 0 as the penalty grows', () => {
    const x = Float64Array.from([0, 0, 0, 1, 1, 1]);
    const y = [0, 0, 1, 1, 1, 0];
    const loose = trainLogisticRegression(x, 1, y, { l2: 0.01 }).weights[0]!;
    const tight = trainLogisticRegression(x, 1, y, { l2: 10 }).weights[0]!;
    expect(Math.abs(tight)).toBeLessThan(Math.abs(loose));
  });
});

describe('trainLinearPart', () => {
  it('bends with the hinge terms where a straight line cannot, and its contributions sum exactly', () => {
    // Churn high for small x, flat after x = 10: a hinge at the knot fits it, a line does not.
    const rows = 2000;
    const x = Float64Array.from({ length: rows }, (_, i) => (i * 40) / rows);
    const y = Array.from(x, (v, i) => ((i * 7919) % 100 < (v < 10 ? 80 - 6 * v : 20) ? 1 : 0));
    const features: EncodedFeature[] = [{ name: 'x', column: 'x', kind: 'value' }];
    const part = trainLinearPart(x, 1, y, features, { knots: 3, l2: 1e-6 });
    expect(part.splines[0]!.knots.length).toBe(3);
    const at = (v: number): number => predictLinearRaw(part, [v]);
    expect(at(0) - at(9)).toBeGreaterThan(1.5);
    expect(Math.abs(at(20) - at(39))).toBeLessThan(0.3);
    const phi = new Float64Array(1);
    addLinearContributions(part, [3], phi, 1);
    expect(phi[0]!).toBeCloseTo(at(3) - linearExpectedValue(part), 12);
  });
});
