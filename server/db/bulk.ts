import type { Transaction } from 'sequelize';
import type { Database } from './database';

/**
 * Set-based statements for batches of rows: one statement and one bound parameter (the rows
 * as a JSON array) however many rows there are, instead of Sequelize's bulkCreate, which builds
 * model instances and escapes every value into a multi-megabyte SQL string. SQLite reads the
 * array with json_each, PostgreSQL with json_populate_recordset / json_array_elements.
 */

export type Value = string | number | boolean | null | object;

/** SQLite keeps Sequelize's DATE format ('2026-01-05 10:00:00.000 +00:00'); what the models read back and what range queries compare as text. */
export function sqlDate(db: Database, date: Date): string {
  const iso = date.toISOString();
  return db.dialect === 'sqlite' ? `${iso.slice(0, 10)} ${iso.slice(11, 23)} +00:00` : iso;
}

/** Inserts `rows` into `table`: each row an array of values in the order of `columns`. */
export async function insertRows(db: Database, table: string, columns: readonly string[], rows: readonly Value[][], transaction: Transaction): Promise<void> {
  if (rows.length === 0) return;
  const { list, select, json } = rowsSource(db, table, columns, rows);
  await db.query(`INSERT INTO "${table}" (${list}) ${select}`, [json], transaction);
}

/**
 * As insertRows, but a row that collides with one already stored (on any unique key) is left
 * out; returns the `returning` column of the rows inserted. Written as WITH … INSERT because
 * Sequelize returns no rows for a statement that starts with INSERT, RETURNING or not.
 */
export async function insertNewRows(
  db: Database,
  table: string,
  columns: readonly string[],
  rows: readonly Value[][],
  returning: string,
  transaction: Transaction,
): Promise<string[]> {
  if (rows.length === 0) return [];
  const { list, select, json } = rowsSource(db, table, columns, rows);
  // "WHERE true": without it SQLite would read ON CONFLICT as part of the SELECT's join.
  const inserted = await db.query<Record<string, string>>(
    `WITH source AS (${select}) INSERT INTO "${table}" (${list}) SELECT * FROM source WHERE true ON CONFLICT DO NOTHING RETURNING "${returning}"`,
    [json],
    transaction,
  );
  return inserted.map((row) => row[returning]!);
}

function rowsSource(db: Database, table: string, columns: readonly string[], rows: readonly Value[][]) {
  const list = columns.map((c) => `"${c}"`).join(', ');
  // SQLite takes the rows as arrays (no key repeated per value, less to write and to parse); an
  // object or array value comes out of ->> as its JSON text, which is how Sequelize stores JSON
  // columns there. json_populate_recordset wants objects keyed by column.
  return db.dialect === 'sqlite'
    ? { list, select: `SELECT ${columns.map((_, i) => `value ->> ${i}`).join(', ')} FROM json_each($1)`, json: JSON.stringify(rows) }
    : {
        list,
        select: `SELECT ${list} FROM json_populate_recordset(NULL::"${table}", $1::json)`,
        json: JSON.stringify(rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])))),
      };
}

/**
 * Rows of `table` whose (`first`, `second`) columns match one of `keys`, through the unique
 * index on those two columns: a join against the keys rather than an OR of IN lists.
 */
export async function selectByPairs<T extends object>(
  db: Database,
  table: string,
  columns: readonly string[],
  [first, second]: readonly [string, string],
  keys: readonly (readonly [string, string])[],
  transaction: Transaction,
): Promise<T[]> {
  if (keys.length === 0) return [];
  const keyRows = db.dialect === 'sqlite' ? 'json_each($1) AS k' : 'json_array_elements($1::json) AS k(value)';
  const sql = `SELECT ${columns.map((c) => `t."${c}"`).join(', ')} FROM ${keyRows}
    JOIN "${table}" AS t ON t."${first}" = (k.value ->> 0) AND t."${second}" = (k.value ->> 1)`;
  return db.query<T>(sql, [JSON.stringify(keys)], transaction);
}
