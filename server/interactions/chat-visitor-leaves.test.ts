import { afterEach, describe, expect, it } from 'vitest';
import type { Interaction, ScreenPop } from '../../shared/interactions';
import type { Ack } from '../../shared/realtime';
import type { TimelineEvent } from '../../shared/timeline';
import { createUser } from '../auth/users';
import { loginAs, postSigned } from '../testing/http';
import { startOnSameDatabase, startTestServer, type TestServer } from '../testing/server';
import { collect, connectAgent, connectVisitor, disconnectAll, eventually, next, type AgentClient, type VisitorClient } from '../testing/sockets';

/** Short, so that a visitor who leaves is seen to have left within the test; reconnects here take milliseconds. */
const GRACE_MS = 400;

let server: TestServer;
let agentToken: string;

async function startServer(graceMs = GRACE_MS): Promise<void> {
  server = await startTestServer({ env: { PRESENCE_GRACE_SECONDS: String(graceMs / 1000) } });
  await createUser(server.db, { email: 'ann@example.com', name: 'Ann Agent', role: 'agent', password: 'correct horse battery', queues: ['chat'] });
  agentToken = await loginAs(server.url, 'ann@example.com', 'correct horse battery');
}

afterEach(async () => {
  disconnectAll();
  await server.close();
});

function emit<T extends object>(socket: AgentClient, event: string, payload: unknown): Promise<Ack<T>> {
  return (socket.emitWithAck as (event: string, payload: unknown) => Promise<Ack<T>>)(event, payload);
}

function endChat(visitor: VisitorClient, payload: unknown = {}): Promise<Ack> {
  return (visitor.emitWithAck as (event: string, payload: unknown) => Promise<Ack>)('chat:end', payload);
}

async function startChat(name: string, email: string): Promise<{ token: string; interactionId: string }> {
  const res = await fetch(`${server.url}/api/v1/chat/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, email }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { token: string; interactionId: string };
}

async function stateOf(interactionId: string, on = server): Promise<Interaction['state']> {
  return (await on.application.interactions.requireInteraction(interactionId)).state;
}

async function timelineSummaries(customerId: string): Promise<string[]> {
  const res = await fetch(`${server.url}/api/v1/customers/${customerId}/timeline?limit=10`, { headers: { authorization: `Bearer ${agentToken}` } });
  return ((await res.json()) as { events: TimelineEvent[] }).events.map((e) => e.summary ?? '');
}

/** For what must not happen: waits well past the grace period. */
function pastTheGracePeriod(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, GRACE_MS * 3));
}

async function availableAgent(): Promise<{ socket: AgentClient; pops: ScreenPop[] }> {
  const socket = await connectAgent(server.url, agentToken);
  const pops = collect<ScreenPop>(socket, 'interaction:assigned');
  expect(await emit(socket, 'agent:status', { status: 'available' })).toMatchObject({ ok: true });
  return { socket, pops };
}

describe('a chat visitor ends the chat', () => {
  it('leaves the queue: the chat is closed as abandoned, the visitor behind moves up and gets the agent', async () => {
    await startServer();
    const first = await startChat('Vera Visitor', 'vera@example.com');
    const second = await startChat('Walt Waiting', 'walt@example.com');
    const vera = await connectVisitor(server.url, first.token);
    let waltQueue: { position: number | null }[] = [];
    await connectVisitor(server.url, second.token, (socket) => (waltQueue = collect(socket, 'chat:queue')));
    await eventually(() => waltQueue.at(-1)?.position === 2);

    const told = next(vera, 'chat:ended');
    expect(await endChat(vera)).toEqual({ ok: true });
    await told;
    await eventually(() => waltQueue.at(-1)?.position === 1);
    expect(await stateOf(first.interactionId)).toBe('closed');
    // Ending again (a retry whose answer was lost) answers the same and changes nothing.
    expect(await endChat(vera)).toEqual({ ok: true });
    expect(await vera.emitWithAck('chat:send', { text: 'hello?', clientRequestId: 'vera-late-01' })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const ann = await availableAgent();
    await eventually(() => ann.pops.length === 1);
    expect(ann.pops[0]!.interaction.id).toBe(second.interactionId);
    const customerId = (await server.application.interactions.requireInteraction(first.interactionId)).customerId;
    expect(await timelineSummaries(customerId)).toContain('Abandoned in the queue: the visitor ended the chat');
  });

  it('sends the agent to wrap-up when the chat was under way', async () => {
    await startServer();
    const ann = await availableAgent();
    const { token, interactionId } = await startChat('Vera Visitor', 'vera@example.com');
    const vera = await connectVisitor(server.url, token);
    await eventually(() => ann.pops.length === 1);
    expect(await emit(ann.socket, 'interaction:accept', { interactionId })).toMatchObject({ ok: true });

    const ended = next<Interaction>(ann.socket, 'interaction:ended');
    expect(await endChat(vera)).toEqual({ ok: true });
    expect(await ended).toMatchObject({ id: interactionId, state: 'wrap_up' });
    expect(await emit(ann.socket, 'interaction:wrapup', { interactionId, disposition: 'resolved', clientRequestId: 'vera-wrap-01' })).toMatchObject({ ok: true });
    expect(await timelineSummaries(ann.pops[0]!.customer.id)).toContain('Chat ended by the visitor');
  });

  it('refuses a malformed request and changes nothing', async () => {
    await startServer();
    const { token, interactionId } = await startChat('Vera Visitor', 'vera@example.com');
    const vera = await connectVisitor(server.url, token);
    expect(await endChat(vera, 'now')).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await stateOf(interactionId)).toBe('queued');
  });
});

describe('a chat visitor who is gone longer than the grace period has left', () => {
  it('abandons a waiting chat and ends one under way; a reload within the grace period is not leaving', async () => {
    await startServer();
    const waiting = await startChat('Walt Waiting', 'walt@example.com');
    const walt = await connectVisitor(server.url, waiting.token);
    walt.disconnect();
    await expect.poll(() => stateOf(waiting.interactionId)).toBe('closed');

    const ann = await availableAgent();
    const talking = await startChat('Vera Visitor', 'vera@example.com');
    const vera = await connectVisitor(server.url, talking.token);
    await eventually(() => ann.pops.length === 1);
    // A reload: the page's socket goes and a new one comes at once.
    vera.disconnect();
    const reloaded = await connectVisitor(server.url, talking.token);
    await pastTheGracePeriod();
    expect(await stateOf(talking.interactionId)).toBe('assigned');

    const ended = next<Interaction>(ann.socket, 'interaction:ended');
    reloaded.disconnect();
    expect(await ended).toMatchObject({ id: talking.interactionId, state: 'wrap_up' });
    expect(await timelineSummaries(ann.pops[0]!.customer.id)).toContain('Chat ended: the visitor left');
  });

  it('abandons a chat whose visitor never connected', async () => {
    await startServer();
    const { interactionId } = await startChat('Nora Never', 'nora@example.com');
    await expect.poll(() => stateOf(interactionId)).toBe('closed');
  });

  it('after a restart, ends the open chats whose visitors do not come back and keeps those who do', async () => {
    await startServer(1_000);
    const gone = await startChat('Gus Gone', 'gus@example.com');
    const back = await startChat('Bea Back', 'bea@example.com');
    // The first process stops before the grace period is over (its timers go with it); the next one takes over.
    server.application.interactions.stop();
    const restarted = await startOnSameDatabase(server);
    try {
      await connectVisitor(restarted.url, back.token);
      await expect.poll(() => stateOf(gone.interactionId, restarted)).toBe('closed');
      expect(await stateOf(back.interactionId, restarted)).toBe('queued');
    } finally {
      await restarted.close();
    }
  });

  it('leaves chats from a chat platform alone: their visitors are not Cue’s to see', async () => {
    await startServer();
    const res = await postSigned(`${server.integrationUrl}/api/v1/interactions`, { externalId: 'platform-chat-1', channel: 'chat', queue: 'chat', from: { kind: 'email', value: 'pia@example.com' } });
    const { interactionId } = (await res.json()) as { interactionId: string };
    await pastTheGracePeriod();
    expect(await stateOf(interactionId)).toBe('queued');
  });
});
