import type { Database } from '../db/database';
import { migrate } from '../db/database';

const MIGRATIONS_TABLE = 'cue_migrations';

export interface MigrationReport {
  /** Applied by this run, in order. */
  applied: string[];
  /** All applied now, this run's included. */
  total: number;
}

/**
 * Runs the pending migrations and says which ran. `migrate` keeps its list to itself, so the
 * difference is read from its bookkeeping table (umzug's) before and after.
 */
export async function runMigrations(db: Database): Promise<MigrationReport> {
  const before = new Set(await appliedMigrations(db));
  await migrate(db);
  const after = await appliedMigrations(db);
  return { applied: after.filter((name) => !before.has(name)), total: after.length };
}

async function appliedMigrations(db: Database): Promise<string[]> {
  const queryInterface = db.sequelize.getQueryInterface();
  if (!(await queryInterface.tableExists(MIGRATIONS_TABLE))) return [];
  const [rows] = await db.sequelize.query(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY name`);
  return (rows as { name: string }[]).map((row) => row.name);
}

/** The database a URL points at, without its password, for messages. */
export function describeDatabase(url: string): string {
  if (url.startsWith('sqlite:')) return `SQLite ${url.slice('sqlite:'.length)}`;
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return `PostgreSQL ${parsed.toString()}`;
}
