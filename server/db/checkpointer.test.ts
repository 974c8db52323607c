import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { startCheckpointer } from './checkpointer';
import { openDatabase } from './database';

// The checkpointer belongs to SQLite's write-ahead log, so this opens a SQLite file of its own
// whichever database the rest of the suite runs on.
describe('the WAL checkpointer', () => {
  it('copies the write-ahead log into the database file from its own thread', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cue-checkpoint-'));
    const file = path.join(dir, 'cue.sqlite');
    const db = await openDatabase(`sqlite:${file}`);
    try {
      // The connections never checkpoint by themselves (wal_autocheckpoint = 0): what is written
      // stays in the log until the checkpointer copies it.
      await db.write(async (transaction) => {
        await db.sequelize.query('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)', { transaction });
        await db.sequelize.query("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO filler (body) SELECT printf('%.1000c', 'x') FROM n", { transaction });
      });
      const before = statSync(file).size;
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(statSync(file).size).toBeGreaterThan(before + 1_000_000);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts the log over under steady writes and reads, so it does not grow without end', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cue-checkpoint-'));
    const file = path.join(dir, 'cue.sqlite');
    const db = await openDatabase(`sqlite:${file}`);
    try {
      await db.write((transaction) => db.query('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)', [], transaction));
      // As the live loop does: a small write every few milliseconds and reads in between, for
      // several checkpoint intervals. A passive checkpoint alone never catches up with such a
      // log, and the log then grows by every page written, for as long as the writes go on.
      const body = 'x'.repeat(4_000);
      const writeFor = async (ms: number) => {
        let written = 0;
        const until = performance.now() + ms;
        while (performance.now() < until) {
          await db.write((transaction) => db.query('INSERT INTO filler (body) VALUES ($1)', [body], transaction));
          await db.query('SELECT count(*) AS n FROM filler', []);
          written += body.length;
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
        return written;
      };
      await writeFor(2_500);
      const logAfterFirstHalf = statSync(`${file}-wal`).size;
      const writtenInSecondHalf = await writeFor(2_500);
      expect(writtenInSecondHalf).toBeGreaterThan(1_000_000);
      // Started over from its beginning: the file keeps its size, it does not grow with the writes.
      expect(statSync(`${file}-wal`).size).toBeLessThan(logAfterFirstHalf * 1.3);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never holds off the writer', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cue-checkpoint-'));
    const file = path.join(dir, 'cue.sqlite');
    // A writer that does not wait for the lock at all, as the server's writer does not: any hold
    // of the write lock by the checkpointer is a refused write here.
    const writer = new BetterSqlite3(file);
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0');
    writer.pragma('busy_timeout = 0');
    writer.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)');
    const insert = writer.prepare('INSERT INTO filler (body) VALUES (?)');
    const checkpointer = startCheckpointer(file);
    const body = 'x'.repeat(4_000);
    let written = 0;
    const refused: string[] = [];
    try {
      // Several checkpoint intervals of a write every few milliseconds.
      const until = performance.now() + 3_500;
      while (performance.now() < until) {
        try {
          writer.transaction(() => {
            for (let i = 0; i < 4; i++) insert.run(body);
          })();
          written += 1;
        } catch (error) {
          refused.push(String(error));
        }
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      expect(written).toBeGreaterThan(500);
      expect(refused).toEqual([]);
      // And the log was copied: the database file holds most of what was written.
      expect(statSync(file).size).toBeGreaterThan(written * 4 * 4_000 * 0.5);
    } finally {
      await checkpointer.stop();
      writer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
