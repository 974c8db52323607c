import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { io } from 'socket.io-client';
import { createUser } from '../../server/auth/users';
import { loginAs, postSigned } from '../../server/testing/http';
import { startTestServer, type TestServer } from '../../server/testing/server';
import type { TimelineEvent } from '../../shared/timeline';
import { useAgentStatusStore } from '../src/agent/agent-status-store';
import { useLiveInteractionStore } from '../src/interactions/live-interaction-store';
import { startConsoleConnection, type ConsoleSocket } from '../src/realtime/console-connection';
import { useLiveConnectionStore } from '../src/realtime/connection-store';
import { watchCustomer } from '../src/realtime/customer-watches';
import { useSessionStore } from '../src/session/session-store';
import { useTimelineStore } from '../src/timeline/timeline-store';

/**
 * The console's realtime module against the real server over real sockets (no browser): every
 * server event reaches its store, and a reconnect the server cannot recover resyncs the
 * interaction from its last seq and rejoins the customer rooms.
 */

const PASSWORD = 'correct horse battery';

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the console connection', () => {
  let server: TestServer;
  let token: string;
  let pinia: Pinia;
  let stop: () => void;
  const sockets: ConsoleSocket[] = [];
  const outgoing: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ env: { PRESENCE_GRACE_SECONDS: '60' } });
    const agent = await createUser(server.db, { email: 'ann@example.com', name: 'Ann Agent', role: 'agent', password: PASSWORD, queues: ['support'] });
    token = await loginAs(server.url, 'ann@example.com', PASSWORD);
    pinia = createPinia();
    setActivePinia(pinia);
    const session = useSessionStore(pinia);
    session.user = { ...agent };
    session.status = 'authenticated';
    // The browser sends the session cookie to its own origin; here the token goes in the handshake.
    stop = startConsoleConnection({
      pinia,
      createSocket: () => {
        const socket: ConsoleSocket = io(server.url, { auth: { token }, transports: ['websocket'], autoConnect: false, reconnectionDelay: 50 });
        socket.onAnyOutgoing((event: string) => outgoing.push(event));
        sockets.push(socket);
        return socket;
      },
    });
  });

  afterAll(async () => {
    stop?.();
    await server?.close();
  });

  it('connects with the session, takes a call and resyncs after a connection the server could not recover', async () => {
    const connection = useLiveConnectionStore(pinia);
    const agentStatus = useAgentStatusStore(pinia);
    const live = useLiveInteractionStore(pinia);
    const timeline = useTimelineStore(pinia);
    await until(() => connection.status === 'connected' && agentStatus.known, 'the first agent:state');

    await agentStatus.choose('available');
    expect(agentStatus.status).toBe('available');
    const started = await postSigned(`${server.integrationUrl}/api/v1/interactions`, {
      externalId: 'call-resync-1',
      channel: 'voice',
      queue: 'support',
      from: { kind: 'phone', value: '+1 212 736 5000' },
    });
    const { interactionId, customerId } = (await started.json()) as { interactionId: string; customerId: string };
    await until(() => live.interactionId === interactionId, 'the screen pop');
    expect(agentStatus.status).toBe('busy');
    const seed = live.takeTimelineSeed(customerId);
    expect(seed?.events.map((e) => e.type)).toContain('interaction.assigned');
    timeline.openWithPage(customerId, seed!);
    const releaseCustomer = watchCustomer(customerId);
    await live.accept();
    expect(live.interaction?.state).toBe('active');

    const say = (seq: number) =>
      postSigned(`${server.integrationUrl}/api/v1/interactions/${interactionId}/utterances`, { speaker: 'customer', text: `turn ${seq}`, seq });
    await say(1);
    await until(() => live.lastSeq === 1, 'the first turn');

    // Signed out and in again: a brand-new socket, in no room, with nothing replayed to it.
    const session = useSessionStore(pinia);
    session.status = 'anonymous';
    await until(() => connection.status === 'offline', 'the connection to close');
    await say(2);
    await say(3);
    session.status = 'authenticated';
    await until(() => live.lastSeq === 3, 'the resync');
    expect(sockets.at(-1)!.recovered).toBe(false);
    expect(live.transcript.map((u) => u.seq)).toEqual([1, 2, 3]);

    await say(4);
    await until(() => live.lastSeq === 4, 'a live turn after the resync');
    expect(live.transcript.map((u) => u.seq)).toEqual([1, 2, 3, 4]);

    // The customer's room was joined again: the call's end reaches the timeline live.
    await postSigned(`${server.integrationUrl}/api/v1/interactions/${interactionId}/end`, {});
    await until(() => timeline.pendingLive.some((e: TimelineEvent) => e.type === 'interaction.wrap_up'), 'the wrap-up marker on the timeline');
    await until(() => live.interaction?.state === 'wrap_up', 'the call to end');
    releaseCustomer();
  });

  it('asks for nothing after a short drop the server recovered', async () => {
    const connection = useLiveConnectionStore(pinia);
    const socket = sockets.at(-1)!;
    outgoing.length = 0;
    socket.io.engine.close();
    await until(() => connection.status !== 'connected', 'the drop');
    await until(() => connection.status === 'connected', 'the reconnect');
    expect(socket.recovered).toBe(true);
    expect(outgoing).not.toContain('interaction:resync');
    expect(outgoing).not.toContain('customer:watch');
  });
});
