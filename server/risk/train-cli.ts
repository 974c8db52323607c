/**
 * npm run churn:train -- --csv <file> --target <column> --positive <value>
 *                        [--id <column>] [--out <model.json>] [--seed n] [--folds k] [--name <name>] [--trees-only]
 *
 * Trains on any tabular churn export, prints the cross-validated report to stdout (progress to
 * stderr) and writes the model artifact. Exit code 1 on a usage or data error, with the reason.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { saveChurnModel } from './model';
import { formatTrainingReport } from './report';
import { readChurnCsv } from './table';
import { ChurnTrainingError, trainChurnModel } from './trainer';

const USAGE =
  'usage: npm run churn:train -- --csv <file> --target <column> --positive <value> ' +
  '[--id <column>] [--out <model.json>] [--seed n] [--folds k] [--name <name>] [--trees-only]';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function integer(text: string | undefined, flag: string, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) fail(`--${flag} must be an integer of at least ${min}, got "${text}"\n${USAGE}`);
  return value;
}

function main(): void {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        csv: { type: 'string' },
        target: { type: 'string' },
        positive: { type: 'string' },
        id: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        folds: { type: 'string' },
        name: { type: 'string' },
        'trees-only': { type: 'boolean' },
      },
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  const csv = values.csv;
  const target = values.target;
  const positive = values.positive;
  if (typeof csv !== 'string' || typeof target !== 'string' || typeof positive !== 'string') fail(USAGE);
  const out = typeof values.out === 'string' ? values.out : 'churn-model.json';
  const idColumn = typeof values.id === 'string' ? values.id : null;
  const seed = integer(values.seed as string | undefined, 'seed', 42, 0);
  const folds = integer(values.folds as string | undefined, 'folds', 5, 2);
  const name = typeof values.name === 'string' ? values.name : path.basename(out, '.json');

  let table;
  try {
    table = readChurnCsv(csv);
  } catch (error) {
    fail(`${csv}: ${(error as Error).message}`);
  }
  try {
    const result = trainChurnModel(table, {
      target,
      positive,
      idColumn,
      seed,
      folds,
      name,
      source: path.basename(csv),
      linear: values['trees-only'] === true ? false : undefined,
      onProgress: (message) => process.stderr.write(`${message}\n`),
    });
    saveChurnModel(out, result.model);
    process.stdout.write(formatTrainingReport(result, out));
  } catch (error) {
    if (error instanceof ChurnTrainingError) fail(`${csv}: ${error.message}`);
    throw error;
  }
}

main();
