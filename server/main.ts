import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApplication } from './app';
import { loadConfigOrExit } from './config';
import { migrate, openDatabase } from './db/database';
import { prepareDemo, startDemoTraffic } from './demo/start-demo';
import { tuneGarbageCollector } from './gc-tuning';
import { createLogger } from './logger';

tuneGarbageCollector();
const config = loadConfigOrExit();
const logger = createLogger(config.logLevel);
const db = await openDatabase(config.databaseUrl, logger);
await migrate(db);
const demoLogins = config.demo ? await prepareDemo(db, config, logger) : null;

const server = createServer();
const application = await createApplication(server, { config, db, logger });
await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
const { port } = server.address() as AddressInfo;
const integrationPort = application.gateway.port;
logger.info({ port, integrationPort, database: db.dialect, demo: config.demo }, 'Cue is listening');
const simulator = config.demo ? await startDemoTraffic(db, config, logger, { port, integrationPort }) : null;

process.stdout.write(`\nCue console: http://localhost:${port}   chat widget: http://localhost:${port}/chat.html\n`);
process.stdout.write(`Integration API: http://localhost:${integrationPort}/api/v1\n`);
if (demoLogins) process.stdout.write(`Demo logins (email, password):\n${demoLogins}\n`);
process.stdout.write(`Integration API secret: ${config.webhookSecrets[0] === process.env.WEBHOOK_SECRET ? 'WEBHOOK_SECRET' : `${config.dataDir}/secrets.json`}\n\n`);

async function shutdown(signal: string): Promise<void> {
  logger.info({ signal }, 'shutting down');
  await simulator?.stop();
  await application.close();
  server.close();
  server.closeIdleConnections();
  await db.close();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
