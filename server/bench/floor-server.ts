import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Server, type Socket } from 'socket.io';
import type { Interaction } from '../../shared/interactions';
import { serveAsBenchChild } from './child-process';

/**
 * The floor: the least a server can do to answer the benchmark's HTTP calls with the same
 * pushes, so Cue's figures can be read against what Node, express and Socket.IO cost on this
 * machine. Exactly what it does, and nothing more:
 *
 * - express with `express.json()`; no helmet, no request logging, no signature check, no
 *   validation, no database.
 * - Socket.IO with default options: no auth middleware, no rooms, no connection-state
 *   recovery. Each client gets `agent:state` on connect and an ok ack for `agent:status`,
 *   `interaction:accept`, `interaction:wrapup` and `customer:unwatch`, so the same simulated agents drive it.
 * - `POST /api/v1/interactions`: hands the interaction to the longest-idle connected client
 *   (a FIFO of idle sockets; interactions wait in a FIFO when none is idle) and emits
 *   `interaction:assigned` with a prepared payload of FLOOR_POP_BYTES bytes of JSON — the mean
 *   size of Cue's screen pops in the same run — carrying the ids the load generator matches on.
 * - `POST /api/v1/interactions/:id/utterances`: emits `interaction:utterance` with a prepared
 *   payload of FLOOR_UTTERANCE_BYTES (Cue's mean) to the holding client; for a call still
 *   waiting, it is kept and sent in the screen pop's `transcript`, as Cue does.
 * - `POST /api/v1/interactions/:id/end`: emits `interaction:ended`; the client's wrap-up makes
 *   it idle again.
 *
 * Cue does more per call (a second push, `interaction:insight`, per customer utterance; agent
 * state and timeline pushes on every transition); the floor does one push per HTTP call.
 */

const popBytes = Number(process.env.FLOOR_POP_BYTES ?? 2000);
const utteranceBytes = Number(process.env.FLOOR_UTTERANCE_BYTES ?? 300);

const sampleInteraction = (id: string, externalId: string, state: Interaction['state']): Interaction => ({
  id,
  externalId,
  channel: 'voice',
  queue: 'support',
  customerId: id,
  agentId: id,
  state,
  from: { kind: 'phone', value: '+12127365000' },
  startedAt: new Date().toISOString(),
  assignedAt: new Date().toISOString(),
  endedAt: null,
  closedAt: null,
});

/** A padding string that brings `build('')`'s JSON to `target` bytes; ids are fixed-width, so one measurement holds for all. */
function paddingFor(target: number, build: (padding: string) => unknown): string {
  const base = JSON.stringify(build('')).length;
  return 'x'.repeat(Math.max(0, target - base));
}

serveAsBenchChild(async () => {
  const sampleId = randomUUID();
  const popPadding = paddingFor(popBytes, (padding) => ({ interaction: sampleInteraction(sampleId, `bench-${'0'.repeat(7)}`, 'assigned'), actions: [], padding }));
  const utterancePadding = paddingFor(utteranceBytes, (text) => ({ interactionId: sampleId, seq: 1, speaker: 'customer', text, at: new Date().toISOString(), sentiment: null }));

  const idle: Socket[] = [];
  const waiting: { id: string; externalId: string }[] = [];
  const holder = new Map<string, Socket>();
  /** As in Cue, a turn for a call still waiting in the queue has no agent yet: it goes out with the screen pop. */
  const turnsWhileWaiting = new Map<string, object[]>();

  const assign = (socket: Socket, interaction: { id: string; externalId: string }) => {
    holder.set(interaction.id, socket);
    const transcript = turnsWhileWaiting.get(interaction.id) ?? [];
    turnsWhileWaiting.delete(interaction.id);
    socket.emit('interaction:assigned', { interaction: sampleInteraction(interaction.id, interaction.externalId, 'assigned'), transcript, actions: [], padding: popPadding });
  };
  const becameIdle = (socket: Socket) => {
    const next = waiting.shift();
    if (next) assign(socket, next);
    else if (!idle.includes(socket)) idle.push(socket);
  };

  const app = express();
  app.use(express.json());
  app.post('/api/v1/interactions', (req, res) => {
    const externalId = String((req.body as { externalId?: unknown }).externalId);
    const interaction = { id: randomUUID(), externalId };
    const socket = idle.shift();
    if (socket) assign(socket, interaction);
    else waiting.push(interaction);
    res.status(201).json({ interactionId: interaction.id, customerId: interaction.id });
  });
  app.post('/api/v1/interactions/:id/utterances', (req, res) => {
    const { seq, speaker } = req.body as { seq?: unknown; speaker?: unknown };
    const turn = { interactionId: req.params.id, seq, speaker, text: utterancePadding, at: new Date().toISOString(), sentiment: null };
    const socket = holder.get(req.params.id);
    if (socket) socket.emit('interaction:utterance', turn);
    else turnsWhileWaiting.set(req.params.id, [...(turnsWhileWaiting.get(req.params.id) ?? []), turn]);
    res.status(201).json({ seq, duplicate: false });
  });
  app.post('/api/v1/interactions/:id/end', (req, res) => {
    const interaction = sampleInteraction(req.params.id, '', 'wrap_up');
    holder.get(req.params.id)?.emit('interaction:ended', interaction);
    res.json({ interaction });
  });

  const server = createServer(app);
  // As Cue's (server/app.ts): idle connections are kept as long, so both see the same reuse.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const io = new Server(server, { serveClient: false });
  io.on('connection', (socket) => {
    socket.emit('agent:state', { status: 'away', interactions: [] });
    socket.on('agent:status', (_request: unknown, ack: (response: object) => void) => {
      becameIdle(socket);
      ack({ ok: true, state: { status: 'available', interactions: [] } });
    });
    socket.on('interaction:accept', (request: { interactionId: string }, ack: (response: object) => void) => {
      ack({ ok: true, interaction: sampleInteraction(request.interactionId, '', 'active') });
    });
    socket.on('customer:unwatch', (_request: unknown, ack: (response: object) => void) => ack({ ok: true }));
    socket.on('interaction:wrapup', (request: { interactionId: string }, ack: (response: object) => void) => {
      holder.delete(request.interactionId);
      ack({ ok: true, eventId: request.interactionId });
      becameIdle(socket);
    });
    socket.on('disconnect', () => {
      const index = idle.indexOf(socket);
      if (index >= 0) idle.splice(index, 1);
    });
  });

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    integrationPort: (server.address() as AddressInfo).port,
    async close() {
      await io.close();
      server.closeAllConnections();
    },
  };
});
