import type { Middleware } from 'koa';
import {
  CheckViolationError,
  DataError,
  ForeignKeyViolationError,
  NotFoundError as ObjectionNotFoundError,
  NotNullViolationError,
  UniqueViolationError,
  ValidationError as ObjectionValidationError,
} from 'objection';
import { isTransientLockError } from '../../db';
import { AppError, ConflictError, NotFoundError, PayloadTooLargeError, ValidationError } from '../../errors';
import { errorEnvelope } from '../envelope';
import type { AppState } from '../types';

/** Maps anything thrown below it to the error envelope. Only a genuine bug becomes a 500. */
export function errorEnvelopeMiddleware(): Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new AppError(404, 'NOT_FOUND', `No route for ${ctx.method} ${ctx.path}.`);
    } catch (thrown) {
      const error = toAppError(thrown);
      if (error.status >= 500) ctx.state.log.error({ err: thrown }, 'unhandled error');
      else if (!(thrown instanceof AppError)) ctx.state.log.warn({ err: thrown }, 'mapped error');
      ctx.status = error.status;
      for (const [name, value] of Object.entries(error.headers)) ctx.set(name, value);
      ctx.body = errorEnvelope(error.code, error.message, ctx.state.requestId, error.errors);
    }
  };
}

export function toAppError(thrown: unknown): AppError {
  if (thrown instanceof AppError) return thrown;
  if (thrown instanceof UniqueViolationError) {
    const columns = thrown.columns ?? [];
    return new ConflictError(
      'A record with these values already exists.',
      'ALREADY_EXISTS',
      Object.fromEntries(columns.map((column) => [column, ['Already in use.']])),
    );
  }
  if (thrown instanceof ForeignKeyViolationError) {
    return new ConflictError('The record is still referenced, or refers to a record that does not exist.', 'REFERENCE_CONFLICT');
  }
  if (thrown instanceof NotNullViolationError || thrown instanceof CheckViolationError || thrown instanceof DataError) {
    return new ValidationError('A value is missing, out of range or too long.');
  }
  if (thrown instanceof ObjectionValidationError) return new ValidationError(thrown.message);
  if (thrown instanceof ObjectionNotFoundError) return new NotFoundError();
  // Contention the retries could not get past: nothing was saved, and trying again will work.
  if (isTransientLockError(thrown)) {
    return new AppError(503, 'SERVICE_BUSY', 'The service is busy; nothing was changed. Try again in a moment.', { headers: { 'Retry-After': '1' } });
  }
  const http = thrown as { status?: number; type?: string; expose?: boolean; message?: string };
  if (http.type === 'entity.too.large' || http.status === 413)
    return new PayloadTooLargeError(String((thrown as { limit?: number }).limit ?? 'configured'));
  if (http.type === 'entity.parse.failed' || (thrown instanceof SyntaxError && http.status === 400))
    return new ValidationError('The request body is not valid JSON.', undefined, 'INVALID_JSON');
  if (http.status === 415) return new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json.');
  if (http.status && http.status >= 400 && http.status < 500 && http.expose) {
    return new AppError(http.status, 'BAD_REQUEST', http.message ?? 'Bad request.');
  }
  return new AppError(500, 'INTERNAL_ERROR', 'Something went wrong on our side. Quote the request id if you contact support.');
}
