import type { ErrorRequestHandler } from 'express';
import { z } from 'zod';
import type { ErrorBody, ErrorCode } from '../../shared/errors';
import type { Logger } from '../logger';

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

/** The one error type routes throw; `errorHandler` is the one place that turns errors into responses. */
export class HttpError extends Error {
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

/** Parses `value` with `schema` or throws a 400 naming the first bad field. Use the returned value, never the raw one. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.');
  throw new HttpError('invalid_request', field ? `${field}: ${issue.message}` : issue.message, field || undefined);
}

interface BodyParserError {
  type?: string;
  status?: number;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known = toHttpError(error);
    if (!known) {
      logger.error({ err: error, method: req.method, url: req.originalUrl }, 'unhandled error');
    }
    const httpError = known ?? new HttpError('internal', 'internal error');
    res.status(httpError.status).json(httpError.toJSON());
  };
}

function toHttpError(error: unknown): HttpError | null {
  if (error instanceof HttpError) return error;
  const { type } = (error ?? {}) as BodyParserError;
  if (type === 'entity.too.large') return new HttpError('payload_too_large', 'request body is larger than the limit');
  if (type === 'entity.parse.failed') return new HttpError('invalid_request', 'request body is not valid JSON');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new HttpError('invalid_request', 'unsupported body encoding');
  return null;
}
