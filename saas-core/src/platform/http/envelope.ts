import type { FieldErrors } from '../errors';

/** The three response shapes of the API; the UI, the bridge and the OpenAPI document rely on them. */
export interface SuccessEnvelope<T> {
  success: true;
  data: T;
  message?: string;
  request_id: string;
  timestamp: string;
}

export interface PageEnvelope<T> {
  success: true;
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
  request_id: string;
  timestamp: string;
}

export interface ErrorEnvelope {
  success: false;
  error: string;
  error_code: string;
  errors?: FieldErrors;
  request_id: string;
  timestamp: string;
}

export function successEnvelope<T>(data: T, requestId: string, message?: string): SuccessEnvelope<T> {
  return { success: true, data, ...(message ? { message } : {}), request_id: requestId, timestamp: new Date().toISOString() };
}

export function errorEnvelope(code: string, message: string, requestId: string, errors?: FieldErrors): ErrorEnvelope {
  return {
    success: false,
    error: message,
    error_code: code,
    ...(errors ? { errors } : {}),
    request_id: requestId,
    timestamp: new Date().toISOString(),
  };
}
