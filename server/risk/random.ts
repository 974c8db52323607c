/**
 * Seeded randomness for the churn trainer: fold assignment, row subsampling, feature
 * subsampling. mulberry32 (Tommy Ettinger, public domain) is a 32-bit generator that is
 * fast, has a full 2^32 period and is plenty for shuffles; what matters here is that the
 * same seed gives the same model on every machine, so a trained artifact can be reproduced
 * and its hash checked.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    // Mix the seed once so that nearby seeds (1, 2, 3) do not start in nearby states.
    this.state = Math.imul((seed | 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Fisher–Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      const held = items[i]!;
      items[i] = items[j]!;
      items[j] = held;
    }
    return items;
  }

  /** `count` distinct integers from [0, n), in increasing order (a partial Fisher–Yates). */
  sample(n: number, count: number): Uint32Array {
    const pool = new Uint32Array(n);
    for (let i = 0; i < n; i++) pool[i] = i;
    const take = Math.min(count, n);
    for (let i = 0; i < take; i++) {
      const j = i + this.below(n - i);
      const held = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = held;
    }
    return pool.subarray(0, take).sort();
  }
}

/** Row indices of each class, shuffled: the start of every stratified split below. */
function shuffledByClass(labels: ArrayLike<number>, random: SeededRandom): [number[], number[]] {
  const positives: number[] = [];
  const negatives: number[] = [];
  for (let i = 0; i < labels.length; i++) (labels[i] === 1 ? positives : negatives).push(i);
  return [random.shuffle(positives), random.shuffle(negatives)];
}

/**
 * Stratified k-fold assignment (what scikit-learn's StratifiedKFold does): every fold gets
 * the same share of churners, so a fold's AUC is not swayed by how many positives it drew.
 * Returns the fold of each row.
 */
export function stratifiedFolds(labels: ArrayLike<number>, folds: number, random: SeededRandom): Int32Array {
  if (!Number.isInteger(folds) || folds < 2) throw new Error(`folds must be an integer of at least 2, got ${folds}`);
  const assignment = new Int32Array(labels.length);
  // Dealing the negatives on from where the positives stopped keeps fold sizes within one row.
  let next = 0;
  for (const rows of shuffledByClass(labels, random)) {
    for (const row of rows) assignment[row] = next++ % folds;
  }
  return assignment;
}

/** A stratified holdout: `fraction` of each class goes to `validation`. */
export function stratifiedSplit(
  labels: ArrayLike<number>,
  fraction: number,
  random: SeededRandom,
): { train: Uint32Array; validation: Uint32Array } {
  const train: number[] = [];
  const validation: number[] = [];
  for (const rows of shuffledByClass(labels, random)) {
    const cut = Math.round(rows.length * fraction);
    rows.forEach((row, i) => (i < cut ? validation : train).push(row));
  }
  return { train: Uint32Array.from(train).sort(), validation: Uint32Array.from(validation).sort() };
}
