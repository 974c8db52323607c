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

/**
 * Path-dependent TreeSHAP with per-leaf precomputation — "Fast TreeSHAP v2" (Yang, 2021,
 * arXiv:2109.09847). Same values as the recursion above, an order of magnitude faster for our
 * shallow trees, which matters because every screen pop asks for reasons.
 *
 * For a leaf with value v whose path splits on the distinct features P (d = |P|), feature j has a
 * fixed "zero fraction" z_j (the product of cover(child on path)/cover(node) over j's splits on
 * the path) and, for a given x, a "one fraction" o_j ∈ {0, 1} (does x take the path at every split
 * on j?). The leaf's share of E[f(x) | x_S] is v·Π_{j∈P} (j ∈ S ? o_j : z_j), so its Shapley value
 * for i ∈ P is
 *   v·(o_i − z_i)·Σ_{S ⊆ P∖{i}} |S|!(d − |S| − 1)!/d! · Π_{j∈S} o_j · Π_{j∈P∖S∖{i}} z_j.
 * Since o is 0/1, only S inside H = {j : o_j = 1} survive, so the whole term depends on x only
 * through H, one of 2^d subsets: all 2^d·d values are tabulated when the model loads, and scoring
 * is "find H, add d numbers" per leaf.
 */
interface LeafTable {
  /** Distinct features on the path, in path order. */
  features: Int32Array;
  /** The path's split conditions: node feature index, threshold, whether the path goes left, which entry of `features` it belongs to. */
  splitFeature: Int32Array;
  splitThreshold: Float64Array;
  splitGoesLeft: Uint8Array;
  splitSlot: Int32Array;
  /** values[H·d + i]: the leaf's SHAP value for features[i] when x satisfies exactly the features in bit set H. */
  values: Float64Array;
}

export interface CompiledTreeShap {
  leaves: LeafTable[];
}

/** Trees whose paths split on more distinct features than this keep the recursive algorithm (a table of 2^d·d per leaf). */
const MAX_TABULATED_PATH_FEATURES = 6;

function tabulateLeaf(tree: RegressionTree, path: number[], leaf: number): LeafTable {
  const features: number[] = [];
  const zero: number[] = [];
  const splitFeature: number[] = [];
  const splitThreshold: number[] = [];
  const splitGoesLeft: number[] = [];
  const splitSlot: number[] = [];
  for (let k = 0; k < path.length; k++) {
    const node = path[k]!;
    const child = k + 1 < path.length ? path[k + 1]! : leaf;
    const f = tree.feature[node]!;
    let slot = features.indexOf(f);
    if (slot < 0) {
      slot = features.length;
      features.push(f);
      zero.push(1);
    }
    zero[slot]! *= tree.cover[child]! / tree.cover[node]!;
    splitFeature.push(f);
    splitThreshold.push(tree.threshold[node]!);
    splitGoesLeft.push(tree.left[node] === child ? 1 : 0);
    splitSlot.push(slot);
  }
  const d = features.length;
  const factorial = [1];
  for (let n = 1; n <= d; n++) factorial.push(factorial[n - 1]! * n);
  const values = new Float64Array((1 << d) * d);
  const leafValue = tree.value[leaf]!;
  for (let hot = 0; hot < 1 << d; hot++) {
    for (let i = 0; i < d; i++) {
      const others = hot & ~(1 << i);
      let sum = 0;
      // Every S ⊆ H∖{i}, by the standard submask walk (S = (S − 1) & others), including S = ∅.
      for (let s = others; ; s = (s - 1) & others) {
        let size = 0;
        let product = 1;
        for (let j = 0; j < d; j++) {
          if (j === i) continue;
          if (s & (1 << j)) size++;
          else product *= zero[j]!;
        }
        sum += ((factorial[size]! * factorial[d - size - 1]!) / factorial[d]!) * product;
        if (s === 0) break;
      }
      values[hot * d + i] = leafValue * (((hot >> i) & 1) - zero[i]!) * sum;
    }
  }
  return {
    features: Int32Array.from(features),
    splitFeature: Int32Array.from(splitFeature),
    splitThreshold: Float64Array.from(splitThreshold),
    splitGoesLeft: Uint8Array.from(splitGoesLeft),
    splitSlot: Int32Array.from(splitSlot),
    values,
  };
}

/** The per-leaf tables of one tree, or null when its paths are too long to tabulate (use addTreeShap then). */
export function tabulateTree(tree: RegressionTree): LeafTable[] | null {
  const leaves: LeafTable[] = [];
  const path: number[] = [];
  let tooLong = false;
  const walk = (node: number): void => {
    if (tooLong) return;
    if (tree.feature[node]! < 0) {
      if (new Set(path.map((n) => tree.feature[n])).size > MAX_TABULATED_PATH_FEATURES) tooLong = true;
      else if (path.length > 0) leaves.push(tabulateLeaf(tree, path, node));
      return;
    }
    path.push(node);
    walk(tree.left[node]!);
    walk(tree.right[node]!);
    path.pop();
  };
  walk(0);
  return tooLong ? null : leaves;
}

/**
 * All tabulated leaves of an ensemble in flat typed arrays (one pass over contiguous memory per
 * score, no per-leaf objects), plus the trees that had to keep the recursion.
 */
export class EnsembleShap {
  private readonly leafDepth: Uint8Array;
  private readonly featureStart: Int32Array;
  private readonly splitStart: Int32Array;
  private readonly valueStart: Int32Array;
  private readonly features: Int32Array;
  private readonly splitFeature: Int32Array;
  private readonly splitThreshold: Float64Array;
  private readonly splitGoesLeft: Uint8Array;
  private readonly splitSlot: Uint8Array;
  private readonly values: Float64Array;
  readonly recursiveTrees: RegressionTree[] = [];
  private readonly scratch: TreeShapScratch;

  constructor(trees: readonly RegressionTree[]) {
    const leaves: LeafTable[] = [];
    for (const tree of trees) {
      const table = tabulateTree(tree);
      if (table) leaves.push(...table);
      else this.recursiveTrees.push(tree);
    }
    this.scratch = new TreeShapScratch(this.recursiveTrees.reduce((max, tree) => Math.max(max, treeDepth(tree)), 0));
    const count = leaves.length;
    this.leafDepth = new Uint8Array(count);
    this.featureStart = new Int32Array(count + 1);
    this.splitStart = new Int32Array(count + 1);
    this.valueStart = new Int32Array(count + 1);
    leaves.forEach((leaf, l) => {
      this.leafDepth[l] = leaf.features.length;
      this.featureStart[l + 1] = this.featureStart[l]! + leaf.features.length;
      this.splitStart[l + 1] = this.splitStart[l]! + leaf.splitFeature.length;
      this.valueStart[l + 1] = this.valueStart[l]! + leaf.values.length;
    });
    this.features = new Int32Array(this.featureStart[count]!);
    this.splitFeature = new Int32Array(this.splitStart[count]!);
    this.splitThreshold = new Float64Array(this.splitStart[count]!);
    this.splitGoesLeft = new Uint8Array(this.splitStart[count]!);
    this.splitSlot = new Uint8Array(this.splitStart[count]!);
    this.values = new Float64Array(this.valueStart[count]!);
    leaves.forEach((leaf, l) => {
      this.features.set(leaf.features, this.featureStart[l]!);
      this.splitFeature.set(leaf.splitFeature, this.splitStart[l]!);
      this.splitThreshold.set(leaf.splitThreshold, this.splitStart[l]!);
      this.splitGoesLeft.set(leaf.splitGoesLeft, this.splitStart[l]!);
      this.splitSlot.set(leaf.splitSlot, this.splitStart[l]!);
      this.values.set(leaf.values, this.valueStart[l]!);
    });
  }

  /** Adds scale × the ensemble's SHAP values at x into phi; the same values as addTreeShap over every tree, up to rounding. */
  add(x: ArrayLike<number>, phi: Float64Array, scale = 1): void {
    const count = this.leafDepth.length;
    for (let l = 0; l < count; l++) {
      const d = this.leafDepth[l]!;
      let hot = (1 << d) - 1;
      const splitEnd = this.splitStart[l + 1]!;
      for (let k = this.splitStart[l]!; k < splitEnd; k++) {
        const goesLeft = x[this.splitFeature[k]!]! <= this.splitThreshold[k]! ? 1 : 0;
        if (goesLeft !== this.splitGoesLeft[k]) hot &= ~(1 << this.splitSlot[k]!);
      }
      const base = this.valueStart[l]! + hot * d;
      const featureBase = this.featureStart[l]!;
      for (let i = 0; i < d; i++) phi[this.features[featureBase + i]!]! += scale * this.values[base + i]!;
    }
    for (const tree of this.recursiveTrees) addTreeShap(tree, x, phi, this.scratch, scale);
  }
}
