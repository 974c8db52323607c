/**
 * Exact SHAP values of tree ensembles in polynomial time: the path-dependent TreeSHAP of
 * Lundberg, Erion & Lee, "Consistent Individualized Feature Attribution for Tree Ensembles"
 * (2018, arXiv:1802.03888), Algorithm 2, following the reference implementation in the `shap`
 * package (tree_shap.h: extend_path / unwind_path / unwound_path_sum / tree_shap_recursive).
 *
 * "Path-dependent" means a feature left out of a coalition is integrated out with the tree's
 * own training covers (the share of rows that went each way), so no background data set is
 * needed at scoring time. The values are exact Shapley values of that conditional expectation:
 * for every tree, Σ φ_i = f(x) − E[f(x)], where E[f(x)] is the cover-weighted mean leaf value.
 * Cost per tree is O(L·D²) for L leaves and depth D: microseconds for our shallow trees.
 */
import type { RegressionTree } from './gbdt';

/** E[f(x)] of one tree under its covers: Σ over leaves of cover/rootCover × value. */
export function treeExpectedValue(tree: RegressionTree): number {
  let sum = 0;
  const root = tree.cover[0]!;
  for (let node = 0; node < tree.feature.length; node++) {
    if (tree.feature[node]! < 0) sum += (tree.cover[node]! / root) * tree.value[node]!;
  }
  return sum;
}

/** Depth of the deepest leaf (root = 0). */
export function treeDepth(tree: RegressionTree): number {
  const walk = (node: number): number => (tree.feature[node]! < 0 ? 0 : 1 + Math.max(walk(tree.left[node]!), walk(tree.right[node]!)));
  return walk(0);
}

/**
 * The "unique path" of the algorithm, stored for every recursion level in one buffer (each
 * level's path starts where the parent's ended, as in tree_shap.h) so a call allocates nothing.
 */
export class TreeShapScratch {
  readonly feature: Int32Array;
  readonly zeroFraction: Float64Array;
  readonly oneFraction: Float64Array;
  readonly weight: Float64Array;

  constructor(readonly maxDepth: number) {
    const size = ((maxDepth + 2) * (maxDepth + 3)) / 2;
    this.feature = new Int32Array(size);
    this.zeroFraction = new Float64Array(size);
    this.oneFraction = new Float64Array(size);
    this.weight = new Float64Array(size);
  }
}

function extendPath(s: TreeShapScratch, at: number, depth: number, zero: number, one: number, feature: number): void {
  s.feature[at + depth] = feature;
  s.zeroFraction[at + depth] = zero;
  s.oneFraction[at + depth] = one;
  s.weight[at + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    s.weight[at + i + 1]! += (one * s.weight[at + i]! * (i + 1)) / (depth + 1);
    s.weight[at + i] = (zero * s.weight[at + i]! * (depth - i)) / (depth + 1);
  }
}

function unwindPath(s: TreeShapScratch, at: number, depth: number, pathIndex: number): void {
  const one = s.oneFraction[at + pathIndex]!;
  const zero = s.zeroFraction[at + pathIndex]!;
  let nextOnePortion = s.weight[at + depth]!;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const held = s.weight[at + i]!;
      s.weight[at + i] = (nextOnePortion * (depth + 1)) / ((i + 1) * one);
      nextOnePortion = held - (s.weight[at + i]! * zero * (depth - i)) / (depth + 1);
    } else {
      s.weight[at + i] = (s.weight[at + i]! * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = pathIndex; i < depth; i++) {
    s.feature[at + i] = s.feature[at + i + 1]!;
    s.zeroFraction[at + i] = s.zeroFraction[at + i + 1]!;
    s.oneFraction[at + i] = s.oneFraction[at + i + 1]!;
  }
}

/** Σ of the path weights as if element `pathIndex` were unwound, without changing the path. */
function unwoundPathSum(s: TreeShapScratch, at: number, depth: number, pathIndex: number): number {
  const one = s.oneFraction[at + pathIndex]!;
  const zero = s.zeroFraction[at + pathIndex]!;
  let nextOnePortion = s.weight[at + depth]!;
  let total = 0;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const portion = (nextOnePortion * (depth + 1)) / ((i + 1) * one);
      total += portion;
      nextOnePortion = s.weight[at + i]! - portion * zero * ((depth - i) / (depth + 1));
    } else {
      total += s.weight[at + i]! / zero / ((depth - i) / (depth + 1));
    }
  }
  return total;
}

function recurse(
  tree: RegressionTree,
  x: ArrayLike<number>,
  xAt: number,
  phi: Float64Array,
  scale: number,
  s: TreeShapScratch,
  node: number,
  parentAt: number,
  depth: number,
  parentZero: number,
  parentOne: number,
  parentFeature: number,
): void {
  // This level's path is a copy of the parent's, placed right after it in the buffer.
  const at = parentAt + depth;
  for (let i = 0; i < depth; i++) {
    s.feature[at + i] = s.feature[parentAt + i]!;
    s.zeroFraction[at + i] = s.zeroFraction[parentAt + i]!;
    s.oneFraction[at + i] = s.oneFraction[parentAt + i]!;
    s.weight[at + i] = s.weight[parentAt + i]!;
  }
  extendPath(s, at, depth, parentZero, parentOne, parentFeature);
  const split = tree.feature[node]!;
  if (split < 0) {
    const value = tree.value[node]! * scale;
    // Element 0 is the root's placeholder (feature −1); it gets no credit.
    for (let i = 1; i <= depth; i++) {
      const w = unwoundPathSum(s, at, depth, i);
      phi[s.feature[at + i]!]! += w * (s.oneFraction[at + i]! - s.zeroFraction[at + i]!) * value;
    }
    return;
  }
  const goesLeft = x[xAt + split]! <= tree.threshold[node]!;
  const hot = goesLeft ? tree.left[node]! : tree.right[node]!;
  const cold = goesLeft ? tree.right[node]! : tree.left[node]!;
  const cover = tree.cover[node]!;
  const hotZero = tree.cover[hot]! / cover;
  const coldZero = tree.cover[cold]! / cover;
  let incomingZero = 1;
  let incomingOne = 1;
  // A feature already split on higher up: undo its earlier entry and fold its fractions into this split.
  let pathIndex = 0;
  for (; pathIndex <= depth; pathIndex++) if (s.feature[at + pathIndex] === split) break;
  let nextDepth = depth;
  if (pathIndex !== depth + 1) {
    incomingZero = s.zeroFraction[at + pathIndex]!;
    incomingOne = s.oneFraction[at + pathIndex]!;
    unwindPath(s, at, depth, pathIndex);
    nextDepth--;
  }
  recurse(tree, x, xAt, phi, scale, s, hot, at, nextDepth + 1, hotZero * incomingZero, incomingOne, split);
  recurse(tree, x, xAt, phi, scale, s, cold, at, nextDepth + 1, coldZero * incomingZero, 0, split);
}

/**
 * Adds `scale` × the SHAP values of `tree` at x (encoded row from `xAt`) into `phi` (one slot per
 * encoded feature). `scratch` must be made for at least the tree's depth.
 */
export function addTreeShap(
  tree: RegressionTree,
  x: ArrayLike<number>,
  phi: Float64Array,
  scratch: TreeShapScratch,
  scale = 1,
  xAt = 0,
): void {
  if (tree.feature[0]! < 0) return; // a single leaf moves nothing
  recurse(tree, x, xAt, phi, scale, scratch, 0, 0, 0, 1, 1, -1);
}
