import { Router } from 'express';
import { z } from 'zod';
import { customerSearchQuerySchema, type CustomerResponse, type CustomerSearchResponse } from '../../shared/customers';
import { timelineQuerySchema, type TimelinePage } from '../../shared/timeline';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { getCustomer, searchCustomers } from '../customers/customers';
import { InvalidCursorError, listTimeline } from '../timeline/timeline';
import { AppError, parseOrThrow } from '../errors';
import { requireUser } from './session';

const customerParams = z.object({ id: z.uuid('is not a customer id') });

export function customersRoutes(config: Config, db: Database): Router {
  const router = Router();
  router.use('/customers', requireUser(db, config.jwtSecret));

  router.get('/customers', async (req, res) => {
    const { q, limit } = parseOrThrow(customerSearchQuerySchema, req.query);
    const customers = await searchCustomers(db, q, limit, config.defaultPhoneRegion);
    res.json({ customers } satisfies CustomerSearchResponse);
  });

  router.get('/customers/:id', async (req, res) => {
    const { id } = parseOrThrow(customerParams, req.params);
    const customer = await getCustomer(db, id);
    if (!customer) throw new AppError('not_found', 'no customer with this id');
    res.json({ customer } satisfies CustomerResponse);
  });

  router.get('/customers/:id/timeline', async (req, res) => {
    const { id } = parseOrThrow(customerParams, req.params);
    const query = parseOrThrow(timelineQuerySchema, req.query);
    if (!(await db.models.Customer.findByPk(id, { attributes: ['id'] }))) throw new AppError('not_found', 'no customer with this id');
    try {
      const page = await listTimeline(db, id, { before: query.before, limit: query.limit, channels: query.channel });
      res.json(page satisfies TimelinePage);
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new AppError('invalid_request', `before: ${error.message}`, 'before');
      throw error;
    }
  });
  return router;
}
