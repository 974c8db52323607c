/**
 * A fresh `clientRequestId`: the key that makes a retried write land once. randomUUID exists
 * only in secure contexts; a console opened over plain http on a LAN address still needs ids,
 * and getRandomValues is available everywhere.
 */
export function newRequestId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
