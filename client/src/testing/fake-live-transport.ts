import type { ClientToServerEvents } from '../../../shared/realtime';
import { offlineTransport, setLiveTransport, type AckedEvent, type LiveTransport } from '../realtime/live-requests';

export interface PendingLiveRequest {
  event: AckedEvent;
  payload: Record<string, unknown>;
  /** Answers the request as the server (or a network failure) would. */
  respond(answer: object): void;
}

/**
 * Stands in for the socket behind every store request: the test sees each request and answers
 * it by hand, in any order. Stores run unchanged on top of it; only the connection is replaced.
 */
export function installFakeLiveTransport() {
  const pending: PendingLiveRequest[] = [];
  const sent: PendingLiveRequest[] = [];
  const notified: { event: keyof ClientToServerEvents; payload: unknown }[] = [];
  const transport: LiveTransport = {
    request: (event, payload) =>
      new Promise((resolve) => {
        const request: PendingLiveRequest = {
          event,
          payload: payload as Record<string, unknown>,
          respond: (answer) => resolve(answer as never),
        };
        pending.push(request);
        sent.push(request);
      }),
    notify: (event, payload) => {
      notified.push({ event, payload });
    },
  };
  setLiveTransport(transport);
  return {
    pending,
    /** Every request made so far, answered or not. */
    sent,
    notified,
    /** Removes and returns the oldest unanswered request for `event`. */
    take(event: AckedEvent): PendingLiveRequest {
      const index = pending.findIndex((request) => request.event === event);
      if (index < 0) throw new Error(`no pending ${event}; pending: ${pending.map((r) => r.event).join(', ') || 'none'}`);
      return pending.splice(index, 1)[0]!;
    },
    uninstall: () => setLiveTransport(offlineTransport),
  };
}

export const networkFailure = { ok: false, error: { code: 'network', message: 'Cue did not answer in time. Try again.' } } as const;
