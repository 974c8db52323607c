import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { explainChurnRisk, parseChurnModel, predictChurnProbabilities } from './model';
import { SeededRandom } from './random';
import { readChurnCsv, type ChurnTable, type TableRow } from './table';
import { ChurnTrainingError, evaluateChurnModel, trainChurnModel, type ChurnTrainingResult } from './trainer';

/** About 1,500 telco rows written by make-fixture.ts (seeded, stratified, all 11 blank TotalCharges kept). */
const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'telco-sample.csv');
const TELCO = { target: 'Churn', positive: 'Yes', idColumn: 'customerID' };

const fixture = readChurnCsv(FIXTURE);
let trained: ChurnTrainingResult;

beforeAll(() => {
  trained = trainChurnModel(fixture, { ...TELCO, seed: 7, folds: 5, name: 'fixture', trainedAt: new Date('2026-01-02T03:04:05Z') });
});

describe('trainChurnModel on a telco excerpt', () => {
  it('reads the columns the way the data means them', () => {
    const kinds = Object.fromEntries(trained.columns.map((c) => [c.name, c.kind]));
    expect(kinds).toMatchObject({ tenure: 'numeric', MonthlyCharges: 'numeric', TotalCharges: 'numeric', SeniorCitizen: 'categorical', Contract: 'categorical' });
    expect(kinds).not.toHaveProperty('customerID');
    expect(trained.model.columns.find((c) => c.name === 'TotalCharges')).toMatchObject({ kind: 'numeric', missingIndicator: true });
  });

  it('ranks churners well out of fold (ROC AUC above 0.82 on 1,500 rows; 0.85 on the full table)', () => {
    const cv = trained.model.metrics.crossValidation;
    expect(cv.meanRocAuc).toBeGreaterThan(0.82);
    expect(cv.calibrated.rocAuc).toBeGreaterThan(0.82);
    expect(cv.calibrated.prAuc).toBeGreaterThan(0.58);
    // The base rate is 26.5 %: always predicting it scores a Brier of 0.195.
    expect(cv.calibrated.brier).toBeLessThan(0.15);
  });

  it('gives probabilities that mean what they say: per decile, predicted within a few points of observed', () => {
    const { calibration, calibrationError } = trained.model.metrics.crossValidation.calibrated;
    expect(calibrationError).toBeLessThan(0.04);
    for (const bin of calibration) expect(Math.abs(bin.meanPredicted - bin.observedRate)).toBeLessThan(0.12);
    const meanPredicted = calibration.reduce((s, b) => s + b.meanPredicted * b.count, 0) / fixture.rows.length;
    expect(meanPredicted).toBeCloseTo(trained.model.dataset.positives / trained.model.dataset.rows, 1);
  });

  it('writes a versioned artifact that survives JSON and validation', () => {
    const { model } = trained;
    expect(model.formatVersion).toBe(1);
    expect(model.modelVersion).toBe(`fixture-20260102-${model.contentHash}`);
    expect(model.trainedAt).toBe('2026-01-02T03:04:05.000Z');
    expect(model.dataset).toMatchObject({ rows: fixture.rows.length, target: 'Churn', positive: 'Yes', idColumn: 'customerID' });
    expect(model.trees.trees.length).toBe(model.parameters.trees.treeCount);
    expect(model.drivers.slice(0, 3).map((d) => d.column)).toContain('Contract');
    const reloaded = parseChurnModel(JSON.parse(JSON.stringify(model)));
    const rows = fixture.rows.slice(0, 50);
    expect(predictChurnProbabilities(reloaded, rows)).toEqual(predictChurnProbabilities(model, rows));
  });

  it('refuses an artifact whose numbers were edited', () => {
    const edited = JSON.parse(JSON.stringify(trained.model)) as { trees: { trees: { value: number[] }[] } };
    edited.trees.trees[0]!.value[1]! += 0.5;
    expect(() => parseChurnModel(edited)).toThrow(/content hash/);
    expect(() => parseChurnModel({ format: 'something else' })).toThrow(/not a churn model/);
  });

  it('explains every score exactly: contributions sum to logOdds − baseLogOdds', () => {
    for (const row of fixture.rows) {
      const explanation = explainChurnRisk(trained.model, row);
      const sum = explanation.contributions.reduce((s, c) => s + c.weight, 0);
      expect(Math.abs(sum - (explanation.logOdds - explanation.baseLogOdds))).toBeLessThan(1e-9);
      expect(explanation.probability).toBeCloseTo(1 / (1 + Math.exp(-explanation.logOdds)), 12);
    }
  });

  it('puts the known telco risks first for a new month-to-month fiber customer, and the reverse for a loyal one', () => {
    const base: TableRow = { ...fixture.rows[0]! };
    const risky = explainChurnRisk(trained.model, { ...base, Contract: 'Month-to-month', tenure: '2', InternetService: 'Fiber optic', PaymentMethod: 'Electronic check' });
    const loyal = explainChurnRisk(trained.model, { ...base, Contract: 'Two year', tenure: '68', InternetService: 'DSL', PaymentMethod: 'Credit card (automatic)' });
    expect(risky.probability).toBeGreaterThan(loyal.probability + 0.3);
    const top = risky.contributions.slice(0, 4).map((c) => c.text);
    expect(top).toEqual(expect.arrayContaining(['Month-to-month contract', 'Tenure of 2 months']));
    expect(loyal.contributions.at(-1)!.weight).toBeLessThan(0);
  });

  it('scores blanks, unseen categories and unknown columns without failing', () => {
    const explanation = explainChurnRisk(trained.model, { Contract: 'Three year', tenure: '', TotalCharges: ' ', PaymentMethod: 'Crypto', Shoe: '42' });
    expect(Number.isFinite(explanation.logOdds)).toBe(true);
    const contract = explanation.contributions.find((c) => c.feature === 'Contract')!;
    expect(contract).toMatchObject({ value: 'Three year', text: 'Contract: Three year' });
    expect(explanation.contributions.find((c) => c.feature === 'TotalCharges')).toMatchObject({ value: null, text: 'Not billed yet' });
    expect(explanation.contributions.map((c) => c.feature)).not.toContain('Shoe');
  });

  it('scores a holdout with the same metrics', () => {
    const holdout: ChurnTable = { columns: fixture.columns, rows: fixture.rows.slice(0, 400) };
    const evaluation = evaluateChurnModel(trained.model, holdout);
    expect(evaluation.metrics.rows).toBe(400);
    expect(evaluation.metrics.calibration).toHaveLength(10);
    expect(evaluation.metrics.rocAuc).toBeGreaterThan(0.8);
    expect(evaluation.missingColumns).toEqual([]);
  });
});

describe('trainChurnModel, other tables', () => {
  it('is deterministic with a seed: same seed, same model hash; another seed, another model', () => {
    const small: ChurnTable = { columns: fixture.columns, rows: fixture.rows.slice(0, 500) };
    const options = { ...TELCO, folds: 3, trees: { maxTrees: 80 } };
    const a = trainChurnModel(small, { ...options, seed: 3 }).model;
    const b = trainChurnModel(small, { ...options, seed: 3 }).model;
    const c = trainChurnModel(small, { ...options, seed: 4 }).model;
    expect(b.contentHash).toBe(a.contentHash);
    expect(b.metrics).toEqual(a.metrics);
    expect(c.contentHash).not.toBe(a.contentHash);
  });

  it('leans on the trees where the churn pattern is an interaction a linear model cannot express', () => {
    // Churn when (heavy user XOR long tenure) — plus noise columns. Linear AUC ≈ 0.5 here.
    const random = new SeededRandom(5);
    const rows: TableRow[] = Array.from({ length: 1200 }, (_, i) => {
      const usage = random.next() * 100;
      const months = Math.floor(random.next() * 60);
      const noisy = random.next() < 0.1;
      const churn = (usage > 50 !== months > 30) !== noisy;
      return { account: `A${i}`, usage: usage.toFixed(1), months: String(months), plan: ['A', 'B', 'C'][i % 3]!, left: churn ? 'true' : 'false' };
    });
    const { model } = trainChurnModel({ columns: Object.keys(rows[0]!), rows }, { target: 'left', positive: 'true', idColumn: 'account', folds: 3, seed: 1 });
    const cv = model.metrics.crossValidation;
    expect(cv.linearOnlyMeanRocAuc!).toBeLessThan(0.65);
    expect(cv.treesOnlyMeanRocAuc).toBeGreaterThan(0.85);
    expect(cv.meanRocAuc).toBeGreaterThan(0.85);
    expect(model.trees.weight).toBeGreaterThanOrEqual(0.8);
  });

  it('says what is wrong with the target', () => {
    expect(() => trainChurnModel(fixture, { target: 'Churned', positive: 'Yes' })).toThrow(ChurnTrainingError);
    expect(() => trainChurnModel(fixture, { target: 'Churn', positive: 'yes please' })).toThrow(/no row has Churn = "yes please"; the values are: (No, Yes|Yes, No)/);
    expect(() => trainChurnModel(fixture, { ...TELCO, idColumn: 'id' })).toThrow(/no id column "id"/);
  });
});
