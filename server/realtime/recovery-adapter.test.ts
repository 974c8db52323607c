import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
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
});
