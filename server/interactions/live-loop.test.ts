import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InteractionInsight, ScreenPop, Utterance } from '../../shared/interactions';
import type { Ack, AgentState, DefectionAlert } from '../../shared/realtime';
import type { TimelineEvent } from '../../shared/timeline';
import { createUser } from '../auth/users';
import { ingestEvents } from '../timeline/ingest';
import { makeEvent } from '../testing/factories';
import { loginAs, postSigned } from '../testing/http';
import { holdWriter, refuseTurnsContaining } from '../testing/database';
import { startTestServer, type TestServer } from '../testing/server';
import { collect, connectAgent, connectVisitor, disconnectAll, eventually, holdRecoveringSockets, next, type AgentClient } from '../testing/sockets';

let server: TestServer;
let agentToken: string;
let secondAgentToken: string;
let supervisorToken: string;
let retentionToken: string;
let callCounter = 0;

// A server of its own per test: queues, presence and routing state start empty each time.
beforeEach(async () => {
  server = await startTestServer({ env: { PRESENCE_GRACE_SECONDS: '1', ACCOUNT_CHECK_SECONDS: '0.2' } });
  const password = 'correct horse battery';
  await createUser(server.db, { email: 'ann@example.com', name: 'Ann Agent', role: 'agent', password, queues: ['support', 'chat'] });
  await createUser(server.db, { email: 'bob@example.com', name: 'Bob Agent', role: 'agent', password, queues: ['support', 'chat'] });
  await createUser(server.db, { email: 'sue@example.com', name: 'Sue Supervisor', role: 'supervisor', password, queues: ['support'] });
  await createUser(server.db, { email: 'rita@example.com', name: 'Rita Retention', role: 'retention', password, queues: ['retention'] });
  agentToken = await loginAs(server.url, 'ann@example.com', password);
  secondAgentToken = await loginAs(server.url, 'bob@example.com', password);
  supervisorToken = await loginAs(server.url, 'sue@example.com', password);
  retentionToken = await loginAs(server.url, 'rita@example.com', password);
});
afterEach(async () => {
  disconnectAll();
  await server.close();
});

function emit<T extends object>(socket: AgentClient, event: string, payload: unknown): Promise<Ack<T>> {
  return (socket.emitWithAck as (event: string, payload: unknown) => Promise<Ack<T>>)(event, payload);
}

/** Connects, starts listening for screen pops, then goes available (which may assign at once). */
async function goAvailable(token: string): Promise<{ socket: AgentClient; pops: ScreenPop[] }> {
  const socket = await connectAgent(server.url, token);
  const pops = collect<ScreenPop>(socket, 'interaction:assigned');
  const ack = await emit<{ state: AgentState }>(socket, 'agent:status', { status: 'available' });
  expect(ack).toMatchObject({ ok: true, state: { status: 'available' } });
  return { socket, pops };
}

async function startCall(phone = '+1 212 736 5000', queue = 'support') {
  callCounter += 1;
  const res = await postSigned(`${server.integrationUrl}/api/v1/interactions`, {
    externalId: `call-${callCounter}-${Date.now()}`,
    channel: 'voice',
    queue,
    from: { kind: 'phone', value: phone },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { interactionId: string; customerId: string };
}

async function endAndWrapUp(socket: AgentClient, interactionId: string) {
  expect(await emit(socket, 'interaction:accept', { interactionId })).toMatchObject({ ok: true });
  await end(interactionId);
  expect(await emit(socket, 'interaction:wrapup', { interactionId, disposition: 'resolved', clientRequestId: `wrap-${interactionId}` })).toMatchObject({ ok: true });
}

const startChat = (body: object) =>
  fetch(`${server.url}/api/v1/chat/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const say = (interactionId: string, body: object) => postSigned(`${server.integrationUrl}/api/v1/interactions/${interactionId}/utterances`, body);
const end = (interactionId: string) => postSigned(`${server.integrationUrl}/api/v1/interactions/${interactionId}/end`, {});

describe('the live loop', () => {
  it('refuses sockets without a valid token or from a foreign origin', async () => {
    await expect(connectAgent(server.url, undefined)).rejects.toThrow(/unauthorized/);
    await expect(connectAgent(server.url, 'forged')).rejects.toThrow(/unauthorized/);
    await expect(connectAgent(server.url, agentToken, { origin: 'https://evil.example' })).rejects.toThrow();
  });

  it('disconnects the sockets of an account removed or given another role, even ones that only listen', async () => {
    const rita = await connectAgent(server.url, retentionToken);
    const sue = await connectAgent(server.url, supervisorToken);
    const ann = await connectAgent(server.url, agentToken);
    await server.db.models.User.update({ role: 'agent' }, { where: { email: 'rita@example.com' } });
    await server.db.models.User.destroy({ where: { email: 'sue@example.com' } });
    // Within the account check (0.2 s here), which reads the accounts afresh.
    await eventually(() => !rita.connected && !sue.connected, 5_000);
    expect(ann.connected).toBe(true);
    // A handshake reads the account through the users cache (up to 2 s old): past that, refused.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await expect(connectAgent(server.url, supervisorToken)).rejects.toThrow(/unauthorized/);
    // The changed account comes back as what it is now.
    const again = await connectAgent(server.url, retentionToken);
    expect(await emit(again, 'interaction:transfer', { interactionId: '0190a5b2-7c1e-7d3a-8f21-3c4d5e6f7a8b', clientRequestId: 'take-000001' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('serves a console that falls back to long-polling (behind proxies that block WebSockets)', async () => {
    const socket = await connectAgent(server.url, agentToken, undefined, ['polling']);
    expect(await emit(socket, 'agent:status', { status: 'away' })).toMatchObject({ ok: true, state: { status: 'away' } });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('pops the screen, streams the transcript with sentiment once per seq, and logs the outcome once', async () => {
    const { socket: agent, pops } = await goAvailable(agentToken);
    const popped = eventually(() => pops.length > 0).then(() => pops[0]!);
    const { interactionId, customerId } = await startCall();
    const pop = await popped;
    expect(pop.interaction).toMatchObject({ id: interactionId, state: 'assigned', customerId });
    expect(pop.customer.id).toBe(customerId);
    expect(pop.customer.identities).toContainEqual({ kind: 'phone', value: '+12127365000' });
    expect(pop.timeline.events.map((e) => e.type)).toContain('interaction.assigned');
    // A caller with no profile gets the model's baseline for an average customer, with its version.
    expect(pop.risk).toMatchObject({ level: 'low', model: { version: expect.any(String) } });
    expect(pop.risk!.score).toBeGreaterThan(0);
    expect(pop.risk!.score).toBeLessThan(1);
    expect(pop.actions).toEqual(pop.insight.actions);

    expect(await emit(agent, 'interaction:accept', { interactionId })).toMatchObject({ ok: true, interaction: { state: 'active' } });
    const utterances = collect<Utterance>(agent, 'interaction:utterance');
    const insights = collect<InteractionInsight>(agent, 'interaction:insight');
    expect((await say(interactionId, { speaker: 'customer', text: 'Hi, my internet is down again.', seq: 1 })).status).toBe(201);
    expect((await say(interactionId, { speaker: 'agent', text: 'Sorry to hear that, let me check.', seq: 2 })).status).toBe(201);
    expect((await say(interactionId, { speaker: 'customer', text: 'This is ridiculous, the third outage this month. I hate this!', seq: 3 })).status).toBe(201);
    expect((await say(interactionId, { speaker: 'customer', text: 'This is ridiculous, the third outage this month. I hate this!', seq: 3 })).status).toBe(200);
    // Two retries of one turn at the same moment: one is stored, the other is told it is a duplicate.
    const racing = await Promise.all([1, 2].map(() => say(interactionId, { speaker: 'agent', text: 'Still checking.', seq: 4 })));
    expect(racing.map((r) => r.status).sort()).toEqual([200, 201]);
    await eventually(() => utterances.length === 4 && insights.length === 2);
    expect(utterances.map((u) => u.seq)).toEqual([1, 2, 3, 4]);
    expect(utterances[1]!.sentiment).toBeNull();
    expect(utterances[2]!.sentiment!.label).toBe('negative');
    expect(insights[1]!.sentiment.series.map((p) => p.seq)).toEqual([1, 3]);
    expect(insights[1]!.sentiment.rolling!.score).toBeLessThan(0);

    const ended = next(agent, 'interaction:ended');
    await end(interactionId);
    expect(await ended).toMatchObject({ id: interactionId, state: 'wrap_up' });

    const watcher = await connectAgent(server.url, supervisorToken);
    expect(await emit(watcher, 'customer:watch', { customerId })).toEqual({ ok: true });
    const pushed = next<TimelineEvent>(watcher, 'timeline:event', (e) => e.type === 'outcome.recorded');
    const wrapup = { interactionId, disposition: 'resolved', notes: 'Reset the router; credit applied.', clientRequestId: 'wrap-0001' };
    const first = await emit<{ eventId: string }>(agent, 'interaction:wrapup', wrapup);
    const retry = await emit<{ eventId: string }>(agent, 'interaction:wrapup', wrapup);
    expect(first).toMatchObject({ ok: true });
    expect(retry).toEqual(first);
    expect((await pushed).summary).toContain('Reset the router');
    const outcomes = await server.db.models.TimelineEvent.count({ where: { customerId, type: 'outcome.recorded' } });
    expect(outcomes).toBe(1);

    const res = await fetch(`${server.url}/api/v1/customers/${customerId}/timeline?limit=5`, { headers: { authorization: `Bearer ${agentToken}` } });
    const top = ((await res.json()) as { events: TimelineEvent[] }).events;
    expect(top[0]!.type).toBe('outcome.recorded');
    expect(top.find((e) => e.type === 'outcome.recorded')!.data).toMatchObject({ disposition: 'resolved', interactionId });
    const state = await emit<{ state: AgentState }>(agent, 'agent:status', { status: 'available' });
    expect(state).toMatchObject({ ok: true, state: { status: 'available', interactions: [] } });
  });

  it('keeps an agent following the timeline of the customer on their live call, and stops once it is over', async () => {
    const { socket: agent, pops } = await goAvailable(agentToken);
    const { interactionId, customerId } = await startCall();
    await eventually(() => pops.length > 0);
    const inRoom = async () => (await server.application.io.in(`customer:${customerId}`).fetchSockets()).length;
    expect(await inRoom()).toBe(1);
    // An unwatch while the call is live (a customer page closing, or the previous call's, late) leaves the agent in.
    expect(await emit(agent, 'customer:unwatch', { customerId })).toEqual({ ok: true });
    expect(await inRoom()).toBe(1);
    const pushed = next<TimelineEvent>(agent, 'timeline:event', (e) => e.type === 'interaction.active');
    expect(await emit(agent, 'interaction:accept', { interactionId })).toMatchObject({ ok: true });
    expect((await pushed).customerId).toBe(customerId);
    await end(interactionId);
    expect(await emit(agent, 'interaction:wrapup', { interactionId, disposition: 'resolved', clientRequestId: 'wrap-unwatch' })).toMatchObject({ ok: true });
    expect(await emit(agent, 'customer:unwatch', { customerId })).toEqual({ ok: true });
    expect(await inRoom()).toBe(0);
  });

  it('answers a wrap-up retried while the first is still being written with the first one\'s outcome', async () => {
    const { socket: agent, pops } = await goAvailable(agentToken);
    const { interactionId, customerId } = await startCall();
    await eventually(() => pops.length > 0);
    expect(await emit(agent, 'interaction:accept', { interactionId })).toMatchObject({ ok: true });
    await end(interactionId);
    const { release, held } = await holdWriter(server.db);
    const wrapup = { interactionId, disposition: 'resolved', clientRequestId: 'wrap-in-flight' };
    const answers = Promise.all([emit<{ eventId: string }>(agent, 'interaction:wrapup', wrapup), emit<{ eventId: string }>(agent, 'interaction:wrapup', wrapup)]);
    // Both wait behind the held writer, neither stored yet when the other is read.
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await held;
    const [first, retry] = await answers;
    expect(first).toMatchObject({ ok: true, eventId: expect.any(String) });
    expect(retry).toEqual(first);
    expect(await server.db.models.TimelineEvent.count({ where: { customerId, type: 'outcome.recorded' } })).toBe(1);
  });

  it('queues FIFO while nobody is free and gives each to the longest-idle agent', async () => {
    const first = await startCall('+1 646 555 0101');
    const second = await startCall('+1 646 555 0102');
    const third = await startCall('+1 646 555 0107');
    const ann = await connectAgent(server.url, agentToken);
    const bob = await connectAgent(server.url, secondAgentToken);
    const annPops = collect<ScreenPop>(ann, 'interaction:assigned');
    const bobPops = collect<ScreenPop>(bob, 'interaction:assigned');
    await emit(ann, 'agent:status', { status: 'available' });
    await eventually(() => annPops.length === 1);
    expect(annPops[0]!.interaction.id).toBe(first.interactionId);
    await emit(bob, 'agent:status', { status: 'available' });
    await eventually(() => bobPops.length === 1);
    expect(bobPops[0]!.interaction.id).toBe(second.interactionId);
    expect(await server.application.interactions.queuePosition(third.interactionId)).toBe(1);

    // Ann finishes first, so she has been idle longest when the next call arrives.
    await endAndWrapUp(ann, first.interactionId);
    await endAndWrapUp(bob, second.interactionId);
    await eventually(() => annPops.length === 2);
    expect(annPops[1]!.interaction.id).toBe(third.interactionId);
    const fourth = await startCall('+1 646 555 0108');
    await eventually(() => bobPops.length === 2);
    expect(bobPops[1]!.interaction.id).toBe(fourth.interactionId);
  });

  it('lets an agent act only on their own interactions and customers', async () => {
    const { pops } = await goAvailable(agentToken);
    const popped = eventually(() => pops.length > 0).then(() => pops[0]!);
    const { interactionId, customerId } = await startCall('+1 646 555 0103');
    await popped;
    const bob = await connectAgent(server.url, secondAgentToken);
    for (const [event, payload] of [
      ['interaction:accept', { interactionId }],
      ['interaction:resync', { interactionId, afterSeq: 0 }],
      ['interaction:wrapup', { interactionId, disposition: 'resolved', clientRequestId: 'steal-0001' }],
      ['customer:watch', { customerId }],
    ] as const) {
      expect(await emit(bob, event, payload)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
    expect(await emit(bob, 'interaction:accept', { interactionId: 'not-a-uuid' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const supervisor = await connectAgent(server.url, supervisorToken);
    expect(await emit(supervisor, 'agent:status', { status: 'available' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('re-queues a live interaction when its agent stays away past the grace period, transcript kept', async () => {
    const { socket: ann, pops } = await goAvailable(agentToken);
    const popped = eventually(() => pops.length > 0).then(() => pops[0]!);
    const { interactionId } = await startCall('+1 646 555 0104');
    await popped;
    await say(interactionId, { speaker: 'customer', text: 'I was in the middle of explaining.', seq: 1 });
    const bob = await goAvailable(secondAgentToken);
    ann.disconnect();
    await eventually(() => bob.pops.length === 1);
    const pop = bob.pops[0]!;
    expect(pop.interaction.id).toBe(interactionId);
    expect(pop.transcript.map((u) => u.text)).toEqual(['I was in the middle of explaining.']);
  });

  it('routes nothing to an available agent whose connection is gone, even within the grace period', async () => {
    // Ann has been idle longest, so she would be first; but nobody is there to take the call.
    const ann = await goAvailable(agentToken);
    const bob = await goAvailable(secondAgentToken);
    ann.socket.disconnect();
    await startCall('+1 646 555 0109');
    await eventually(() => bob.pops.length === 1);
    // Bob's at once, not Ann's first and Bob's once her grace period ran out.
    const assignments = bob.pops[0]!.timeline.events.filter((e) => e.type === 'interaction.assigned').map((e) => e.summary);
    expect(assignments).toEqual(['Routed to Bob Agent']);
  });

  /** Ann on a call from `phone`, its first turn received: where the reconnect tests start. */
  async function onACallWithOneTurn(phone: string) {
    const { socket: ann, pops } = await goAvailable(agentToken);
    const popped = eventually(() => pops.length > 0).then(() => pops[0]!);
    const { interactionId } = await startCall(phone);
    await popped;
    const received = collect<Utterance>(ann, 'interaction:utterance');
    await say(interactionId, { speaker: 'customer', text: 'one', seq: 1 });
    await eventually(() => received.length === 1);
    return { ann, interactionId, received };
  }

  it('loses nothing across a dropped connection: every utterance arrives once, in order', async () => {
    const { ann, interactionId, received } = await onACallWithOneTurn('+1 646 555 0105');
    const reconnected = next(ann, 'connect');
    ann.io.engine.close();
    for (const [seq, text] of [[2, 'two'], [3, 'three'], [4, 'four']] as const) await say(interactionId, { speaker: 'customer', text, seq });
    await reconnected;
    const fifth = next<Utterance>(ann, 'interaction:utterance', (u) => u.seq === 5);
    await say(interactionId, { speaker: 'customer', text: 'five', seq: 5 });
    // One connection delivers in order: once the fifth is here, so is everything sent before it.
    await fifth;
    expect(ann.recovered).toBe(true);

    // After a drop too long to recover, the console asks for what it missed from its last seq.
    const resync = await emit<{ utterances: Utterance[] }>(ann, 'interaction:resync', { interactionId, afterSeq: 3 });
    expect(resync.ok && resync.utterances.map((u) => u.seq)).toEqual([4, 5]);
    // The ack came after anything the server had sent before it: a turn sent twice would be here.
    expect(received.map((u) => u.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('delivers what was said while a returning connection was still being authorised', async () => {
    const { ann, interactionId, received } = await onACallWithOneTurn('+1 646 555 0111');
    // Socket.IO restores the session (rooms, missed turns) before the middlewares run, and only
    // counts the socket as connected after them: a turn stored in between is the one at risk.
    const held = holdRecoveringSockets(server.application.io);
    const reconnected = next(ann, 'connect');
    ann.io.engine.close();
    await held.reached;
    expect((await say(interactionId, { speaker: 'customer', text: 'two', seq: 2 })).status).toBe(201);
    held.release();
    await reconnected;
    const third = next<Utterance>(ann, 'interaction:utterance', (u) => u.seq === 3);
    await say(interactionId, { speaker: 'customer', text: 'three', seq: 3 });
    await third;
    expect(ann.recovered).toBe(true);
    expect(received.map((u) => u.seq)).toEqual([1, 2, 3]);
  });

  it('never stores or sends a card number', async () => {
    const { socket: ann, pops } = await goAvailable(agentToken);
    const popped = eventually(() => pops.length > 0).then(() => pops[0]!);
    const { interactionId } = await startCall('+1 646 555 0106');
    await popped;
    const received = next<Utterance>(ann, 'interaction:utterance');
    await say(interactionId, { speaker: 'customer', text: 'My card is 4111 1111 1111 1111 and call me on 415-555-2671', seq: 1 });
    const utterance = await received;
    expect(utterance.text).not.toContain('4111 1111 1111 1111');
    expect(utterance.text).toContain('1111');
    expect(utterance.text).toContain('415-555-2671');
    const stored = await server.db.models.Utterance.findOne({ where: { interactionId, seq: 1 } });
    expect(stored!.text).toBe(utterance.text);

    await say(interactionId, { speaker: 'agent', text: 'Thanks. And the three digits on the back?', seq: 2 });
    const code = next<Utterance>(ann, 'interaction:utterance', (u) => u.seq === 3);
    await say(interactionId, { speaker: 'customer', text: '737', seq: 3 });
    expect((await code).text).not.toContain('737');
  });

  it('takes a turn back out when storing it fails, and stores and sends it once the retry succeeds', async () => {
    const { socket: agent, pops } = await goAvailable(agentToken);
    const { interactionId } = await startCall();
    await eventually(() => pops.length > 0);
    expect(await emit(agent, 'interaction:accept', { interactionId })).toMatchObject({ ok: true });
    const utterances = collect<Utterance>(agent, 'interaction:utterance');
    // A real failure of the write, from the database itself: a trigger refuses this one turn.
    const allowTurns = await refuseTurnsContaining(server.db, 'refused by the disk');
    const turn = { speaker: 'customer', text: 'My router was refused by the disk, apparently.', seq: 1 };
    const refused = await say(interactionId, turn);
    expect(refused.status).toBe(500);
    // Pushed before the write, so the agent has seen it; the transcript no longer holds it.
    await eventually(() => utterances.length === 1);
    const afterFailure = await emit<{ utterances: Utterance[] }>(agent, 'interaction:resync', { interactionId, afterSeq: 0 });
    expect(afterFailure.ok && afterFailure.utterances).toEqual([]);

    await allowTurns();
    expect((await say(interactionId, turn)).status).toBe(201);
    await eventually(() => utterances.length === 2);
    expect(utterances.map((u) => u.seq)).toEqual([1, 1]);
    const afterRetry = await emit<{ utterances: Utterance[] }>(agent, 'interaction:resync', { interactionId, afterSeq: 0 });
    expect(afterRetry.ok && afterRetry.utterances.map((u) => u.text)).toEqual([turn.text]);
    expect(await server.db.models.Utterance.count({ where: { interactionId } })).toBe(1);
  });

  it('starts an interaction once when the platform retries the same externalId', async () => {
    const body = { externalId: 'retried-call', channel: 'voice', queue: 'support', from: { kind: 'phone', value: '+1 646 555 0109' } };
    const answers = await Promise.all([1, 2, 3].map(() => postSigned(`${server.integrationUrl}/api/v1/interactions`, body)));
    const ids = await Promise.all(answers.map(async (res) => ((await res.json()) as { interactionId: string }).interactionId));
    expect(new Set(ids).size).toBe(1);
    expect(answers.map((res) => res.status).sort()).toEqual([200, 200, 201]);
    expect(await server.db.models.Interaction.count({ where: { externalId: 'retried-call' } })).toBe(1);
  });

  it('answers a retry of a turn still being written only once that write is done, and not as a duplicate when it failed', async () => {
    const { socket: agent, pops } = await goAvailable(agentToken);
    const { interactionId } = await startCall();
    await eventually(() => pops.length > 0);
    expect(await emit(agent, 'interaction:accept', { interactionId })).toMatchObject({ ok: true });
    await refuseTurnsContaining(server.db, 'refused by the disk');
    // The writer is held, so the first send's write waits while the platform's retry comes in.
    const { release, held } = await holdWriter(server.db);
    const utterances = collect<Utterance>(agent, 'interaction:utterance');
    const turn = { speaker: 'customer', text: 'My router was refused by the disk, apparently.', seq: 1 };
    const first = say(interactionId, turn);
    // Pushed, so in the transcript, with its write still waiting.
    await eventually(() => utterances.length === 1);
    const retry = say(interactionId, turn);
    release();
    await held;
    // Neither is told "duplicate": the original was never stored, so the retry was tried again.
    expect((await first).status).toBe(500);
    expect((await retry).status).toBe(500);
    expect(await server.db.models.Utterance.count({ where: { interactionId } })).toBe(0);
  });

  it('gives the agent back when a retried start turns out to be a call already handled', async () => {
    const { socket: agent, pops } = await goAvailable(agentToken);
    const body = { externalId: 'handled-call', channel: 'voice', queue: 'support', from: { kind: 'phone', value: '+1 646 555 0110' } };
    const first = await postSigned(`${server.integrationUrl}/api/v1/interactions`, body);
    const { interactionId } = (await first.json()) as { interactionId: string };
    await eventually(() => pops.length === 1);
    const states = collect<AgentState>(agent, 'agent:state');
    await endAndWrapUp(agent, interactionId);
    await eventually(() => states.at(-1)?.status === 'available');

    // The platform retries the start long after: the agent, picked for it before the write found
    // the call already stored, is free again and takes the next call.
    const retried = await postSigned(`${server.integrationUrl}/api/v1/interactions`, body);
    expect(retried.status).toBe(200);
    expect(((await retried.json()) as { interactionId: string }).interactionId).toBe(interactionId);
    const { interactionId: next } = await startCall('+1 646 555 0111');
    await eventually(() => pops.length === 2);
    expect(pops[1]!.interaction.id).toBe(next);
  });

  it('marks a defection moment on the turn, records it on the timeline and alerts retention and the queue supervisor', async () => {
    const { socket: ann, pops } = await goAvailable(agentToken);
    const utterances = collect<Utterance>(ann, 'interaction:utterance');
    const insights = collect<InteractionInsight>(ann, 'interaction:insight');
    const retention = await connectAgent(server.url, retentionToken);
    const supervisor = await connectAgent(server.url, supervisorToken);
    const retentionAlerts = collect<DefectionAlert>(retention, 'alert');
    const supervisorAlerts = collect<DefectionAlert>(supervisor, 'alert');
    // A real row's worth of the telco columns, for a customer the model calls likely to leave.
    const attributes = {
      gender: 'Female', SeniorCitizen: 0, Partner: 'No', Dependents: 'No', tenure: 2, PhoneService: 'Yes', MultipleLines: 'No',
      InternetService: 'Fiber optic', OnlineSecurity: 'No', OnlineBackup: 'No', DeviceProtection: 'No', TechSupport: 'No',
      StreamingTV: 'Yes', StreamingMovies: 'Yes', Contract: 'Month-to-month', PaperlessBilling: 'Yes', PaymentMethod: 'Electronic check',
      MonthlyCharges: 95.5, TotalCharges: 190.1,
    };
    const profile = { name: 'Mo Month', attributes };
    await ingestEvents(server.db, [makeEvent({ identities: [{ kind: 'phone', value: '+1 646 555 0110' }], profile })], { defaultPhoneRegion: 'US' });
    const { interactionId, customerId } = await startCall('+1 646 555 0110');
    await eventually(() => pops.length === 1);
    expect(pops[0]!.risk!.reasons.map((r) => r.text).join(' ')).toMatch(/month-to-month/i);
    expect(pops[0]!.risk!.level).not.toBe('low');

    await say(interactionId, { speaker: 'customer', text: "I don't want to cancel, I just need the wifi fixed.", seq: 1 });
    await say(interactionId, { speaker: 'customer', text: 'Honestly, I want to cancel my service. Verizon offered me a better deal.', seq: 2 });
    await eventually(() => utterances.length === 2 && retentionAlerts.length === 1 && supervisorAlerts.length === 1);
    expect(utterances[0]).toMatchObject({ defectionMoment: false });
    expect(utterances[0]!.signals.map((s) => s.code)).not.toContain('cancel_intent');
    expect(utterances[1]!.defectionMoment).toBe(true);
    const cancel = utterances[1]!.signals.find((s) => s.code === 'cancel_intent')!;
    expect(utterances[1]!.text.slice(cancel.start, cancel.end)).toBe(cancel.words);
    expect(utterances[1]!.signals.map((s) => s.code)).toContain('competitor_named');
    expect(retentionAlerts[0]).toMatchObject({ interactionId, customerId, seq: 2, agentName: 'Ann Agent', queue: 'support' });
    // The risk moves with what was said, and says why.
    await eventually(() => insights.length === 2);
    expect(insights[1]!.risk!.score).toBeGreaterThan(insights[0]!.risk!.score);
    expect(insights[1]!.risk!.reasons.map((r) => r.code)).toContain('cancel_intent');
    expect(insights[1]!.defectionMoments).toEqual([{ seq: 2, at: expect.any(String), cause: 'intent', signals: expect.arrayContaining([expect.objectContaining({ code: 'cancel_intent' })]) }]);
    expect(retentionAlerts[0]!.risk!.score).toBe(insights[1]!.risk!.score);
    const moments = await server.db.models.TimelineEvent.count({ where: { customerId, type: 'interaction.defection_moment' } });
    expect(moments).toBe(1);
  });

  it('answers bad integration input with a 4xx naming the field', async () => {
    const bad = await postSigned(`${server.integrationUrl}/api/v1/interactions`, { externalId: 'x', channel: 'fax', queue: 'support', from: { kind: 'phone', value: '+12127365000' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { field: 'channel' } });
    const unknownQueue = await postSigned(`${server.integrationUrl}/api/v1/interactions`, { externalId: 'y', channel: 'voice', queue: 'nope', from: { kind: 'phone', value: '+12127365000' } });
    expect(await unknownQueue.json()).toMatchObject({ error: { field: 'queue' } });
    const missing = await say('00000000-0000-4000-8000-000000000000', { speaker: 'customer', text: 'hello' });
    expect(missing.status).toBe(404);
    const unsigned = await fetch(`${server.integrationUrl}/api/v1/interactions`, { method: 'POST', body: '{}' });
    expect(unsigned.status).toBe(401);
  });
});

describe('events from integrators', () => {
  it("reach whoever has the customer open, as they are stored, and no one else's", async () => {
    const postEvents = async (events: object[]) => {
      const res = await postSigned(`${server.integrationUrl}/api/v1/events`, { events });
      return ((await res.json()) as { results: { status: string; customerId: string; eventId: string }[] }).results;
    };
    const dana = { kind: 'email' as const, value: 'dana@example.com' };
    const [first] = await postEvents([makeEvent({ identities: [dana] })]);
    const sue = await connectAgent(server.url, supervisorToken);
    const seen = collect<TimelineEvent>(sue, 'timeline:event');
    expect(await emit(sue, 'customer:watch', { customerId: first!.customerId })).toEqual({ ok: true });

    const results = await postEvents([makeEvent({ identities: [{ kind: 'email', value: 'someone-else@example.com' }] }), makeEvent({ identities: [dana], summary: 'Bill paid' })]);
    await eventually(() => seen.length === 1);
    expect(seen[0]).toMatchObject({ id: results[1]!.eventId, customerId: first!.customerId, summary: 'Bill paid' });
    // The other customer's event, sent first, went to no one here.
    await postEvents([makeEvent({ identities: [dana], summary: 'Survey answered' })]);
    await eventually(() => seen.length === 2);
    expect(seen.map((e) => e.customerId)).toEqual([first!.customerId, first!.customerId]);
  });
});

describe('live chat', () => {
  it('carries messages and typing both ways and tells the visitor their place in the queue', async () => {
    const res = await fetch(`${server.url}/api/v1/chat/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Vera Visitor', email: 'vera@example.com' }),
    });
    expect(res.status).toBe(201);
    const { token, interactionId } = (await res.json()) as { token: string; interactionId: string };
    let queueStates: { position: number | null }[] = [];
    const visitor = await connectVisitor(server.url, token, (socket) => (queueStates = collect(socket, 'chat:queue')));
    await eventually(() => queueStates.length === 1);
    expect(queueStates[0]).toEqual({ position: 1, agentName: null });
    await expect(connectAgent(server.url, token)).rejects.toThrow(/unauthorized/);
    await expect(connectVisitor(server.url, agentToken)).rejects.toThrow(/unauthorized/);

    const sent = await visitor.emitWithAck('chat:send', { text: 'Hello? Anyone there?', clientRequestId: 'visitor-0001' });
    expect(sent).toMatchObject({ ok: true, message: { speaker: 'customer', seq: 1 } });
    const ann = await connectAgent(server.url, agentToken);
    const popped = next<ScreenPop>(ann, 'interaction:assigned');
    await emit(ann, 'agent:status', { status: 'available' });
    const pop = await popped;
    expect(pop.interaction).toMatchObject({ id: interactionId, channel: 'chat' });
    expect(pop.customer.name).toBe('Vera Visitor');
    expect(pop.transcript.map((u) => u.text)).toEqual(['Hello? Anyone there?']);
    // Routed from the queue, the pop's timeline was read while the assignment was stored: it is on top once.
    expect(pop.timeline.events.filter((e) => e.type === 'interaction.assigned').map((e) => e.summary)).toEqual(['Routed to Ann Agent']);
    expect(pop.timeline.events[0]!.type).toBe('interaction.assigned');
    await eventually(() => queueStates.length === 2);
    expect(queueStates[1]).toEqual({ position: null, agentName: 'Ann Agent' });

    const typing = next<{ typing: boolean }>(visitor, 'chat:typing');
    ann.emit('chat:typing', { interactionId, typing: true });
    expect(await typing).toEqual({ typing: true });
    const agentTyping = next<{ interactionId: string; typing: boolean }>(ann, 'interaction:typing');
    visitor.emit('chat:typing', { typing: true });
    expect(await agentTyping).toEqual({ interactionId, typing: true });

    const toVisitor = next<{ text: string; speaker: string }>(visitor, 'chat:message', (m) => m.speaker === 'agent');
    expect(await emit(ann, 'chat:send', { interactionId, text: 'Hi Vera, how can I help?', clientRequestId: 'agent-msg-0001' })).toMatchObject({ ok: true });
    expect(await toVisitor).toMatchObject({ text: 'Hi Vera, how can I help?' });
    const toAgent = next<Utterance>(ann, 'interaction:utterance', (u) => u.speaker === 'customer');
    await visitor.emitWithAck('chat:send', { text: 'My bill doubled.', clientRequestId: 'visitor-0002' });
    expect((await toAgent).text).toBe('My bill doubled.');

    const endedForVisitor = next(visitor, 'chat:ended');
    expect(await emit(ann, 'interaction:wrapup', { interactionId, disposition: 'resolved', clientRequestId: 'chat-wrap-01' })).toMatchObject({ ok: true });
    await endedForVisitor;
    expect(await visitor.emitWithAck('chat:send', { text: 'one more thing', clientRequestId: 'visitor-0003' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
  });

  it("lets a visitor's name name a new customer but never rename one Cue knows", async () => {
    await ingestEvents(server.db, [makeEvent({ identities: [{ kind: 'email', value: 'victor@example.com' }], profile: { name: 'Victor Victim' } })], { defaultPhoneRegion: 'US' });
    const res = await startChat({ name: 'Mallory Renamed', email: 'VICTOR@example.com' });
    expect(res.status).toBe(201);
    const customers = await server.db.models.Customer.findAll({ where: { name: ['Victor Victim', 'Mallory Renamed'] } });
    expect(customers.map((c) => c.name)).toEqual(['Victor Victim']);
  });

  it('refuses text with a NUL character at the boundary: no chat, no turn, nothing pushed', async () => {
    const interactions = await server.db.models.Interaction.count();
    const res = await startChat({ name: 'Nul\u0000Visitor', email: 'nul@example.com' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_request', field: 'name' } });
    expect(await server.db.models.Interaction.count()).toBe(interactions);

    const { token, interactionId } = (await (await startChat({ name: 'Nora Visitor', email: 'nora@example.com' })).json()) as { token: string; interactionId: string };
    const visitor = await connectVisitor(server.url, token);
    const messages = collect<{ seq: number; text: string }>(visitor, 'chat:message');
    expect(await visitor.emitWithAck('chat:send', { text: 'bad\u0000text', clientRequestId: 'visitor-nul-1' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await visitor.emitWithAck('chat:send', { text: 'my real question', clientRequestId: 'visitor-nul-2' })).toMatchObject({ ok: true, message: { seq: 1 } });
    await eventually(() => messages.length === 1);
    expect(messages.map((m) => [m.seq, m.text])).toEqual([[1, 'my real question']]);
    expect(await server.db.models.Utterance.count({ where: { interactionId } })).toBe(1);
  });

  it("caps how many messages a chat's visitor may send in a while, across their tabs", async () => {
    const { token, interactionId } = (await (await startChat({ name: 'Flo Flooder', email: 'flo@example.com' })).json()) as { token: string; interactionId: string };
    const [tab1, tab2] = [await connectVisitor(server.url, token), await connectVisitor(server.url, token)];
    for (let i = 1; i <= 20; i++) {
      expect(await (i % 2 ? tab1 : tab2).emitWithAck('chat:send', { text: `message ${i}`, clientRequestId: `flood-${String(i).padStart(6, '0')}` })).toMatchObject({ ok: true });
    }
    expect(await tab1.emitWithAck('chat:send', { text: 'one too many', clientRequestId: 'flood-000021' })).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', message: expect.stringMatching(/^too many messages: wait \d+ s$/) },
    });
    expect(await server.db.models.Utterance.count({ where: { interactionId } })).toBe(20);
  });

  it('rejects a chat start without a way to reach the visitor', async () => {
    const res = await fetch(`${server.url}/api/v1/chat/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'No Contact' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { field: 'email' } });
  });
});
