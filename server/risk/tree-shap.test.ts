import { describe, expect, it } from 'vitest';
import { predictTreesRaw, trainGradientBoosting, type RegressionTree } from './gbdt';
import { SeededRandom } from './random';
import { EnsembleShap, TreeShapScratch, addTreeShap, tabulateTree, treeDepth, treeExpectedValue } from './tree-shap';

/** E[f(x) | x_S] the path-dependent way (the paper's Algorithm 1, EXPVALUE): unknown features follow the covers. */
function conditionalExpectation(tree: RegressionTree, x: readonly number[], known: ReadonlySet<number>, node = 0): number {
  const f = tree.feature[node]!;
  if (f < 0) return tree.value[node]!;
  const left = tree.left[node]!;
  const right = tree.right[node]!;
  if (known.has(f)) return conditionalExpectation(tree, x, known, x[f]! <= tree.threshold[node]! ? left : right);
  return (tree.cover[left]! * conditionalExpectation(tree, x, known, left) + tree.cover[right]! * conditionalExpectation(tree, x, known, right)) / tree.cover[node]!;
}

/** Shapley values by their definition, over all 2^M coalitions. */
function bruteForceShapley(tree: RegressionTree, x: readonly number[], features: number): number[] {
  const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
  const phi = new Array<number>(features).fill(0);
  for (let i = 0; i < features; i++) {
    for (let mask = 0; mask < 1 << features; mask++) {
      if (mask & (1 << i)) continue;
      const coalition = new Set<number>();
      for (let j = 0; j < features; j++) if (mask & (1 << j)) coalition.add(j);
      const weight = (factorial(coalition.size) * factorial(features - coalition.size - 1)) / factorial(features);
      const without = conditionalExpectation(tree, x, coalition);
      coalition.add(i);
      phi[i]! += weight * (conditionalExpectation(tree, x, coalition) - without);
    }
  }
  return phi;
}

function randomForest(features: number, seed: number, maxDepth = 6): { trees: RegressionTree[]; rows: number[][]; baseScore: number } {
  const random = new SeededRandom(seed);
  const rows = Array.from({ length: 600 }, () => Array.from({ length: features }, (_, f) => (f % 2 === 0 ? Math.round(random.next() * 3) : random.next())));
  const labels = rows.map((r) => (random.next() < 1 / (1 + Math.exp(-(r[0]! - 1.5) * (r[1]! - 0.5) * 4 - r[2]!)) ? 1 : 0));
  // Deep trees with few features, so features repeat along a path: the case unwinding exists for.
  const { model } = trainGradientBoosting(Float64Array.from(rows.flat()), features, labels, {
    maxDepth, maxLeaves: 24, minSamplesLeaf: 5, maxTrees: 8, earlyStoppingRounds: 0, learningRate: 0.3, seed,
  });
  return { trees: model.trees, rows, baseScore: model.baseScore };
}

describe('TreeSHAP (path-dependent, Lundberg et al. 2018, Algorithm 2)', () => {
  it('equals the Shapley values computed from their definition, tree by tree', () => {
    const features = 5;
    const { trees, rows } = randomForest(features, 21);
    expect(trees.some((tree) => treeDepth(tree) >= 5)).toBe(true);
    for (const tree of trees) {
      const scratch = new TreeShapScratch(treeDepth(tree));
      for (const x of rows.slice(0, 12)) {
        const phi = new Float64Array(features);
        addTreeShap(tree, x, phi, scratch);
        const expected = bruteForceShapley(tree, x, features);
        phi.forEach((value, f) => expect(value).toBeCloseTo(expected[f]!, 10));
      }
    }
  });

  it('sums to the prediction minus the expected value (local accuracy) for a whole ensemble', () => {
    const features = 5;
    const { trees, rows, baseScore } = randomForest(features, 4);
    const scratch = new TreeShapScratch(Math.max(...trees.map(treeDepth)));
    const expectedValue = baseScore + trees.reduce((sum, tree) => sum + treeExpectedValue(tree), 0);
    for (const x of rows.slice(0, 50)) {
      const phi = new Float64Array(features);
      for (const tree of trees) addTreeShap(tree, x, phi, scratch);
      const sum = phi.reduce((s, v) => s + v, 0);
      expect(sum).toBeCloseTo(predictTreesRaw({ baseScore, trees }, x) - expectedValue, 10);
    }
  });

  it('gives a feature the tree never splits on exactly nothing', () => {
    const { trees, rows } = randomForest(5, 8);
    const used = new Set(trees.flatMap((t) => t.feature.filter((f) => f >= 0)));
    const phi = new Float64Array(6);
    const scratch = new TreeShapScratch(Math.max(...trees.map(treeDepth)));
    for (const tree of trees) addTreeShap(tree, [...rows[0]!, 123], phi, scratch);
    expect(used.has(5)).toBe(false);
    expect(phi[5]).toBe(0);
  });
});

describe('Fast TreeSHAP v2 tables (Yang 2021)', () => {
  it('give the same values as the recursive algorithm', () => {
    const features = 5;
    const { trees, rows } = randomForest(features, 13);
    const ensemble = new EnsembleShap(trees);
    expect(ensemble.recursiveTrees).toHaveLength(0);
    const scratch = new TreeShapScratch(Math.max(...trees.map(treeDepth)));
    for (const x of rows.slice(0, 100)) {
      const recursive = new Float64Array(features);
      for (const tree of trees) addTreeShap(tree, x, recursive, scratch, 0.7);
      const tabulated = new Float64Array(features);
      ensemble.add(x, tabulated, 0.7);
      tabulated.forEach((value, f) => expect(value).toBeCloseTo(recursive[f]!, 12));
    }
  });

  it('leave trees whose paths split on more than 6 features to the recursion, with the same result', () => {
    const features = 9;
    const { trees, rows } = randomForest(features, 17, 9);
    const deep = trees.filter((tree) => tabulateTree(tree) === null);
    expect(deep.length).toBeGreaterThan(0);
    const ensemble = new EnsembleShap(trees);
    expect(ensemble.recursiveTrees).toEqual(deep);
    const scratch = new TreeShapScratch(Math.max(...trees.map(treeDepth)));
    for (const x of rows.slice(0, 30)) {
      const recursive = new Float64Array(features);
      for (const tree of trees) addTreeShap(tree, x, recursive, scratch);
      const mixed = new Float64Array(features);
      ensemble.add(x, mixed);
      mixed.forEach((value, f) => expect(value).toBeCloseTo(recursive[f]!, 12));
    }
  });
});
