import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Interaction, ScreenPop, Utterance } from '../../shared/interactions';
import type { Ack, AgentState, DefectionAlert, Resync } from '../../shared/realtime';
import type { InteractionTransfer, LiveDefectionMoments } from '../../shared/retention';
import type { TimelineEvent } from '../../shared/timeline';
import { createUser } from '../auth/users';
import { holdWriter } from '../testing/database';
import { loginAs, postSigned } from '../testing/http';
import { startTestServer, type TestServer } from '../testing/server';
import { collect, connectAgent, connectVisitor, disconnectAll, eventually, next, type AgentClient } from '../testing/sockets';

let server: TestServer;
const tokens: Record<'ann' | 'bob' | 'sue' | 'rita' | 'rex', string> = { ann: '', bob: '', sue: '', rita: '', rex: '' };
let calls = 0;

beforeEach(async () => {
  server = await startTestServer();
  const password = 'correct horse battery';
  const users = [
    ['ann', 'Ann Agent', 'agent', ['support', 'chat']],
    ['bob', 'Bob Agent', 'agent', ['billing']],
    ['sue', 'Sue Supervisor', 'supervisor', ['support']],
    ['rita', 'Rita Retention', 'retention', ['retention']],
    ['rex', 'Rex Retention', 'retention', ['retention']],
  ] as const;
  for (const [key, name, role, queues] of users) {
    await createUser(server.db, { email: `${key}@example.com`, name, role, password, queues: [...queues] });
    tokens[key] = await loginAs(server.url, `${key}@example.com`, password);
  }
});
afterEach(async () => {
  disconnectAll();
  await server.close();
});

function emit<T extends object>(socket: AgentClient, event: string, payload: unknown): Promise<Ack<T>> {
  return (socket.emitWithAck as (event: string, payload: unknown) => Promise<Ack<T>>)(event, payload);
}

const say = (interactionId: string, body: object) => postSigned(`${server.integrationUrl}/api/v1/interactions/${interactionId}/utterances`, body);
const end = (interactionId: string) => postSigned(`${server.integrationUrl}/api/v1/interactions/${interactionId}/end`, {});

/** Ann available and on a fresh call she has accepted. */
async function annOnACall(phone = '+1 646 555 0120') {
  const ann = await connectAgent(server.url, tokens.ann);
  const popped = next<ScreenPop>(ann, 'interaction:assigned');
  await emit(ann, 'agent:status', { status: 'available' });
  calls += 1;
  const res = await postSigned(`${server.integrationUrl}/api/v1/interactions`, { externalId: `call-${calls}-${Date.now()}`, channel: 'voice', queue: 'support', from: { kind: 'phone', value: phone } });
  const { interactionId, customerId } = (await res.json()) as { interactionId: string; customerId: string };
  await popped;
  expect(await emit(ann, 'interaction:accept', { interactionId })).toMatchObject({ ok: true });
  return { ann, interactionId, customerId };
}

describe('taking over a live interaction', () => {
  it('moves the call to the retention user with every turn, before and after, and tells the agent', async () => {
    const { ann, interactionId, customerId } = await annOnACall();
    const rita = await connectAgent(server.url, tokens.rita);
    const alerts = collect<DefectionAlert>(rita, 'alert');
    const ritaPops = collect<ScreenPop>(rita, 'interaction:assigned');
    const ritaTurns = collect<Utterance>(rita, 'interaction:utterance');
    const annTurns = collect<Utterance>(ann, 'interaction:utterance');
    await say(interactionId, { speaker: 'customer', text: 'My bill went up again.', seq: 1 });
    await say(interactionId, { speaker: 'agent', text: 'Let me look at that for you.', seq: 2 });
    await say(interactionId, { speaker: 'customer', text: 'I want to cancel my service, I am done with you.', seq: 3 });
    await eventually(() => alerts.length === 1);
    expect(alerts[0]).toMatchObject({ interactionId, agentName: 'Ann Agent' });

    const annStates = collect<AgentState>(ann, 'agent:state');
    const toldAnn = next<InteractionTransfer>(ann, 'interaction:transferred');
    const ritaTold = next<InteractionTransfer>(rita, 'interaction:transferred');
    const request = { interactionId, clientRequestId: 'take-over-0001' };
    const answer = await emit<{ interaction: Interaction }>(rita, 'interaction:transfer', request);
    expect(answer).toMatchObject({ ok: true, interaction: { id: interactionId, state: 'active' } });
    // The retention desk's other consoles learn it is taken, and by whom.
    expect(await ritaTold).toMatchObject({ toAgentName: 'Rita Retention', fromAgentName: 'Ann Agent' });
    expect(await toldAnn).toMatchObject({ interaction: { id: interactionId }, toAgentName: 'Rita Retention', reason: 'retention_takeover' });
    await eventually(() => ritaPops.length === 1 && annStates.some((s) => s.interactions.length === 0));
    const pop = ritaPops[0]!;
    expect(pop.interaction.agentId).not.toBe(alerts[0]!.agentId);
    expect(pop.customer.id).toBe(customerId);
    expect(pop.transcript.map((u) => u.seq)).toEqual([1, 2, 3]);
    expect(pop.transcript[2]!.defectionMoment).toBe(true);
    expect(pop.insight.defectionMoments.map((m) => m.seq)).toEqual([3]);
    expect(pop.risk).not.toBeNull();
    expect(pop.timeline.events.map((e) => e.type)).toContain('interaction.transferred');

    // A lost ack retried: the same answer, nothing moved twice.
    expect(await emit(rita, 'interaction:transfer', request)).toMatchObject({ ok: true, interaction: { id: interactionId } });
    expect(await server.db.models.TimelineEvent.count({ where: { customerId, type: 'interaction.transferred' } })).toBe(1);

    // The customer is still there: later turns reach Rita, not Ann.
    await say(interactionId, { speaker: 'customer', text: 'Are you still there?', seq: 4 });
    await say(interactionId, { speaker: 'agent', text: 'Hi, this is Rita from the loyalty team.', seq: 5 });
    await eventually(() => ritaTurns.filter((u) => u.seq >= 4).length === 2);
    expect(annTurns.map((u) => u.seq)).toEqual([1, 2, 3]);
    const resync = await emit<Resync>(rita, 'interaction:resync', { interactionId, afterSeq: 0 });
    expect(resync.ok && resync.utterances.map((u) => u.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(await emit(ann, 'interaction:resync', { interactionId, afterSeq: 0 })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const transferred = await server.db.models.TimelineEvent.findOne({ where: { customerId, type: 'interaction.transferred' } });
    expect(transferred!.summary).toBe('Transferred from Ann Agent to Rita Retention (retention take-over)');
    expect(transferred!.data).toMatchObject({ interactionId, fromAgentName: 'Ann Agent', agentName: 'Rita Retention' });
    // Ann is free for the next call; the outcome is Rita's to record.
    await eventually(() => annStates.at(-1)?.status === 'available');
  });

  it('loses no turn that arrives while the take-over happens', async () => {
    const { interactionId } = await annOnACall('+1 646 555 0121');
    const rita = await connectAgent(server.url, tokens.rita);
    const pops = collect<ScreenPop>(rita, 'interaction:assigned');
    const turns = collect<Utterance>(rita, 'interaction:utterance');
    const seqs = Array.from({ length: 40 }, (_, i) => i + 1);
    // Turns in flight on every side of the take-over, as a busy telephony bridge sends them.
    const sending = Promise.all(seqs.map((seq) => say(interactionId, { speaker: seq % 2 ? 'customer' : 'agent', text: `turn number ${seq}`, seq })));
    expect(await emit(rita, 'interaction:transfer', { interactionId, clientRequestId: 'take-over-race' })).toMatchObject({ ok: true });
    await sending;
    // What Rita's console holds: the pop's transcript merged with the live turns after it.
    await eventually(() => pops.length === 1 && new Set([...pops[0]!.transcript, ...turns].map((u) => u.seq)).size === seqs.length);
    expect([...new Set([...pops[0]!.transcript, ...turns].map((u) => u.seq))].sort((a, b) => a - b)).toEqual(seqs);
  });

  it('keeps the call with the retention user when the agent wraps it up while the take-over is being written', async () => {
    const { ann, interactionId, customerId } = await annOnACall('+1 646 555 0122');
    const rita = await connectAgent(server.url, tokens.rita);
    const { release, held } = await holdWriter(server.db);
    const takeOver = emit<{ interaction: Interaction }>(rita, 'interaction:transfer', { interactionId, clientRequestId: 'take-over-wrap' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Ann still holds it in the server's memory: only the write can tell who won.
    const wrapUp = emit(ann, 'interaction:wrapup', { interactionId, disposition: 'resolved', clientRequestId: 'ann-wraps-up' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    await held;
    const taken = await takeOver;
    expect(taken).toMatchObject({ ok: true, interaction: { agentId: expect.any(String) } });
    expect(await wrapUp).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const stored = await server.db.models.Interaction.findByPk(interactionId);
    expect(stored).toMatchObject({ state: 'active', wrapup: null, agentId: taken.ok ? taken.interaction.agentId : 'no take-over' });
    expect(await server.db.models.TimelineEvent.count({ where: { customerId, type: 'outcome.recorded' } })).toBe(0);
  });

  it('lets only the retention role take over, once, and only a live interaction', async () => {
    const { interactionId } = await annOnACall('+1 646 555 0122');
    const bob = await connectAgent(server.url, tokens.bob);
    const sue = await connectAgent(server.url, tokens.sue);
    const rita = await connectAgent(server.url, tokens.rita);
    const rex = await connectAgent(server.url, tokens.rex);
    expect(await emit(bob, 'interaction:transfer', { interactionId, clientRequestId: 'bob-steals-1' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await emit(sue, 'interaction:transfer', { interactionId, clientRequestId: 'sue-takes-01' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await emit(rita, 'interaction:transfer', { interactionId: 'nope', clientRequestId: 'rita-bad-001' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await emit(rita, 'interaction:transfer', { interactionId })).toMatchObject({ ok: false, error: { code: 'invalid_request', message: /clientRequestId/ } });
    expect(await emit(rita, 'interaction:transfer', { interactionId: '00000000-0000-4000-8000-000000000000', clientRequestId: 'rita-none-01' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    // Nothing moved on the refused requests.
    expect((await server.db.models.Interaction.findByPk(interactionId))!.agentId).not.toBeNull();
    expect(await server.db.models.TimelineEvent.count({ where: { type: 'interaction.transferred' } })).toBe(0);

    // Two at once: one wins, the other is told who has it.
    const [first, second] = await Promise.all([
      emit(rita, 'interaction:transfer', { interactionId, clientRequestId: 'rita-takes-01' }),
      emit(rex, 'interaction:transfer', { interactionId, clientRequestId: 'rex-takes-001' }),
    ]);
    expect([first.ok, second.ok].sort()).toEqual([false, true]);
    const loser = first.ok ? second : first;
    expect(loser).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await server.db.models.TimelineEvent.count({ where: { type: 'interaction.transferred' } })).toBe(1);
    const winner = first.ok ? rita : rex;
    const other = first.ok ? rex : rita;
    expect(await emit(other, 'interaction:transfer', { interactionId, clientRequestId: 'again-00001' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: /already taken over by R/ },
    });

    // Ended calls are not taken over; the whole desk hears that it ended.
    const deskHears = next<Interaction>(other, 'interaction:ended', (i) => i.id === interactionId);
    const supervisorHears = next<Interaction>(sue, 'interaction:ended', (i) => i.id === interactionId);
    await end(interactionId);
    expect(await deskHears).toMatchObject({ state: 'wrap_up' });
    await supervisorHears;
    expect(await emit(winner, 'interaction:transfer', { interactionId, clientRequestId: 'late-000001' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('keeps a chat going: the visitor is told who took over and their messages reach the new owner', async () => {
    const started = await fetch(`${server.url}/api/v1/chat/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Vera Visitor', email: 'vera@example.com' }),
    });
    const { token, interactionId } = (await started.json()) as { token: string; interactionId: string };
    const visitor = await connectVisitor(server.url, token);
    const ann = await connectAgent(server.url, tokens.ann);
    const popped = next<ScreenPop>(ann, 'interaction:assigned');
    await emit(ann, 'agent:status', { status: 'available' });
    await popped;
    expect(await emit(ann, 'chat:send', { interactionId, text: 'Hi Vera, Ann here.', clientRequestId: 'ann-msg-0001' })).toMatchObject({ ok: true });
    await visitor.emitWithAck('chat:send', { text: 'I am switching to another provider.', clientRequestId: 'vera-msg-001' });

    const rita = await connectAgent(server.url, tokens.rita);
    const pop = next<ScreenPop>(rita, 'interaction:assigned');
    const told = next<{ agentName: string | null }>(visitor, 'chat:queue', (state) => state.agentName === 'Rita Retention');
    expect(await emit(rita, 'interaction:transfer', { interactionId, clientRequestId: 'rita-chat-01' })).toMatchObject({ ok: true });
    expect((await pop).transcript.map((u) => u.text)).toEqual(['Hi Vera, Ann here.', 'I am switching to another provider.']);
    await told;

    const toRita = next<Utterance>(rita, 'interaction:utterance', (u) => u.speaker === 'customer');
    await visitor.emitWithAck('chat:send', { text: 'Still here.', clientRequestId: 'vera-msg-002' });
    expect((await toRita).text).toBe('Still here.');
    const toVisitor = next<{ text: string }>(visitor, 'chat:message', (m) => m.text.startsWith('Rita'));
    expect(await emit(rita, 'chat:send', { interactionId, text: 'Rita from loyalty: let me help.', clientRequestId: 'rita-msg-001' })).toMatchObject({ ok: true });
    await toVisitor;
    expect(await emit(ann, 'chat:send', { interactionId, text: 'Ann again', clientRequestId: 'ann-msg-0002' })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    // The retention wrap-up: saved or lost is required, and lands on the timeline with the offer.
    const noResult = await emit(rita, 'interaction:wrapup', { interactionId, disposition: 'retention_saved', clientRequestId: 'rita-wrap-01' });
    expect(noResult).toMatchObject({ ok: false, error: { code: 'invalid_request', message: /^saved:/ } });
    const mismatch = await emit(rita, 'interaction:wrapup', { interactionId, disposition: 'retention_saved', saved: false, clientRequestId: 'rita-wrap-01' });
    expect(mismatch).toMatchObject({ ok: false, error: { code: 'invalid_request', message: /^saved:/ } });
    const tooLong = await emit(rita, 'interaction:wrapup', { interactionId, disposition: 'retention_saved', saved: true, offer: 'x'.repeat(301), clientRequestId: 'rita-wrap-01' });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'invalid_request', message: /^offer:/ } });
    expect(await server.db.models.TimelineEvent.count({ where: { type: 'outcome.recorded' } })).toBe(0);

    const wrapup = { interactionId, disposition: 'retention_saved', saved: true, offer: '20% off for 12 months', notes: 'Stays on fibre.', clientRequestId: 'rita-wrap-01' };
    const done = await emit<{ eventId: string }>(rita, 'interaction:wrapup', wrapup);
    expect(done).toMatchObject({ ok: true });
    expect(await emit(rita, 'interaction:wrapup', wrapup)).toEqual(done);
    const outcomes = await server.db.models.TimelineEvent.findAll({ where: { type: 'outcome.recorded' } });
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]!.data).toMatchObject({ saved: true, offer: '20% off for 12 months', agentName: 'Rita Retention', disposition: 'retention_saved' });
    expect(outcomes[0]!.summary).toBe('retention saved (saved, offer: 20% off for 12 months): Stays on fibre.');
    const res = await fetch(`${server.url}/api/v1/customers/${outcomes[0]!.customerId}/timeline?limit=3`, { headers: { authorization: `Bearer ${tokens.rita}` } });
    expect(((await res.json()) as { events: TimelineEvent[] }).events[0]!.type).toBe('outcome.recorded');
  });
});

describe('live defection moments for a console that was away', () => {
  it('lists the moments of live interactions, a supervisor only their queues, with who took over', async () => {
    const { interactionId: supportCall } = await annOnACall('+1 646 555 0125');
    const bob = await connectAgent(server.url, tokens.bob);
    const bobPopped = next<ScreenPop>(bob, 'interaction:assigned');
    await emit(bob, 'agent:status', { status: 'available' });
    const res = await postSigned(`${server.integrationUrl}/api/v1/interactions`, { externalId: 'billing-call', channel: 'voice', queue: 'billing', from: { kind: 'phone', value: '+1 646 555 0126' } });
    const { interactionId: billingCall } = (await res.json()) as { interactionId: string };
    await bobPopped;
    await say(supportCall, { speaker: 'customer', text: 'Fine. I want to cancel my account today.', seq: 1 });
    await say(billingCall, { speaker: 'customer', text: 'I am switching to another provider.', seq: 1 });
    const moments = async (token: string) => {
      const answer = await fetch(`${server.url}/api/v1/retention/moments`, { headers: { authorization: `Bearer ${token}` } });
      expect(answer.status).toBe(200);
      return (await answer.json()) as LiveDefectionMoments;
    };
    const desk = await moments(tokens.rita);
    expect(desk.alerts.map((a) => a.interactionId).sort()).toEqual([supportCall, billingCall].sort());
    const support = desk.alerts.find((a) => a.interactionId === supportCall)!;
    expect(support).toMatchObject({ kind: 'defection_moment', seq: 1, queue: 'support', agentName: 'Ann Agent', text: 'Fine. I want to cancel my account today.' });
    expect(support.signals.map((s) => s.code)).toContain('cancel_intent');
    expect(support.risk?.score).toBeGreaterThan(0);
    expect(desk.takenBy).toEqual({});
    expect((await moments(tokens.sue)).alerts.map((a) => a.interactionId)).toEqual([supportCall]);
    expect((await fetch(`${server.url}/api/v1/retention/moments`, { headers: { authorization: `Bearer ${tokens.ann}` } })).status).toBe(403);

    const rita = await connectAgent(server.url, tokens.rita);
    expect(await emit(rita, 'interaction:transfer', { interactionId: supportCall, clientRequestId: 'rita-take-0009' })).toMatchObject({ ok: true });
    await end(billingCall);
    const after = await moments(tokens.rita);
    expect(after.alerts.map((a) => a.interactionId)).toEqual([supportCall]);
    expect(after.takenBy).toEqual({ [supportCall]: 'Rita Retention' });
  });
});
