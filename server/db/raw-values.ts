import type { Transaction } from 'sequelize';
import type { Database } from './database';
import { sqlDate } from './bulk';

/**
 * Plain rows and plain statements, for the reads and writes the live loop makes at every step:
 * a model costs several times the statement's own CPU to build the SQL and the instances.
 *
 * readDate and readJson read the two kinds of value the drivers hand back differently: SQLite
 * stores dates and JSON as text, PostgreSQL's driver parses both.
 */
export const readDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));

export const readOptionalDate = (value: unknown): Date | null => (value === null || value === undefined ? null : readDate(value));

export const readJson = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));

/** Rows of a plain statement (a SELECT, or a write with RETURNING), `$1`-style parameters in both dialects. */
export function selectRows<T extends object>(db: Database, sql: string, bind: readonly unknown[], transaction?: Transaction): Promise<T[]> {
  return db.query<T>(sql, bind, transaction);
}

/** "$from, $from+1, …": `count` numbered parameters, for an IN list. */
export const placeholders = (from: number, count: number): string => Array.from({ length: count }, (_, i) => `$${from + i}`).join(', ');

/** A plain INSERT. */
export async function insertRow(db: Database, sql: string, bind: readonly unknown[], transaction: Transaction): Promise<void> {
  await db.query(sql, bind, transaction);
}

/** A value as bound for its column: dates in the format the models store, objects as their JSON text. */
export function bound(db: Database, value: unknown): unknown {
  if (value instanceof Date) return sqlDate(db, value);
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}
