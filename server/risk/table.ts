/**
 * Reading a churn export and deciding what each column is. The trainer must take tables it
 * has never seen, so nothing here knows the telco columns: types are inferred from the values.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** One row as the CSV has it: column name → cell text. */
export type TableRow = Record<string, string>;

export interface ChurnTable {
  columns: string[];
  rows: TableRow[];
}

/**
 * Cells that mean "no value" in the exports we expect (spreadsheets, pandas `to_csv`, R).
 * "None" is deliberately not here: in churn tables it is usually a real level ("no add-on").
 */
const BLANK_TOKENS = new Set(['', 'na', 'n/a', 'nan', 'null', '?']);

export function isBlank(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'number') return !Number.isFinite(value);
  return BLANK_TOKENS.has(String(value).trim().toLowerCase());
}

/** A cell as a number, or null when it is blank or not a number ("$1,234.50" and "12%" are read as numbers). */
export function parseNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (isBlank(value)) return null;
  let text = String(value).trim().replace(/^[$€£]/, '').replace(/%$/, '');
  if (/^[-+]?\d{1,3}(,\d{3})+(\.\d*)?$/.test(text)) text = text.replaceAll(',', '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return null;
  return Number(text);
}

/** A cell as a category level: trimmed text, or null when blank. Numbers and booleans become their text ("1", "true"). */
export function categoryOf(value: unknown): string | null {
  if (isBlank(value)) return null;
  return String(value).trim();
}

export function readChurnCsv(file: string): ChurnTable {
  const records = parse(readFileSync(file), {
    columns: true,
    bom: true,
    skip_empty_lines: true,
    trim: false,
    relax_column_count: false,
  }) as TableRow[];
  const columns = records.length > 0 ? Object.keys(records[0]!) : [];
  if (columns.length === 0) throw new Error(`${file}: no header row or no data rows`);
  return { columns, rows: records };
}

export type ColumnKind = 'numeric' | 'categorical';

export interface ColumnProfile {
  name: string;
  kind: ColumnKind | 'skipped';
  distinct: number;
  blanks: number;
  /** Why the column was read this way, for the training report. */
  note: string;
}

/**
 * At most this many distinct numbers and a numeric-looking column is read as categorical:
 * 0/1 flags (SeniorCitizen) and yes/no codes carry no order worth a threshold, and as a level
 * they read as words in a reason ("Senior citizen") rather than "SeniorCitizen 1". Columns with
 * three or more values (a 1–5 satisfaction score, a count of products) keep their order.
 */
export const MAX_DISTINCT_FOR_NUMERIC_AS_CATEGORY = 2;

/**
 * A text column with this many levels or more, and more levels than a fifth of the rows, is
 * an identifier or free text (an account number, an address, a note): one-hot levels would
 * each cover a handful of rows and only memorise them, so it is left out and the report says so.
 * Likewise a whole-number column with a different value on every row (RowNumber, CustomerId in
 * many bank and telco exports): its order is the export's, not the customer's, and trees would
 * happily split on it. Real quantities repeat (tenure, number of products, age): by the birthday
 * bound, n whole numbers drawn from a range much smaller than n² collide, so from 200 rows on
 * "all different" is the mark of a key, not of a measurement.
 */
const MIN_LEVELS_FOR_IDENTIFIER = 50;
const MIN_ROWS_FOR_NUMERIC_IDENTIFIER = 200;

export function profileColumns(table: ChurnTable, exclude: readonly string[]): ColumnProfile[] {
  return table.columns
    .filter((name) => !exclude.includes(name))
    .map((name): ColumnProfile => {
      const distinct = new Set<string>();
      let blanks = 0;
      let allNumbers = true;
      for (const row of table.rows) {
        const cell = row[name];
        if (isBlank(cell)) {
          blanks++;
          continue;
        }
        const text = String(cell).trim();
        distinct.add(text);
        if (allNumbers && parseNumber(text) === null) allNumbers = false;
      }
      const base = { name, distinct: distinct.size, blanks };
      if (distinct.size <= 1) return { ...base, kind: 'skipped', note: distinct.size === 0 ? 'always blank' : 'one value only' };
      if (allNumbers) {
        const present = table.rows.length - blanks;
        if (present >= MIN_ROWS_FOR_NUMERIC_IDENTIFIER && distinct.size === present && [...distinct].every((text) => Number.isInteger(parseNumber(text)))) {
          return { ...base, kind: 'skipped', note: 'a different whole number on every row: looks like a row number or account number' };
        }
        if (distinct.size <= MAX_DISTINCT_FOR_NUMERIC_AS_CATEGORY) {
          return { ...base, kind: 'categorical', note: `numbers with only ${distinct.size} distinct values: read as a category` };
        }
        return { ...base, kind: 'numeric', note: blanks > 0 ? 'numeric; blanks imputed with the median + a missing flag' : 'numeric' };
      }
      if (distinct.size >= MIN_LEVELS_FOR_IDENTIFIER && distinct.size > table.rows.length / 5) {
        return { ...base, kind: 'skipped', note: `${distinct.size} distinct texts: looks like an identifier or free text` };
      }
      return { ...base, kind: 'categorical', note: blanks > 0 ? 'categorical; blanks are the level (missing)' : 'categorical' };
    });
}
