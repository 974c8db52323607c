import { z } from 'zod';
import type { InferAttributes } from 'sequelize';
import type { Channel, TimelineEvent, TimelinePage } from '../../shared/timeline';
import type { Database } from '../db/database';
import type { TimelineEventRow } from '../db/models';
import { sqlDate } from '../db/bulk';
import { placeholders, readDate, readJson } from '../db/raw-values';

export interface TimelineQueryOptions {
  before?: string;
  limit: number;
  channels?: Channel[];
}

export class InvalidCursorError extends Error {
  constructor() {
    super('is not a cursor this server issued');
  }
}

interface Cursor {
  occurredAt: Date;
  id: string;
}

/** Opaque to clients; the position of the last event of a page in (occurred_at desc, id desc) order. */
const encodeCursor = (row: Pick<TimelineEventRow, 'occurredAt' | 'id'>): string =>
  Buffer.from(JSON.stringify([row.occurredAt.toISOString(), row.id])).toString('base64url');

/** What encodeCursor writes: a cursor made up by hand with any other date or id is refused here, before the database sees it. */
const cursorSchema = z.tuple([z.iso.datetime(), z.uuid()]);

function decodeCursor(cursor: string): Cursor {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const parsed = cursorSchema.safeParse(decoded);
  if (!parsed.success) throw new InvalidCursorError();
  const [at, id] = parsed.data;
  return { occurredAt: new Date(at), id };
}

export const toTimelineEvent = (row: Omit<InferAttributes<TimelineEventRow>, 'createdAt'>): TimelineEvent => ({
  id: row.id,
  customerId: row.customerId,
  source: row.source,
  sourceEventId: row.sourceEventId,
  occurredAt: row.occurredAt.toISOString(),
  channel: row.channel,
  type: row.type,
  summary: row.summary,
  data: row.data,
});

/**
 * One page of a customer's timeline, newest first. Keyset pagination on (occurred_at, id):
 * each page starts strictly after the last row of the one before, so events inserted while
 * someone scrolls never shift a page boundary (no duplicates, no gaps), unlike OFFSET.
 */
export async function listTimeline(db: Database, customerId: string, options: TimelineQueryOptions): Promise<TimelinePage> {
  // A plain statement: every screen pop reads a page, and the model's query building cost more than the query.
  const bind: unknown[] = [customerId];
  let where = '"customer_id" = $1';
  if (options.channels?.length) {
    where += ` AND "channel" IN (${placeholders(bind.length + 1, options.channels.length)})`;
    bind.push(...options.channels);
  }
  if (options.before) {
    const { occurredAt, id } = decodeCursor(options.before);
    where += ` AND ("occurred_at" < $${bind.length + 1} OR ("occurred_at" = $${bind.length + 1} AND "id" < $${bind.length + 2}))`;
    bind.push(sqlDate(db, occurredAt), id);
  }
  const rows = await db.query<Omit<InferAttributes<TimelineEventRow>, 'createdAt' | 'occurredAt' | 'data'> & { occurredAt: unknown; data: unknown }>(
    `SELECT "id", "customer_id" AS "customerId", "source", "source_event_id" AS "sourceEventId", "occurred_at" AS "occurredAt",
       "channel", "type", "summary", "data"
     FROM "timeline_events" WHERE ${where} ORDER BY "occurred_at" DESC, "id" DESC LIMIT $${bind.length + 1}`,
    [...bind, options.limit + 1],
  );
  const page = rows.slice(0, options.limit).map((row) => ({ ...row, occurredAt: readDate(row.occurredAt), data: readJson<Record<string, unknown>>(row.data) }));
  const last = page.at(-1);
  return { events: page.map(toTimelineEvent), nextCursor: rows.length > options.limit && last ? encodeCursor(last) : null };
}
