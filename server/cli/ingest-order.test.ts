import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { makeEvent } from '../testing/factories';
import { ingestEvents } from '../timeline/ingest';

// The bulk import leans on ingestEvents yielding while it validates a large batch; these
// check that calls made together still take effect in the order they were made.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

const ingest = (events: unknown[]) => ingestEvents(db, events, { defaultPhoneRegion: 'US' });

describe('concurrent ingestEvents calls', () => {
  it('store the earlier call’s copy of an event, even when a small batch follows a large one', async () => {
    const big = Array.from({ length: 300 }, (_, i) => makeEvent({ source: 'order', sourceEventId: `big-${i}` }));
    const shared = makeEvent({ source: 'order', sourceEventId: 'shared', summary: 'from the first call' });
    const [first, second] = await Promise.all([ingest([...big, shared]), ingest([{ ...shared, summary: 'from the second call' }])]);
    expect(first!.at(-1)!.status).toBe('accepted');
    expect(second![0]).toMatchObject({ status: 'duplicate', eventId: first!.at(-1)!.eventId });
    const stored = await db.models.TimelineEvent.findOne({ where: { source: 'order', sourceEventId: 'shared' } });
    expect(stored!.summary).toBe('from the first call');
  });

  it('let the later call’s profile win', async () => {
    const identities = [{ kind: 'account' as const, value: 'ORDER-PROFILE' }];
    const big = Array.from({ length: 200 }, () => makeEvent({ identities }));
    await Promise.all([
      ingest([...big, makeEvent({ identities, profile: { name: 'Old Name' } })]),
      ingest([makeEvent({ identities, profile: { name: 'New Name' } })]),
    ]);
    const owner = await db.models.Identity.findOne({ where: { kind: 'account', value: 'ORDER-PROFILE' } });
    expect((await db.models.Customer.findByPk(owner!.customerId))!.name).toBe('New Name');
  });
});
