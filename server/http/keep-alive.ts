import type { Server } from 'node:http';

/**
 * How long an idle keep-alive connection is held open. Telephony platforms and proxies reuse
 * their connections; with Node's default of 5 s the server closes one just as a client sends on
 * it, and that request fails with a reset (the benchmark saw it at 25 calls a second). Longer
 * than the 60 s idle timeout load balancers commonly use, so they close first.
 */
const KEEP_ALIVE_MS = 65_000;

export function holdIdleConnections(server: Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // Node requires the headers timeout to be longer than the keep-alive timeout.
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
}
