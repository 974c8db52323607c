import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_WEBHOOK_SECRET_PREVIOUS, type TestServer } from '../testing/server';
import { makeEvent } from '../testing/factories';
import { postSigned } from '../testing/http';
import { signBody } from './signature';

let server: TestServer;
let url: string;
beforeAll(async () => {
  server = await startTestServer();
  url = `${server.integrationUrl}/api/v1/events`;
});
afterAll(() => server.close());

const eventCount = () => server.db.models.TimelineEvent.count();

describe('POST /api/v1/events', () => {
  it('stores a signed event on the customer its identities resolve to, and the same event twice once', async () => {
    const event = makeEvent({ identities: [{ kind: 'phone', value: '(212) 736-5000' }], type: 'survey.nps', channel: 'email', data: { score: 3 } });
    const first = await postSigned(url, { events: [event] });
    expect(first.status).toBe(200);
    const [accepted] = ((await first.json()) as { results: { status: string; eventId: string; customerId: string }[] }).results;
    expect(accepted).toMatchObject({ index: 0, status: 'accepted' });

    const again = await postSigned(url, { events: [event] });
    expect(((await again.json()) as { results: unknown[] }).results).toEqual([
      { index: 0, status: 'duplicate', eventId: accepted!.eventId, customerId: accepted!.customerId },
    ]);
    const stored = await server.db.models.TimelineEvent.findAll({ where: { sourceEventId: event.sourceEventId } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.customerId).toBe(accepted!.customerId);
  });

  it('answers per item, with the path and reason of the bad field', async () => {
    const res = await postSigned(url, { events: [makeEvent(), { ...makeEvent(), occurredAt: 'yesterday' }] });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: { status: string; error?: { path: string } }[] };
    expect(results[0]!.status).toBe('accepted');
    expect(results[1]).toMatchObject({ status: 'rejected', error: { path: 'occurredAt' } });
  });

  it("rejects an event under Cue's own source, whose keys would block Cue's own writes", async () => {
    const res = await postSigned(url, { events: [makeEvent({ source: 'CUE', sourceEventId: 'interaction:1:outcome' })] });
    const { results } = (await res.json()) as { results: { status: string; error?: { path: string; message: string } }[] };
    expect(results[0]).toMatchObject({ status: 'rejected', error: { path: 'source', message: '"cue" is reserved for Cue\'s own events' } });
    expect(await server.db.models.TimelineEvent.count({ where: { sourceEventId: 'interaction:1:outcome' } })).toBe(0);
  });

  it('refuses a NUL character anywhere with 400 naming the field, and stores nothing', async () => {
    const before = await eventCount();
    const res = await postSigned(url, { events: [makeEvent(), makeEvent({ data: { note: { lines: ['fine', 'bad\u0000text'] } } })] });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_request', field: 'events.1.data.note.lines.1' } });
    expect(await eventCount()).toBe(before);
  });

  it('accepts a signature made with the previous secret during rotation', async () => {
    const res = await postSigned(url, { events: [makeEvent()] }, TEST_WEBHOOK_SECRET_PREVIOUS);
    expect(res.status).toBe(200);
  });

  it.each([
    ['a wrong secret', () => postSigned(url, { events: [makeEvent()] }, 'whsec_wrong_0123456789abcdef0123456789abcd')],
    ['a stale timestamp', () => postSigned(url, { events: [makeEvent()] }, undefined, Math.floor(Date.now() / 1000) - 301)],
    ['no signature', () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: [makeEvent()] }) })],
  ])('answers 401 without detail and stores nothing for %s', async (_name, send) => {
    const before = await eventCount();
    const res = await send();
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'invalid signature' } });
    expect(await eventCount()).toBe(before);
  });

  it('answers 401 for a body changed after signing', async () => {
    const body = JSON.stringify({ events: [makeEvent()] });
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cue-signature': signBody(body, 'whsec_test_0123456789abcdef0123456789abcdef') },
      body: body.replace('call.inbound', 'call.outbound'),
    });
    expect(res.status).toBe(401);
  });

  it('answers 400 for malformed JSON and for a batch that is not one', async () => {
    const malformed = await postSigned(url, '{"events": [');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { message: string } }).error.message).toMatch(/JSON/);
    const empty = await postSigned(url, { events: [] });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error: { code: 'invalid_request', field: 'events' } });
  });

  it('answers 400 naming the field for more than 1,000 events, and 413 for a body over the limit', async () => {
    const before = await eventCount();
    const tooMany = await postSigned(url, { events: Array.from({ length: 1001 }, () => makeEvent()) });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject({ error: { field: 'events' } });
    const huge = await postSigned(url, { events: [makeEvent({ summary: 'x'.repeat(9 * 1024 * 1024) })] });
    expect(huge.status).toBe(413);
    expect(await eventCount()).toBe(before);
  });
});
