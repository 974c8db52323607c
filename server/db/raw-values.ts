import type { Database } from './database';
import { sqlDate } from './bulk';

/**
 * Values for and from plain statements (`db.query`), which the live loop uses at every step: a
 * model costs several times the statement's own CPU to build the SQL and the instances.
 *
 * readDate and readJson read the two kinds of value the drivers hand back differently: SQLite
 * stores dates and JSON as text, PostgreSQL's driver parses both.
 */
export const readDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));

export const readOptionalDate = (value: unknown): Date | null => (value === null || value === undefined ? null : readDate(value));

export const readJson = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));

/** "$from, $from+1, …": `count` numbered parameters, for an IN list. */
export const placeholders = (from: number, count: number): string => Array.from({ length: count }, (_, i) => `$${from + i}`).join(', ');

/** A value as bound for its column: dates in the format the models store, objects as their JSON text. */
export function bound(db: Database, value: unknown): unknown {
  if (value instanceof Date) return sqlDate(db, value);
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}
