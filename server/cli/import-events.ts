/**
 * Bulk import of timeline events from a file:
 *
 *   npm run import -- <file.ndjson|file.jsonl|file.csv>
 *
 * The formats (and the CSV columns) are described at the top of ./import-file.ts. Progress
 * goes to stderr, the summary to stdout. Exit code 0 when the whole file was read, even if
 * some events were rejected (they are listed); 1 on a usage error, an unreadable file or a
 * CSV header that cannot be imported.
 */
import { access, constants, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfigOrExit } from '../config';
import { migrate, openDatabase } from '../db/database';
import { formatOf, formatSummary, importFile, ImportFileError } from './import-file';

const USAGE = 'usage: npm run import -- <file.ndjson|file.jsonl|file.csv>';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main(): Promise<void> {
  let positionals: string[];
  try {
    ({ positionals } = parseArgs({ allowPositionals: true, options: {} }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (positionals.length !== 1) fail(USAGE);
  const filePath = positionals[0]!;
  if (!formatOf(filePath)) fail(`${filePath}: unknown format; expected a .ndjson, .jsonl or .csv file\n${USAGE}`);
  let size: number;
  try {
    await access(filePath, constants.R_OK);
    const info = await stat(filePath);
    if (!info.isFile()) fail(`${filePath}: not a file`);
    size = info.size;
  } catch (error) {
    fail(`${filePath}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }

  const config = loadConfigOrExit();
  const db = await openDatabase(config.databaseUrl);
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'importing [{bar}] {percentage}% | {value}/{total} MB | {eta_formatted} left',
      formatValue: (value, _options, type) => (type === 'value' || type === 'total' ? (value / 1e6).toFixed(1) : String(value)),
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  try {
    await migrate(db);
    bar.start(size, 0);
    const summary = await importFile(db, filePath, {
      defaultPhoneRegion: config.defaultPhoneRegion,
      onProgress: (bytes) => bar.update(bytes),
    });
    bar.update(size);
    bar.stop();
    process.stdout.write(formatSummary(summary, filePath));
  } catch (error) {
    bar.stop();
    if (error instanceof ImportFileError) fail(`${filePath}: ${error.message}`);
    const code = (error as NodeJS.ErrnoException).code;
    if (code) fail(`${filePath}: reading failed (${code}): ${(error as Error).message}`);
    throw error;
  } finally {
    await db.close();
  }
}

await main();
