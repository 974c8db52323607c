import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestLog } from './request-log';

interface LogLine {
  level: number;
  msg: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
}

const lines: LogLine[] = [];
const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
let base: string;
let close: () => void;
beforeAll(async () => {
  const app = express();
  app.use(requestLog(logger));
  app.post('/api/v1/interactions/:id/utterances', (req, res) => {
    res.status(req.params.id === 'known' ? 201 : 404).json({});
  });
  app.get('/api/v1/customers', (_req, res) => {
    res.json([]);
  });
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

/**
 * The lines `request` left. A line is written when its response has finished, which the client
 * may see a moment before; a console request after it, logged for certain, marks the end.
 */
async function linesAfter(request: () => Promise<Response>): Promise<LogLine[]> {
  lines.length = 0;
  await (await request()).arrayBuffer();
  await (await fetch(`${base}/api/v1/customers`)).arrayBuffer();
  await expect.poll(() => lines.at(-1)?.req?.url).toBe('/api/v1/customers');
  return lines.slice(0, -1);
}

describe('request log', () => {
  it('logs every console request, one line each', async () => {
    const logged = await linesAfter(() => fetch(`${base}/api/v1/customers?first`));
    expect(logged).toEqual([expect.objectContaining({ level: 30, msg: 'request completed', req: expect.objectContaining({ method: 'GET', url: '/api/v1/customers?first' }), res: expect.objectContaining({ statusCode: 200 }) })]);
  });

  it('logs a live-loop call only when it is refused or fails, at warn', async () => {
    expect(await linesAfter(() => fetch(`${base}/api/v1/interactions/known/utterances`, { method: 'POST' }))).toEqual([]);
    expect(await linesAfter(() => fetch(`${base}/api/v1/interactions/unknown/utterances`, { method: 'POST' }))).toEqual([
      expect.objectContaining({ level: 40, msg: 'request failed', req: { method: 'POST', url: '/api/v1/interactions/unknown/utterances' }, res: { statusCode: 404 } }),
    ]);
  });
});
