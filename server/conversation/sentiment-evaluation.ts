// Agreement measures for checking Cue's sentiment scorer against human ratings. Kept apart from
// the scorer so the measurement script and the tests share one definition of "how good".
import type { SentimentLabel } from '../../shared/interactions';
import { SENTIMENT_LABELS } from '../../shared/interactions';

/** Pearson's product-moment correlation of two equally long series. */
export function pearsonCorrelation(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length) throw new Error(`series differ in length: ${xs.length} vs ${ys.length}`);
  if (xs.length < 2) throw new Error('correlation needs at least two pairs');
  const n = xs.length;
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i++) {
    meanX += xs[i]! / n;
    meanY += ys[i]! / n;
  }
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - meanX;
    const dy = ys[i]! - meanY;
    covariance += dx * dy;
    varianceX += dx * dx;
    varianceY += dy * dy;
  }
  if (varianceX === 0 || varianceY === 0) return 0;
  return covariance / Math.sqrt(varianceX * varianceY);
}

export interface ClassificationReport {
  /** Unweighted mean of the per-class F1, so the small neutral class counts as much as the others. */
  macroF1: number;
  /**
   * Mean of the per-class F1 weighted by each class's support: what scikit-learn's
   * classification_report printed as "avg / total" when the VADER paper was written.
   */
  weightedF1: number;
  accuracy: number;
  perClass: Record<SentimentLabel, { precision: number; recall: number; f1: number; support: number }>;
}

export function classificationReport(
  truth: readonly SentimentLabel[],
  predicted: readonly SentimentLabel[],
): ClassificationReport {
  if (truth.length !== predicted.length) throw new Error('truth and predictions differ in length');
  if (truth.length === 0) throw new Error('nothing to compare');
  const perClass = {} as ClassificationReport['perClass'];
  let correct = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) correct++;
  for (const label of SENTIMENT_LABELS) {
    let truePositives = 0;
    let predictedAsLabel = 0;
    let support = 0;
    for (let i = 0; i < truth.length; i++) {
      if (predicted[i] === label) predictedAsLabel++;
      if (truth[i] === label) support++;
      if (predicted[i] === label && truth[i] === label) truePositives++;
    }
    const precision = predictedAsLabel === 0 ? 0 : truePositives / predictedAsLabel;
    const recall = support === 0 ? 0 : truePositives / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perClass[label] = { precision, recall, f1, support };
  }
  const macroF1 = SENTIMENT_LABELS.reduce((sum, label) => sum + perClass[label].f1, 0) / SENTIMENT_LABELS.length;
  const weightedF1 = SENTIMENT_LABELS.reduce(
    (sum, label) => sum + (perClass[label].f1 * perClass[label].support) / truth.length,
    0,
  );
  return { macroF1, weightedF1, accuracy: correct / truth.length, perClass };
}
