/**
 * The figures the trainer and the evaluator print. Definitions follow scikit-learn's so the
 * numbers compare with the reference figures in ../shared/data/README.md:
 * ROC AUC as the Mann–Whitney statistic (ties count one half), PR AUC as average precision
 * (sum over thresholds of (R_n − R_{n−1})·P_n, no interpolation), Brier score as the mean
 * squared error of the probability.
 */

export interface CalibrationBin {
  /** Mean predicted probability in the bin. */
  meanPredicted: number;
  /** Share of churners among the bin's rows. */
  observedRate: number;
  count: number;
}

export interface ClassificationMetrics {
  rows: number;
  positives: number;
  rocAuc: number;
  prAuc: number;
  brier: number;
  logLoss: number;
  /** Equal-count bins by predicted probability (deciles), lowest first. */
  calibration: CalibrationBin[];
  /** Count-weighted mean of |meanPredicted − observedRate| over the bins (expected calibration error). */
  calibrationError: number;
}

function checkLengths(labels: ArrayLike<number>, scores: ArrayLike<number>): void {
  if (labels.length !== scores.length) throw new Error(`${labels.length} labels but ${scores.length} scores`);
}

/** Area under the ROC curve: the chance a random churner scores above a random stayer. */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  checkLengths(labels, scores);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let positiveRankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end++;
    // Tied scores share the mean of their ranks (1-based): a tie counts one half.
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (labels[order[k]!] === 1) {
        positives++;
        positiveRankSum += rank;
      }
    }
    start = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Average precision, scikit-learn's `average_precision_score`. */
export function averagePrecision(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  checkLengths(labels, scores);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let totalPositives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) totalPositives++;
  if (totalPositives === 0) return Number.NaN;
  let truePositives = 0;
  let previousRecall = 0;
  let sum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end++;
    for (let k = start; k <= end; k++) if (labels[order[k]!] === 1) truePositives++;
    const recall = truePositives / totalPositives;
    sum += (recall - previousRecall) * (truePositives / (end + 1));
    previousRecall = recall;
    start = end + 1;
  }
  return sum;
}

export function brierScore(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  checkLengths(labels, probabilities);
  let sum = 0;
  for (let i = 0; i < labels.length; i++) sum += (probabilities[i]! - labels[i]!) ** 2;
  return sum / labels.length;
}

export function logLoss(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  checkLengths(labels, probabilities);
  const eps = 1e-15;
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - eps, Math.max(eps, probabilities[i]!));
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / labels.length;
}

/**
 * Reliability table: rows sorted by predicted probability and cut into `bins` groups of
 * (nearly) equal size; equal-count bins rather than fixed-width ones because churn scores
 * crowd at the low end, where fixed-width bins would leave the upper ones nearly empty.
 */
export function calibrationTable(labels: ArrayLike<number>, probabilities: ArrayLike<number>, bins = 10): CalibrationBin[] {
  checkLengths(labels, probabilities);
  const order = Array.from({ length: probabilities.length }, (_, i) => i).sort((a, b) => probabilities[a]! - probabilities[b]!);
  const table: CalibrationBin[] = [];
  const count = Math.min(bins, order.length);
  for (let b = 0; b < count; b++) {
    const from = Math.floor((b * order.length) / count);
    const to = Math.floor(((b + 1) * order.length) / count);
    let predicted = 0;
    let observed = 0;
    for (let k = from; k < to; k++) {
      predicted += probabilities[order[k]!]!;
      observed += labels[order[k]!]!;
    }
    const n = to - from;
    table.push({ meanPredicted: predicted / n, observedRate: observed / n, count: n });
  }
  return table;
}

export function calibrationError(table: readonly CalibrationBin[]): number {
  let total = 0;
  let weighted = 0;
  for (const bin of table) {
    total += bin.count;
    weighted += bin.count * Math.abs(bin.meanPredicted - bin.observedRate);
  }
  return total === 0 ? Number.NaN : weighted / total;
}

export function classificationMetrics(labels: ArrayLike<number>, probabilities: ArrayLike<number>): ClassificationMetrics {
  const calibration = calibrationTable(labels, probabilities);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i]!;
  return {
    rows: labels.length,
    positives,
    rocAuc: rocAuc(labels, probabilities),
    prAuc: averagePrecision(labels, probabilities),
    brier: brierScore(labels, probabilities),
    logLoss: logLoss(labels, probabilities),
    calibration,
    calibrationError: calibrationError(calibration),
  };
}

export function sigmoid(logOdds: number): number {
  // Two branches so neither exp overflows for large |logOdds|.
  if (logOdds >= 0) return 1 / (1 + Math.exp(-logOdds));
  const e = Math.exp(logOdds);
  return e / (1 + e);
}

export function logit(probability: number): number {
  return Math.log(probability / (1 - probability));
}
