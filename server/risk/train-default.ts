/**
 * Trains the default churn model shipped with Cue from IBM's telco sample and writes
 * server/risk/models/telco-default.json. Deterministic: the same data and seed give the same
 * trees, weights and content hash (only `trainedAt` and the timing change), so anyone can
 * re-run it and check the hash in the model version.
 *
 *   npx tsx server/risk/train-default.ts            (or: npm run churn:train-default)
 */
import path from 'node:path';
import { DEFAULT_CHURN_MODEL_FILE, saveChurnModel } from './model';
import { riskLevelOf, DEFAULT_RISK_THRESHOLDS } from './score';
import { formatTrainingReport } from './report';
import { readChurnCsv } from './table';
import { trainChurnModel } from './trainer';

const TELCO_CSV = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'telco-churn', 'Telco-Customer-Churn.csv');
const SEED = 42;

function main(): void {
  const table = readChurnCsv(TELCO_CSV);
  const result = trainChurnModel(table, {
    target: 'Churn',
    positive: 'Yes',
    idColumn: 'customerID',
    seed: SEED,
    folds: 5,
    name: 'telco-default',
    source: 'IBM telco customer churn sample (Telco-Customer-Churn.csv)',
    onProgress: (message) => process.stderr.write(`${message}\n`),
  });
  saveChurnModel(DEFAULT_CHURN_MODEL_FILE, result.model);
  process.stdout.write(formatTrainingReport(result, path.relative(process.cwd(), DEFAULT_CHURN_MODEL_FILE)));

  // What the default risk levels mean on this data (cross-fitted out-of-fold probabilities).
  const { labels, probabilities } = result.outOfFold;
  const lines = ['', `Risk levels at the default thresholds (medium ≥ ${DEFAULT_RISK_THRESHOLDS.medium}, high ≥ ${DEFAULT_RISK_THRESHOLDS.high}), out of fold:`];
  for (const level of ['low', 'medium', 'high'] as const) {
    const rows = [...probabilities.keys()].filter((i) => riskLevelOf(probabilities[i]!) === level);
    const churned = rows.filter((i) => labels[i] === 1).length;
    lines.push(
      `${level.padEnd(6)} ${String(rows.length).padStart(5)} customers (${((100 * rows.length) / labels.length).toFixed(1)}%), ` +
        `churn rate ${((100 * churned) / Math.max(1, rows.length)).toFixed(1)}%, ${((100 * churned) / result.model.dataset.positives).toFixed(1)}% of all churners`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
