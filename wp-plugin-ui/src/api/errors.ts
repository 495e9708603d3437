import { __, sprintf } from '@wordpress/i18n';

/** Any failure of a call to IGNY8, in one shape: the core's stable code, a message for people, the HTTP status. */
export class Igny8Error extends Error {
  readonly code: string;
  readonly status: number;
  readonly fields: Record<string, string[]>;

  constructor(code: string, message: string, status = 0, fields: Record<string, string[]> = {}) {
    super(message);
    this.name = 'Igny8Error';
    this.code = code;
    this.status = status;
    this.fields = fields;
  }
}

/**
 * What the user reads for the codes that need more than the server's sentence: the AI's typed errors in plain
 * words, and the failures that happen before the core answers.
 */
export function plainMessage(error: Igny8Error): string {
  switch (error.code) {
    case 'INSUFFICIENT_CREDITS':
      return __('Not enough credits for this. Ask the account owner to add credits, or choose fewer items.', 'igny8-bridge');
    case 'RATE_LIMITED':
      return __('The AI provider is busy right now. IGNY8 will retry; try again in a minute if it stops.', 'igny8-bridge');
    case 'QUOTA_EXCEEDED':
      return __('The AI provider account has run out of quota. An administrator needs to check the AI settings.', 'igny8-bridge');
    case 'CONTEXT_TOO_LONG':
      return __('This is too long for the AI model. Try fewer keywords or a shorter outline.', 'igny8-bridge');
    case 'MODERATION_BLOCKED':
      return __('The AI provider refused this request under its content policy. Change the topic or wording.', 'igny8-bridge');
    case 'PROVIDER_UNAVAILABLE':
      return __('The AI provider could not be reached. Nothing was charged; try again shortly.', 'igny8-bridge');
    case 'BAD_OUTPUT':
      return __('The AI answered with something unusable, even after a retry. Nothing was charged; try again.', 'igny8-bridge');
    case 'CORE_TIMEOUT':
    case 'CORE_UNREACHABLE':
    case 'NOT_CONNECTED':
    case 'NETWORK_ERROR':
      return error.message;
    default:
      return error.message || sprintf(/* translators: %s: an error code */ __('Something went wrong (%s).', 'igny8-bridge'), error.code);
  }
}

interface CoreErrorEnvelope {
  success: false;
  error: string;
  error_code: string;
  errors?: Record<string, string[]>;
}

interface WordPressErrorBody {
  code: string;
  message: string;
  data?: { status?: number };
}

function isCoreError(body: unknown): body is CoreErrorEnvelope {
  return typeof body === 'object' && body !== null && (body as CoreErrorEnvelope).success === false && 'error_code' in body;
}

function isWordPressError(body: unknown): body is WordPressErrorBody {
  return typeof body === 'object' && body !== null && typeof (body as WordPressErrorBody).code === 'string' && 'message' in body;
}

/** WordPress's own refusals (nonce, login, the bridge's igny8_* checks) as stable upper-case codes. */
const WORDPRESS_CODES: Record<string, string> = {
  rest_cookie_invalid_nonce: 'SESSION_EXPIRED',
  rest_not_logged_in: 'NOT_LOGGED_IN',
  igny8_not_logged_in: 'NOT_LOGGED_IN',
  igny8_forbidden: 'FORBIDDEN',
  igny8_wp_role_not_allowed: 'WP_ROLE_NOT_ALLOWED',
  igny8_invalid_path: 'INVALID_PATH',
  rest_no_route: 'NOT_FOUND',
};

/** Turns an answer body (or its absence) into an Igny8Error. */
export function toIgny8Error(body: unknown, status: number): Igny8Error {
  if (body instanceof Igny8Error) {
    return body;
  }
  if (isCoreError(body)) {
    return new Igny8Error(body.error_code, body.error, status, body.errors ?? {});
  }
  if (isWordPressError(body)) {
    const code = WORDPRESS_CODES[body.code] ?? body.code.replace(/^igny8_/, '').toUpperCase();
    if (code === 'SESSION_EXPIRED') {
      return new Igny8Error(code, __('Your session has expired. Reload the page to continue.', 'igny8-bridge'), status || 403);
    }
    return new Igny8Error(code, body.message, body.data?.status ?? status);
  }
  if (status === 0) {
    return new Igny8Error('NETWORK_ERROR', __('The request could not reach WordPress. Check your connection and try again.', 'igny8-bridge'));
  }
  return new Igny8Error('UNEXPECTED_RESPONSE', __('IGNY8 sent an answer this page cannot read. Try again.', 'igny8-bridge'), status);
}
