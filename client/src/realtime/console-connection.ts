import { io, type Socket } from 'socket.io-client';
import { watch } from 'vue';
import type { Pinia } from 'pinia';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/realtime';
import * as api from '../api/console-api';
import { useLiveInteractionStore } from '../interactions/live-interaction-store';
import { useDefectionAlertsStore } from '../retention/defection-alerts-store';
import { useSessionStore } from '../session/session-store';
import { useLiveConnectionStore } from './connection-store';
import { rewatchCustomers } from './customer-watches';
import { bindLiveHandlers, createLiveHandlers } from './live-handlers';
import { OFFLINE_MESSAGE, offlineTransport, setLiveTransport, type LiveTransport } from './live-requests';

export type ConsoleSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A request with no answer in this long is reported as failed; the agent can retry (writes carry their key). */
const REQUEST_TIMEOUT_MS = 10_000;
/** After the server refused the handshake, wait this long before asking again. */
const REFUSED_RETRY_MS = 5_000;

/**
 * WebSocket first: one long-lived connection instead of long-polling requests that a load
 * balancer must keep sticky; polling is still tried where a proxy blocks WebSockets.
 */
const SOCKET_TRANSPORTS = { transports: ['websocket', 'polling'], tryAllTransports: true };

/**
 * Same origin, so the handshake carries the httpOnly session cookie: no token in script.
 * Not connected until someone is signed in.
 */
const createDefaultSocket = (): ConsoleSocket => io({ withCredentials: true, autoConnect: false, ...SOCKET_TRANSPORTS });

/** The socket as a LiveTransport: typed requests with acks, failing fast while disconnected. */
export function socketTransport(socket: ConsoleSocket, timeoutMs = REQUEST_TIMEOUT_MS): LiveTransport {
  // Socket.IO types emitWithAck per literal event name; LiveTransport already ties each event
  // to its payload and answer, so the generic call goes through this one untyped view.
  type UntypedEmitWithAck = (event: string, payload: unknown) => Promise<never>;
  type UntypedEmit = (event: string, payload: unknown) => void;
  return {
    async request(event, payload) {
      // Socket.IO would buffer the emit and send it on reconnect, long after the agent was
      // told it failed; writes are retried by the agent, with the same key, instead.
      if (!socket.connected) return { ok: false, error: { code: 'network', message: OFFLINE_MESSAGE } };
      try {
        return await (socket.timeout(timeoutMs).emitWithAck as UntypedEmitWithAck)(event, payload);
      } catch {
        return { ok: false, error: { code: 'network', message: 'Cue did not answer in time. Try again.' } };
      }
    },
    notify(event, payload) {
      if (socket.connected) (socket.emit as UntypedEmit)(event, payload);
    },
  };
}

export interface ConsoleConnectionOptions {
  pinia: Pinia;
  createSocket?: () => ConsoleSocket;
}

/**
 * The console's one live connection: opened when someone signs in, closed when they sign out.
 * It binds every server event to its store action, and after a reconnect the server could not
 * recover it resyncs: the customer rooms and the interaction on screen from its last `seq`.
 * Returns a function that closes it for good.
 */
export function startConsoleConnection({ pinia, createSocket = createDefaultSocket }: ConsoleConnectionOptions): () => void {
  const session = useSessionStore(pinia);
  const connection = useLiveConnectionStore(pinia);
  const live = useLiveInteractionStore(pinia);
  const defectionAlerts = useDefectionAlertsStore(pinia);
  let socket: ConsoleSocket | null = null;
  let unbind: (() => void) | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  function open() {
    if (socket) return;
    const current = createSocket();
    socket = current;
    unbind = bindLiveHandlers(current, createLiveHandlers(pinia));
    setLiveTransport(socketTransport(current));

    current.on('connect', () => {
      connection.connected();
      // Recovered: the server replayed what was missed and kept the rooms; nothing to do.
      if (current.recovered) return;
      rewatchCustomers();
      void live.resync();
      // Alerts are not replayed after a long drop: the desk and supervisors fetch the live moments.
      const role = session.user?.role;
      if (role === 'retention' || role === 'supervisor') void defectionAlerts.load();
    });
    current.on('disconnect', (reason) => {
      // Closed by this console (sign-out) is not a problem to show.
      if (reason !== 'io client disconnect') connection.lost(null);
    });
    current.on('connect_error', (error) => {
      connection.lost(error.message === 'unauthorized' ? 'Your session could not be verified.' : 'Cue cannot be reached.');
      // `active` false: the server refused the handshake and Socket.IO will not try again by
      // itself. The usual cause is an expired session: asking the REST API says so, and a 401
      // there sends the agent to the login page (api/http's one place for that).
      if (!current.active) {
        void api.fetchMe().catch(() => undefined);
        retryTimer = setTimeout(() => {
          retryTimer = null;
          if (socket === current) current.connect();
        }, REFUSED_RETRY_MS);
      }
    });
    connection.connecting();
    current.connect();
  }

  function close() {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    if (!socket) return;
    unbind?.();
    unbind = null;
    socket.removeAllListeners();
    socket.disconnect();
    socket = null;
    setLiveTransport(offlineTransport);
    connection.closed();
  }

  const stopFollowingSession = watch(
    () => session.isAuthenticated,
    (signedIn) => (signedIn ? open() : close()),
    { immediate: true },
  );

  return () => {
    stopFollowingSession();
    close();
  };
}
