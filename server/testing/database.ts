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

/**
 * A real write failure from the database itself: from now on it refuses to store a transcript
 * turn whose text contains `marker`. Returns what lifts the refusal.
 */
export async function refuseTurnsContaining(db: Database, marker: string): Promise<() => Promise<void>> {
  const when = `NEW.text LIKE '%${marker.replaceAll("'", "''")}%'`;
  if (db.dialect === 'sqlite') {
    await db.sequelize.query(`CREATE TRIGGER refuse_turn BEFORE INSERT ON utterances WHEN ${when} BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    return async () => void (await db.sequelize.query('DROP TRIGGER refuse_turn'));
  }
  await db.sequelize.query(`CREATE FUNCTION refuse_turn() RETURNS trigger AS $$ BEGIN IF ${when} THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
  await db.sequelize.query('CREATE TRIGGER refuse_turn BEFORE INSERT ON utterances FOR EACH ROW EXECUTE FUNCTION refuse_turn()');
  return async () => {
    await db.sequelize.query('DROP TRIGGER refuse_turn ON utterances');
    await db.sequelize.query('DROP FUNCTION refuse_turn()');
  };
}

/** Holds the one writer until `release`: what arrives meanwhile waits, as behind a busy writer. */
export async function holdWriter(db: Database): Promise<{ release: () => void; held: Promise<void> }> {
  let release!: () => void;
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  // The same promise each time: a write may run again (its group failed), and must not hang then.
  const held = db.write(() => {
    started();
    return released;
  });
  await running;
  return { release, held };
}
