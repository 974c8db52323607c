import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { QueryTypes, type Transaction } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { migrate, openDatabase, type Database } from './database';

// SQLite whatever DATABASE_URL says: this is about how the SQLite dialect is driven.
let dir: string;
let db: Database;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cue-sqlite-'));
  db = await openDatabase(`sqlite:${path.join(dir, 'cue.sqlite')}`);
  await migrate(db);
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const connectionOf = (transaction: Transaction) => (transaction as unknown as { connection: object }).connection;

describe('SQLite connections', () => {
  it('runs every transaction on one long-lived, tuned writer connection', async () => {
    const first = await db.write(async (transaction) => connectionOf(transaction));
    const second = await db.write(async (transaction) => connectionOf(transaction));
    expect(second).toBe(first);
    const [pragma] = await db.write((transaction) => db.sequelize.query<{ synchronous: number }>('PRAGMA synchronous', { transaction, type: QueryTypes.SELECT }));
    expect(pragma).toEqual({ synchronous: 1 }); // NORMAL
  });

  it('sees a column added after a table was first read (the column types it remembers are dropped on a schema change)', async () => {
    await db.models.Queue.findAll();
    await db.sequelize.query('ALTER TABLE queues ADD COLUMN opened_at DATETIME');
    await db.sequelize.query("INSERT INTO queues (key, name, channel, skills, created_at, updated_at, opened_at) VALUES ('q', 'Q', 'voice', '[]', '2026-01-01 00:00:00.000 +00:00', '2026-01-01 00:00:00.000 +00:00', '2026-01-02 03:04:05.000 +00:00')");
    const [row] = await db.sequelize.query("SELECT `key`, `opened_at` FROM `queues` WHERE key = 'q'", { model: db.models.Queue, mapToModel: true });
    // Parsed as a date only if the dialect learnt the new column's type; a stale answer leaves the stored text.
    expect(row!.getDataValue('opened_at' as never)).toEqual(new Date('2026-01-02T03:04:05.000Z'));
  });

  it('waits for a write lock held elsewhere by trying again, not in the busy wait of SQLite, then writes', async () => {
    // SQLite's busy wait runs on the caller's thread: on the writer it held the event loop.
    const [setting] = await db.write((transaction) => db.sequelize.query<{ timeout: number }>('PRAGMA busy_timeout', { transaction, type: QueryTypes.SELECT }));
    expect(setting).toEqual({ timeout: 0 });
    const writer = await db.write(async (transaction) => connectionOf(transaction));
    // Every try is one BEGIN: Sequelize's own retry of a busy statement, 100 ms apart, is off for it.
    let begins = 0;
    const countBegins = (_options: unknown, query: object) => {
      if (/^BEGIN/.test(String((query as { sql?: unknown }).sql))) begins++;
    };
    db.sequelize.addHook('afterQuery', 'count-begins', countBegins);
    const transactions = vi.spyOn(db.sequelize, 'transaction');
    // The checkpointer's RESTART, or the import CLI, holding the lock from another connection.
    const other = new BetterSqlite3(path.join(dir, 'cue.sqlite'));
    other.exec('BEGIN IMMEDIATE');
    try {
      const written = db.write((transaction) => db.query('INSERT INTO queues (key, name, channel, skills, created_at, updated_at) VALUES ($1, $1, $2, $3, $4, $4) RETURNING key', ['held', 'voice', '[]', '2026-01-01 00:00:00.000 +00:00'], transaction));
      await new Promise((resolve) => setTimeout(resolve, 250));
      other.exec('COMMIT');
      expect(await written).toEqual([{ key: 'held' }]);
      // Waits of 1, 2, 3 … ms: about 20 tries in 250 ms, each BEGIN its own.
      expect(transactions.mock.calls.length).toBeGreaterThan(5);
      expect(begins).toBe(transactions.mock.calls.length);
      // A BEGIN that found the database busy leaves the writer connection as it was: not closed and opened again.
      expect(await db.write(async (transaction) => connectionOf(transaction))).toBe(writer);
    } finally {
      other.close();
      transactions.mockRestore();
      db.sequelize.removeHook('afterQuery', 'count-begins');
    }
  });
});
