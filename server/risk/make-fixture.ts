/**
 * Writes the small telco excerpt the unit tests train on: about 1,500 rows drawn with a fixed seed
 * from ../shared/data/telco-churn/Telco-Customer-Churn.csv (IBM sample data, Apache-2.0),
 * stratified by Churn, and always including the 11 rows with a blank TotalCharges so the
 * tests exercise imputation. Run: npx tsx server/risk/make-fixture.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { SeededRandom, stratifiedSplit } from './random';
import { readChurnCsv } from './table';
import { SHARED_DATA_DIR } from '../shared-data';

const TELCO_CSV = path.join(SHARED_DATA_DIR, 'telco-churn', 'Telco-Customer-Churn.csv');
const TELCO_FIXTURE = path.join(import.meta.dirname, 'fixtures', 'telco-sample.csv');
const FIXTURE_ROWS = 1500;

/** RFC 4180 quoting: only cells with a comma, quote or line break need it. */
function csvLine(cells: readonly string[]): string {
  return cells.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(',');
}

function main(): void {
  const table = readChurnCsv(TELCO_CSV);
  const blank = table.rows.map((row, i) => (row.TotalCharges!.trim() === '' ? i : -1)).filter((i) => i >= 0);
  const labels = Uint8Array.from(table.rows, (row) => (row.Churn === 'Yes' ? 1 : 0));
  const { validation } = stratifiedSplit(labels, (FIXTURE_ROWS - blank.length) / table.rows.length, new SeededRandom(20240601));
  const picked = [...new Set([...blank, ...validation])].sort((a, b) => a - b).slice(0, FIXTURE_ROWS);
  const rows = picked.map((i) => table.columns.map((c) => table.rows[i]![c]!));
  writeFileSync(TELCO_FIXTURE, `${[table.columns, ...rows].map(csvLine).join('\n')}\n`);
  process.stdout.write(`wrote ${rows.length} rows to ${path.relative(process.cwd(), TELCO_FIXTURE)}\n`);
}

main();
