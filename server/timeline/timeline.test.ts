import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { makeEvent } from '../testing/factories';
import { ingestEvents } from './ingest';
import { listTimeline } from './timeline';

let db: TestDatabase;
let customerId: string;
const identities = [{ kind: 'account' as const, value: 'PAGED-1' }];
const base = Date.UTC(2026, 5, 1);
const at = (minute: number) => new Date(base + minute * 60_000).toISOString();
const ingest = (events: unknown[]) => ingestEvents(db, events, { defaultPhoneRegion: 'US' });

beforeAll(async () => {
  db = await createTestDatabase();
  // 300 events, many sharing a timestamp, so the id tie-break is exercised.
  const events = Array.from({ length: 300 }, (_, i) =>
    makeEvent({ identities, occurredAt: at(Math.floor(i / 3)), channel: i % 2 ? 'voice' : 'email', sourceEventId: `paged-${i}` }),
  );
  const [first] = await ingest(events);
  customerId = first!.customerId!;
});
afterAll(() => db.destroy());

async function readAll(channels?: ('voice' | 'email')[], duringEachPage?: (page: number) => Promise<void>) {
  const seen: string[] = [];
  let before: string | undefined;
  for (let page = 0; ; page++) {
    const result = await listTimeline(db, customerId, { before, limit: 25, channels });
    seen.push(...result.events.map((e) => e.id));
    if (!result.nextCursor) return { seen, pages: page + 1 };
    await duringEachPage?.(page);
    before = result.nextCursor;
  }
}

describe('listTimeline', () => {
  it('pages newest first through every event once', async () => {
    const { seen, pages } = await readAll();
    expect(seen).toHaveLength(300);
    expect(new Set(seen).size).toBe(300);
    expect(pages).toBe(12);
    const rows = await db.models.TimelineEvent.findAll({ where: { id: seen } });
    const time = new Map(rows.map((r) => [r.id, r.occurredAt.getTime()]));
    const times = seen.map((id) => time.get(id)!);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('filters by channel across pages', async () => {
    const { seen } = await readAll(['voice']);
    expect(seen).toHaveLength(150);
    const rows = await db.models.TimelineEvent.findAll({ where: { id: seen } });
    expect(rows.every((r) => r.channel === 'voice')).toBe(true);
  });

  it('has no duplicates and no gaps while new events are inserted between pages', async () => {
    const existing = new Set((await db.models.TimelineEvent.findAll({ where: { customerId }, attributes: ['id'] })).map((r) => r.id));
    let inserted = 0;
    const { seen } = await readAll(undefined, async (page) => {
      // New events at the top (newest) and inside the part already read, as a live feed would add.
      await ingest([
        makeEvent({ identities, occurredAt: at(10_000 + page), sourceEventId: `live-top-${page}` }),
        makeEvent({ identities, occurredAt: at(95 - page), sourceEventId: `live-middle-${page}` }),
      ]);
      inserted += 2;
    });
    expect(inserted).toBeGreaterThan(0);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of existing) expect(seen).toContain(id);
  });
});
