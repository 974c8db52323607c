import express, { Router } from 'express';
import { logOutreachSchema, worklistQuerySchema, type LiveDefectionMoments, type WorklistPage } from '../../shared/retention';
import type { TimelineEvent } from '../../shared/timeline';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { parseOrThrow } from '../errors';
import { liveDefectionMoments } from '../retention/moments';
import { logOutreach } from '../retention/outreach';
import type { RetentionWorklist } from '../retention/worklist';
import { currentUser, requireUser } from './session';

interface RetentionRouteDeps {
  worklist: RetentionWorklist;
  /** The loaded churn model's version, for the risk on restored moments. */
  modelVersion: string;
  /** Pushes a new timeline event to whoever watches the customer. */
  publishTimelineEvent(event: TimelineEvent): void;
}

/** The retention desk's REST side: the high-risk worklist (desk and supervisors) and logging outreach (desk). */
export function retentionRoutes(config: Config, db: Database, { worklist, modelVersion, publishTimelineEvent }: RetentionRouteDeps): Router {
  const router = Router();
  router.use('/retention', requireUser(db, config.jwtSecret, 'retention', 'supervisor'));

  router.get('/retention/worklist', async (req, res) => {
    const query = parseOrThrow(worklistQuerySchema, req.query);
    res.json((await worklist.page(query)) satisfies WorklistPage);
  });

  router.get('/retention/moments', async (_req, res) => {
    const moments = await liveDefectionMoments(db, currentUser(res), { version: modelVersion, thresholds: config.riskThresholds });
    res.json(moments satisfies LiveDefectionMoments);
  });

  router.post('/retention/outreach', requireUser(db, config.jwtSecret, 'retention'), express.json({ limit: '16kb' }), async (req, res) => {
    const request = parseOrThrow(logOutreachSchema, req.body);
    const answer = await logOutreach(db, config.defaultPhoneRegion, currentUser(res), request);
    if (!answer.duplicate) publishTimelineEvent(answer.event);
    res.status(answer.duplicate ? 200 : 201).json(answer);
  });
  return router;
}
