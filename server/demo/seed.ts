import type { CountryCode } from 'libphonenumber-js';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import { importRecords, type ImportSummary, type SourceRecord } from '../cli/import-file';
import { DAY_MS, generateDemoCustomers } from './history';
import { NORTHWIND, generateNorthwindEvents } from './northwind';
import { loadTelcoCustomers } from './telco-customers';
import { createDemoUsers } from './users';

export { DEMO_LOGINS, DEMO_PASSWORD, type DemoLogin } from './users';
export { NORTHWIND } from './northwind';

export interface SeedDemoOptions {
  seed: number;
  /** The folder of the shared data sets (the one holding telco-churn/), not DATA_DIR; defaults to ../shared/data beside the project. */
  dataDir?: string;
  defaultPhoneRegion: CountryCode;
  logger?: Logger;
  /** Only the first `limit` telco customers (tests); all 7,043 by default. */
  limit?: number;
  /** The demo's "now"; defaults to the start of today (UTC), so a day's restarts make the same history. */
  asOf?: Date;
  /** Ingest even when the demo is already there (every event then comes back a duplicate). */
  force?: boolean;
}

export interface SeedDemoResult {
  seeded: boolean;
  usersCreated: number;
  customers: number;
  events: Pick<ImportSummary, 'read' | 'accepted' | 'duplicate' | 'rejected' | 'rejections'>;
  elapsedMs: number;
}

/**
 * Fills an empty database with a demo contact center: the telco sample's customers with their
 * cross-channel histories, the heavy Northwind Traders account, and one user per role. Every
 * event goes through `ingestEvents`, exactly as the API's would. Does nothing when the demo is
 * already there; a seeding cut short is finished by the next run, since every event is keyed
 * by (source, sourceEventId) and comes back a duplicate if it was stored.
 */
export async function seedDemo(db: Database, options: SeedDemoOptions): Promise<SeedDemoResult> {
  const started = performance.now();
  const logger = options.logger;
  const asOf = options.asOf ?? new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS);
  const northwindEvents = generateNorthwindEvents({ seed: options.seed, asOf });
  const marker = northwindEvents[northwindEvents.length - 1]!;

  if (!options.force && (await isSeeded(db, marker.source, marker.sourceEventId))) {
    logger?.info('demo data already there, not seeding');
    return { seeded: false, usersCreated: 0, customers: 0, events: { read: 0, accepted: 0, duplicate: 0, rejected: 0, rejections: [] }, elapsedMs: performance.now() - started };
  }

  const usersCreated = await createDemoUsers(db);
  const rows = loadTelcoCustomers(options.dataDir);
  const customers = Math.min(rows.length, options.limit ?? rows.length);
  logger?.info({ customers, heavyCustomer: NORTHWIND.name }, 'seeding the demo contact center');

  // Northwind comes last: its last event is the marker that says the whole demo is in.
  function* records(): Generator<SourceRecord> {
    let n = 0;
    for (const customer of generateDemoCustomers(rows, { seed: options.seed, asOf, limit: options.limit })) {
      for (const event of customer.events) yield { line: ++n, event };
    }
    for (const event of northwindEvents) yield { line: ++n, event };
  }
  const summary = await importRecords(db, records(), { defaultPhoneRegion: options.defaultPhoneRegion });
  if (summary.rejected > 0) {
    // The generator makes only valid events; a rejection is a bug there, worth a loud line.
    logger?.warn({ rejected: summary.rejected, first: summary.rejections.slice(0, 3) }, 'demo events rejected');
  }
  const elapsedMs = performance.now() - started;
  logger?.info({ customers: customers + 1, events: summary.accepted, duplicates: summary.duplicate, ms: Math.round(elapsedMs) }, 'demo seeded');
  const { read, accepted, duplicate, rejected, rejections } = summary;
  return { seeded: true, usersCreated, customers: customers + 1, events: { read, accepted, duplicate, rejected, rejections }, elapsedMs };
}

async function isSeeded(db: Database, source: string, sourceEventId: string): Promise<boolean> {
  return (await db.models.TimelineEvent.count({ where: { source, sourceEventId } })) > 0;
}
