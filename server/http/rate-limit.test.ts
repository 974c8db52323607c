import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { errorHandler } from './errors';
import { perAddressLimit } from './rate-limit';

let base: string;
let close: () => void;
beforeAll(async () => {
  const app = express();
  app.post('/limited', perAddressLimit(60_000, 2, 'too many tries from this address'), (_req, res) => {
    res.json({ ok: true });
  });
  app.use(errorHandler(createLogger('silent')));
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

describe('perAddressLimit', () => {
  it('lets the limit through, then answers 429 with the one error body and says when to come back', async () => {
    const statuses = [];
    for (let i = 0; i < 2; i++) statuses.push((await fetch(`${base}/limited`, { method: 'POST' })).status);
    expect(statuses).toEqual([200, 200]);
    const refused = await fetch(`${base}/limited`, { method: 'POST' });
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({ error: { code: 'rate_limited', message: 'too many tries from this address' } });
    expect(refused.headers.get('ratelimit')).toMatch(/r=0/);
  });
});
