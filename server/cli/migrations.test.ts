import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database';
import { createTestDatabase } from '../testing/database';
import { describeDatabase, runMigrations } from './migrations';

describe('runMigrations', () => {
  it('applies every migration to a new database, in order, then none', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cue-migrate-'));
    const db = await openDatabase(`sqlite:${path.join(dir, 'cue.sqlite')}`);
    try {
      const first = await runMigrations(db);
      expect(first.applied[0]).toBe('0001-initial');
      expect(first.applied).toEqual([...first.applied].sort());
      expect(first.total).toBe(first.applied.length);
      expect(await runMigrations(db)).toEqual({ applied: [], total: first.total });
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports an up-to-date database as such (the configured dialect)', async () => {
    const db = await createTestDatabase();
    try {
      const report = await runMigrations(db);
      expect(report.applied).toEqual([]);
      expect(report.total).toBeGreaterThanOrEqual(1);
    } finally {
      await db.destroy();
    }
  });
});

describe('describeDatabase', () => {
  it('never prints a password', () => {
    expect(describeDatabase('postgres://cue:s3cret@db:5432/cue')).toBe('PostgreSQL postgres://cue:***@db:5432/cue');
    expect(describeDatabase('sqlite:/data/cue.sqlite')).toBe('SQLite /data/cue.sqlite');
  });
});
