import jwt from 'jsonwebtoken';
import type { Role } from '../../shared/auth';

export interface TokenClaims {
  sub: string;
  role: Role;
}

export function issueToken(claims: TokenClaims, secret: string, ttlSeconds: number): string {
  return jwt.sign({ role: claims.role }, secret, { subject: claims.sub, expiresIn: ttlSeconds, algorithm: 'HS256' });
}

/** Null for anything not signed by us, expired or malformed: callers answer 401 either way. */
export function verifyToken(token: string, secret: string): TokenClaims | null {
  try {
    const payload = jwt.verify(token, secret, { algorithms: ['HS256'] });
    if (typeof payload === 'string' || typeof payload.sub !== 'string') return null;
    return { sub: payload.sub, role: payload.role as Role };
  } catch {
    return null;
  }
}
