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

/**
 * A packet as kept for recovery: its event and arguments as the JSON text Socket.IO encoded them
 * into to send them, in a Buffer (outside V8's heap), and its rooms as arrays. Kept as the
 * objects they were sent from, every packet of the window outlived two young-generation
 * collections and was promoted (a screen pop alone is hundreds of objects), and every full
 * collection walked them all: at 50 calls a second the heap left after one was 200–218 MB with
 * the objects, 90–117 MB with the text (measured under the benchmark). Read back only when a
 * session is restored, in the shape the parent reads.
 */
class KeptPacket {
  constructor(
    readonly id: string,
    readonly emittedAt: number,
    private readonly rooms: readonly string[],
    private readonly except: readonly string[],
    private readonly json: Buffer,
  ) {}

  get opts(): Pick<BroadcastOptions, 'rooms' | 'except'> {
    return { rooms: new Set(this.rooms), except: new Set(this.except) };
  }

  get data(): unknown[] {
    return JSON.parse(this.json.toString('utf8')) as unknown[];
  }
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
  /** What the last packet broadcast was encoded into (set by `_encode`, read by `broadcast`). */
  private lastEncoded: unknown[] = [];

  constructor(nsp: Namespace) {
    super(nsp);
    this.dropTimer = setInterval(() => this.dropExpiredPackets(), DROP_EXPIRED_EVERY_MS);
    this.dropTimer.unref();
    // The parent encodes each broadcast once for all its sockets, in a method its types keep private.
    const self = this as unknown as { _encode(packet: unknown, packetOpts: unknown): unknown[] };
    const encode = self._encode.bind(this);
    self._encode = (packet, packetOpts) => (this.lastEncoded = encode(packet, packetOpts));
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

  override broadcast(packet: { type: number; id?: number; nsp?: string; data: unknown[] }, opts: BroadcastOptions): void {
    // The parent appends the offset to `data` (replayed, it moves the client's offset on too),
    // keeps the packet, then encodes and sends it.
    super.broadcast(packet, opts);
    this.keepAsText(packet, opts);
    // The same packets the parent keeps for recovery: events without an ack, not volatile.
    if (packet.type !== 2 || packet.id !== undefined || opts.flags?.volatile) return;
    const stale = Date.now() - CONNECT_TIMEOUT_MS;
    for (const entry of this.reconnecting) {
      // Refused by a middleware or gone before connecting: never taken, dropped here.
      if (entry.since < stale) this.reconnecting.delete(entry);
      else entry.broadcasts.push({ data: packet.data, opts });
    }
  }

  /** Replaces the packet the parent just kept (the newest, holding this very `data`) with its text. */
  private keepAsText(packet: { nsp?: string; data: unknown[] }, opts: BroadcastOptions): void {
    const { packets } = this as unknown as { packets: ({ id: string; data: unknown; emittedAt: number } | KeptPacket)[] };
    const kept = packets.at(-1);
    if (!kept || kept instanceof KeptPacket || kept.data !== packet.data) return;
    // Socket.IO's text encoding: the packet type, the namespace unless it is "/" and a comma, then the data as JSON.
    const [encoded] = this.lastEncoded;
    const prefix = `2${packet.nsp && packet.nsp !== '/' ? `${packet.nsp},` : ''}`;
    const json = this.lastEncoded.length === 1 && typeof encoded === 'string' && encoded.startsWith(prefix) ? encoded.slice(prefix.length) : JSON.stringify(packet.data);
    packets[packets.length - 1] = new KeptPacket(kept.id, kept.emittedAt, [...opts.rooms], [...(opts.except ?? [])], Buffer.from(json));
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
