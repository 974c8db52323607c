import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { AppError } from '../errors';

/** At most `limit` requests per client address in `windowMs` (express-rate-limit); beyond it, the one error body with 429. */
export function perAddressLimit(windowMs: number, limit: number, message: string): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: () => {
      throw new AppError('rate_limited', message);
    },
  });
}
