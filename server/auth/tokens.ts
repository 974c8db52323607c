import jwt from 'jsonwebtoken';
import type { Role } from '../../shared/auth';

export interface TokenClaims {
  sub: string;
  role: Role;
}

// Each token says who it is for, so a chat visitor's token can never open the agent console.
const STAFF_AUDIENCE = 'cue-staff';
const VISITOR_AUDIENCE = 'cue-visitor';

export function issueToken(claims: TokenClaims, secret: string, ttlSeconds: number): string {
  return jwt.sign({ role: claims.role }, secret, { subject: claims.sub, audience: STAFF_AUDIENCE, expiresIn: ttlSeconds, algorithm: 'HS256' });
}

/** A chat visitor's short-lived token: it opens their own chat and nothing else. */
export function issueVisitorToken(interactionId: string, secret: string, ttlSeconds: number): string {
  return jwt.sign({}, secret, { subject: interactionId, audience: VISITOR_AUDIENCE, expiresIn: ttlSeconds, algorithm: 'HS256' });
}

export function verifyVisitorToken(token: string, secret: string): { interactionId: string } | null {
  try {
    const payload = jwt.verify(token, secret, { algorithms: ['HS256'], audience: VISITOR_AUDIENCE });
    return typeof payload === 'string' || typeof payload.sub !== 'string' ? null : { interactionId: payload.sub };
  } catch {
    return null;
  }
}

/** Null for anything not signed by us, expired or malformed: callers answer 401 either way. */
export function verifyToken(token: string, secret: string): TokenClaims | null {
  try {
    const payload = jwt.verify(token, secret, { algorithms: ['HS256'], audience: STAFF_AUDIENCE });
    if (typeof payload === 'string' || typeof payload.sub !== 'string') return null;
    return { sub: payload.sub, role: payload.role as Role };
  } catch {
    return null;
  }
}
