import type { ClientToServerEvents } from '../../../shared/realtime';
import type { ErrorCode } from '../../../shared/errors';

type Events = ClientToServerEvents;

/** Client → server events that answer through an ack (every write), and those that do not (typing). */
export type AckedEvent = { [E in keyof Events]: Parameters<Events[E]>['length'] extends 2 ? E : never }[keyof Events];
export type NotifyEvent = Exclude<keyof Events, AckedEvent>;
export type RequestOf<E extends keyof Events> = Parameters<Events[E]>[0];
type ServerAnswerOf<E extends AckedEvent> = Parameters<Events[E]>[1] extends (answer: infer A) => void ? A : never;

/** Server codes plus the one failure the server cannot report: no answer came (offline, timed out). */
export type LiveErrorCode = ErrorCode | 'network';
export interface LiveFailure {
  ok: false;
  error: { code: LiveErrorCode; message: string };
}
/** The server's ack in the one shape, or a network failure in that same shape. */
export type LiveAnswer<E extends AckedEvent> = ServerAnswerOf<E> | LiveFailure;

/** How stores talk to the server over the live connection; the realtime module installs the socket behind it. */
export interface LiveTransport {
  request<E extends AckedEvent>(event: E, payload: RequestOf<E>): Promise<LiveAnswer<E>>;
  notify<E extends NotifyEvent>(event: E, payload: RequestOf<E>): void;
}

export const OFFLINE_MESSAGE = 'Not connected to Cue. Reconnecting… try again in a moment.';

/** Used while signed out or before the socket exists: every request fails as a network error. */
export const offlineTransport: LiveTransport = {
  request: () => Promise.resolve({ ok: false, error: { code: 'network', message: OFFLINE_MESSAGE } }),
  notify: () => undefined,
};

let transport: LiveTransport = offlineTransport;

export function setLiveTransport(next: LiveTransport): void {
  transport = next;
}

export function liveRequest<E extends AckedEvent>(event: E, payload: RequestOf<E>): Promise<LiveAnswer<E>> {
  return transport.request(event, payload);
}

export function liveNotify<E extends NotifyEvent>(event: E, payload: RequestOf<E>): void {
  transport.notify(event, payload);
}

/**
 * Validation errors come back as "field: message" (the server's parseOrThrow); the form shows
 * them at that field. Anything else is a message for the whole form.
 */
export function fieldOfError(failure: LiveFailure): { field: string | null; message: string } {
  if (failure.error.code !== 'invalid_request') return { field: null, message: failure.error.message };
  const match = /^([A-Za-z][\w.]*): (.+)$/s.exec(failure.error.message);
  return match ? { field: match[1]!, message: match[2]! } : { field: null, message: failure.error.message };
}
