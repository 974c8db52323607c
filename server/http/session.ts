import { parse as parseCookie } from 'cookie';
import type { Request, RequestHandler, Response } from 'express';
import type { Role, User } from '../../shared/auth';
import { findUser } from '../auth/users';
import { verifyToken } from '../auth/tokens';
import type { Database } from '../db/database';
import { AppError } from '../errors';

export const SESSION_COOKIE = 'cue_session';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      user?: User;
    }
  }
}

/**
 * The session token in a Cookie header, for the console's requests and its socket handshake.
 * Parsed only where a session is asked for, not on every request: the signed API's hundreds a
 * second carry no cookie.
 */
export function sessionTokenOf(cookieHeader: string | undefined): string | undefined {
  return cookieHeader ? parseCookie(cookieHeader)[SESSION_COOKIE] : undefined;
}

function tokenOf(req: Request): string | undefined {
  const authorization = req.get('authorization');
  if (authorization?.startsWith('Bearer ')) return authorization.slice('Bearer '.length).trim();
  return sessionTokenOf(req.get('cookie'));
}

/**
 * Accepts a bearer token (API clients) or the session cookie (the console). The user is
 * checked on every request (read back at most 2 s old, see findUser), so a deleted user or a
 * changed role takes effect within seconds, not at the token's expiry.
 */
export function requireUser(db: Database, jwtSecret: string, ...roles: Role[]): RequestHandler {
  return async (req, res, next) => {
    const token = tokenOf(req);
    const claims = token ? verifyToken(token, jwtSecret) : null;
    const user = claims ? await findUser(db, claims.sub) : null;
    if (!user) throw new AppError('unauthorized', 'log in first');
    if (roles.length > 0 && !roles.includes(user.role)) throw new AppError('forbidden', `requires role ${roles.join(' or ')}`);
    res.locals.user = user;
    next();
  };
}

export function currentUser(res: Response): User {
  const { user } = res.locals;
  if (!user) throw new AppError('unauthorized', 'log in first');
  return user;
}
