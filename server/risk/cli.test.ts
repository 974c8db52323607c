import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseChurnModel } from './model';

const run = promisify(execFile);
const here = import.meta.dirname;
const projectRoot = path.resolve(here, '..', '..');
const workDir = mkdtempSync(path.join(tmpdir(), 'cue-churn-cli-'));

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Runs a CLI the way `npm run churn:*` does (tsx), returning its exit code and output. */
async function cli(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', path.join(here, script), ...args], { cwd: projectRoot });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('churn:train and churn:evaluate', () => {
  const lines = readFileSync(path.join(here, 'fixtures', 'telco-sample.csv'), 'utf8').trimEnd().split('\n');
  const trainCsv = path.join(workDir, 'train.csv');
  const holdoutCsv = path.join(workDir, 'holdout.csv');
  writeFileSync(trainCsv, `${[lines[0], ...lines.slice(1, 701)].join('\n')}\n`);
  writeFileSync(holdoutCsv, `${[lines[0], ...lines.slice(701, 1001)].join('\n')}\n`);
  const modelFile = path.join(workDir, 'model.json');

  it('trains, reports the cross-validated metrics and writes a valid artifact; evaluate prints the same metrics for a holdout', async () => {
    const trained = await cli('train-cli.ts', ['--csv', trainCsv, '--target', 'Churn', '--positive', 'Yes', '--id', 'customerID', '--out', modelFile, '--folds', '3', '--seed', '5']);
    expect(trained.code).toBe(0);
    expect(trained.stdout).toMatch(/Stratified 3-fold cross-validation \(seed 5\)/);
    expect(trained.stdout).toMatch(/ROC AUC mean 0\.\d{4}/);
    expect(trained.stdout).toMatch(/PR AUC \(average precision\) 0\.\d{4}\s+Brier 0\.\d{4}/);
    expect(trained.stdout).toMatch(/Calibration by decile/);
    expect(trained.stdout).toMatch(/Strongest drivers/);
    expect(trained.stderr).toMatch(/fold 3\/3/);
    const model = parseChurnModel(JSON.parse(readFileSync(modelFile, 'utf8')));
    expect(model.modelVersion).toMatch(/^model-\d{8}-[0-9a-f]{12}$/);

    const evaluated = await cli('evaluate-cli.ts', ['--model', modelFile, '--csv', holdoutCsv]);
    expect(evaluated.code).toBe(0);
    expect(evaluated.stdout).toMatch(/rows 300, churners \d+/);
    expect(evaluated.stdout).toMatch(/ROC AUC 0\.\d{4}\s+PR AUC \(average precision\) 0\.\d{4}\s+Brier 0\.\d{4}/);
    expect(evaluated.stdout.match(/^\s+\d+\s+\d+\.\d%\s+\d+\.\d%\s+\d+$/gm)).toHaveLength(10);
  });

  it('fails with a reason and exit code 1 on bad input (data errors: trainer.test.ts)', async () => {
    const usage = await cli('train-cli.ts', ['--csv', trainCsv]);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toMatch(/^usage: npm run churn:train/);
    const missing = await cli('evaluate-cli.ts', ['--model', path.join(workDir, 'nope.json'), '--csv', holdoutCsv]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read a model/);
  });
});
