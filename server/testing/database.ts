import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Sequelize } from 'sequelize';
import { migrate, openDatabase, type Database } from '../db/database';

export interface TestDatabase extends Database {
  url: string;
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a SQLite file in a temporary folder, or, when
 * DATABASE_URL points at PostgreSQL, a new database on that server dropped afterwards.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  if (base?.startsWith('postgres')) return createPostgresDatabase(base);
  const dir = mkdtempSync(path.join(tmpdir(), 'cue-test-'));
  const url = `sqlite:${path.join(dir, 'cue.sqlite')}`;
  const db = await openDatabase(url);
  await migrate(db);
  return {
    ...db,
    url,
    async destroy() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function createPostgresDatabase(base: string): Promise<TestDatabase> {
  const admin = new Sequelize(base, { dialect: 'postgres', logging: false });
  const name = `${new URL(base).pathname.slice(1) || 'cue'}_${randomBytes(4).toString('hex')}`.toLowerCase();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = await openDatabase(url.toString());
  await migrate(db);
  return {
    ...db,
    url: url.toString(),
    async destroy() {
      await db.close();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.close();
    },
  };
}
