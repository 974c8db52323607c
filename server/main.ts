import { createServer } from 'node:http';
import { createApplication } from './app';
import { loadConfigOrExit } from './config';
import { migrate, openDatabase } from './db/database';
import { createLogger } from './logger';

const config = loadConfigOrExit();
const logger = createLogger(config.logLevel);
const db = await openDatabase(config.databaseUrl, logger);
await migrate(db);

const server = createServer();
const application = await createApplication(server, { config, db, logger });
server.listen(config.port, config.host, () => {
  logger.info({ port: config.port, database: db.dialect }, 'Cue is listening');
  process.stdout.write(`\nCue console: http://localhost:${config.port}\n`);
});

async function shutdown(signal: string): Promise<void> {
  logger.info({ signal }, 'shutting down');
  await application.close();
  server.close();
  server.closeIdleConnections();
  await db.close();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
