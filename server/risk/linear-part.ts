/**
 * The linear half of the blend: L2 logistic regression on the encoded features plus, for each
 * numeric column, a linear spline (hinge terms max(0, x − knot) at quantile knots). The hinges
 * let the linear part bend where a straight line cannot — churn falls steeply over the first
 * months of tenure and then flattens — while staying additive per column, so its contributions
 * remain exact: Σ_j w_j·(x_j − mean_j) plus, per numeric column, Σ_k v_k·(h_k(x) − mean h_k).
 * On telco (5-fold CV) the hinges lift the linear part from AUC 0.846 (the scikit-learn
 * reference 0.845) to about 0.850.
 */
import type { EncodedFeature } from './encoding';
import { trainLogisticRegression } from './logistic';

export interface LinearPartParams {
  /** L2 penalty on standardised coefficients (scikit-learn's C = 1/l2). */
  l2: number;
  /** Hinge knots per numeric column, at evenly spaced quantiles (0 = plain logistic regression). */
  knots: number;
}

export const DEFAULT_LINEAR_PART_PARAMS: LinearPartParams = { l2: 1, knots: 3 };

export interface LinearSpline {
  /** Encoded feature index of the numeric column's value. */
  feature: number;
  knots: number[];
  weights: number[];
  means: number[];
}

export interface LinearPart {
  intercept: number;
  weights: number[];
  means: number[];
  splines: LinearSpline[];
}

function hinge(x: number, knot: number): number {
  return x > knot ? x - knot : 0;
}

export function trainLinearPart(
  matrix: Float64Array,
  width: number,
  labels: ArrayLike<number>,
  features: readonly EncodedFeature[],
  overrides: Partial<LinearPartParams> = {},
): LinearPart {
  const params = { ...DEFAULT_LINEAR_PART_PARAMS, ...overrides };
  const rows = labels.length;
  const splineKnots: { feature: number; knots: number[] }[] = [];
  if (params.knots > 0) {
    features.forEach((feature, f) => {
      if (feature.kind !== 'value') return;
      const values = Float64Array.from({ length: rows }, (_, i) => matrix[i * width + f]!).sort();
      const lowest = values[0]!;
      const highest = values[rows - 1]!;
      const knots = new Set<number>();
      for (let k = 1; k <= params.knots; k++) {
        const knot = values[Math.floor((k / (params.knots + 1)) * rows)]!;
        if (knot > lowest && knot < highest) knots.add(knot);
      }
      if (knots.size > 0) splineKnots.push({ feature: f, knots: [...knots].sort((a, b) => a - b) });
    });
  }
  const extra = splineKnots.reduce((sum, s) => sum + s.knots.length, 0);
  const wide = width + extra;
  const augmented = new Float64Array(rows * wide);
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < width; f++) augmented[i * wide + f] = matrix[i * width + f]!;
    let column = width;
    for (const { feature, knots } of splineKnots) {
      for (const knot of knots) augmented[i * wide + column++] = hinge(matrix[i * width + feature]!, knot);
    }
  }
  const fit = trainLogisticRegression(augmented, wide, labels, { l2: params.l2 });
  let column = width;
  const splines = splineKnots.map(({ feature, knots }) => {
    const weights = knots.map((_, k) => fit.weights[column + k]!);
    const means = knots.map((_, k) => fit.means[column + k]!);
    column += knots.length;
    return { feature, knots, weights, means };
  });
  return { intercept: fit.intercept, weights: fit.weights.slice(0, width), means: fit.means.slice(0, width), splines };
}

export function predictLinearRaw(part: LinearPart, x: ArrayLike<number>, at = 0): number {
  let sum = part.intercept;
  for (let f = 0; f < part.weights.length; f++) sum += part.weights[f]! * x[at + f]!;
  for (const spline of part.splines) {
    const value = x[at + spline.feature]!;
    for (let k = 0; k < spline.knots.length; k++) sum += spline.weights[k]! * hinge(value, spline.knots[k]!);
  }
  return sum;
}

/** The mean training prediction (linear, so the prediction at the means): the part's baseline. */
export function linearExpectedValue(part: LinearPart): number {
  let sum = part.intercept;
  for (let f = 0; f < part.weights.length; f++) sum += part.weights[f]! * part.means[f]!;
  for (const spline of part.splines) for (let k = 0; k < spline.knots.length; k++) sum += spline.weights[k]! * spline.means[k]!;
  return sum;
}

/** Adds scale × each encoded feature's exact contribution (its hinges go to the numeric feature's slot). */
export function addLinearContributions(part: LinearPart, x: ArrayLike<number>, phi: Float64Array, scale: number): void {
  for (let f = 0; f < part.weights.length; f++) phi[f]! += scale * part.weights[f]! * (x[f]! - part.means[f]!);
  for (const spline of part.splines) {
    const value = x[spline.feature]!;
    for (let k = 0; k < spline.knots.length; k++) phi[spline.feature]! += scale * spline.weights[k]! * (hinge(value, spline.knots[k]!) - spline.means[k]!);
  }
}
