import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogOutreachResponse, WorklistPage } from '../../shared/retention';
import type { TimelineEvent } from '../../shared/timeline';
import { createUser } from '../auth/users';
import { loadDefaultChurnModel } from '../risk/model';
import { ingestEvents } from '../timeline/ingest';
import { makeEvent } from '../testing/factories';
import { loginAs, postSigned } from '../testing/http';
import { startTestServer, type TestServer } from '../testing/server';
import { monthlyValueOf, RetentionWorklist } from './worklist';

let server: TestServer;
const tokens: Record<'ann' | 'sue' | 'rita', string> = { ann: '', sue: '', rita: '' };
const customers: Record<'pricey' | 'cheaper' | 'loyal' | 'onCall' | 'noValue', string> = { pricey: '', cheaper: '', loyal: '', onCall: '', noValue: '' };

/** A telco profile the shipped model scores at about 0.81: month-to-month, two months in, fibre, no extras. */
const RISKY = {
  gender: 'Female', SeniorCitizen: 0, Partner: 'No', Dependents: 'No', tenure: 2, PhoneService: 'Yes', MultipleLines: 'No',
  InternetService: 'Fiber optic', OnlineSecurity: 'No', OnlineBackup: 'No', DeviceProtection: 'No', TechSupport: 'No',
  StreamingTV: 'Yes', StreamingMovies: 'Yes', Contract: 'Month-to-month', PaperlessBilling: 'Yes', PaymentMethod: 'Electronic check',
  MonthlyCharges: 95.5, TotalCharges: 190.1,
};
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

async function addCustomer(phone: string, name: string, attributes: Record<string, string | number>, history: { type: 'complaint.opened' | 'survey.nps' | 'billing.dispute_opened'; data: Record<string, unknown> }[] = []) {
  const identities = [{ kind: 'phone' as const, value: phone }];
  const [first] = await ingestEvents(server.db, [makeEvent({ identities, profile: { name, attributes }, type: 'account.note', occurredAt: daysAgo(40) })], { defaultPhoneRegion: 'US' });
  await ingestEvents(server.db, history.map((h) => makeEvent({ identities, type: h.type, data: h.data, occurredAt: daysAgo(5) })), { defaultPhoneRegion: 'US' });
  return first!.customerId!;
}

const get = (path: string, token?: string) => fetch(`${server.url}/api/v1${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const post = (path: string, token: string, body: unknown) =>
  fetch(`${server.url}/api/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeEach(async () => {
  server = await startTestServer();
  const password = 'correct horse battery';
  for (const [key, name, role] of [['ann', 'Ann Agent', 'agent'], ['sue', 'Sue Supervisor', 'supervisor'], ['rita', 'Rita Retention', 'retention']] as const) {
    await createUser(server.db, { email: `${key}@example.com`, name, role, password, queues: ['support'] });
    tokens[key] = await loginAs(server.url, `${key}@example.com`, password);
  }
  customers.pricey = await addCustomer('+1 646 555 0130', 'Paula Pricey', RISKY);
  customers.cheaper = await addCustomer('+1 646 555 0131', 'Carl Cheaper', { ...RISKY, MonthlyCharges: 70.2, TotalCharges: 140.4 });
  customers.loyal = await addCustomer('+1 646 555 0132', 'Lou Loyal', { ...RISKY, tenure: 60, Contract: 'Two year', PaymentMethod: 'Credit card (automatic)', TotalCharges: 5000, OnlineSecurity: 'Yes', TechSupport: 'Yes' });
  customers.onCall = await addCustomer('+1 646 555 0133', 'Olga OnCall', RISKY);
  // No charges in the profile (an average customer's baseline), pushed into high by what happened lately.
  const { MonthlyCharges: _m, TotalCharges: _t, ...withoutCharges } = RISKY;
  customers.noValue = await addCustomer('+1 646 555 0134', 'Nora NoValue', withoutCharges, [
    { type: 'complaint.opened', data: { complaintId: 'c-1' } },
    { type: 'survey.nps', data: { score: 1 } },
    { type: 'billing.dispute_opened', data: { disputeId: 'd-1' } },
  ]);
  // Olga is waiting in the queue right now: a live contact, so not one to call.
  const started = await postSigned(`${server.integrationUrl}/api/v1/interactions`, { externalId: 'olga-call', channel: 'voice', queue: 'support', from: { kind: 'phone', value: '+1 646 555 0133' } });
  expect(started.status).toBe(201);
});
afterEach(async () => {
  await server.close();
});

describe('the high-risk worklist', () => {
  it('ranks high-risk customers with no live contact by risk × annual value', async () => {
    const res = await get('/retention/worklist', tokens.rita);
    expect(res.status).toBe(200);
    const page = (await res.json()) as WorklistPage;
    const ids = page.items.map((item) => item.customer.id);
    expect(ids).not.toContain(customers.loyal);
    expect(ids).not.toContain(customers.onCall);
    expect(new Set(ids)).toEqual(new Set([customers.pricey, customers.cheaper, customers.noValue]));
    expect(page.total).toBe(3);

    const byId = new Map(page.items.map((item) => [item.customer.id, item]));
    const pricey = byId.get(customers.pricey)!;
    const cheaper = byId.get(customers.cheaper)!;
    // About the same risk, a bigger bill: Paula first.
    expect(Math.abs(pricey.risk.score - cheaper.risk.score)).toBeLessThan(0.05);
    expect(ids.indexOf(customers.pricey)).toBeLessThan(ids.indexOf(customers.cheaper));
    expect(pricey).toMatchObject({ customer: { name: 'Paula Pricey' }, risk: { level: 'high' }, value: { monthly: 95.5, annual: 1146, basis: 'MonthlyCharges' }, lastOutreach: null });
    expect(pricey.priority).toBeCloseTo(pricey.risk.score * 1146, 1);
    expect(pricey.risk.reasons.length).toBeGreaterThan(0);
    expect(pricey.risk.reasons.length).toBeLessThanOrEqual(3);
    const noValue = byId.get(customers.noValue)!;
    expect(noValue.value).toMatchObject({ monthly: null, basis: 'median' });
    expect([70.2 * 12, 95.5 * 12].map((n) => Math.round(n))).toContain(Math.round(noValue.value.annual));
    expect(noValue.risk.reasons.map((r) => r.code)).toContain('complaint_open');
    const priorities = page.items.map((item) => item.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));

    const second = (await (await get('/retention/worklist?page=2&limit=2', tokens.sue)).json()) as WorklistPage;
    expect(second).toMatchObject({ page: 2, limit: 2, total: 3 });
    expect(second.items.map((item) => item.customer.id)).toEqual(ids.slice(2));
  });

  it('serves the retention desk and supervisors only, and names a bad parameter', async () => {
    expect((await get('/retention/worklist')).status).toBe(401);
    expect((await get('/retention/worklist', tokens.ann)).status).toBe(403);
    const bad = await get('/retention/worklist?limit=1000', tokens.rita);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_request', field: 'limit' } });
    expect((await get('/retention/worklist?page=0', tokens.rita)).status).toBe(400);
  });
});

describe('logging outreach', () => {
  it('lands on the timeline once per request and takes the customer off the list for a while', async () => {
    const body = { customerId: customers.pricey, outcome: 'reached_saved', offer: '3 months at half price', note: 'Happy to stay.', clientRequestId: 'outreach-0001' };
    const first = await post('/retention/outreach', tokens.rita, body);
    expect(first.status).toBe(201);
    const logged = (await first.json()) as LogOutreachResponse;
    expect(logged).toMatchObject({ duplicate: false, event: { customerId: customers.pricey, type: 'retention.outreach', channel: 'voice' } });
    expect(logged.event.data).toMatchObject({ outcome: 'reached_saved', offer: '3 months at half price', note: 'Happy to stay.', agentName: 'Rita Retention' });
    expect(logged.event.summary).toBe('Retention outreach by Rita Retention: reached, stays, offer: 3 months at half price. Happy to stay.');
    const retry = await post('/retention/outreach', tokens.rita, body);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ ...logged, duplicate: true });
    expect(await server.db.models.TimelineEvent.count({ where: { customerId: customers.pricey, type: 'retention.outreach' } })).toBe(1);
    const timeline = (await (await get(`/customers/${customers.pricey}/timeline?limit=1`, tokens.rita)).json()) as { events: TimelineEvent[] };
    expect(timeline.events[0]!.id).toBe(logged.event.id);

    const page = (await (await get('/retention/worklist', tokens.rita)).json()) as WorklistPage;
    expect(page.items.map((item) => item.customer.id)).not.toContain(customers.pricey);

    // No answer keeps a customer off for a day, then they are back with the attempt shown.
    expect((await post('/retention/outreach', tokens.rita, { customerId: customers.cheaper, outcome: 'no_answer', channel: 'voice', clientRequestId: 'outreach-0002' })).status).toBe(201);
    const worklist = new RetentionWorklist(server.db, loadDefaultChurnModel());
    expect((await worklist.page({ page: 1, limit: 10 })).items.map((item) => item.customer.id)).not.toContain(customers.cheaper);
    const tomorrow = await worklist.page({ page: 1, limit: 10 }, new Date(Date.now() + 2 * 86_400_000));
    expect(tomorrow.items.find((item) => item.customer.id === customers.cheaper)?.lastOutreach).toMatchObject({ outcome: 'no_answer' });
    expect(tomorrow.items.map((item) => item.customer.id)).not.toContain(customers.pricey);
  });

  it('refuses bad input naming the field, other roles, and unknown customers, storing nothing', async () => {
    const valid = { customerId: customers.pricey, outcome: 'left_message', clientRequestId: 'outreach-0003' };
    for (const [patch, field] of [
      [{ outcome: 'maybe' }, 'outcome'],
      [{ customerId: 'x' }, 'customerId'],
      [{ channel: 'pigeon' }, 'channel'],
      [{ offer: 'x'.repeat(301) }, 'offer'],
      [{ clientRequestId: 'short' }, 'clientRequestId'],
    ] as const) {
      const res = await post('/retention/outreach', tokens.rita, { ...valid, ...patch });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'invalid_request', field } });
    }
    const malformed = await fetch(`${server.url}/api/v1/retention/outreach`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.rita}`, 'content-type': 'application/json' },
      body: '{"customerId":',
    });
    expect(malformed.status).toBe(400);
    expect((await post('/retention/outreach', tokens.rita, { ...valid, customerId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    expect((await post('/retention/outreach', tokens.ann, valid)).status).toBe(403);
    expect((await post('/retention/outreach', tokens.sue, valid)).status).toBe(403);
    expect(await server.db.models.TimelineEvent.count({ where: { type: 'retention.outreach' } })).toBe(0);
  });
});

describe('monthlyValueOf', () => {
  it('reads monthly revenue from the usual profile names, or lifetime over tenure', () => {
    expect(monthlyValueOf({ MonthlyCharges: '89.10' })).toEqual({ monthly: 89.1, basis: 'MonthlyCharges' });
    expect(monthlyValueOf({ mrr: 120 })).toEqual({ monthly: 120, basis: 'mrr' });
    expect(monthlyValueOf({ TotalCharges: 1200, tenure: 24 })).toEqual({ monthly: 50, basis: 'TotalCharges / tenure' });
    expect(monthlyValueOf({ TotalCharges: ' ', tenure: 0, plan: 'gold' })).toEqual({ monthly: null, basis: 'median' });
  });
});
