import type { z } from 'zod';
import type { Ack } from '../../shared/realtime';
import { AppError, parseOrThrow } from '../errors';
import type { Logger } from '../logger';

/**
 * Wraps a socket handler: validates the payload with its zod schema (the handler only ever
 * sees the parsed value), runs it, and answers through the ack in the one shape. Unknown
 * errors are logged with their stack and reach the client as `internal`.
 */
export function acked<S extends z.ZodType, R extends object>(
  logger: Logger,
  schema: S,
  handler: (request: z.infer<S>) => Promise<R>,
) {
  return async (payload: unknown, ack?: unknown): Promise<void> => {
    const reply = typeof ack === 'function' ? (ack as (response: Ack<R>) => void) : () => undefined;
    try {
      const result = await handler(parseOrThrow(schema, payload));
      reply({ ok: true, ...result });
    } catch (error) {
      if (!(error instanceof AppError)) logger.error({ err: error }, 'socket handler failed');
      const appError = error instanceof AppError ? error : new AppError('internal', 'internal error');
      reply({ ok: false, error: { code: appError.code, message: appError.message } });
    }
  };
}

/** For fire-and-forget events (typing): invalid payloads are dropped, errors logged, nothing thrown. */
export function unacked<S extends z.ZodType>(logger: Logger, schema: S, handler: (request: z.infer<S>) => Promise<void> | void) {
  return async (payload: unknown): Promise<void> => {
    let request: z.infer<S>;
    try {
      request = parseOrThrow(schema, payload);
    } catch {
      return;
    }
    try {
      await handler(request);
    } catch (error) {
      if (!(error instanceof AppError)) logger.error({ err: error }, 'socket handler failed');
    }
  };
}
