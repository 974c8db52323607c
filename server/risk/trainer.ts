/**
 * Trains a churn model on any tabular export: `trainChurnModel(table, {target, positive})`.
 *
 * 1. Columns are profiled (table.ts) and encoded (encoding.ts); the id column is dropped.
 * 2. Stratified k-fold cross-validation: in each fold the encoding, the boosted trees
 *    (gbdt.ts) and the linear part (linear-part.ts) are fitted on the other folds only, and
 *    score the held-out fold. Nothing about a held-out row leaks into its own prediction.
 * 3. On those out-of-fold scores the blend weight and Platt scaling are chosen (minimum
 *    log-loss). The figures reported are cross-fitted: fold k's rows are blended and calibrated
 *    with a weight and a Platt map fitted on the other folds' out-of-fold scores, so every
 *    reported number is on rows the whole pipeline never saw.
 * 4. The shipped model is refitted on all rows, with the blend weight and Platt map from all
 *    out-of-fold scores (the usual cross-validated calibration; the refit sees 1/k more data
 *    than each fold model, a small, conservative mismatch).
 */
import { encodedFeatures, fitEncoding, FeatureEncoder } from './encoding';
import { fitPlattScaling, type PlattScaling } from './calibration';
import { DEFAULT_GRADIENT_BOOSTING_PARAMS, predictTreesRaw, trainGradientBoosting, type GradientBoostingParams } from './gbdt';
import { DEFAULT_LINEAR_PART_PARAMS, predictLinearRaw, trainLinearPart, type LinearPartParams } from './linear-part';
import { classificationMetrics, logLoss, rocAuc, sigmoid, type ClassificationMetrics } from './metrics';
import {
  CHURN_MODEL_FORMAT,
  CHURN_MODEL_FORMAT_VERSION,
  contentHashOf,
  explainChurnRisk,
  predictChurnProbabilities,
  type ChurnContribution,
  type ChurnDriver,
  type ChurnModel,
  type CrossValidationReport,
} from './model';
import { SeededRandom, stratifiedFolds } from './random';
import { categoryOf, profileColumns, type ChurnTable, type ColumnProfile, type TableRow } from './table';

export interface TrainChurnModelOptions {
  target: string;
  /** The target value that means "churned" (compared after trimming). */
  positive: string;
  idColumn?: string | null;
  /** Cross-validation folds (default 5). */
  folds?: number;
  seed?: number;
  /** First part of the model version, e.g. "telco-default". */
  name?: string;
  /** Where the rows came from, recorded in the artifact (a file name, not a path with secrets). */
  source?: string;
  trees?: Partial<GradientBoostingParams>;
  /** `false` ships the boosted trees alone. */
  linear?: Partial<LinearPartParams> | false;
  trainedAt?: Date;
  onProgress?: (message: string) => void;
}

export interface ChurnTrainingResult {
  model: ChurnModel;
  columns: ColumnProfile[];
  /** Rows left out because their target was blank. */
  rowsWithoutTarget: number;
  /** Per training row (in table order, blank targets left out): its 0/1 label and its cross-fitted, calibrated out-of-fold probability. */
  outOfFold: { labels: Uint8Array; probabilities: Float64Array };
}

export class ChurnTrainingError extends Error {}

/**
 * Tree weights the blend may take. The trees always keep at least a fifth of the weight: on
 * telco the cross-validated AUC is flat between 0.3 and 0.7, and on tables with interactions
 * the trees carry the model, so a floor costs nothing there and keeps the learner non-linear
 * on a table where the linear part happens to fit the folds a hair better.
 */
const TREE_WEIGHTS = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

export function labelOf(row: TableRow, target: string, positive: string): 0 | 1 | null {
  const value = categoryOf(row[target]);
  if (value === null) return null;
  return value === positive.trim() ? 1 : 0;
}

/** Rows with a target, and their 0/1 labels; fails when the target column or the positive value is absent. */
export function labelledRows(table: ChurnTable, target: string, positive: string): { rows: TableRow[]; labels: Uint8Array; withoutTarget: number } {
  if (!table.columns.includes(target)) {
    throw new ChurnTrainingError(`no column "${target}"; the columns are: ${table.columns.join(', ')}`);
  }
  const rows: TableRow[] = [];
  const labels: number[] = [];
  const seen = new Set<string>();
  for (const row of table.rows) {
    const label = labelOf(row, target, positive);
    if (label === null) continue;
    seen.add(String(row[target]).trim());
    rows.push(row);
    labels.push(label);
  }
  if (!labels.includes(1)) {
    throw new ChurnTrainingError(`no row has ${target} = "${positive}"; the values are: ${[...seen].slice(0, 20).join(', ')}`);
  }
  if (!labels.includes(0)) throw new ChurnTrainingError(`every row has ${target} = "${positive}": nothing to tell apart`);
  return { rows, labels: Uint8Array.from(labels), withoutTarget: table.rows.length - rows.length };
}

interface Blend {
  treeWeight: number;
  platt: PlattScaling;
}

function blendScores(trees: Float64Array, linear: Float64Array | null, treeWeight: number, rows: ArrayLike<number>): Float64Array {
  return Float64Array.from(rows, (i) => treeWeight * trees[i]! + (linear ? (1 - treeWeight) * linear[i]! : 0));
}

/** The tree weight and Platt map with the lowest calibrated log-loss on `rows`. */
function chooseBlend(trees: Float64Array, linear: Float64Array | null, labels: Uint8Array, rows: ArrayLike<number>): Blend {
  const subsetLabels = Uint8Array.from(rows, (i) => labels[i]!);
  let best: Blend | null = null;
  let bestLoss = Number.POSITIVE_INFINITY;
  for (const treeWeight of linear ? TREE_WEIGHTS : [1]) {
    const scores = blendScores(trees, linear, treeWeight, rows);
    const platt = fitPlattScaling(scores, subsetLabels);
    const loss = logLoss(subsetLabels, Array.from(scores, (s) => sigmoid(platt.slope * s + platt.intercept)));
    if (loss < bestLoss - 1e-12) {
      bestLoss = loss;
      best = { treeWeight, platt };
    }
  }
  return best!;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

function standardDeviation(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / Math.max(1, values.length - 1));
}

function signed(weight: number): string {
  return `${weight >= 0 ? '+' : '−'}${Math.abs(weight).toFixed(2)}`;
}

/**
 * The columns that move scores most over the training rows (mean |contribution|), each with which
 * values push which way. At most DRIVER_SAMPLE rows (seeded) are explained: the averages are
 * stable long before that, and a 100,000-row table should not spend a minute on its summary.
 */
const DRIVER_SAMPLE = 5000;

function strongestDrivers(model: ChurnModel, allRows: readonly TableRow[], seed: number, limit = 25): ChurnDriver[] {
  const rows = allRows.length <= DRIVER_SAMPLE ? allRows : Array.from(new SeededRandom(seed).sample(allRows.length, DRIVER_SAMPLE), (i) => allRows[i]!);
  const byColumn = new Map<string, ChurnContribution[]>(model.columns.map((c) => [c.name, []]));
  for (const row of rows) for (const c of explainChurnRisk(model, row).contributions) byColumn.get(c.feature)!.push(c);
  return model.columns
    .map((column): ChurnDriver => {
      const entries = byColumn.get(column.name)!;
      const meanAbsWeight = mean(entries.map((c) => Math.abs(c.weight)));
      let summary: string;
      if (column.kind === 'categorical') {
        const byText = new Map<string, number[]>();
        for (const c of entries) byText.set(c.text, [...(byText.get(c.text) ?? []), c.weight]);
        const levels = [...byText.entries()]
          .filter(([, weights]) => weights.length >= Math.max(5, rows.length * 0.01))
          .map(([text, weights]) => ({ text, weight: mean(weights) }))
          .sort((a, b) => b.weight - a.weight);
        const up = levels.filter((l) => l.weight > 0).slice(0, 2);
        const down = levels.filter((l) => l.weight < 0).slice(-2).reverse();
        summary = [
          up.length ? `raises: ${up.map((l) => `${l.text} (${signed(l.weight)})`).join(', ')}` : '',
          down.length ? `lowers: ${down.map((l) => `${l.text} (${signed(l.weight)})`).join(', ')}` : '',
        ].filter(Boolean).join('; ');
      } else {
        const known = entries.filter((c) => typeof c.value === 'number').sort((a, b) => (a.value as number) - (b.value as number));
        const quarter = Math.max(1, Math.floor(known.length / 4));
        const low = known.slice(0, quarter);
        const high = known.slice(-quarter);
        const format = (v: number): string => String(Number(v.toPrecision(4)));
        summary = known.length === 0
          ? 'always blank'
          : `lowest quarter (≤ ${format(low.at(-1)!.value as number)}) ${signed(mean(low.map((c) => c.weight)))}, ` +
            `highest quarter (≥ ${format(high[0]!.value as number)}) ${signed(mean(high.map((c) => c.weight)))}`;
      }
      return { column: column.name, meanAbsWeight: Number(meanAbsWeight.toFixed(4)), summary };
    })
    .sort((a, b) => b.meanAbsWeight - a.meanAbsWeight)
    .slice(0, limit);
}

function treeParametersRecord(params: GradientBoostingParams, treeCount: number): Record<string, number> {
  return { ...params, treeCount };
}

export function trainChurnModel(table: ChurnTable, options: TrainChurnModelOptions): ChurnTrainingResult {
  const started = performance.now();
  const progress = options.onProgress ?? ((): void => {});
  const folds = options.folds ?? 5;
  const seed = options.seed ?? 42;
  const idColumn = options.idColumn ?? null;
  if (idColumn !== null && !table.columns.includes(idColumn)) {
    throw new ChurnTrainingError(`no id column "${idColumn}"; the columns are: ${table.columns.join(', ')}`);
  }
  const { rows, labels, withoutTarget } = labelledRows(table, options.target, options.positive);
  const positives = labels.reduce((sum, y) => sum + y, 0);
  if (Math.min(positives, rows.length - positives) < folds) {
    throw new ChurnTrainingError(`${positives} churners among ${rows.length} rows: too few for ${folds}-fold cross-validation`);
  }
  const columns = profileColumns({ columns: table.columns, rows }, [options.target, ...(idColumn ? [idColumn] : [])]);
  const usable = columns.filter((c) => c.kind !== 'skipped');
  if (usable.length === 0) throw new ChurnTrainingError('no usable column besides the target and the id');
  const treeParams: GradientBoostingParams = { ...DEFAULT_GRADIENT_BOOSTING_PARAMS, ...options.trees };
  const linearParams: LinearPartParams | null = options.linear === false ? null : { ...DEFAULT_LINEAR_PART_PARAMS, ...options.linear };

  // --- cross-validation ---
  const foldOf = stratifiedFolds(labels, folds, new SeededRandom(seed));
  const oofTrees = new Float64Array(rows.length);
  const oofLinear = linearParams ? new Float64Array(rows.length) : null;
  const treesPerFold: number[] = [];
  const foldRows: number[][] = Array.from({ length: folds }, () => []);
  foldOf.forEach((fold, i) => foldRows[fold]!.push(i));
  for (let k = 0; k < folds; k++) {
    const heldOut = foldRows[k]!;
    const training = rows.map((_, i) => i).filter((i) => foldOf[i] !== k);
    const encoder = new FeatureEncoder(fitEncoding(training.map((i) => rows[i]!), columns));
    const matrix = encoder.encodeRows(training.map((i) => rows[i]!));
    const trainLabels = Uint8Array.from(training, (i) => labels[i]!);
    const heldOutMatrix = encoder.encodeRows(heldOut.map((i) => rows[i]!));
    const boosted = trainGradientBoosting(matrix, encoder.width, trainLabels, { ...treeParams, seed: seed + 1000 * (k + 1) });
    treesPerFold.push(boosted.bestIteration);
    const linear = linearParams ? trainLinearPart(matrix, encoder.width, trainLabels, encoder.features, linearParams) : null;
    heldOut.forEach((row, j) => {
      oofTrees[row] = predictTreesRaw(boosted.model, heldOutMatrix, j * encoder.width);
      if (linear) oofLinear![row] = predictLinearRaw(linear, heldOutMatrix, j * encoder.width);
    });
    progress(`fold ${k + 1}/${folds}: ${boosted.bestIteration} trees, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }

  // Cross-fitted blend and calibration for the reported figures.
  const uncalibrated = new Float64Array(rows.length);
  const calibrated = new Float64Array(rows.length);
  const foldRocAuc: number[] = [];
  const treesOnly: number[] = [];
  const linearOnly: number[] = [];
  for (let k = 0; k < folds; k++) {
    const others = rows.map((_, i) => i).filter((i) => foldOf[i] !== k);
    const blend = chooseBlend(oofTrees, oofLinear, labels, others);
    const heldOut = foldRows[k]!;
    const scores = blendScores(oofTrees, oofLinear, blend.treeWeight, heldOut);
    heldOut.forEach((row, j) => {
      uncalibrated[row] = sigmoid(scores[j]!);
      calibrated[row] = sigmoid(blend.platt.slope * scores[j]! + blend.platt.intercept);
    });
    const heldOutLabels = heldOut.map((i) => labels[i]!);
    foldRocAuc.push(rocAuc(heldOutLabels, scores));
    treesOnly.push(rocAuc(heldOutLabels, heldOut.map((i) => oofTrees[i]!)));
    if (oofLinear) linearOnly.push(rocAuc(heldOutLabels, heldOut.map((i) => oofLinear[i]!)));
  }
  const crossValidation: CrossValidationReport = {
    folds,
    seed,
    foldRocAuc,
    meanRocAuc: mean(foldRocAuc),
    sdRocAuc: standardDeviation(foldRocAuc),
    uncalibrated: classificationMetrics(labels, uncalibrated),
    calibrated: classificationMetrics(labels, calibrated),
    treesOnlyMeanRocAuc: mean(treesOnly),
    linearOnlyMeanRocAuc: oofLinear ? mean(linearOnly) : null,
    treesPerFold,
  };
  const blend = chooseBlend(oofTrees, oofLinear, labels, rows.map((_, i) => i));
  progress(`cross-validated ROC AUC ${crossValidation.meanRocAuc.toFixed(4)}; blend: trees ${blend.treeWeight}, linear ${linearParams ? (1 - blend.treeWeight).toFixed(1) : 0}`);

  // --- the shipped model, on all rows ---
  const encoding = fitEncoding(rows, columns);
  const encoder = new FeatureEncoder(encoding);
  const matrix = encoder.encodeRows(rows);
  const boosted = trainGradientBoosting(matrix, encoder.width, labels, { ...treeParams, seed });
  // A blend that gives the linear part no weight ships without it: nothing to compute, nothing to explain.
  const linear = linearParams && blend.treeWeight < 1 ? trainLinearPart(matrix, encoder.width, labels, encoder.features, linearParams) : null;
  const trainedAt = options.trainedAt ?? new Date();
  const predictive = {
    columns: encoding,
    trees: { weight: blend.treeWeight, baseScore: boosted.model.baseScore, trees: boosted.model.trees },
    linear: linear ? { weight: Number((1 - blend.treeWeight).toFixed(10)), ...linear } : null,
    calibration: { method: 'platt' as const, slope: blend.platt.slope, intercept: blend.platt.intercept },
  };
  const contentHash = contentHashOf(predictive);
  const name = options.name ?? 'churn';
  const model: ChurnModel = {
    format: CHURN_MODEL_FORMAT,
    formatVersion: CHURN_MODEL_FORMAT_VERSION,
    modelVersion: `${name}-${trainedAt.toISOString().slice(0, 10).replaceAll('-', '')}-${contentHash}`,
    name,
    trainedAt: trainedAt.toISOString(),
    contentHash,
    dataset: {
      source: options.source ?? 'table',
      rows: rows.length,
      positives,
      target: options.target,
      positive: options.positive.trim(),
      idColumn,
      skippedColumns: columns.filter((c) => c.kind === 'skipped').map((c) => ({ name: c.name, reason: c.note })),
    },
    ...predictive,
    features: encodedFeatures(encoding).map((f) => f.name),
    parameters: {
      // The seed recorded is the final model's; fold k's trees used seed + 1000·k.
      trees: treeParametersRecord({ ...treeParams, seed }, boosted.bestIteration),
      linear: linearParams ? { ...linearParams } : null,
      folds,
      seed,
    },
    metrics: { crossValidation },
    drivers: [],
    trainingSeconds: 0,
  };
  model.drivers = strongestDrivers(model, rows, seed);
  model.trainingSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
  progress(`trained on ${rows.length} rows with ${boosted.bestIteration} trees in ${model.trainingSeconds} s`);
  return { model, columns, rowsWithoutTarget: withoutTarget, outOfFold: { labels, probabilities: calibrated } };
}

export interface ChurnEvaluation {
  metrics: ClassificationMetrics;
  rowsWithoutTarget: number;
  /** Model columns the holdout lacks: scored as blanks, which the report should warn about. */
  missingColumns: string[];
}

/** The same metrics as training reports, on a holdout the model never saw. */
export function evaluateChurnModel(model: ChurnModel, table: ChurnTable): ChurnEvaluation {
  const { rows, labels, withoutTarget } = labelledRows(table, model.dataset.target, model.dataset.positive);
  const missingColumns = model.columns.filter((c) => !table.columns.includes(c.name)).map((c) => c.name);
  return { metrics: classificationMetrics(labels, predictChurnProbabilities(model, rows)), rowsWithoutTarget: withoutTarget, missingColumns };
}
