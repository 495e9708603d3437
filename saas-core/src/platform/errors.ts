/**
 * Every error a client can see is an AppError with a stable `code`. The codes are shared with the
 * WordPress bridge and the UI, so never rename one: add a new one instead.
 */
export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: FieldErrors | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { errors?: FieldErrors; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

export class ValidationError extends AppError {
  constructor(message = 'The request is invalid.', errors?: FieldErrors, code = 'VALIDATION_ERROR') {
    super(400, code, message, { errors });
  }
}

export class AuthenticationError extends AppError {
  constructor(message = 'Authentication credentials were not provided.', code = 'NOT_AUTHENTICATED') {
    super(401, code, message, { headers: { 'WWW-Authenticate': 'Bearer' } });
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You do not have permission to perform this action.', code = 'PERMISSION_DENIED') {
    super(403, code, message);
  }
}

export class PlanLimitError extends AppError {
  constructor(resource: string, limit: number) {
    super(403, 'PLAN_LIMIT_EXCEEDED', `Your plan allows at most ${limit} ${resource}. Upgrade the plan or remove one first.`, {
      errors: { [resource]: [`limit ${limit} reached`] },
    });
  }
}

export class NotFoundError extends AppError {
  constructor(resource = 'Resource') {
    super(404, 'NOT_FOUND', `${resource} not found.`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, code = 'CONFLICT', errors?: FieldErrors) {
    super(409, code, message, { errors });
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limit: string) {
    super(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than the ${limit} limit.`);
  }
}

export class ThrottledError extends AppError {
  constructor(retryAfterSeconds: number) {
    super(429, 'THROTTLED', `Too many requests. Try again in ${retryAfterSeconds} seconds.`, {
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}

export class InsufficientCreditsError extends AppError {
  constructor(required: number, available: number) {
    super(402, 'INSUFFICIENT_CREDITS', `This needs ${required} credits and the account has ${available}.`);
  }
}

export class UpstreamError extends AppError {
  constructor(message: string, code = 'PROVIDER_UNAVAILABLE', status = 502) {
    super(status, code, message);
  }
}

/** Raised when code builds a tenant query without a scope: a programming error, never a client error. */
export class TenancyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TenancyError';
  }
}
