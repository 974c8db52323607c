import { existsSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import path from 'node:path';
import { Server } from 'socket.io';
import { AggregatorRegistry } from 'prom-client';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Config } from './config';
import type { Database } from './db/database';
import type { Logger } from './logger';
import { authRoutes } from './http/auth-routes';
import { customersRoutes } from './http/customers-routes';
import { AppError } from './errors';
import { errorHandler } from './http/errors';
import { Metrics } from './http/metrics';
import { requestLog } from './http/request-log';
import { chatRoutes } from './http/chat-routes';
import { domainCalls, IntegrationGateway } from './http/integration-gateway';
import { holdIdleConnections } from './http/keep-alive';
import { actionsRoutes } from './http/actions-routes';
import { NextBestActions } from './nba/next-best-actions';
import { retentionRoutes } from './http/retention-routes';
import { InteractionService, type LiveNotifier } from './interactions/interactions';
import { registerAgentHandlers } from './realtime/agent-handlers';
import { pushIngestedEvent, socketNotifier, type AgentServer, type VisitorNamespace } from './realtime/notifier';
import { jsonOnlyParser } from './realtime/json-parser';
import { RecoveryAdapter } from './realtime/recovery-adapter';
import { registerVisitorHandlers } from './realtime/visitor-handlers';
import { createRiskScorer } from './risk/live-risk';
import { loadChurnModel, loadDefaultChurnModel, type ChurnModel } from './risk/model';
import { RetentionWorklist } from './retention/worklist';
import { inProcessAnalyser, WorkerAnalyser } from './conversation/turn-analysis';

export interface HttpAppDeps {
  config: Config;
  db: Database;
  logger: Logger;
  /** The built console (vite build output); not served when absent. */
  clientDir?: string;
}

export const DEFAULT_CLIENT_DIR = path.resolve(import.meta.dirname, '../dist/client');

interface LiveDeps {
  interactions: InteractionService;
  gateway: IntegrationGateway;
  notifier: LiveNotifier;
  churnModel: ChurnModel;
  nba: NextBestActions;
}

function createHttpApp({ config, db, logger, clientDir = DEFAULT_CLIENT_DIR }: HttpAppDeps, { interactions, gateway, notifier, churnModel, nba }: LiveDeps): Express {
  const app = express();
  const metrics = new Metrics();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(helmet());
  app.use(requestLog(logger));
  app.use(metrics.middleware());

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await db.sequelize.query('SELECT 1');
      if (!gateway.up) {
        res.status(503).json({ status: 'integration API down' });
        return;
      }
      res.json({ status: 'ready' });
    } catch (error) {
      logger.warn({ err: error }, 'database not reachable');
      res.status(503).json({ status: 'database unavailable' });
    }
  });
  // One page for the whole server: this thread's metrics and the integration API thread's, merged by prom-client.
  app.get('/metrics', async (_req, res) => {
    const merged = AggregatorRegistry.aggregate([await metrics.registry.getMetricsAsJSON(), await gateway.metrics()]);
    res.type(merged.contentType).send(await merged.metrics());
  });

  const api = express.Router();
  api.use(chatRoutes(config, interactions));
  api.use(authRoutes(config, db));
  api.use(customersRoutes(config, db));
  api.use(actionsRoutes(config, db, nba));
  const worklist = new RetentionWorklist(db, churnModel, { thresholds: config.riskThresholds, logger });
  api.use(retentionRoutes(config, db, { worklist, modelVersion: churnModel.modelVersion, publishTimelineEvent: (event) => notifier.timelineEvent(event) }));
  // Said plainly to an integrator still sending to this port.
  api.post(['/events', '/interactions', /^\/interactions\/[^/]+\/(utterances|end)$/], () => {
    throw new AppError('not_found', `the integration API is served on its own port (INTEGRATION_PORT, here ${gateway.port})`);
  });
  api.use(() => {
    throw new AppError('not_found', 'no such API route');
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

export interface Application {
  app: Express;
  io: AgentServer;
  interactions: InteractionService;
  /** The integration API, on its own port. */
  gateway: IntegrationGateway;
  close(): Promise<void>;
}

/**
 * How long a dropped socket's rooms and missed events are kept for it to resume as if nothing
 * happened. Every event sent to anyone is kept that long (at 50 calls a second, about a thousand
 * a second, screen pops of 10–15 KB among them), so the window is what a short drop needs: the
 * presence grace's default. A console away for longer resyncs, and an agent away past the grace
 * has had their interaction re-queued anyway.
 */
const RECOVERY_WINDOW_MS = 30 * 1000;

/**
 * Builds Cue on an HTTP server: the console's REST API, its Socket.IO namespace and the chat
 * widget's; and starts the integration API, listening on its own port. `main.ts` only listens
 * on the first; tests start both on port 0.
 */
export async function createApplication(httpServer: HttpServer, deps: HttpAppDeps): Promise<Application> {
  const { config, db, logger } = deps;
  const gateway = new IntegrationGateway(config, logger);
  holdIdleConnections(httpServer);
  const io: AgentServer = new Server(httpServer, {
    connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false },
    // Recovery that also delivers what was broadcast while a returning socket was being authorised.
    adapter: RecoveryAdapter,
    parser: jsonOnlyParser,
    allowRequest: (req, callback) => callback(null, originAllowed(req.headers.origin, req.headers.host, config.allowedOrigins)),
    serveClient: false,
  });
  // Socket.IO types every namespace with the server's generics; the widget's has a contract of its own.
  const visitors = io.of('/chat') as unknown as VisitorNamespace;
  const notifier = socketNotifier(io, visitors);
  const churnModel = config.churnModelFile ? loadChurnModel(config.churnModelFile) : loadDefaultChurnModel();
  const nba = new NextBestActions({ db, holdoutShare: config.nbaHoldoutShare });
  await nba.start();
  const analyser = config.analysisThread ? new WorkerAnalyser(config.competitors) : inProcessAnalyser(config.competitors);
  const interactions = new InteractionService({
    db,
    logger,
    notifier,
    defaultPhoneRegion: config.defaultPhoneRegion,
    presenceGraceMs: config.presenceGraceMs,
    afterCallWorkMs: config.afterCallWorkMs,
    analyser,
    risk: createRiskScorer(db, churnModel, config.riskThresholds),
    nba,
  });
  const agentHandlers = registerAgentHandlers(io, { db, logger, jwtSecret: config.jwtSecret, accountCheckMs: config.accountCheckMs, interactions, visitors });
  registerVisitorHandlers(visitors, { logger, jwtSecret: config.jwtSecret, interactions, agents: io });
  // Before the start: it arms the grace periods of agents and chat visitors still connected
  // before a restart, and those should run from when the server can be reached again, not from
  // before the thread's second of loading.
  await gateway.loaded;
  await interactions.start();
  await gateway.listen(domainCalls(db, interactions, (event) => pushIngestedEvent(io, event))).catch(async (error: unknown) => {
    await gateway.close();
    agentHandlers.stop();
    interactions.stop();
    await analyser.close();
    throw error;
  });

  const app = createHttpApp(deps, { interactions, gateway, notifier, churnModel, nba });
  // Socket.IO answers its own path (long-polling); express must not answer it a second time.
  httpServer.on('request', (req, res) => {
    if (!req.url?.startsWith('/socket.io/')) app(req, res);
  });
  return {
    app,
    io,
    interactions,
    gateway,
    async close() {
      await gateway.close();
      agentHandlers.stop();
      interactions.stop();
      await io.close();
      await analyser.close();
    },
  };
}

/**
 * Browsers always send Origin on a WebSocket or polling request; accept our own origin and
 * the configured ones. Non-browser clients (the telephony bridge, the simulator) send none and
 * still need a valid token.
 */
function originAllowed(origin: string | undefined, host: string | undefined, allowed: string[]): boolean {
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
