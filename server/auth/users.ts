import { randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';
import { ROLES, type Role, type User } from '../../shared/auth';
import type { Database } from '../db/database';
import type { UserRow } from '../db/models';
import { placeholders, readJson } from '../db/raw-values';

export const newUserSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  name: z.string().trim().min(1).max(200),
  role: z.enum(ROLES),
  queues: z.array(z.string().trim().min(1).max(64)).default([]),
  password: z.string().min(8, 'must be at least 8 characters').max(200),
});
export type NewUser = z.input<typeof newUserSchema>;

export class DuplicateUserError extends Error {
  constructor(email: string) {
    super(`a user with email ${email} already exists`);
  }
}

export const toUser = (row: Pick<UserRow, 'id' | 'email' | 'name' | 'role' | 'queues'>): User => ({ id: row.id, email: row.email, name: row.name, role: row.role, queues: row.queues });

/** Passwords are stored as argon2id hashes (OWASP's first choice), never in any other form. */
export async function createUser(db: Database, input: NewUser): Promise<User> {
  const user = newUserSchema.parse(input);
  const passwordHash = await hash(user.password);
  return db.write(async (transaction) => {
    if (await db.models.User.findOne({ where: { email: user.email }, transaction })) throw new DuplicateUserError(user.email);
    const row = await db.models.User.create(
      { id: randomUUID(), email: user.email, name: user.name, role: user.role, queues: user.queues, passwordHash },
      { transaction },
    );
    return toUser(row);
  });
}

// A hash of a password nobody has: verifying against it for unknown emails keeps the answer
// time the same, so response times do not tell which emails have accounts.
const decoyHash = hash(randomUUID());

export async function authenticate(db: Database, email: string, password: string): Promise<User | null> {
  const row = await db.models.User.findOne({ where: { email: email.trim().toLowerCase() } });
  if (!row) {
    await verify(await decoyHash, password);
    return null;
  }
  return (await verify(row.passwordHash, password)) ? toUser(row) : null;
}

/**
 * How long a user read is reused. Every request and every socket event checks its user, which
 * was a fifth of a call's database reads; users change only through the CLI, in another
 * process, so a role change or a removal takes effect within this time rather than at once.
 */
const USER_FRESH_MS = 2_000;
const userReads = new WeakMap<Database, Map<string, { readAt: number; user: User }>>();

export async function findUser(db: Database, id: string): Promise<User | null> {
  const reads = userReads.get(db) ?? new Map<string, { readAt: number; user: User }>();
  userReads.set(db, reads);
  const cached = reads.get(id);
  if (cached && performance.now() - cached.readAt < USER_FRESH_MS) return cached.user;
  const user = (await findUsers(db, [id])).get(id);
  if (!user) {
    reads.delete(id);
    return null;
  }
  reads.set(id, { readAt: performance.now(), user });
  return user;
}

/** The current accounts of `ids`, read together (not from the cache): those that no longer exist are missing. */
export async function findUsers(db: Database, ids: readonly string[]): Promise<Map<string, User>> {
  if (ids.length === 0) return new Map();
  // A plain statement: through findUser, this read runs on a request or socket event every few milliseconds.
  const rows = await db.query<Omit<User, 'queues'> & { queues: unknown }>(
    `SELECT "id", "email", "name", "role", "queues" FROM "users" WHERE "id" IN (${placeholders(1, ids.length)})`,
    ids,
  );
  return new Map(rows.map((row) => [row.id, toUser({ ...row, queues: readJson<string[]>(row.queues) })]));
}

export const hasRole = (user: User, ...roles: Role[]): boolean => roles.includes(user.role);
