import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Config } from './config';
import type { Database } from './db/database';
import type { Logger } from './logger';
import { authRoutes } from './http/auth-routes';
import { customersRoutes } from './http/customers-routes';
import { errorHandler, HttpError } from './http/errors';
import { eventsRoutes } from './http/events-routes';
import { Metrics } from './http/metrics';

export interface AppDeps {
  config: Config;
  db: Database;
  logger: Logger;
  /** The built console (vite build output); not served when absent. */
  clientDir?: string;
}

export const DEFAULT_CLIENT_DIR = path.resolve(import.meta.dirname, '../dist/client');

/** Builds the HTTP application; `main.ts` only listens, tests start it on port 0. */
export function createHttpApp({ config, db, logger, clientDir = DEFAULT_CLIENT_DIR }: AppDeps): Express {
  const app = express();
  const metrics = new Metrics();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(helmet());
  app.use(pinoHttp({ logger, autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' } }));
  app.use(metrics.middleware());
  app.use(cookieParser());

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await db.sequelize.query('SELECT 1');
      res.json({ status: 'ready' });
    } catch (error) {
      logger.warn({ err: error }, 'database not reachable');
      res.status(503).json({ status: 'database unavailable' });
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  const api = express.Router();
  api.use(eventsRoutes(config, db, metrics));
  api.use(authRoutes(config, db));
  api.use(customersRoutes(config, db));
  api.use(() => {
    throw new HttpError('not_found', 'no such API route');
  });
  app.use('/api/v1', api);

  if (existsSync(path.join(clientDir, 'index.html'))) {
    app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
    // The console is a single-page app: every other GET gets its shell and the router takes over.
    app.get(/^\/(?!api\/).*/, (_req, res) => {
      res.sendFile(path.join(clientDir, 'index.html'));
    });
  }
  app.use(errorHandler(logger));
  return app;
}
