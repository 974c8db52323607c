import type { Role } from '../../shared/auth';
import type { Database } from '../db/database';
import { createUser } from '../auth/users';

export interface DemoLogin {
  email: string;
  password: string;
  name: string;
  role: Role;
  queues: string[];
}

/** Shared in the clear on purpose: the demo prints them so anyone can try each role. */
export const DEMO_PASSWORD = 'demo-password';

export const DEMO_LOGINS: readonly DemoLogin[] = [
  { email: 'agent@demo.cue', password: DEMO_PASSWORD, name: 'Alex Agent', role: 'agent', queues: ['support', 'billing', 'chat'] },
  { email: 'supervisor@demo.cue', password: DEMO_PASSWORD, name: 'Sam Supervisor', role: 'supervisor', queues: ['support', 'billing', 'retention', 'chat'] },
  { email: 'retention@demo.cue', password: DEMO_PASSWORD, name: 'Riley Retention', role: 'retention', queues: ['retention'] },
  { email: 'admin@demo.cue', password: DEMO_PASSWORD, name: 'Ada Admin', role: 'admin', queues: [] },
];

/** Creates the demo users that are not there yet; returns how many it created. */
export async function createDemoUsers(db: Database): Promise<number> {
  const existing = await db.models.User.findAll({ attributes: ['email'], where: { email: DEMO_LOGINS.map((login) => login.email) } });
  const known = new Set(existing.map((row) => row.email));
  const missing = DEMO_LOGINS.filter((login) => !known.has(login.email));
  // One at a time: argon2 is memory-hard by design, and four hashes at once would only queue anyway.
  for (const login of missing) await createUser(db, login);
  return missing.length;
}
