import { AppError } from '../platform/errors';
import { signatureHeader, SIGNATURE_HEADER } from './signature';

/** Why a call to WordPress failed, in words a user can act on; `retryable` says whether trying later may help. */
export class WordPressError extends AppError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly retryable: boolean,
    readonly wpStatus: number | null = null,
  ) {
    super(status, code, message);
  }
}

export interface WordPressTarget {
  /** The plugin's REST base, e.g. `https://example.com/wp-json/igny8/v1/`. */
  restUrl: string;
  signingSecret: string;
}

export interface WordPressCall {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: unknown;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface WordPressAnswer<T> {
  status: number;
  data: T;
}

/**
 * One signed call to the plugin's routes. Network failures, timeouts, 429 and 5xx are retryable;
 * a refused signature or a refused payload is not (trying again would fail the same way).
 */
export async function callWordPress<T>(target: WordPressTarget, call: WordPressCall): Promise<WordPressAnswer<T>> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await callOnce<T>(target, call);
    } catch (err) {
      // The signature covers the second and the body only: identical calls in one second sign alike, and
      // WordPress takes the later ones for replays. Sign again in a later second, at a random point so
      // calls that collided once do not collide again.
      if (!(err instanceof WordPressError && err.code === 'WP_SIGNATURE_REPLAYED') || attempt === 4) throw err;
      await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + Math.floor(Math.random() * 1000)));
    }
  }
}

async function callOnce<T>(target: WordPressTarget, call: WordPressCall): Promise<WordPressAnswer<T>> {
  const rawBody = call.body === undefined ? '' : JSON.stringify(call.body);
  const url = new URL(call.path.replace(/^\//, ''), target.restUrl.endsWith('/') ? target.restUrl : `${target.restUrl}/`);
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: call.method,
      headers: {
        Accept: 'application/json',
        ...(call.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        [SIGNATURE_HEADER]: signatureHeader(target.signingSecret, rawBody),
      },
      body: call.body === undefined ? undefined : rawBody,
      signal,
      redirect: 'error',
    });
    text = await response.text();
  } catch (err) {
    if (timeout.aborted) {
      throw new WordPressError(504, 'WORDPRESS_TIMEOUT', `WordPress did not answer within ${Math.round(call.timeoutMs / 1000)} s.`, true);
    }
    if (call.signal?.aborted) throw call.signal.reason ?? err;
    const reason = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    throw new WordPressError(502, 'WORDPRESS_UNREACHABLE', `WordPress at ${url.origin} could not be reached (${reason}).`, true);
  }
  const json = parseJson(text);
  if (response.ok && json && typeof json === 'object') {
    const envelope = json as { success?: boolean; data?: T };
    return { status: response.status, data: (envelope.data ?? json) as T };
  }
  throw errorFromWordPress(response.status, json, text);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The plugin answers WordPress REST errors: `{code: "igny8_…", message, data: {status}}`. */
function errorFromWordPress(status: number, json: unknown, text: string): WordPressError {
  const body = (json ?? {}) as { code?: string; message?: string };
  const wpCode = typeof body.code === 'string' ? body.code : '';
  const detail = typeof body.message === 'string' ? body.message : text.slice(0, 200).trim() || `HTTP ${status}`;
  if (status === 404 && (wpCode === 'rest_no_route' || wpCode === '')) {
    return new WordPressError(
      502,
      'PLUGIN_NOT_ACTIVE',
      'The IGNY8 Bridge plugin does not answer on this site: is it installed and active?',
      false,
      status,
    );
  }
  if ((wpCode.startsWith('igny8_signature') && wpCode !== 'igny8_signature_replayed') || wpCode === 'igny8_not_connected') {
    return new WordPressError(
      502,
      'INTEGRATION_AUTH_FAILED',
      `WordPress refused our signature (${detail}). Connect the site again from Settings → IGNY8 in WordPress.`,
      false,
      status,
    );
  }
  if (status === 429 || status >= 500) {
    return new WordPressError(502, 'WORDPRESS_UNAVAILABLE', `WordPress answered ${status}: ${detail}`, true, status);
  }
  // igny8_invalid_payload → WP_INVALID_PAYLOAD, igny8_post_not_found → WP_POST_NOT_FOUND; WordPress's own codes stay generic.
  const code = wpCode.startsWith('igny8_') ? `WP_${wpCode.slice('igny8_'.length).toUpperCase()}` : 'WORDPRESS_REJECTED';
  return new WordPressError(status === 404 ? 404 : 422, code, `WordPress refused the request: ${detail}`, false, status);
}
