import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/database';

const describeOnSqlite = process.env.DATABASE_URL?.startsWith('postgres') ? describe.skip : describe;

describeOnSqlite('the WAL checkpointer', () => {
  it('copies the write-ahead log into the database file from its own thread', async () => {
    const db = await createTestDatabase();
    try {
      const file = db.url.slice('sqlite:'.length);
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
      await db.destroy();
    }
  });
});
