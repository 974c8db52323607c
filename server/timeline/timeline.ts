import { Op, type InferAttributes, type WhereOptions } from 'sequelize';
import type { Channel, TimelineEvent, TimelinePage } from '../../shared/timeline';
import type { Database } from '../db/database';
import type { TimelineEventRow } from '../db/models';
import { readDate, readJson } from '../db/raw-values';

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

function decodeCursor(cursor: string): Cursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const occurredAt = new Date(String(at));
    if (typeof id !== 'string' || Number.isNaN(occurredAt.getTime())) throw new InvalidCursorError();
    return { occurredAt, id };
  } catch {
    throw new InvalidCursorError();
  }
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
  const conditions: WhereOptions<TimelineEventRow>[] = [{ customerId }];
  if (options.channels?.length) conditions.push({ channel: { [Op.in]: options.channels } });
  if (options.before) {
    const { occurredAt, id } = decodeCursor(options.before);
    conditions.push({
      [Op.or]: [{ occurredAt: { [Op.lt]: occurredAt } }, { occurredAt, id: { [Op.lt]: id } }],
    });
  }
  const rows = await db.models.TimelineEvent.findAll({
    where: { [Op.and]: conditions },
    order: [
      ['occurredAt', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: options.limit + 1,
    raw: true,
  });
  const page = rows.slice(0, options.limit).map((row) => ({ ...row, occurredAt: readDate(row.occurredAt), data: readJson<Record<string, unknown>>(row.data) }));
  const last = page.at(-1);
  return { events: page.map(toTimelineEvent), nextCursor: rows.length > options.limit && last ? encodeCursor(last) : null };
}
