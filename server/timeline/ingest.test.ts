import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { ingestEvents, recordCueEvents, type CueEvent } from './ingest';
import { makeEvent } from '../testing/factories';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

const ingest = (events: unknown[]) => ingestEvents(db, events, { defaultPhoneRegion: 'US' });
const timelineOf = async (customerId: string) =>
  db.models.TimelineEvent.findAll({ where: { customerId }, order: [['occurredAt', 'DESC']] });

describe('ingestEvents', () => {
  it('creates a customer for unknown identities and files later events under any of them', async () => {
    const [first] = await ingest([makeEvent({ identities: [{ kind: 'phone', value: '(212) 736-5000' }, { kind: 'email', value: 'Ann@Example.com' }] })]);
    expect(first).toMatchObject({ status: 'accepted' });
    const [byPhone, byEmail] = await ingest([
      makeEvent({ identities: [{ kind: 'phone', value: '+1 212 736 5000' }] }),
      makeEvent({ identities: [{ kind: 'email', value: ' ann@example.COM' }] }),
    ]);
    expect(byPhone!.customerId).toBe(first!.customerId);
    expect(byEmail!.customerId).toBe(first!.customerId);
    expect(await timelineOf(first!.customerId!)).toHaveLength(3);
  });

  it('links new identities of a known customer to that customer', async () => {
    const [first] = await ingest([makeEvent({ identities: [{ kind: 'account', value: 'acc-100' }] })]);
    await ingest([makeEvent({ identities: [{ kind: 'account', value: 'ACC-100' }, { kind: 'social', value: '@annie' }] })]);
    const [bySocial] = await ingest([makeEvent({ identities: [{ kind: 'social', value: 'Annie' }] })]);
    expect(bySocial!.customerId).toBe(first!.customerId);
    const identities = await db.models.Identity.findAll({ where: { customerId: first!.customerId! } });
    expect(identities.map((i) => `${i.kind}:${i.value}`).sort()).toEqual(['account:ACC-100', 'social:annie']);
  });

  it('stores the same (source, sourceEventId) once, across and within batches', async () => {
    const event = makeEvent({ sourceEventId: 'dup-1' });
    const [first] = await ingest([event]);
    const [again, copy] = await ingest([event, { ...event, summary: 'changed' }]);
    expect(again).toMatchObject({ status: 'duplicate', eventId: first!.eventId });
    expect(copy).toMatchObject({ status: 'duplicate', eventId: first!.eventId });
    const [sameBatchA, sameBatchB] = await ingest([makeEvent({ sourceEventId: 'dup-2' }), makeEvent({ sourceEventId: 'dup-2' })]);
    expect(sameBatchA!.status).toBe('accepted');
    expect(sameBatchB).toMatchObject({ status: 'duplicate', eventId: sameBatchA!.eventId });
    expect(await db.models.TimelineEvent.count({ where: { sourceEventId: ['dup-1', 'dup-2'] } })).toBe(2);
  });

  it('never merges two customers: the event lands on the first match and both timelines record the conflict', async () => {
    const [ann] = await ingest([makeEvent({ identities: [{ kind: 'email', value: 'conflict-ann@example.com' }] })]);
    const [bob] = await ingest([makeEvent({ identities: [{ kind: 'phone', value: '+1 646 555 0142' }] })]);
    const [both] = await ingest([
      makeEvent({ identities: [{ kind: 'email', value: 'conflict-ann@example.com' }, { kind: 'phone', value: '646-555-0142' }] }),
    ]);
    expect(both!.customerId).toBe(ann!.customerId);
    const annTimeline = await timelineOf(ann!.customerId!);
    const bobTimeline = await timelineOf(bob!.customerId!);
    expect(annTimeline.map((e) => e.type)).toContain('identity.conflict');
    expect(bobTimeline.map((e) => e.type)).toContain('identity.conflict');
    const bobConflict = bobTimeline.find((e) => e.type === 'identity.conflict')!;
    expect(bobConflict.data).toMatchObject({ otherCustomerId: ann!.customerId, eventId: both!.eventId });
    // Bob keeps his phone.
    const phone = await db.models.Identity.findOne({ where: { kind: 'phone', value: '+16465550142' } });
    expect(phone!.customerId).toBe(bob!.customerId);
  });

  it('rejects bad items with the path of the bad field and stores nothing of them, keeping the good ones', async () => {
    const before = await db.models.TimelineEvent.count();
    const customersBefore = await db.models.Customer.count();
    const results = await ingest([
      makeEvent({ type: 'survey.nps', data: { score: 11 } }),
      makeEvent({ identities: [{ kind: 'phone', value: '12' }] }),
      { ...makeEvent(), channel: 'pigeon' },
      makeEvent({ type: 'survey.csat', data: { score: 4 } }),
      makeEvent({ type: 'identity.conflict' as never }),
      'not an object',
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'accepted', 'rejected', 'rejected']);
    expect(results[0]!.error).toMatchObject({ path: 'data.score' });
    expect(results[1]!.error).toEqual({ path: 'customer.identities.0.value', message: 'is not a valid phone number' });
    expect(results[2]!.error!.path).toBe('channel');
    expect(await db.models.TimelineEvent.count()).toBe(before + 1);
    expect(await db.models.Customer.count()).toBe(customersBefore + 1);
  });

  it('rejects an event with a NUL character, one by one, as the import file path does', async () => {
    const results = await ingest([makeEvent({ summary: 'fine' }), makeEvent({ data: { note: 'bad\u0000text' } })]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'rejected']);
    expect(results[1]!.error).toEqual({ path: 'data.note', message: 'must not contain a NUL character' });
  });

  it('lets a profile that is only the sender\'s word name a new customer but never change a known one', async () => {
    const identities = [{ kind: 'email' as const, value: 'word@example.com' }];
    const onlyTheirWord = { defaultPhoneRegion: 'US' as const, internal: true, profileForNewCustomersOnly: true };
    const [created] = await ingestEvents(db, [makeEvent({ identities, profile: { name: 'Wanda Word' } })], onlyTheirWord);
    await ingestEvents(db, [makeEvent({ identities, profile: { name: 'Someone Else' } })], onlyTheirWord);
    expect((await db.models.Customer.findByPk(created!.customerId!))!.name).toBe('Wanda Word');
  });

  it.each([
    ['survey.nps', 0, 10],
    ['survey.csat', 1, 5],
    ['survey.ces', 1, 7],
  ] as const)('validates %s scores on %i..%i', async (type, min, max) => {
    const results = await ingest([min - 1, min, max, max + 1, 2.5].map((score) => makeEvent({ type, data: { score } })));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'accepted', 'accepted', 'rejected', 'rejected']);
  });

  it('merges profile data into the customer, newer attributes winning', async () => {
    const identities = [{ kind: 'account' as const, value: 'PROFILE-1' }];
    const [first] = await ingest([makeEvent({ identities, profile: { name: 'Dana Scully', attributes: { contract: 'Month-to-month', tenure: 3 } } })]);
    await ingest([makeEvent({ identities, profile: { attributes: { contract: 'One year' } } })]);
    const customer = await db.models.Customer.findByPk(first!.customerId!);
    expect(customer!.name).toBe('Dana Scully');
    expect(customer!.attributes).toEqual({ contract: 'One year', tenure: 3 });
  });

  it('accepts 100 concurrent writes without a busy error', async () => {
    const batches = Array.from({ length: 100 }, (_, i) => ingest([makeEvent({ sourceEventId: `concurrent-${i}` })]));
    const results = (await Promise.all(batches)).flat();
    expect(results.every((r) => r.status === 'accepted')).toBe(true);
    expect(await db.models.TimelineEvent.count({ where: { source: 'test' , sourceEventId: results.map((_, i) => `concurrent-${i}`) } })).toBe(100);
  });
});

describe('recordCueEvents', () => {
  const cueEvent = (customerId: string, sourceEventId: string): CueEvent => ({
    source: 'cue',
    sourceEventId,
    occurredAt: '2026-03-01T10:00:00.000Z',
    channel: 'voice',
    type: 'interaction.active',
    customerId,
    summary: 'Answered by Ann',
    data: { interactionId: 'i-1', state: 'active' },
  });

  it('stores events of a known customer once, and gives back null for one already stored', async () => {
    const [known] = await ingest([makeEvent({ sourceEventId: 'cue-owner' })]);
    const customerId = known!.customerId!;
    const first = await db.write((transaction) => recordCueEvents(db, transaction, [cueEvent(customerId, 'cue-a'), cueEvent(customerId, 'cue-b')]));
    expect(first.map((event) => event?.sourceEventId)).toEqual(['cue-a', 'cue-b']);
    const again = await db.write((transaction) => recordCueEvents(db, transaction, [cueEvent(customerId, 'cue-a'), cueEvent(customerId, 'cue-c')]));
    expect(again[0]).toBeNull();
    expect(again[1]).toMatchObject({ sourceEventId: 'cue-c', customerId, type: 'interaction.active', summary: 'Answered by Ann' });

    const stored = await timelineOf(customerId);
    expect(stored.filter((event) => event.source === 'cue').map((event) => event.sourceEventId).sort()).toEqual(['cue-a', 'cue-b', 'cue-c']);
    // What comes back is what a read gives: the live loop pushes it without reading it back.
    const c = stored.find((event) => event.sourceEventId === 'cue-c')!;
    expect(again[1]).toMatchObject({ id: c.id, occurredAt: c.occurredAt.toISOString(), data: c.data });
  });
});
