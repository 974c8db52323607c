/** Plain-text reports for the trainer and evaluator CLIs. */
import type { ColumnProfile } from './table';
import type { CalibrationBin, ClassificationMetrics } from './metrics';
import type { ChurnModel } from './model';
import type { ChurnEvaluation, ChurnTrainingResult } from './trainer';

const pct = (value: number): string => `${(100 * value).toFixed(1)}%`;
const fixed = (value: number, digits = 4): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  // Numbers right-aligned so their digits line up; words left-aligned so they read.
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^[−+-]?[\d.,]+%?$/.test(r[i]!)));
  const line = (cells: string[]): string => cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function formatCalibrationTable(bins: readonly CalibrationBin[]): string {
  return table(
    ['decile', 'mean predicted', 'observed rate', 'rows'],
    bins.map((bin, i) => [String(i + 1), pct(bin.meanPredicted), pct(bin.observedRate), String(bin.count)]),
  );
}

/** Before and after calibration side by side, decile by decile. */
function formatCalibrationComparison(before: readonly CalibrationBin[], after: readonly CalibrationBin[]): string {
  return table(
    ['decile', 'before: predicted', 'observed', 'after: predicted', 'observed', 'rows'],
    before.map((bin, i) => [
      String(i + 1),
      pct(bin.meanPredicted),
      pct(bin.observedRate),
      pct(after[i]?.meanPredicted ?? Number.NaN),
      pct(after[i]?.observedRate ?? Number.NaN),
      String(bin.count),
    ]),
  );
}

export function formatMetrics(metrics: ClassificationMetrics): string {
  return [
    `rows ${metrics.rows}, churners ${metrics.positives} (${pct(metrics.positives / metrics.rows)})`,
    `ROC AUC ${fixed(metrics.rocAuc)}   PR AUC (average precision) ${fixed(metrics.prAuc)}   Brier ${fixed(metrics.brier)}   log-loss ${fixed(metrics.logLoss)}`,
    `calibration error (count-weighted mean |predicted − observed| over deciles) ${fixed(metrics.calibrationError)}`,
  ].join('\n');
}

function formatColumns(columns: readonly ColumnProfile[]): string {
  return table(
    ['column', 'read as', 'distinct', 'blank', 'note'],
    columns.map((c) => [c.name, c.kind, String(c.distinct), String(c.blanks), c.note]),
  );
}

export function formatDrivers(model: ChurnModel): string {
  return table(
    ['column', 'mean |log-odds|', 'which values push which way'],
    model.drivers.map((d) => [d.column, fixed(d.meanAbsWeight, 3), d.summary]),
  );
}

export function formatTrainingReport(result: ChurnTrainingResult, outFile: string | null): string {
  const { model, columns } = result;
  const cv = model.metrics.crossValidation;
  const treeParams = model.parameters.trees;
  const lines = [
    `Churn model ${model.modelVersion}`,
    `data: ${model.dataset.source}: ${model.dataset.rows} rows, ${model.dataset.positives} with ${model.dataset.target} = "${model.dataset.positive}"` +
      (result.rowsWithoutTarget > 0 ? ` (${result.rowsWithoutTarget} rows with a blank target left out)` : ''),
    '',
    'Columns',
    formatColumns(columns),
    '',
    `Model: gradient-boosted trees (weight ${model.trees.weight}` +
      (model.linear ? `) + linear part with hinge splines (weight ${model.linear.weight})` : ')') +
      `, Platt-calibrated (slope ${fixed(model.calibration.slope, 3)}, intercept ${fixed(model.calibration.intercept, 3)})`,
    `trees: ${model.trees.trees.length} (early stopping; per fold ${cv.treesPerFold.join(', ')}), learning rate ${treeParams.learningRate}, ` +
      `depth ≤ ${treeParams.maxDepth}, leaves ≤ ${treeParams.maxLeaves}, ≥ ${treeParams.minSamplesLeaf} rows a leaf, λ ${treeParams.l2}, ` +
      `subsample ${treeParams.subsample}, feature fraction ${treeParams.featureFraction}, ${treeParams.maxBins} bins`,
    '',
    `Stratified ${cv.folds}-fold cross-validation (seed ${cv.seed})`,
    `ROC AUC per fold: ${cv.foldRocAuc.map((a) => fixed(a)).join(', ')}`,
    `ROC AUC mean ${fixed(cv.meanRocAuc)} ± ${fixed(cv.sdRocAuc)} (sd)   trees alone ${fixed(cv.treesOnlyMeanRocAuc)}` +
      (cv.linearOnlyMeanRocAuc !== null ? `   linear part alone ${fixed(cv.linearOnlyMeanRocAuc)}` : ''),
    '',
    'Out-of-fold predictions pooled, before calibration:',
    formatMetrics(cv.uncalibrated),
    '',
    'After Platt scaling (cross-fitted: each fold calibrated on the others):',
    formatMetrics(cv.calibrated),
    '',
    'Calibration by decile of predicted risk',
    formatCalibrationComparison(cv.uncalibrated.calibration, cv.calibrated.calibration),
    '',
    'Strongest drivers (mean |contribution| over the training rows, calibrated log-odds)',
    formatDrivers(model),
    '',
    `trained in ${model.trainingSeconds} s` + (outFile ? `; model written to ${outFile}` : ''),
  ];
  return `${lines.join('\n')}\n`;
}

export function formatEvaluationReport(model: ChurnModel, evaluation: ChurnEvaluation, source: string): string {
  const cv = model.metrics.crossValidation;
  const lines = [
    `Churn model ${model.modelVersion} on ${source}`,
    ...(evaluation.missingColumns.length > 0 ? [`warning: the holdout has no column ${evaluation.missingColumns.join(', ')}; scored as blank`] : []),
    ...(evaluation.rowsWithoutTarget > 0 ? [`${evaluation.rowsWithoutTarget} rows with a blank ${model.dataset.target} left out`] : []),
    formatMetrics(evaluation.metrics),
    `(cross-validated at training: ROC AUC ${fixed(cv.meanRocAuc)}, PR AUC ${fixed(cv.calibrated.prAuc)}, Brier ${fixed(cv.calibrated.brier)})`,
    '',
    'Calibration by decile of predicted risk',
    formatCalibrationTable(evaluation.metrics.calibration),
  ];
  return `${lines.join('\n')}\n`;
}
