/**
 * Platt scaling: p = σ(a·s + b) fitted on out-of-fold scores s (Platt, "Probabilistic outputs
 * for support vector machines", 1999), with the Newton method and the regularised targets of
 * Lin, Lin & Weng, "A note on Platt's probabilistic outputs for support vector machines" (2007):
 * positives aim at (N₊ + 1)/(N₊ + 2), negatives at 1/(N₋ + 2), so a perfectly separated fold
 * cannot push the slope to infinity.
 *
 * Platt rather than isotonic regression because it is affine in the log-odds: the model's
 * additive reasons stay exact after calibration (each is multiplied by a), and a customer's
 * history signals are added on the same calibrated log-odds scale. Isotonic would be a step
 * function with no per-feature decomposition.
 */
export interface PlattScaling {
  slope: number;
  intercept: number;
}

export function fitPlattScaling(scores: ArrayLike<number>, labels: ArrayLike<number>, rows?: ArrayLike<number>): PlattScaling {
  const index = rows ?? Array.from({ length: scores.length }, (_, i) => i);
  let positives = 0;
  for (let k = 0; k < index.length; k++) positives += labels[index[k]!]!;
  const negatives = index.length - positives;
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (negatives + 2);
  // Start from the identity map: the scores are already log-odds, so a ≈ 1, b ≈ 0 is close.
  let a = 1;
  let b = 0;
  const loss = (sa: number, sb: number): number => {
    let total = 0;
    for (let k = 0; k < index.length; k++) {
      const i = index[k]!;
      const t = labels[i] === 1 ? hi : lo;
      const z = sa * scores[i]! + sb;
      // −[t·log σ(z) + (1 − t)·log(1 − σ(z))] = log(1 + e^z) − t·z, computed without overflow.
      total += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - t * z;
    }
    return total;
  };
  let current = loss(a, b);
  for (let iteration = 0; iteration < 100; iteration++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-12;
    let hab = 0;
    let hbb = 1e-12;
    for (let k = 0; k < index.length; k++) {
      const i = index[k]!;
      const s = scores[i]!;
      const t = labels[i] === 1 ? hi : lo;
      const p = 1 / (1 + Math.exp(-(a * s + b)));
      const r = p - t;
      const w = p * (1 - p);
      ga += r * s;
      gb += r;
      haa += w * s * s;
      hab += w * s;
      hbb += w;
    }
    if (Math.abs(ga) < 1e-9 * index.length && Math.abs(gb) < 1e-9 * index.length) break;
    const det = haa * hbb - hab * hab;
    const da = -(hbb * ga - hab * gb) / det;
    const db = -(-hab * ga + haa * gb) / det;
    let step = 1;
    let next = current;
    for (let halvings = 0; halvings < 40; halvings++, step /= 2) {
      next = loss(a + step * da, b + step * db);
      if (next <= current + 1e-4 * step * (ga * da + gb * db)) break;
    }
    a += step * da;
    b += step * db;
    const improvement = current - next;
    current = next;
    if (improvement < 1e-12 * Math.max(1, Math.abs(current))) break;
  }
  return { slope: a, intercept: b };
}
