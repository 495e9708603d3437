import { AppError } from '../platform/errors';

export const AI_ERROR_CODES = [
  'RATE_LIMITED',
  'QUOTA_EXCEEDED',
  'CONTEXT_TOO_LONG',
  'MODERATION_BLOCKED',
  'PROVIDER_UNAVAILABLE',
  'BAD_OUTPUT',
] as const;
export type AiErrorCode = (typeof AI_ERROR_CODES)[number];

/** What the user reads, in plain words, for each way an AI call can fail. */
const PLAIN_WORDS: Record<AiErrorCode, string> = {
  RATE_LIMITED: 'The AI service is busy right now. Try again in a moment.',
  QUOTA_EXCEEDED: 'The AI account has run out of quota. Check the plan or billing of the API key in Settings.',
  CONTEXT_TOO_LONG: 'This is too long for the AI model in one go. Shorten the brief or choose a model with a larger context.',
  MODERATION_BLOCKED: 'The AI service declined this request under its content policy.',
  PROVIDER_UNAVAILABLE: 'The AI service could not be reached or failed. Nothing was charged; try again later.',
  BAD_OUTPUT: 'The AI answered in a form we could not use, even after asking it to correct itself. Nothing was charged.',
};

const STATUS: Record<AiErrorCode, number> = {
  RATE_LIMITED: 429,
  QUOTA_EXCEEDED: 402,
  CONTEXT_TOO_LONG: 422,
  MODERATION_BLOCKED: 422,
  PROVIDER_UNAVAILABLE: 502,
  BAD_OUTPUT: 502,
};

/** What calls used before they failed: the provider bills for them, so the usage log records them. */
export interface SpentUsage {
  model: string;
  /** Answers received (and billed) before the failure. */
  calls: number;
  tokensIn: number;
  tokensOut: number;
}

/** Errors worth another try later; the others would fail the same way again. */
export const RETRYABLE_AI_ERRORS: readonly AiErrorCode[] = ['RATE_LIMITED', 'PROVIDER_UNAVAILABLE'];

/** A failed AI call, typed; `detail` keeps the provider's own words for logs and AITaskLog, never for users. */
export class AiError extends AppError {
  spent?: SpentUsage;

  constructor(
    readonly aiCode: AiErrorCode,
    readonly detail: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(STATUS[aiCode], aiCode, PLAIN_WORDS[aiCode], retryAfterSeconds ? { headers: { 'Retry-After': String(retryAfterSeconds) } } : {});
    this.name = 'AiError';
  }
}
