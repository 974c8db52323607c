import { describe, expect, it } from 'vitest';
import { Database } from './sqlite-driver';

const open = () => new Promise<Database>((resolve, reject) => {
  const db: Database = new Database(':memory:', (error) => (error ? reject(error) : resolve(db)));
});
const run = (db: Database, sql: string, parameters: unknown = []) =>
  new Promise<{ lastID: number; changes: number }>((resolve, reject) =>
    db.run(sql, parameters, function (this: { lastID: number; changes: number }, error: Error | null) {
      if (error) reject(error);
      else resolve({ lastID: this.lastID, changes: this.changes });
    }),
  );
const all = (db: Database, sql: string, parameters: unknown = []) =>
  new Promise<unknown[]>((resolve, reject) => db.all(sql, parameters, (error: Error | null, rows?: unknown) => (error ? reject(error) : resolve(rows as unknown[]))));

describe('the SQLite driver behind Sequelize', () => {
  it('binds as sqlite3 does: $-named parameters, booleans as 1/0, dates as milliseconds, undefined as NULL', async () => {
    const db = await open();
    await run(db, 'CREATE TABLE t (id INTEGER PRIMARY KEY, flag INTEGER, at INTEGER, note TEXT)');
    const inserted = await run(db, 'INSERT INTO t (flag, at, note) VALUES ($1, $2, $3)', { $1: true, $2: new Date(1_000), $3: undefined });
    expect(inserted).toEqual({ lastID: 1, changes: 1 });
    expect(await all(db, 'SELECT flag, at, note FROM t WHERE id = $1', { $1: 1 })).toEqual([{ flag: 1, at: 1000, note: null }]);
    // A statement that returns no rows, asked through `all` (Sequelize does so for BEGIN): no rows, no error.
    expect(await all(db, 'UPDATE t SET flag = 0')).toEqual([]);
  });

  it('answers on a later turn of the event loop, never from inside the call, as sqlite3 does', async () => {
    const db = await open();
    let answered = false;
    db.all('SELECT 1 AS one', [], () => (answered = true));
    expect(answered).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(true);
  });

  it('names errors as sqlite3 does, which Sequelize maps and the busy retry reads', async () => {
    const db = await open();
    await run(db, 'CREATE TABLE u (k TEXT PRIMARY KEY)');
    await run(db, "INSERT INTO u VALUES ('a')");
    const error = await run(db, "INSERT INTO u VALUES ('a')").then(
      () => expect.fail('a second insert of the same key succeeded'),
      (e: unknown) => e as Error & { code: string },
    );
    expect(error.code).toBe('SQLITE_CONSTRAINT');
    expect(error.message).toMatch(/^SQLITE_CONSTRAINT: UNIQUE constraint failed: u\.k/);
  });
});
