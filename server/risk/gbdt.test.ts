import { describe, expect, it } from 'vitest';
import { fitBinEdges, predictTreesRaw, thresholdBetween, trainGradientBoosting, type GradientBoostingParams } from './gbdt';
import { trainLogisticRegression } from './logistic';
import { logit, rocAuc } from './metrics';
import { SeededRandom } from './random';

/** No sampling, no early stopping: every number below follows from the formulas alone. */
const EXACT: Partial<GradientBoostingParams> = {
  subsample: 1,
  featureFraction: 1,
  earlyStoppingRounds: 0,
  minSamplesLeaf: 1,
  minChildWeight: 0,
};

function xorData(rows: number, seed: number): { matrix: Float64Array; labels: Uint8Array } {
  const random = new SeededRandom(seed);
  const matrix = new Float64Array(rows * 2);
  const labels = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    const a = random.next();
    const b = random.next();
    matrix[2 * i] = a;
    matrix[2 * i + 1] = b;
    labels[i] = a > 0.5 !== b > 0.5 ? 1 : 0;
  }
  return { matrix, labels };
}

describe('trainGradientBoosting', () => {
  it('a single stump on a known split has the known Newton leaf values −G/(H + λ)', () => {
    // x = 0: 2 churners of 10; x = 1: 8 of 10. Base rate 0.5 → g = 0.5 − y, h = 0.25.
    // Left: G = 10·0.5 − 2 = 3, H = 2.5 → −3 / (2.5 + 1) = −0.857143; right: +0.857143.
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 10; i++) {
      x.push(0, 1);
      y.push(i < 2 ? 1 : 0, i < 8 ? 1 : 0);
    }
    const { model } = trainGradientBoosting(Float64Array.from(x), 1, y, { ...EXACT, maxTrees: 1, maxDepth: 1, learningRate: 1, l2: 1 });
    expect(model.baseScore).toBe(0);
    const [tree] = model.trees;
    expect(tree!.feature).toEqual([0, -1, -1]);
    expect(tree!.threshold[0]).toBe(0.5);
    expect(tree!.value[1]).toBeCloseTo(-3 / 3.5, 5);
    expect(tree!.value[2]).toBeCloseTo(3 / 3.5, 5);
    expect(tree!.cover).toEqual([20, 10, 10]);
  });

  it('with no penalty, enough rounds reach the groups’ log-odds (the log-loss optimum)', () => {
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 10; i++) {
      x.push(0, 1);
      y.push(i < 2 ? 1 : 0, i < 8 ? 1 : 0);
    }
    const { model } = trainGradientBoosting(Float64Array.from(x), 1, y, { ...EXACT, maxTrees: 60, maxDepth: 1, learningRate: 0.5, l2: 0 });
    expect(predictTreesRaw(model, [0])).toBeCloseTo(logit(0.2), 3);
    expect(predictTreesRaw(model, [1])).toBeCloseTo(logit(0.8), 3);
  });

  it('fits XOR, which a linear model cannot', () => {
    const train = xorData(2000, 1);
    const test = xorData(1000, 2);
    const { model } = trainGradientBoosting(train.matrix, 2, train.labels, { maxDepth: 2, seed: 3 });
    const trees = Array.from(test.labels, (_, i) => predictTreesRaw(model, test.matrix, 2 * i));
    const linear = trainLogisticRegression(train.matrix, 2, train.labels);
    const lines = Array.from(test.labels, (_, i) => linear.intercept + linear.weights[0]! * test.matrix[2 * i]! + linear.weights[1]! * test.matrix[2 * i + 1]!);
    expect(rocAuc(test.labels, trees)).toBeGreaterThan(0.97);
    expect(rocAuc(test.labels, lines)).toBeLessThan(0.6);
  });

  it('is deterministic for a seed, and the seed matters', () => {
    const { matrix, labels } = xorData(800, 5);
    const a = trainGradientBoosting(matrix, 2, labels, { seed: 11 });
    const b = trainGradientBoosting(matrix, 2, labels, { seed: 11 });
    const c = trainGradientBoosting(matrix, 2, labels, { seed: 12 });
    expect(b.model).toEqual(a.model);
    expect(c.model).not.toEqual(a.model);
  });

  it('stops early on noise: a label unrelated to the features gets few trees', () => {
    const random = new SeededRandom(9);
    const rows = 1500;
    const matrix = Float64Array.from({ length: rows * 3 }, () => random.next());
    const labels = Uint8Array.from({ length: rows }, () => (random.next() < 0.3 ? 1 : 0));
    const { bestIteration } = trainGradientBoosting(matrix, 3, labels, { earlyStoppingRounds: 30 });
    expect(bestIteration).toBeLessThan(60);
  });

  it('respects the leaf and depth limits, and covers add up parent = left + right', () => {
    const { matrix, labels } = xorData(1000, 8);
    const { model } = trainGradientBoosting(matrix, 2, labels, { maxDepth: 3, maxLeaves: 5, minSamplesLeaf: 30, maxTrees: 20, earlyStoppingRounds: 0 });
    for (const tree of model.trees) {
      expect(tree.feature.filter((f) => f < 0).length).toBeLessThanOrEqual(5);
      tree.feature.forEach((f, node) => {
        if (f >= 0) expect(tree.cover[node]).toBe(tree.cover[tree.left[node]!]! + tree.cover[tree.right[node]!]!);
        else expect(tree.cover[node]).toBeGreaterThanOrEqual(30);
      });
    }
  });
});

describe('binning', () => {
  it('keeps every distinct value apart when there are few, cutting at the midpoint rounded as far as it stays between them', () => {
    const edges = fitBinEdges(Float64Array.from([1, 2, 2, 3, 29.85, 30.1]), 1, 6, 64);
    expect(Array.from(edges[0]!)).toEqual([1.5, 2.5, 20, 30]);
    expect(thresholdBetween(0, 1)).toBe(0.5);
    expect(thresholdBetween(70.35, 70.4)).toBeGreaterThanOrEqual(70.35);
    expect(thresholdBetween(70.35, 70.4)).toBeLessThan(70.4);
  });

  it('cuts many distinct values into at most maxBins quantile bins', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => i);
    const edges = fitBinEdges(values, 1, 1000, 10)[0]!;
    expect(edges.length).toBe(9);
    expect(edges[4]!).toBeGreaterThan(480);
    expect(edges[4]!).toBeLessThan(520);
  });
});
