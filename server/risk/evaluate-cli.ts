/**
 * npm run churn:evaluate -- --model <model.json> --csv <holdout.csv>
 *
 * Scores a holdout the model never saw and prints the metrics training reported (ROC AUC,
 * PR AUC, Brier score, log-loss, calibration by decile). Exit code 1 on a usage or data error.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ChurnModelError, loadChurnModel } from './model';
import { formatEvaluationReport } from './report';
import { readChurnCsv } from './table';
import { ChurnTrainingError, evaluateChurnModel } from './trainer';

const USAGE = 'usage: npm run churn:evaluate -- --model <model.json> --csv <holdout.csv>';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function main(): void {
  let values: { model?: string; csv?: string };
  try {
    ({ values } = parseArgs({ options: { model: { type: 'string' }, csv: { type: 'string' } } }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (!values.model || !values.csv) fail(USAGE);
  try {
    const model = loadChurnModel(values.model);
    const table = readChurnCsv(values.csv);
    process.stdout.write(formatEvaluationReport(model, evaluateChurnModel(model, table), path.basename(values.csv)));
  } catch (error) {
    if (error instanceof ChurnModelError || error instanceof ChurnTrainingError) fail(error.message);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as { code?: string }).code?.startsWith('CSV_')) fail(`${values.csv}: ${(error as Error).message}`);
    throw error;
  }
}

main();
