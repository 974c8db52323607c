import { vi } from 'vitest';

interface PendingRequest {
  url: URL;
  respond(status: number, body: unknown): void;
}

/**
 * A fetch the test answers by hand, in any order, so races between responses can be staged.
 * Stores run unchanged on top of it; only the network is replaced.
 */
export function installFakeFetch() {
  const pending: PendingRequest[] = [];
  vi.stubGlobal(
    'fetch',
    (input: string) =>
      new Promise<Response>((resolve) => {
        pending.push({
          url: new URL(input, 'http://console.test'),
          respond: (status, body) =>
            resolve(new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })),
        });
      }),
  );
  return {
    pending,
    /** Removes and returns the oldest unanswered request whose path and query contain `match`. */
    take(match: string): PendingRequest {
      const index = pending.findIndex((request) => `${request.url.pathname}${request.url.search}`.includes(match));
      if (index < 0) throw new Error(`no pending request matching ${match}; pending: ${pending.map((r) => r.url.href).join(', ')}`);
      return pending.splice(index, 1)[0]!;
    },
  };
}

/** Lets awaited fetch/json promise chains run to the end. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
