import { z } from 'zod';
import type { ErrorBody, ErrorCode } from '../shared/errors';

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
};

/**
 * The one error type the domain and both transports throw. The HTTP error handler and the
 * socket ack wrapper are the only places that turn it (or anything else) into a response.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  get status(): number {
    return STATUS_BY_CODE[this.code];
  }

  toJSON(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }
}

/**
 * Parses `value` with `schema` or throws invalid_request naming the first bad field. Use the
 * returned value, never the raw one. A NUL character anywhere in it is refused too: PostgreSQL
 * cannot store one in text or JSON and SQLite's SQL text ends at one, so it would otherwise fail
 * deep in a write (a 500, and a turn already pushed taken back) instead of here.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const checked = checkValue(schema, value);
  if ('data' in checked) return checked.data;
  const { path, message } = checked.error;
  throw new AppError('invalid_request', path ? `${path}: ${message}` : message, path || undefined);
}

/** `value` parsed by `schema` and free of NUL characters (see parseOrThrow), or the first problem's path ("a.0.b") and reason. */
export function checkValue<S extends z.ZodType>(schema: S, value: unknown): { data: z.infer<S> } | { error: { path: string; message: string } } {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { error: { path: issue.path.join('.'), message: issue.message } };
  }
  const withNul = pathOfNul(parsed.data);
  if (withNul) return { error: { path: withNul.join('.'), message: 'must not contain a NUL character' } };
  return { data: parsed.data };
}

/** Where the first string (or object key) holding a NUL character is, or null. */
function pathOfNul(value: unknown): (string | number)[] | null {
  if (typeof value === 'string') return value.includes('\0') ? [] : null;
  if (value === null || typeof value !== 'object' || value instanceof Date) return null;
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, i) => [i, item]) : Object.entries(value);
  for (const [key, item] of entries) {
    if (typeof key === 'string' && key.includes('\0')) return [key];
    const found = pathOfNul(item);
    if (found) return [key, ...found];
  }
  return null;
}
