import type { Namespace, Socket } from 'socket.io';
import { SessionAwareAdapter, type BroadcastOptions, type PrivateSessionId, type Session } from 'socket.io-adapter';

/** Socket.IO closes a client that has not finished connecting in this long (its `connectTimeout` default). */
const CONNECT_TIMEOUT_MS = 45_000;
/** How often the packets older than the recovery window are dropped. */
const DROP_EXPIRED_EVERY_MS = 1_000;

interface Broadcast {
  data: unknown[];
  opts: BroadcastOptions;
}

interface Reconnecting {
  /** Known once the session is restored: the socket keeps its old id. */
  sid?: string;
  since: number;
  broadcasts: Broadcast[];
}

/**
 * Socket.IO's in-memory session store, with a hole in its connection state recovery closed.
 *
 * When a client comes back, Socket.IO restores its session (the packets it missed up to that
 * moment, its rooms) and only then runs the namespace's middlewares; ours reads the user from
 * the database, so that takes a while. Until the middlewares are done the socket is in its rooms
 * but not among the namespace's sockets, and a broadcast skips it: what a room was sent in
 * between is neither in the replay nor in the live stream, and the client, told it recovered,
 * never asks for it. (A console lost a turn of the transcript this way.) This remembers every
 * broadcast from the restore on and sends the socket those of its rooms once it is connected,
 * before anything newer: each packet reaches it once, in order.
 *
 * It also drops the packets older than the recovery window every second. The parent keeps every
 * packet it sends for the window but drops the old ones only once a minute, so up to 90 s of
 * them stayed on the heap (at 50 calls a second over 100,000, screen pops included: the heap
 * grew to 560 MB between major collections).
 */
export class RecoveryAdapter extends SessionAwareAdapter {
  private readonly reconnecting = new Set<Reconnecting>();
  private readonly dropTimer: NodeJS.Timeout;

  constructor(nsp: Namespace) {
    super(nsp);
    this.dropTimer = setInterval(() => this.dropExpiredPackets(), DROP_EXPIRED_EVERY_MS);
    this.dropTimer.unref();
    // Registered when the namespace is created, so it runs before the application's own
    // connection handlers: the gap is sent before anything they emit.
    nsp.on('connection', (socket) => this.sendMissedWhileConnecting(socket));
  }

  override restoreSession(pid: PrivateSessionId, offset: string): Promise<Session> {
    // The parent answers null, not a promise, when there is nothing to restore.
    const restoring = super.restoreSession(pid, offset) as Promise<Session> | null;
    if (!restoring) return restoring as unknown as Promise<Session>;
    // Logged from this very moment: the parent computed the missed packets synchronously, so
    // every broadcast is either in its replay or in this log, never neither.
    const entry: Reconnecting = { since: Date.now(), broadcasts: [] };
    this.reconnecting.add(entry);
    return restoring.then((session) => {
      if (session) entry.sid = session.sid;
      else this.reconnecting.delete(entry);
      return session;
    });
  }

  override broadcast(packet: { type: number; id?: number; data: unknown[] }, opts: BroadcastOptions): void {
    // The parent appends the offset to `data`: replayed, it moves the client's offset on too.
    super.broadcast(packet, opts);
    // The same packets the parent keeps for recovery: events without an ack, not volatile.
    if (packet.type !== 2 || packet.id !== undefined || opts.flags?.volatile) return;
    const stale = Date.now() - CONNECT_TIMEOUT_MS;
    for (const entry of this.reconnecting) {
      // Refused by a middleware or gone before connecting: never taken, dropped here.
      if (entry.since < stale) this.reconnecting.delete(entry);
      else entry.broadcasts.push({ data: packet.data, opts });
    }
  }

  override close(): void {
    clearInterval(this.dropTimer);
    return super.close() as void;
  }

  /** The parent's store: packets in the order they were sent, each with the time it was. */
  private dropExpiredPackets(): void {
    const { packets, maxDisconnectionDuration } = this as unknown as { packets: { emittedAt: number }[]; maxDisconnectionDuration: number };
    const threshold = Date.now() - maxDisconnectionDuration;
    let expired = 0;
    while (expired < packets.length && packets[expired]!.emittedAt < threshold) expired++;
    if (expired > 0) packets.splice(0, expired);
  }

  private sendMissedWhileConnecting(socket: Socket): void {
    if (!socket.recovered) return;
    const entry = [...this.reconnecting].find((candidate) => candidate.sid === socket.id);
    if (!entry) return;
    this.reconnecting.delete(entry);
    const send = socket.emit.bind(socket) as (event: string, ...args: unknown[]) => boolean;
    for (const { data, opts } of entry.broadcasts) {
      if (!reaches(socket.rooms, opts)) continue;
      const [event, ...args] = data as [string, ...unknown[]];
      send(event, ...args);
    }
  }
}

/** Whether a broadcast with these options goes to a socket in `rooms` (as the parent decides for its replay). */
function reaches(rooms: ReadonlySet<string>, opts: BroadcastOptions): boolean {
  const included = opts.rooms.size === 0 || [...opts.rooms].some((room) => rooms.has(room));
  return included && ![...(opts.except ?? [])].some((room) => rooms.has(room));
}
