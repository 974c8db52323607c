import type { ErrorRequestHandler } from 'express';
import { AppError } from '../errors';
import type { Logger } from '../logger';

interface BodyParserError {
  type?: string;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known = toAppError(error);
    if (!known) {
      logger.error({ err: error, method: req.method, url: req.originalUrl }, 'unhandled error');
    }
    const appError = known ?? new AppError('internal', 'internal error');
    res.status(appError.status).json(appError.toJSON());
  };
}

function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  const { type } = (error ?? {}) as BodyParserError;
  if (type === 'entity.too.large') return new AppError('payload_too_large', 'request body is larger than the limit');
  if (type === 'entity.parse.failed') return new AppError('invalid_request', 'request body is not valid JSON');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new AppError('invalid_request', 'unsupported body encoding');
  return null;
}
