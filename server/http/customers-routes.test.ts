import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerDetail, CustomerListItem } from '../../shared/customers';
import type { TimelinePage } from '../../shared/timeline';
import { createUser } from '../auth/users';
import { ingestEvents } from '../timeline/ingest';
import { makeEvent } from '../testing/factories';
import { loginAs } from '../testing/http';
import { startTestServer, type TestServer } from '../testing/server';

let server: TestServer;
let token: string;
let customerId: string;
const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

beforeAll(async () => {
  server = await startTestServer();
  await createUser(server.db, { email: 'agent@example.com', name: 'Alex Agent', role: 'agent', password: 'correct horse battery' });
  token = await loginAs(server.url, 'agent@example.com', 'correct horse battery');
  const identities = [
    { kind: 'phone' as const, value: '+1 415 867 5309' },
    { kind: 'email' as const, value: 'jenny.tutone@example.com' },
    { kind: 'account' as const, value: '8675-JENNY' },
  ];
  const [first] = await ingestEvents(
    server.db,
    [
      makeEvent({ identities, profile: { name: 'Jenny Tutone', attributes: { Contract: 'Month-to-month' } }, occurredAt: daysAgo(40) }),
      makeEvent({ identities, type: 'call.inbound', channel: 'voice', occurredAt: daysAgo(3) }),
      makeEvent({ identities, type: 'chat.session', channel: 'chat', occurredAt: daysAgo(2) }),
      makeEvent({ identities, type: 'survey.nps', channel: 'email', data: { score: 9 }, occurredAt: daysAgo(20) }),
      makeEvent({ identities, type: 'survey.nps', channel: 'email', data: { score: 2 }, occurredAt: daysAgo(1) }),
      makeEvent({ identities, type: 'survey.csat', channel: 'sms', data: { score: 4 }, occurredAt: daysAgo(5) }),
      makeEvent({ identities, type: 'complaint.opened', channel: 'voice', data: { complaintId: 'C1' }, occurredAt: daysAgo(10) }),
      makeEvent({ identities, type: 'complaint.opened', channel: 'email', data: { complaintId: 'C2' }, occurredAt: daysAgo(9) }),
      makeEvent({ identities, type: 'complaint.resolved', channel: 'system', data: { complaintId: 'C1' }, occurredAt: daysAgo(8) }),
    ],
    { defaultPhoneRegion: 'US' },
  );
  customerId = first!.customerId!;
});
afterAll(() => server.close());

const get = (path: string, auth: Record<string, string> = { authorization: `Bearer ${token}` }) =>
  fetch(`${server.url}/api/v1${path}`, { headers: auth });

describe('console API', () => {
  it('requires a login for every read', async () => {
    for (const path of ['/customers?q=jenny', `/customers/${customerId}`, `/customers/${customerId}/timeline`, '/auth/me']) {
      expect((await get(path, {})).status).toBe(401);
      expect((await get(path, { authorization: 'Bearer not-a-token' })).status).toBe(401);
    }
  });

  it('logs in with a cookie for the console and a token for API clients, and refuses wrong passwords', async () => {
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ' Agent@Example.com', password: 'correct horse battery' }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/cue_session=.+; .*HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const me = await get('/auth/me', { cookie: cookie.split(';')[0]! });
    expect(await me.json()).toMatchObject({ user: { email: 'agent@example.com', role: 'agent' } });

    const wrong = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'agent@example.com', password: 'wrong' }),
    });
    expect(wrong.status).toBe(401);
    const invalid = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'not-an-email', password: 'x' }),
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { field: 'email' } });
  });

  it.each(['(415) 867-5309', '415.867.5309', '+14158675309', 'JENNY.TUTONE@example.com', '8675-jenny', 'jenny', 'tutone'])(
    'finds the customer by %s',
    async (q) => {
      const res = await get(`/customers?q=${encodeURIComponent(q)}`);
      const { customers } = (await res.json()) as { customers: CustomerListItem[] };
      expect(customers.map((c) => c.id)).toContain(customerId);
    },
  );

  it('rejects a search too short to mean anything', async () => {
    const res = await get('/customers?q=j');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { field: 'q' } });
  });

  it('returns the profile, identities and summary', async () => {
    const res = await get(`/customers/${customerId}`);
    const { customer } = (await res.json()) as { customer: CustomerDetail };
    expect(customer.name).toBe('Jenny Tutone');
    expect(customer.identities).toEqual(
      expect.arrayContaining([
        { kind: 'phone', value: '+14158675309' },
        { kind: 'email', value: 'jenny.tutone@example.com' },
        { kind: 'account', value: '8675-JENNY' },
      ]),
    );
    expect(customer.summary).toMatchObject({ contactsLast30Days: 2, lastNps: { score: 2 }, lastCsat: { score: 4 }, lastCes: null, openComplaints: 1 });
  });

  it('answers 404 for an unknown customer and 400 for a malformed id', async () => {
    expect((await get('/customers/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await get('/customers/not-an-id/timeline')).status).toBe(400);
  });

  it('returns the timeline newest first, filtered by channel', async () => {
    const all = (await (await get(`/customers/${customerId}/timeline`)).json()) as TimelinePage;
    expect(all.events).toHaveLength(9);
    const times = all.events.map((e) => e.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    const email = (await (await get(`/customers/${customerId}/timeline?channel=email,sms`)).json()) as TimelinePage;
    expect(new Set(email.events.map((e) => e.channel))).toEqual(new Set(['email', 'sms']));
    expect(email.events).toHaveLength(4);
    const bad = await get(`/customers/${customerId}/timeline?channel=pigeon`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { field: 'channel' } });
    expect((await get(`/customers/${customerId}/timeline?before=garbage`)).status).toBe(400);
    // Well-formed cursors made up by hand: an id that is no event's, a date no database takes.
    const handMade = (at: string, id: string) => Buffer.from(JSON.stringify([at, id])).toString('base64url');
    for (const cursor of [handMade('2026-01-01T00:00:00.000Z', 'not-an-id'), handMade('+275760-09-13T00:00:00.000Z', '0190a5b2-7c1e-7d3a-8f21-3c4d5e6f7a8b')]) {
      const res = await get(`/customers/${customerId}/timeline?before=${cursor}`);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { field: 'before' } });
    }
    expect((await get(`/customers/${customerId}/timeline?limit=0`)).status).toBe(400);
  });
});
