import express, { Router } from 'express';
import { loginRequestSchema, type LoginResponse, type MeResponse } from '../../shared/auth';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { authenticate } from '../auth/users';
import { issueToken } from '../auth/tokens';
import { AppError, parseOrThrow } from '../errors';
import { perAddressLimit } from './rate-limit';
import { currentUser, requireUser, SESSION_COOKIE } from './session';

export function authRoutes(config: Config, db: Database): Router {
  const router = Router();
  // Slows password guessing; generous enough for a contact center's floor behind one NAT.
  const loginLimit = perAddressLimit(15 * 60 * 1000, 100, 'too many login attempts, try again later');

  router.post('/auth/login', loginLimit, express.json({ limit: '16kb' }), async (req, res) => {
    const { email, password } = parseOrThrow(loginRequestSchema, req.body);
    const user = await authenticate(db, email, password);
    if (!user) throw new AppError('unauthorized', 'wrong email or password');
    const token = issueToken({ sub: user.id, role: user.role }, config.jwtSecret, config.sessionTtlSeconds);
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      maxAge: config.sessionTtlSeconds * 1000,
      path: '/',
    });
    res.json({ token, user } satisfies LoginResponse);
  });

  router.post('/auth/logout', (_req, res) => {
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  router.get('/auth/me', requireUser(db, config.jwtSecret), (_req, res) => {
    res.json({ user: currentUser(res) } satisfies MeResponse);
  });
  return router;
}
