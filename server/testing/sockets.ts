import { io as connect, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
} from '../../shared/realtime';
import type { AgentServer } from '../realtime/notifier';

export type AgentClient = Socket<ServerToClientEvents, ClientToServerEvents>;
export type VisitorClient = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;

const clients: Socket[] = [];

/** A real Socket.IO client of the console namespace, connected (or rejected) before it returns. */
export async function connectAgent(
  url: string,
  token: string | undefined,
  extraHeaders?: Record<string, string>,
  transports: ('websocket' | 'polling')[] = ['websocket'],
): Promise<AgentClient> {
  // A short reconnection delay keeps a dropped test connection inside the server's presence grace period.
  const socket: AgentClient = connect(url, { auth: token ? { token } : {}, transports, extraHeaders, reconnectionDelay: 50 });
  clients.push(socket);
  await connected(socket);
  return socket;
}

/** `listen`: handlers to add before connecting, as the chat widget does: the server speaks first. */
export async function connectVisitor(url: string, token: string, listen?: (socket: VisitorClient) => void): Promise<VisitorClient> {
  const socket: VisitorClient = connect(`${url}/chat`, { auth: { token }, transports: ['websocket'] });
  clients.push(socket);
  listen?.(socket);
  await connected(socket);
  return socket;
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => {
      socket.disconnect();
      reject(error);
    });
  });
}

export function disconnectAll(): void {
  for (const socket of clients.splice(0)) socket.disconnect();
}

/** Collects every emit of `event` on `socket` into an array, from now on. */
export function collect<T>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}

/** Resolves with the next `event` whose payload satisfies `match`. */
export function next<T>(socket: Socket, event: string, match: (payload: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/** Waits until `condition` holds, polling; for state that arrives through several events. */
export async function eventually(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Holds each console socket that recovers its session in the namespace's middlewares until
 * `release`: the moment between Socket.IO restoring the session (rooms, missed packets) and the
 * socket counting as connected. `reached` resolves when one is held.
 */
export function holdRecoveringSockets(io: AgentServer): { reached: Promise<void>; release(): void } {
  let reach = () => {};
  let release = () => {};
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  io.use((socket, next) => {
    if (!socket.recovered) return next();
    reach();
    void released.then(() => next());
  });
  return { reached, release };
}
