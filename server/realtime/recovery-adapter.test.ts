import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { RecoveryAdapter } from './recovery-adapter';

const WINDOW_MS = 300;

describe('RecoveryAdapter', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('keeps the packets sent within the recovery window and drops older ones within a second, not a minute', async () => {
    const httpServer = createServer();
    const server = new Server(httpServer, { connectionStateRecovery: { maxDisconnectionDuration: WINDOW_MS }, adapter: RecoveryAdapter });
    httpServer.listen(0, '127.0.0.1');
    await once(httpServer, 'listening');
    const client = connect(`http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`, { transports: ['websocket'] });
    close = async () => {
      client.close();
      await server.close();
    };
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
    const kept = () => (server.of('/').adapter as unknown as { packets: unknown[] }).packets.length;

    for (let i = 0; i < 100; i++) server.emit('tick', i);
    expect(kept()).toBe(100);
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 1_200));
    server.emit('tick', 100);
    // Socket.IO's own clean-up runs once a minute: without the adapter's, all 101 are still held.
    expect(kept()).toBe(1);
  });

  it.each(['/', '/desk'])('replays what a room missed during a short drop, as it was when sent (namespace %s)', async (namespace) => {
    const httpServer = createServer();
    const server = new Server(httpServer, { connectionStateRecovery: { maxDisconnectionDuration: 10_000 }, adapter: RecoveryAdapter });
    const serverSockets: Socket[] = [];
    server.of(namespace).on('connection', (socket) => {
      serverSockets.push(socket);
      if (!socket.recovered) void socket.join('agent:1');
    });
    httpServer.listen(0, '127.0.0.1');
    await once(httpServer, 'listening');
    const client = connect(`http://127.0.0.1:${(httpServer.address() as AddressInfo).port}${namespace === '/' ? '' : namespace}`, { transports: ['websocket'] });
    close = async () => {
      client.close();
      await server.close();
    };
    const received: unknown[][] = [];
    // Each kept event carries its offset as a last argument, for the client to resume from.
    client.onAny((...args: unknown[]) => received.push(args.slice(0, -1)));
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
    const nsp = server.of(namespace);
    nsp.to('agent:1').emit('update', { seq: 1 });
    await expect.poll(() => received.length).toBe(1);

    // The drop, as the server sees it: the events below are sent while the client is away.
    const disconnected = once(serverSockets[0]!, 'disconnect');
    client.io.engine.close();
    await disconnected;
    const pop = { customer: { name: 'Zoë Ågren — 李', identities: [{ kind: 'email', value: 'zoe@example.com' }] }, timeline: [{ id: 'e1' }, { id: 'e2' }] };
    nsp.to('agent:1').emit('pop', pop);
    nsp.to('agent:2').emit('pop', { customer: { name: 'someone else' } });
    nsp.to('agent:1').emit('update', { seq: 2 }, 'second argument');
    // Changed after it was sent: what was sent is what is replayed.
    pop.customer.name = 'changed later';

    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
    expect(client.recovered).toBe(true);
    await expect.poll(() => received.length).toBe(3);
    expect(received).toEqual([
      ['update', { seq: 1 }],
      ['pop', { customer: { name: 'Zoë Ågren — 李', identities: [{ kind: 'email', value: 'zoe@example.com' }] }, timeline: [{ id: 'e1' }, { id: 'e2' }] }],
      ['update', { seq: 2 }, 'second argument'],
    ]);
  });
});
