/**
 * The churn model artifact (what the trainer writes and the server loads) and the two things
 * done with it: a probability, and the reasons for it.
 *
 * Score = Platt(treeWeight · trees(x) + linearWeight · linear(x)), all in log-odds. Every
 * step is additive or affine, so per-column contributions stay exact end to end:
 * - trees: path-dependent TreeSHAP values (tree-shap.ts), which sum to trees(x) − E[trees];
 * - linear: w_j · (x_j − mean_j), hinge terms included (linear-part.ts), which sum to
 *   linear(x) − mean training linear(x);
 * - blend: the weighted sum of the two sets of contributions;
 * - Platt scaling a·s + b: contributions times the slope a.
 * Hence Σ contributions = logOdds − baseLogOdds, with baseLogOdds the calibrated log-odds of an
 * average training customer.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { FeatureEncoder, type CustomerAttributes, type DisplayValue } from './encoding';
import { predictTreesRaw } from './gbdt';
import { addLinearContributions, linearExpectedValue, predictLinearRaw } from './linear-part';
import { sigmoid } from './metrics';
import { describeAttribute } from './phrasing';
import { EnsembleShap, treeExpectedValue } from './tree-shap';

export const CHURN_MODEL_FORMAT = 'cue.churn-model';
export const CHURN_MODEL_FORMAT_VERSION = 1;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

const treeSchema = z.object({
  feature: z.array(z.number().int().min(-1)),
  threshold: z.array(finite),
  left: z.array(z.number().int().min(-1)),
  right: z.array(z.number().int().min(-1)),
  value: z.array(finite),
  cover: z.array(z.number().min(0)),
});

const columnSchema = z.discriminatedUnion('kind', [
  z.object({ name: z.string(), kind: z.literal('numeric'), median: finite, missingIndicator: z.boolean() }),
  z.object({ name: z.string(), kind: z.literal('categorical'), levels: z.array(z.string()).min(1) }),
]);

const calibrationBinSchema = z.object({ meanPredicted: z.number(), observedRate: z.number(), count: z.number().int() });

const metricsSchema = z.object({
  rows: z.number().int(),
  positives: z.number().int(),
  rocAuc: z.number(),
  prAuc: z.number(),
  brier: z.number(),
  logLoss: z.number(),
  calibration: z.array(calibrationBinSchema),
  calibrationError: z.number(),
});

export const crossValidationSchema = z.object({
  folds: z.number().int(),
  seed: z.number().int(),
  /** ROC AUC of each fold's held-out rows (the figure scikit-learn's cross_val_score averages). */
  foldRocAuc: z.array(z.number()),
  meanRocAuc: z.number(),
  sdRocAuc: z.number(),
  /** All out-of-fold predictions pooled, before Platt scaling. */
  uncalibrated: metricsSchema,
  /** The same, after Platt scaling fitted on the other folds' out-of-fold predictions (cross-fitted, so no row calibrates itself). */
  calibrated: metricsSchema,
  /** Mean fold ROC AUC of each part alone, to show what the blend adds. */
  treesOnlyMeanRocAuc: z.number(),
  linearOnlyMeanRocAuc: z.number().nullable(),
  treesPerFold: z.array(z.number().int()),
});

const driverSchema = z.object({
  column: z.string(),
  /** Mean |contribution| over the training rows, in log-odds. */
  meanAbsWeight: z.number(),
  /** Plain-words summary of which values raise and lower the risk. */
  summary: z.string(),
});

export const churnModelSchema = z.object({
  format: z.literal(CHURN_MODEL_FORMAT),
  formatVersion: z.literal(CHURN_MODEL_FORMAT_VERSION),
  /** `<name>-<yyyymmdd>-<hash>`; the hash covers everything that changes a score, so equal hashes mean equal scores. */
  modelVersion: z.string(),
  name: z.string(),
  trainedAt: z.string(),
  contentHash: z.string(),
  dataset: z.object({
    source: z.string(),
    rows: z.number().int(),
    positives: z.number().int(),
    target: z.string(),
    positive: z.string(),
    idColumn: z.string().nullable(),
    skippedColumns: z.array(z.object({ name: z.string(), reason: z.string() })),
  }),
  columns: z.array(columnSchema).min(1),
  /** Encoded feature names in order (derived from `columns`; kept for people reading the file). */
  features: z.array(z.string()),
  parameters: z.object({
    trees: z.record(z.string(), z.number()),
    linear: z.record(z.string(), z.number()).nullable(),
    folds: z.number().int(),
    seed: z.number().int(),
  }),
  trees: z.object({ weight: finite, baseScore: finite, trees: z.array(treeSchema) }),
  linear: z
    .object({
      weight: finite,
      intercept: finite,
      weights: z.array(finite),
      means: z.array(finite),
      splines: z.array(z.object({ feature: z.number().int().min(0), knots: z.array(finite), weights: z.array(finite), means: z.array(finite) })),
    })
    .nullable(),
  calibration: z.object({ method: z.literal('platt'), slope: finite, intercept: finite }),
  metrics: z.object({ crossValidation: crossValidationSchema }),
  drivers: z.array(driverSchema),
  trainingSeconds: z.number(),
});

export type ChurnModel = z.infer<typeof churnModelSchema>;
export type ChurnModelMetrics = z.infer<typeof metricsSchema>;
export type CrossValidationReport = z.infer<typeof crossValidationSchema>;
export type ChurnDriver = z.infer<typeof driverSchema>;

/** JSON with object keys sorted, so the hash does not depend on the order a writer put them in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The parts of a model that decide its scores: what the content hash covers. */
export function predictiveContent(model: Pick<ChurnModel, 'columns' | 'trees' | 'linear' | 'calibration'>): string {
  return canonicalJson({ columns: model.columns, trees: model.trees, linear: model.linear, calibration: model.calibration });
}

export function contentHashOf(model: Pick<ChurnModel, 'columns' | 'trees' | 'linear' | 'calibration'>): string {
  return createHash('sha256').update(predictiveContent(model)).digest('hex').slice(0, 12);
}

export class ChurnModelError extends Error {}

/** Validates an artifact read from anywhere (file, database, upload) and checks it is self-consistent. */
export function parseChurnModel(json: unknown, source = 'model'): ChurnModel {
  const parsed = churnModelSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ChurnModelError(`${source}: not a churn model artifact (${issue.path.join('.') || 'root'}: ${issue.message})`);
  }
  const model = parsed.data;
  const encoder = new FeatureEncoder(model.columns);
  if (encoder.width !== model.features.length) throw new ChurnModelError(`${source}: ${model.features.length} features listed, the columns encode ${encoder.width}`);
  if (model.linear) {
    const { weights, means, splines } = model.linear;
    if (weights.length !== encoder.width || means.length !== encoder.width) throw new ChurnModelError(`${source}: linear part has ${weights.length} weights for ${encoder.width} features`);
    for (const spline of splines) {
      if (spline.feature >= encoder.width || spline.weights.length !== spline.knots.length || spline.means.length !== spline.knots.length) {
        throw new ChurnModelError(`${source}: a spline of the linear part does not fit the features`);
      }
    }
  }
  model.trees.trees.forEach((tree, t) => {
    const nodes = tree.feature.length;
    for (const [name, list] of Object.entries(tree)) {
      if (list.length !== nodes) throw new ChurnModelError(`${source}: tree ${t} has ${nodes} nodes but ${list.length} ${name} entries`);
    }
    tree.feature.forEach((f, node) => {
      if (f >= encoder.width) throw new ChurnModelError(`${source}: tree ${t} node ${node} splits on feature ${f} of ${encoder.width}`);
      if (f < 0) return;
      const left = tree.left[node]!;
      const right = tree.right[node]!;
      if (!(left > node && right > node && left < nodes && right < nodes)) throw new ChurnModelError(`${source}: tree ${t} node ${node} has children out of order`);
      // TreeSHAP's values add up to the score only when every node's cover is its children's sum.
      if (!(tree.cover[left]! > 0 && tree.cover[right]! > 0 && tree.cover[left]! + tree.cover[right]! === tree.cover[node])) {
        throw new ChurnModelError(`${source}: tree ${t} node ${node} has covers that do not add up`);
      }
    });
  });
  if (contentHashOf(model) !== model.contentHash) {
    throw new ChurnModelError(`${source}: content hash ${contentHashOf(model)} does not match the recorded ${model.contentHash}; the file was edited or damaged`);
  }
  return model;
}

export function loadChurnModel(file: string): ChurnModel {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ChurnModelError(`${file}: cannot read a model (${(error as Error).message})`);
  }
  return parseChurnModel(json, file);
}

/** Writes to a temporary file and renames it, so a crash never leaves half a model where the server looks for one. */
export function saveChurnModel(file: string, model: ChurnModel): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(model)}\n`);
  renameSync(temporary, file);
}

/** The model shipped with Cue, trained on IBM's telco sample by train-default.ts. */
export const DEFAULT_CHURN_MODEL_FILE = path.join(import.meta.dirname, 'models', 'telco-default.json');

let defaultModel: ChurnModel | null = null;

/** The shipped default model, read and validated once. */
export function loadDefaultChurnModel(): ChurnModel {
  defaultModel ??= loadChurnModel(DEFAULT_CHURN_MODEL_FILE);
  return defaultModel;
}

/**
 * What scoring needs, derived once per model: the encoder, the Fast TreeSHAP tables, the
 * baseline, and two buffers reused by every call (safe: scoring is synchronous, so no two calls
 * interleave in one process).
 */
interface CompiledModel {
  encoder: FeatureEncoder;
  x: Float64Array;
  phi: Float64Array;
  shap: EnsembleShap;
  /** Uncalibrated log-odds of an average training customer (the trees' and the linear part's expected values, blended). */
  rawBase: number;
}

const compiled = new WeakMap<ChurnModel, CompiledModel>();

function compile(model: ChurnModel): CompiledModel {
  let entry = compiled.get(model);
  if (!entry) {
    const encoder = new FeatureEncoder(model.columns);
    const treesExpected = model.trees.baseScore + model.trees.trees.reduce((sum, tree) => sum + treeExpectedValue(tree), 0);
    const linearExpected = model.linear ? linearExpectedValue(model.linear) : 0;
    entry = {
      encoder,
      x: new Float64Array(encoder.width),
      phi: new Float64Array(encoder.width),
      shap: new EnsembleShap(model.trees.trees),
      rawBase: model.trees.weight * treesExpected + (model.linear ? model.linear.weight * linearExpected : 0),
    };
    compiled.set(model, entry);
  }
  return entry;
}

function rawLogOdds(model: ChurnModel, x: ArrayLike<number>, at = 0): number {
  const trees = predictTreesRaw(model.trees, x, at);
  return model.trees.weight * trees + (model.linear ? model.linear.weight * predictLinearRaw(model.linear, x, at) : 0);
}

function calibrate(model: ChurnModel, raw: number): number {
  return model.calibration.slope * raw + model.calibration.intercept;
}

/** Calibrated churn probability of each row (fast path: no reasons). */
export function predictChurnProbabilities(model: ChurnModel, rows: readonly CustomerAttributes[]): Float64Array {
  const { encoder } = compile(model);
  const matrix = encoder.encodeRows(rows);
  return Float64Array.from(rows, (_, i) => sigmoid(calibrate(model, rawLogOdds(model, matrix, i * encoder.width))));
}

export interface ChurnContribution {
  /** The source column (one-hot levels and missing flags are summed back into it). */
  feature: string;
  /** The customer's value of that column: number, level text, or null when blank. */
  value: DisplayValue;
  /** Log-odds this column adds to the average customer's, after calibration. */
  weight: number;
  text: string;
}

export interface ChurnExplanation {
  probability: number;
  logOdds: number;
  /** Calibrated log-odds of an average training customer; Σ weight = logOdds − baseLogOdds. */
  baseLogOdds: number;
  /** One entry per column, the ones raising the risk most first. */
  contributions: ChurnContribution[];
}

/** The calibrated churn probability of one customer and exactly what each attribute added to it. */
export function explainChurnRisk(model: ChurnModel, customerAttributes: CustomerAttributes): ChurnExplanation {
  const c = compile(model);
  const { encoder, x, phi } = c;
  encoder.encodeInto(customerAttributes, x);
  phi.fill(0);
  c.shap.add(x, phi, model.trees.weight);
  if (model.linear) addLinearContributions(model.linear, x, phi, model.linear.weight);
  const slope = model.calibration.slope;
  const byColumn = new Float64Array(encoder.columns.length);
  for (let f = 0; f < phi.length; f++) byColumn[encoder.columnOfFeature[f]!]! += slope * phi[f]!;
  const contributions: ChurnContribution[] = encoder.columns.map((column, i) => {
    const value = encoder.displayValue(i, customerAttributes);
    return { feature: column.name, value, weight: byColumn[i]!, text: describeAttribute(column.name, value) };
  });
  contributions.sort((a, b) => b.weight - a.weight);
  const logOdds = calibrate(model, rawLogOdds(model, x));
  return { probability: sigmoid(logOdds), logOdds, baseLogOdds: calibrate(model, c.rawBase), contributions };
}

/** The calibrated log-odds of an average customer: the baseline when a customer has no profile. */
export function baseLogOddsOf(model: ChurnModel): number {
  return calibrate(model, compile(model).rawBase);
}
