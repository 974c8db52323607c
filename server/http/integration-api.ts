import express, { type Express } from 'express';
import { z } from 'zod';
import { ingestBatchSchema } from '../../shared/ingest';
import { appendUtteranceSchema, startInteractionSchema, type StartInteractionResponse } from '../../shared/interactions';
import type { Config } from '../config';
import { AppError, parseOrThrow } from '../errors';
import type { Logger } from '../logger';
import { validateEvents } from '../timeline/validate-events';
import { errorHandler } from './errors';
import type { IntegrationCalls } from './integration-calls';
import type { Metrics } from './metrics';
import { requestLog } from './request-log';
import { SIGNATURE_HEADER, verifySignature } from './signature';

/** 1,000 events with room for their data; larger bodies get 413 before anything is parsed. */
const INGEST_BODY_LIMIT = '8mb';

const interactionParams = z.object({ id: z.uuid('is not an interaction id') });

/** Verifies the `Cue-Signature` over the raw body, then parses it as JSON. */
function signedJsonBody(config: Config): express.RequestHandler[] {
  return [
    express.raw({ type: () => true, limit: INGEST_BODY_LIMIT }),
    (req, _res, next) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const signed = verifySignature(req.get(SIGNATURE_HEADER), body, {
        secrets: config.webhookSecrets,
        toleranceSeconds: config.webhookToleranceSeconds,
      });
      // Deliberately no detail: a caller probing signatures learns nothing about which part was wrong.
      if (!signed) throw new AppError('unauthorized', 'invalid signature');
      try {
        req.body = JSON.parse(body.toString('utf8'));
      } catch {
        throw new AppError('invalid_request', 'request body is not valid JSON');
      }
      next();
    },
  ];
}

/**
 * The integration API (machine to machine, signed): the timeline's events and the live loop's
 * starts, transcript turns and ends. Served on the gateway thread: everything up to a
 * validated request happens here, and `calls` carries it to the domain on the main thread.
 */
export function integrationApi(config: Config, calls: IntegrationCalls, logger: Logger, metrics: Metrics): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestLog(logger));
  app.use(metrics.middleware());
  // For the load balancer in front of this port: this thread is up and listening.
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const api = express.Router();
  api.use(signedJsonBody(config));

  api.post('/events', async (req, res) => {
    const batch = parseOrThrow(ingestBatchSchema, req.body);
    const results = await calls.storeEvents(validateEvents(batch.events, { defaultPhoneRegion: config.defaultPhoneRegion }));
    metrics.countIngested(results.map((r) => r.status));
    res.json({ results });
  });

  api.post('/interactions', async (req, res) => {
    const { interactionId, customerId, created } = await calls.startInteraction(parseOrThrow(startInteractionSchema, req.body));
    res.status(created ? 201 : 200).json({ interactionId, customerId } satisfies StartInteractionResponse);
  });

  api.post('/interactions/:id/utterances', async (req, res) => {
    const { id } = parseOrThrow(interactionParams, req.params);
    const { seq, duplicate } = await calls.appendUtterance(id, parseOrThrow(appendUtteranceSchema, req.body));
    res.status(duplicate ? 200 : 201).json({ seq, duplicate });
  });

  api.post('/interactions/:id/end', async (req, res) => {
    const { id } = parseOrThrow(interactionParams, req.params);
    res.json({ interaction: await calls.endInteraction(id) });
  });

  app.use('/api/v1', api);
  app.use(() => {
    throw new AppError('not_found', 'no such integration API route');
  });
  app.use(errorHandler(logger));
  return app;
}
