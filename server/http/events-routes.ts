import express, { Router } from 'express';
import { ingestBatchSchema } from '../../shared/ingest';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { ingestEvents } from '../timeline/ingest';
import { AppError, parseOrThrow } from '../errors';
import type { Metrics } from './metrics';
import { SIGNATURE_HEADER, verifySignature } from './signature';

/** 1,000 events with room for their data; larger bodies get 413 before anything is parsed. */
export const INGEST_BODY_LIMIT = '8mb';

export function signedJsonBody(config: Config): express.RequestHandler[] {
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

export function eventsRoutes(config: Config, db: Database, metrics: Metrics): Router {
  const router = Router();
  router.post('/events', ...signedJsonBody(config), async (req, res) => {
    const batch = parseOrThrow(ingestBatchSchema, req.body);
    const results = await ingestEvents(db, batch.events, { defaultPhoneRegion: config.defaultPhoneRegion });
    metrics.countIngested(results.map((r) => r.status));
    res.json({ results });
  });
  return router;
}
