import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InteractionInsight, ScreenPop } from '../../shared/interactions';
import type { CatalogAction, NbaMetricsResponse, RankedAction } from '../../shared/nba';
import type { Ack } from '../../shared/realtime';
import { createUser } from '../auth/users';
import { ingestEvents } from '../timeline/ingest';
import { makeEvent } from '../testing/factories';
import { loginAs, postSigned } from '../testing/http';
import { startOnSameDatabase, startTestServer, type TestServer } from '../testing/server';
import { collect, connectAgent, disconnectAll, eventually, type AgentClient } from '../testing/sockets';
import { NextBestActions } from './next-best-actions';

let server: TestServer;
let agentToken: string;
let otherAgentToken: string;
let supervisorToken: string;
const password = 'correct horse battery';

// A loyal two-year DSL customer: nothing calls for a retention offer until they say they are leaving.
const LOYAL = {
  gender: 'Male', SeniorCitizen: 0, Partner: 'Yes', Dependents: 'Yes', tenure: 60, PhoneService: 'Yes', MultipleLines: 'No',
  InternetService: 'DSL', OnlineSecurity: 'No', OnlineBackup: 'Yes', DeviceProtection: 'Yes', TechSupport: 'Yes',
  StreamingTV: 'No', StreamingMovies: 'No', Contract: 'Two year', PaperlessBilling: 'No', PaymentMethod: 'Bank transfer (automatic)',
  MonthlyCharges: 60.5, TotalCharges: 3630,
};

beforeEach(async () => {
  server = await startTestServer({ env: { NBA_HOLDOUT_SHARE: '0' } });
  await createUser(server.db, { email: 'ann@example.com', name: 'Ann Agent', role: 'agent', password, queues: ['support'] });
  await createUser(server.db, { email: 'bob@example.com', name: 'Bob Agent', role: 'agent', password, queues: ['billing'] });
  await createUser(server.db, { email: 'sue@example.com', name: 'Sue Supervisor', role: 'supervisor', password, queues: ['support'] });
  agentToken = await loginAs(server.url, 'ann@example.com', password);
  otherAgentToken = await loginAs(server.url, 'bob@example.com', password);
  supervisorToken = await loginAs(server.url, 'sue@example.com', password);
});
afterEach(async () => {
  disconnectAll();
  await server.close();
});

function emit<T extends object>(socket: AgentClient, event: string, payload: unknown): Promise<Ack<T>> {
  return (socket.emitWithAck as (event: string, payload: unknown) => Promise<Ack<T>>)(event, payload);
}

async function callFromLoyalCustomer(phone = '+1 646 555 0199', on: TestServer = server) {
  await ingestEvents(server.db, [makeEvent({ identities: [{ kind: 'phone', value: phone }], profile: { name: 'Lee Loyal', attributes: LOYAL } })], {
    defaultPhoneRegion: 'US',
  });
  const agent = await connectAgent(on.url, agentToken);
  const pops = collect<ScreenPop>(agent, 'interaction:assigned');
  const insights = collect<InteractionInsight>(agent, 'interaction:insight');
  expect(await emit(agent, 'agent:status', { status: 'available' })).toMatchObject({ ok: true });
  const res = await postSigned(`${on.integrationUrl}/api/v1/interactions`, { externalId: `call-${Date.now()}`, channel: 'voice', queue: 'support', from: { kind: 'phone', value: phone } });
  const { interactionId, customerId } = (await res.json()) as { interactionId: string; customerId: string };
  await eventually(() => pops.length === 1);
  expect(await emit(agent, 'interaction:accept', { interactionId })).toMatchObject({ ok: true });
  return { agent, pop: pops[0]!, insights, interactionId, customerId };
}

/** A second application over the same database, as after a restart: it knows only what it reads back at start. */
const say = (interactionId: string, seq: number, text: string) =>
  postSigned(`${server.integrationUrl}/api/v1/interactions/${interactionId}/utterances`, { speaker: 'customer', text, seq });

/** Impressions are written after the screen pop goes out: wait for them. */
async function settled<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let tries = 0; tries < 200; tries++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition not met in time');
}

const timelineTypes = async (customerId: string) =>
  (await server.db.models.TimelineEvent.findAll({ where: { customerId }, order: [['occurredAt', 'ASC']] })).map((e) => e.type).filter((t) => t.startsWith('nba.'));

describe('next-best-actions in the live loop', () => {
  it('pops three explained actions, re-ranks toward retention on a cancel intent, and logs impressions once', async () => {
    const { agent, pop, insights, interactionId, customerId } = await callFromLoyalCustomer();
    expect(pop.actions).toHaveLength(3);
    expect(pop.insight.actions).toEqual(pop.actions);
    for (const action of pop.actions) {
      expect(action.script.length).toBeGreaterThan(10);
      expect(action.why.length).toBeGreaterThan(5);
      expect(action.factors.priority).toBeGreaterThan(0);
      expect(action.response).toBeNull();
    }
    expect(pop.actions.some((a) => a.category === 'retention')).toBe(false);
    expect(await settled(() => timelineTypes(customerId), (types) => types.length >= 3)).toEqual(['nba.offered', 'nba.offered', 'nba.offered']);

    await say(interactionId, 1, 'Hi, thanks for picking up. I have a quick question about my plan.');
    await eventually(() => insights.length === 1);
    // Nothing changed the picture: the list is not sent again.
    expect(insights[0]!.actions).toBeNull();

    await say(interactionId, 2, 'Honestly, I want to cancel my service. Verizon offered me a better deal.');
    await eventually(() => insights.length === 2);
    const reranked = insights[1]!.actions!;
    expect(reranked).not.toBeNull();
    expect(reranked[0]!.category).toBe('retention');
    expect(reranked[0]!.why).toMatch(/cancel|Verizon/i);
    const shown = new Set([...pop.actions, ...reranked].map((a) => a.actionId)).size;
    const offered = await settled(() => server.db.models.NbaOffer.count({ where: { interactionId } }), (n) => n >= shown);
    expect(offered).toBe(shown);
    expect((await settled(() => timelineTypes(customerId), (types) => types.length >= shown)).length).toBe(offered);

    // A console that lost its pushes (a reload mid-call) gets the whole current list back on resync.
    const resync = await emit<{ insight: InteractionInsight }>(agent, 'interaction:resync', { interactionId, afterSeq: 2 });
    expect(resync.ok && resync.insight.actions!.map((a) => a.actionId)).toEqual(reranked.map((a) => a.actionId));
  });

  it('records accept and decline once each, replaces a declined action, and the outcome at wrap-up', async () => {
    const { agent, insights, interactionId, customerId } = await callFromLoyalCustomer();
    await say(interactionId, 1, 'I want to cancel, Verizon is cheaper.');
    await eventually(() => insights.length === 1);
    const [first, second] = insights[0]!.actions!;

    const badDecline = await emit(agent, 'action:respond', { interactionId, actionId: first!.actionId, response: 'declined', clientRequestId: 'decline-0001' });
    expect(badDecline).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/^reason/) } });

    const declined = await emit<{ action: RankedAction }>(agent, 'action:respond', {
      interactionId, actionId: first!.actionId, response: 'declined', reason: 'too_expensive', clientRequestId: 'decline-0001',
    });
    expect(declined).toMatchObject({ ok: true, action: { actionId: first!.actionId, response: 'declined', declineReason: 'too_expensive' } });
    // The retry of the same request gets the same answer; a different answer to the same offer is refused.
    expect(await emit(agent, 'action:respond', { interactionId, actionId: first!.actionId, response: 'declined', reason: 'too_expensive', clientRequestId: 'decline-0001' })).toMatchObject({ ok: true });
    expect(await emit(agent, 'action:respond', { interactionId, actionId: first!.actionId, response: 'accepted', clientRequestId: 'accept-00001' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await eventually(() => insights.length === 2);
    expect(insights[1]!.actions!.map((a) => a.actionId)).not.toContain(first!.actionId);
    // The next best takes its place (possibly another play of the same group, now free).
    expect(insights[1]!.actions!.map((a) => a.actionId)).toContain(second!.actionId);
    expect(insights[1]!.actions).toHaveLength(3);

    expect(await emit(agent, 'action:respond', { interactionId, actionId: second!.actionId, response: 'accepted', clientRequestId: 'accept-00002' })).toMatchObject({ ok: true });
    await postSigned(`${server.integrationUrl}/api/v1/interactions/${interactionId}/end`, {});
    expect(await emit(agent, 'interaction:wrapup', { interactionId, disposition: 'retention_saved', saved: true, clientRequestId: 'wrap-000001' })).toMatchObject({ ok: true });

    const events = await server.db.models.TimelineEvent.findAll({ where: { customerId } });
    const declinedEvent = events.filter((e) => e.type === 'nba.declined');
    expect(declinedEvent).toHaveLength(1);
    expect(declinedEvent[0]!.summary).toBe(`Offered ${first!.title} — declined: too expensive`);
    expect(events.filter((e) => e.type === 'nba.accepted')).toHaveLength(1);
    const outcome = events.filter((e) => e.type === 'nba.outcome');
    expect(outcome).toHaveLength(1);
    expect(outcome[0]!.data).toMatchObject({ actionId: second!.actionId, outcome: second!.category === 'retention' ? 'saved' : 'worked' });
  });

  it('lets an agent answer only for actions shown on their own interaction', async () => {
    const { pop, interactionId } = await callFromLoyalCustomer();
    const other = await connectAgent(server.url, otherAgentToken);
    const action = pop.actions[0]!;
    expect(await emit(other, 'action:respond', { interactionId, actionId: action.actionId, response: 'accepted', clientRequestId: 'steal-000001' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const notShown = (await server.db.models.NbaAction.findAll()).find((a) => !pop.actions.some((p) => p.actionId === a.id))!;
    const ann = await connectAgent(server.url, agentToken);
    expect(await emit(ann, 'action:respond', { interactionId, actionId: notShown.id, response: 'accepted', clientRequestId: 'unseen-00001' })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: expect.stringMatching(/^actionId/) },
    });
    expect(await emit(ann, 'action:respond', { interactionId, actionId: 'not-a-uuid', response: 'accepted', clientRequestId: 'bad-0000001' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', message: expect.stringMatching(/^actionId/) },
    });
    expect(await server.db.models.NbaOffer.count({ where: { response: 'accepted' } })).toBe(0);
  });

  it('learns from the logged responses and keeps what it learned across a restart', async () => {
    const { agent, pop, interactionId } = await callFromLoyalCustomer();
    for (const [i, action] of pop.actions.entries()) {
      expect(action.factors.evidence).toBe(0);
      expect(await emit(agent, 'action:respond', { interactionId, actionId: action.actionId, response: 'accepted', clientRequestId: `accept-000${i}a` })).toMatchObject({ ok: true });
    }
    const accepted = new Set(pop.actions.map((a) => a.actionId));
    await postSigned(`${server.integrationUrl}/api/v1/interactions/${interactionId}/end`, {});
    expect(await emit(agent, 'interaction:wrapup', { interactionId, disposition: 'information_only', clientRequestId: 'wrap-00000a' })).toMatchObject({ ok: true });
    agent.disconnect();

    // A second server on the same database learns only from what it reads back at start.
    const restarted = await startOnSameDatabase(server);
    try {
      // Another loyal customer, so the same segment, and one the first customer's contact policy does not touch.
      const second = await callFromLoyalCustomer('+1 646 555 0142', restarted);
      const evidence = new Map(second.pop.actions.map((a) => [a.actionId, a.factors.evidence]));
      // Three acceptances lift those actions' propensity: at least one of them is ranked again, and shows it.
      expect([...evidence.keys()].some((id) => accepted.has(id))).toBe(true);
      for (const [actionId, n] of evidence) expect(n).toBe(accepted.has(actionId) ? 1 : 0);
      for (const action of second.pop.actions.filter((a) => accepted.has(a.actionId))) expect(action.factors.propensity).toBeGreaterThan(0.5);
    } finally {
      await restarted.close();
    }
  });

  it('records an action once per interaction when its state is reloaded while the impression is still queued', async () => {
    // A queued call: no agent is available, so nothing ranks it but this test's service.
    await ingestEvents(server.db, [makeEvent({ identities: [{ kind: 'phone', value: '+1 646 555 0177' }], profile: { name: 'Lee Loyal', attributes: LOYAL } })], {
      defaultPhoneRegion: 'US',
    });
    const res = await postSigned(`${server.integrationUrl}/api/v1/interactions`, { externalId: 'call-race', channel: 'voice', queue: 'support', from: { kind: 'phone', value: '+1 646 555 0177' } });
    const { interactionId, customerId } = (await res.json()) as { interactionId: string; customerId: string };
    const interaction = { id: interactionId, customerId, channel: 'voice' as const, fromKind: 'phone' as const, fromValue: '+16465550177' };
    const moment = { channel: 'voice' as const, risk: null, intents: [], sentiment: null, codeTexts: new Map<string, string>() };
    // Each draw is the posterior mean, so both rankings pick the same actions.
    const nba = new NextBestActions({ db: server.db, holdoutShare: 0, draw: (alpha, beta) => alpha / (alpha + beta) });
    await nba.start();

    // Hold the one writer, so the first ranking's impressions wait in its queue, as under load.
    let release!: () => void;
    const writerHeld = server.db.write(() => new Promise<void>((resolve) => (release = resolve)));
    const first = await nba.rank(interaction, moment);
    nba.forget(interactionId);
    // The state is loaded again while those impressions are not yet stored: the same actions look new.
    const second = await nba.rank(interaction, moment);
    expect(second.actions.map((a) => a.actionId)).toEqual(first.actions.map((a) => a.actionId));
    release();
    await writerHeld;

    const [firstEvents, secondEvents] = await Promise.all([first.recorded, second.recorded]);
    expect(firstEvents).toHaveLength(3);
    expect(secondEvents).toEqual([]);
    const offers = await server.db.models.NbaOffer.findAll({ where: { interactionId } });
    expect(offers.map((o) => o.id).sort()).toEqual(first.actions.map((a) => a.offerId).sort());
    expect(await timelineTypes(customerId)).toEqual(['nba.offered', 'nba.offered', 'nba.offered']);
  });
});

describe('the action catalog API', () => {
  const api = (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${server.url}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });
  const play = {
    key: 'test-play',
    title: 'A test play',
    category: 'service',
    script: 'Say something useful to the customer.',
    channels: ['voice'],
    eligibility: { all: [{ fact: 'risk.level', op: 'in', value: ['high'] }] },
    value: 100,
    cost: 10,
    group: 'test',
  };

  it('lists the seeded catalog to supervisors and refuses agents', async () => {
    expect((await api('/actions', agentToken)).status).toBe(403);
    expect((await fetch(`${server.url}/api/v1/actions`)).status).toBe(401);
    const res = await api('/actions', supervisorToken);
    expect(res.status).toBe(200);
    const { actions } = (await res.json()) as { actions: CatalogAction[] };
    expect(actions.length).toBeGreaterThanOrEqual(20);
    expect(new Set(actions.map((a) => a.category))).toEqual(new Set(['retention', 'service', 'sales', 'education']));
  });

  it('creates and updates actions, refusing a bad rule with the field named and storing nothing', async () => {
    const before = await server.db.models.NbaAction.count();
    const bad = await api('/actions', supervisorToken, { method: 'POST', body: JSON.stringify({ ...play, eligibility: { all: [{ fact: 'services', op: 'gt', value: 2 }] } }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { field: 'eligibility.all.0.op' } });
    const unknownFact = await api('/actions', supervisorToken, { method: 'POST', body: JSON.stringify({ ...play, eligibility: { fact: 'eval', op: 'eq', value: 'x' } }) });
    expect(unknownFact.status).toBe(400);
    expect(await server.db.models.NbaAction.count()).toBe(before);

    const created = await api('/actions', supervisorToken, { method: 'POST', body: JSON.stringify(play) });
    expect(created.status).toBe(201);
    const { action } = (await created.json()) as { action: CatalogAction };
    expect(action).toMatchObject({ key: 'test-play', lever: 1, active: true, maxPerCustomer30d: 3 });
    expect((await api('/actions', supervisorToken, { method: 'POST', body: JSON.stringify(play) })).status).toBe(409);

    const patched = await api(`/actions/${action.id}`, supervisorToken, { method: 'PATCH', body: JSON.stringify({ lever: 2.5, active: false }) });
    expect(await patched.json()).toMatchObject({ action: { lever: 2.5, active: false, title: 'A test play' } });
    expect((await api(`/actions/${action.id}`, supervisorToken, { method: 'PATCH', body: JSON.stringify({ key: 'renamed' }) })).status).toBe(400);
    expect((await api(`/actions/${action.id}`, agentToken, { method: 'PATCH', body: JSON.stringify({ lever: 3 }) })).status).toBe(403);
    expect((await api('/actions/00000000-0000-4000-8000-000000000000', supervisorToken, { method: 'PATCH', body: JSON.stringify({ lever: 3 }) })).status).toBe(404);
  });

  it('reports acceptance for the learned ranking against the holdout', async () => {
    const { agent, pop, interactionId } = await callFromLoyalCustomer();
    expect(await emit(agent, 'action:respond', { interactionId, actionId: pop.actions[0]!.actionId, response: 'accepted', clientRequestId: 'accept-0000m' })).toMatchObject({ ok: true });
    const res = await api('/metrics/nba', supervisorToken);
    expect(res.status).toBe(200);
    const metrics = (await res.json()) as NbaMetricsResponse;
    expect(metrics.overall.learned.offers).toBe(3);
    expect(metrics.overall.learned.acceptance).toMatchObject({ count: 1, of: 3 });
    expect(metrics.overall.learned.acceptance.rate).toBeCloseTo(1 / 3, 6);
    expect(metrics.overall.holdout.offers).toBe(0);
    expect(metrics.overall.acceptanceUplift.difference).toBeNull();
    expect(metrics.actions.find((a) => a.actionId === pop.actions[0]!.actionId)!.learned.acceptance.count).toBe(1);
    expect((await api('/metrics/nba?since=yesterday', supervisorToken)).status).toBe(400);
    expect((await api('/metrics/nba', agentToken)).status).toBe(403);
  });
});
