/**
 * L2-regularised logistic regression, the linear half of the blend. Fitted by Newton's method
 * with the Newton system solved by conjugate gradients (truncated Newton, as in LIBLINEAR's
 * trust-region Newton, Lin, Weng & Keerthi, JMLR 2008), so it needs only products with the data
 * and works for any number of one-hot columns. Features are standardised inside the fit so one
 * λ fits all scales; the stored weights are for the raw features.
 *
 * Objective: Σ_i logloss(y_i, b + w·z_i) + ½ λ ‖w‖² over standardised z (the intercept is not
 * penalised) — scikit-learn's LogisticRegression(C = 1/λ) on standardised inputs.
 */

export interface LogisticModel {
  intercept: number;
  /** Per raw encoded feature; log-odds per unit. */
  weights: number[];
  /** Training means: a feature's contribution is weight × (x − mean), exact for a linear model. */
  means: number[];
}

export interface LogisticParams {
  l2: number;
  maxIterations: number;
  tolerance: number;
}

export const DEFAULT_LOGISTIC_PARAMS: LogisticParams = { l2: 1, maxIterations: 50, tolerance: 1e-8 };

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export function trainLogisticRegression(
  matrix: Float64Array,
  width: number,
  labels: ArrayLike<number>,
  overrides: Partial<LogisticParams> = {},
): LogisticModel {
  const { l2, maxIterations, tolerance } = { ...DEFAULT_LOGISTIC_PARAMS, ...overrides };
  const n = labels.length;
  const mean = new Float64Array(width);
  const scale = new Float64Array(width);
  for (let i = 0; i < n; i++) for (let f = 0; f < width; f++) mean[f]! += matrix[i * width + f]!;
  for (let f = 0; f < width; f++) mean[f]! /= n;
  for (let i = 0; i < n; i++) for (let f = 0; f < width; f++) scale[f]! += (matrix[i * width + f]! - mean[f]!) ** 2;
  // A constant feature gets scale 0: it is left out of the fit (weight 0) rather than divided by zero.
  for (let f = 0; f < width; f++) scale[f] = Math.sqrt(scale[f]! / n) > 1e-12 ? 1 / Math.sqrt(scale[f]! / n) : 0;
  const z = new Float64Array(n * width);
  for (let i = 0; i < n; i++) for (let f = 0; f < width; f++) z[i * width + f] = (matrix[i * width + f]! - mean[f]!) * scale[f]!;

  // Parameters: [w_0 … w_{width−1}, b].
  const p = width + 1;
  const theta = new Float64Array(p);
  const curvature = new Float64Array(n);
  const gradient = new Float64Array(p);

  const objective = (t: Float64Array): number => {
    let loss = 0;
    for (let i = 0; i < n; i++) {
      let m = t[width]!;
      for (let f = 0; f < width; f++) m += t[f]! * z[i * width + f]!;
      const s = labels[i] === 1 ? -m : m;
      loss += s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s));
    }
    let penalty = 0;
    for (let f = 0; f < width; f++) penalty += t[f]! * t[f]!;
    return loss + 0.5 * l2 * penalty;
  };
  /** out = (Zᵀ D Z + λI) v, over the augmented [z, 1] columns; the intercept is unpenalised. */
  const hessianTimes = (v: Float64Array, out: Float64Array): void => {
    out.fill(0);
    for (let i = 0; i < n; i++) {
      let zv = v[width]!;
      for (let f = 0; f < width; f++) zv += z[i * width + f]! * v[f]!;
      const c = curvature[i]! * zv;
      for (let f = 0; f < width; f++) out[f]! += c * z[i * width + f]!;
      out[width]! += c;
    }
    for (let f = 0; f < width; f++) out[f]! += l2 * v[f]!;
  };

  let current = objective(theta);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    gradient.fill(0);
    for (let i = 0; i < n; i++) {
      let m = theta[width]!;
      for (let f = 0; f < width; f++) m += theta[f]! * z[i * width + f]!;
      const q = 1 / (1 + Math.exp(-m));
      curvature[i] = Math.max(q * (1 - q), 1e-12);
      const r = q - labels[i]!;
      for (let f = 0; f < width; f++) gradient[f]! += r * z[i * width + f]!;
      gradient[width]! += r;
    }
    for (let f = 0; f < width; f++) gradient[f]! += l2 * theta[f]!;
    const gradientNorm = Math.sqrt(dot(gradient, gradient));
    if (gradientNorm < tolerance * n) break;

    // Conjugate gradients for H·step = −g (H is positive definite thanks to λ and the curvature floor).
    const step = new Float64Array(p);
    const residual = Float64Array.from(gradient, (g) => -g);
    const direction = Float64Array.from(residual);
    const hd = new Float64Array(p);
    let rr = dot(residual, residual);
    for (let k = 0; k < Math.min(p, 200) && Math.sqrt(rr) > 1e-10 * gradientNorm; k++) {
      hessianTimes(direction, hd);
      const alpha = rr / dot(direction, hd);
      for (let j = 0; j < p; j++) {
        step[j]! += alpha * direction[j]!;
        residual[j]! -= alpha * hd[j]!;
      }
      const next = dot(residual, residual);
      for (let j = 0; j < p; j++) direction[j] = residual[j]! + (next / rr) * direction[j]!;
      rr = next;
    }
    // Backtracking: a full Newton step is almost always accepted for this smooth convex loss.
    let size = 1;
    let candidate = new Float64Array(p);
    let value = Number.POSITIVE_INFINITY;
    for (let halvings = 0; halvings < 30; halvings++, size /= 2) {
      candidate = Float64Array.from(theta, (t, j) => t + size * step[j]!);
      value = objective(candidate);
      if (value <= current + 1e-4 * size * dot(gradient, step)) break;
    }
    const improvement = current - value;
    theta.set(candidate);
    current = value;
    if (improvement < tolerance * Math.max(1, Math.abs(current))) break;
  }

  const weights = Array.from({ length: width }, (_, f) => theta[f]! * scale[f]!);
  let intercept = theta[width]!;
  for (let f = 0; f < width; f++) intercept -= weights[f]! * mean[f]!;
  return { intercept, weights, means: Array.from(mean) };
}

