import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'cue-signature';

const hmac = (secret: string, timestamp: number, body: Buffer | string) =>
  createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, one v1 per secret given. */
export function signBody(body: Buffer | string, secrets: string | string[], timestamp = Math.floor(Date.now() / 1000)): string {
  const list = Array.isArray(secrets) ? secrets : [secrets];
  return [`t=${timestamp}`, ...list.map((secret) => `v1=${hmac(secret, timestamp, body)}`)].join(',');
}

export interface VerifyOptions {
  secrets: string[];
  toleranceSeconds: number;
  now?: number;
}

/**
 * Checks a `Cue-Signature` header the way Stripe-style webhook schemes do: the timestamp must
 * be within the tolerance (replay window), and any `v1` value may match any of our secrets
 * (so senders and Cue can rotate secrets independently). Comparison is constant-time.
 */
export function verifySignature(header: string | undefined, body: Buffer, options: VerifyOptions): boolean {
  if (!header) return false;
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (!value) continue;
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === undefined || signatures.length === 0 || signatures.length > 8) return false;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > options.toleranceSeconds) return false;
  let valid = false;
  for (const secret of options.secrets) {
    const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
    // No early exit: every candidate is compared so the time taken says nothing about which matched.
    for (const signature of signatures) valid = timingSafeEqual(expected, signature) || valid;
  }
  return valid;
}
