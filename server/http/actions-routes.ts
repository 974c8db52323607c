import express, { Router } from 'express';
import { z } from 'zod';
import { createActionSchema, nbaMetricsQuerySchema, updateActionSchema, type CatalogResponse } from '../../shared/nba';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { parseOrThrow } from '../errors';
import type { NextBestActions } from '../nba/next-best-actions';
import { requireUser } from './session';

const actionParams = z.object({ id: z.uuid('is not an action id') });

/** The action catalog (admins and supervisors manage it) and the uplift report. */
export function actionsRoutes(config: Config, db: Database, nba: NextBestActions): Router {
  const router = Router();
  const managers = requireUser(db, config.jwtSecret, 'admin', 'supervisor');
  const body = express.json({ limit: '64kb' });

  router.get('/actions', managers, async (_req, res) => {
    res.json({ actions: await nba.catalog.list() } satisfies CatalogResponse);
  });

  router.post('/actions', managers, body, async (req, res) => {
    const input = parseOrThrow(createActionSchema, req.body);
    res.status(201).json({ action: await nba.catalog.create(input) });
  });

  router.patch('/actions/:id', managers, body, async (req, res) => {
    const { id } = parseOrThrow(actionParams, req.params);
    const patch = parseOrThrow(updateActionSchema, req.body);
    res.json({ action: await nba.catalog.update(id, patch) });
  });

  router.get('/metrics/nba', requireUser(db, config.jwtSecret, 'admin', 'supervisor', 'retention'), async (req, res) => {
    const { since } = parseOrThrow(nbaMetricsQuerySchema, req.query);
    res.json(await nba.metrics(since ? new Date(since) : undefined));
  });
  return router;
}
