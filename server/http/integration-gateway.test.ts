import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplication } from '../app';
import { createLogger } from '../logger';
import { makeEvent } from '../testing/factories';
import { postSigned } from '../testing/http';
import { startTestServer, type TestServer } from '../testing/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const start = (externalId: string) => ({ externalId, channel: 'voice', queue: 'support', from: { kind: 'phone', value: '+1 212 736 5000' } });

describe('the integration API on its own port and thread', () => {
  it('answers the signed calls there, and neither port answers the other one’s routes', async () => {
    const started = await postSigned(`${server.integrationUrl}/api/v1/interactions`, start('gw-1'));
    expect(started.status).toBe(201);
    const { interactionId } = (await started.json()) as { interactionId: string };
    expect(await server.db.models.Interaction.count({ where: { id: interactionId } })).toBe(1);

    const onConsolePort = await postSigned(`${server.url}/api/v1/interactions`, start('gw-2'));
    expect(onConsolePort.status).toBe(404);
    expect(((await onConsolePort.json()) as { error: { message: string } }).error.message).toBe(
      `the integration API is served on its own port (INTEGRATION_PORT, here ${server.application.gateway.port})`,
    );
    expect(await server.db.models.Interaction.count({ where: { externalId: 'gw-2' } })).toBe(0);
    // The console's login is not on the integration port: a signed request to it is simply not found.
    const login = await postSigned(`${server.integrationUrl}/api/v1/auth/login`, { email: 'a@example.com', password: 'x' });
    expect(login.status).toBe(404);
    expect((await fetch(`${server.integrationUrl}/healthz`)).status).toBe(200);
  });

  it('carries the domain’s refusal back as it was: status, code and field', async () => {
    const unknownQueue = await postSigned(`${server.integrationUrl}/api/v1/interactions`, { ...start('gw-3'), queue: 'nope' });
    expect(unknownQueue.status).toBe(400);
    expect(await unknownQueue.json()).toEqual({ error: { code: 'invalid_request', message: 'queue: no queue named nope', field: 'queue' } });
    const unknownCall = await postSigned(`${server.integrationUrl}/api/v1/interactions/8d6c2f43-3f5c-4a55-9b0f-0f4c1e4b5a10/end`, {});
    expect(unknownCall.status).toBe(404);
  });

  it('counts its requests in the server’s one /metrics page, next to the console’s', async () => {
    await postSigned(`${server.integrationUrl}/api/v1/events`, { events: [makeEvent(), makeEvent()] });
    const page = await (await fetch(`${server.url}/metrics`)).text();
    expect(page).toMatch(/cue_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/interactions",status="201"\} [1-9]/);
    expect(page).toMatch(/cue_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/events",status="200"\} 1\b/);
    expect(page).toMatch(/cue_ingested_events_total\{status="accepted"\} 2\b/);
    // The process's own metrics (CPU, memory) come from the main thread alone: a copy from the
    // gateway's thread would be summed into them.
    expect(page).toMatch(/^process_cpu_user_seconds_total /m);
    const fromGateway = (await server.application.gateway.metrics()).map((metric) => metric.name);
    expect(fromGateway).toContain('cue_http_request_duration_seconds');
    expect(fromGateway.filter((name) => name.startsWith('process_') || name.startsWith('nodejs_'))).toEqual([]);
  });

  it('starts its thread again on the same port when it dies, and is not ready meanwhile', async () => {
    const { gateway } = server.application;
    const port = gateway.port;
    await (gateway as unknown as { worker: Worker }).worker.terminate();
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'integration API down' });

    await expect.poll(() => gateway.up, { timeout: 10_000 }).toBe(true);
    expect(gateway.port).toBe(port);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect((await postSigned(`${server.integrationUrl}/api/v1/interactions`, start('gw-4'))).status).toBe(201);
  });

  it('refuses to start when its port is taken, naming it', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const { port } = taken.address() as { port: number };
    // On the same database: the models are bound to the last database opened in a process.
    const config = { ...server.config, integrationPort: port };
    try {
      await expect(createApplication(createHttpServer(), { config, db: server.db, logger: createLogger('silent') })).rejects.toThrow(
        `the integration API cannot listen on 127.0.0.1:${port}`,
      );
    } finally {
      taken.close();
    }
  });
});
