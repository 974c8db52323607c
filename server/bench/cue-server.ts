import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApplication } from '../app';
import { loadConfig } from '../config';
import { tuneGarbageCollector } from '../gc-tuning';
import { migrate, openDatabase } from '../db/database';
import { createLogger } from '../logger';
import { serveAsBenchChild } from './child-process';
import { instrumentCue } from './diagnostics';

/**
 * Cue as `main.ts` starts it (same garbage-collector tuning, config parsing, database,
 * createApplication), in a process of its own, listening on 127.0.0.1 on a free port; run.ts
 * forks it with the environment of the run (a fresh SQLite file in a temporary DATA_DIR,
 * DEMO=false, quiet logs).
 */
serveAsBenchChild(async () => {
  tuneGarbageCollector();
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const db = await openDatabase(config.databaseUrl, logger);
  await migrate(db);
  const server = createServer();
  const application = await createApplication(server, { config, db, logger, clientDir: '/nonexistent' });
  const diagnostics = process.env.BENCH_DIAGNOSE === '1' ? instrumentCue(db, application) : undefined;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    integrationPort: application.gateway.port,
    diagnostics,
    async close() {
      await application.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
});
