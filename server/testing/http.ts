import { signBody } from '../http/signature';
import { TEST_WEBHOOK_SECRET } from './server';

/** POSTs a JSON body to the integration API signed as a sender holding `secret` would. */
export function postSigned(url: string, body: unknown, secret: string | string[] = TEST_WEBHOOK_SECRET, timestamp?: number) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cue-signature': signBody(raw, secret, timestamp) },
    body: raw,
  });
}

export async function loginAs(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}
