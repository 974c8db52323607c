import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { createApplication, type Application } from '../app';
import { loadConfig, type Config } from '../config';
import { createLogger } from '../logger';
import { createTestDatabase, type TestDatabase } from './database';

export const TEST_WEBHOOK_SECRET = 'whsec_test_0123456789abcdef0123456789abcdef';
export const TEST_WEBHOOK_SECRET_PREVIOUS = 'whsec_prev_0123456789abcdef0123456789abcdef';

export interface TestServer {
  /** The console's API, its sockets and the chat widget's. */
  url: string;
  /** The signed integration API's base (its own port). */
  integrationUrl: string;
  config: Config;
  db: TestDatabase;
  application: Application;
  close(): Promise<void>;
}

export interface TestServerOptions {
  env?: Record<string, string>;
  /** Folder of a built console to serve, for browser tests. */
  clientDir?: string;
}

/** The real application on a real HTTP server on port 0, over a fresh migrated database. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const db = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'test-jwt-secret-0123456789abcdef0123456789',
    WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    WEBHOOK_SECRET_PREVIOUS: TEST_WEBHOOK_SECRET_PREVIOUS,
    DEMO: 'false',
    LOG_LEVEL: 'silent',
    INTEGRATION_PORT: '0',
    INTEGRATION_HOST: '127.0.0.1',
    ...options.env,
  });
  return serve(config, db, options.clientDir ?? '/nonexistent', () => db.destroy());
}

/** A second application over `running`'s database and config, as after a restart; closing it leaves the database to `running`. */
export function startOnSameDatabase(running: TestServer): Promise<TestServer> {
  return serve(running.config, running.db, '/nonexistent', async () => undefined);
}

async function serve(config: Config, db: TestDatabase, clientDir: string, release: () => Promise<void>): Promise<TestServer> {
  const server = createServer();
  const application = await createApplication(server, { config, db, logger: createLogger(config.logLevel), clientDir }).catch(async (error: unknown) => {
    await release();
    throw error;
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    integrationUrl: `http://127.0.0.1:${application.gateway.port}`,
    config,
    db,
    application,
    async close() {
      await application.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await release();
    },
  };
}
