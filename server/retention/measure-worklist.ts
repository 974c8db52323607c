/**
 * Measures scoring the high-risk worklist on the demo book: seeds the demo contact center into
 * a fresh SQLite file (or uses DATABASE_URL's database as it is), then times a full scoring.
 *   npx tsx server/retention/measure-worklist.ts
 * On the 2-core build machine (load 2.5): the demo book, 7,044 customers and 152,137 events,
 * scores in 2.6–2.9 s, 1,706 of them high (history signals lift many above the profile alone).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate, openDatabase } from '../db/database';
import { seedDemo } from '../demo/seed';
import { loadDefaultChurnModel } from '../risk/model';
import { scoreHighRiskCustomers } from './worklist';

const dir = process.env.DATABASE_URL ? null : mkdtempSync(path.join(tmpdir(), 'cue-worklist-'));
const db = await openDatabase(process.env.DATABASE_URL ?? `sqlite:${path.join(dir!, 'cue.sqlite')}`);
try {
  await migrate(db);
  if (dir) {
    const seeded = await seedDemo(db, { seed: 20261123, defaultPhoneRegion: 'US' });
    process.stdout.write(`seeded ${seeded.customers} customers, ${seeded.events.accepted} events in ${(seeded.elapsedMs / 1000).toFixed(1)} s\n`);
  }
  const model = loadDefaultChurnModel();
  for (let run = 1; run <= 3; run++) {
    const started = performance.now();
    const snapshot = await scoreHighRiskCustomers(db, model, new Date());
    const customers = await db.models.Customer.count();
    process.stdout.write(`run ${run}: ${customers} customers scored, ${snapshot.items.length} high, ${(performance.now() - started).toFixed(0)} ms\n`);
  }
} finally {
  await db.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
