import { createHmac } from 'node:crypto';
import type { Knex } from 'knex';
import { AppError, ConflictError } from '../platform/errors';
import { safeEqual, sha256 } from '../platform/crypto';
import { isDuplicateKeyError } from '../platform/db';

/**
 * `X-IGNY8-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, the scheme both
 * directions of the WordPress bridge use (docs/bridge-protocol.md).
 */
export const SIGNATURE_HEADER = 'X-IGNY8-Signature';
export const SIGNATURE_WINDOW_SECONDS = 300;
/** Accepted signatures are remembered a while past the window, so none can come back inside it. */
const RECEIPT_TTL_MS = 2 * SIGNATURE_WINDOW_SECONDS * 1000;

export class SignatureError extends AppError {
  constructor(code: 'SIGNATURE_MISSING' | 'SIGNATURE_INVALID' | 'SIGNATURE_EXPIRED', message: string) {
    super(401, code, message);
  }
}

export function signatureFor(secret: string, rawBody: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

export function signatureHeader(secret: string, rawBody: string, now = Date.now()): string {
  const timestamp = Math.floor(now / 1000);
  return `t=${timestamp},v1=${signatureFor(secret, rawBody, timestamp)}`;
}

/** Checks a signature header against the raw body; returns the signature itself for the replay check. */
export function verifySignature(header: string | undefined, rawBody: string, secret: string, now = Date.now()): string {
  if (!header) throw new SignatureError('SIGNATURE_MISSING', `The ${SIGNATURE_HEADER} header is missing.`);
  const parts = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const timestamp = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isSafeInteger(timestamp) || !/^[0-9a-f]{64}$/.test(given)) {
    throw new SignatureError('SIGNATURE_INVALID', `The ${SIGNATURE_HEADER} header is malformed; expected t=<unix seconds>,v1=<hex>.`);
  }
  if (!safeEqual(given, signatureFor(secret, rawBody, timestamp))) {
    throw new SignatureError('SIGNATURE_INVALID', 'The signature does not match the request.');
  }
  if (Math.abs(now / 1000 - timestamp) > SIGNATURE_WINDOW_SECONDS) {
    throw new SignatureError('SIGNATURE_EXPIRED', 'The signature is more than 5 minutes old (or the clocks disagree); sign the request again.');
  }
  return given;
}

/**
 * Records an accepted signature; a second request carrying the same one is a replay. The primary key
 * makes the check atomic across API processes. Old receipts are pruned as new ones arrive.
 */
export async function recordSignature(knex: Knex, signature: string, now = new Date()): Promise<void> {
  try {
    await knex('signature_receipts').insert({ signature: sha256(signature), receivedAt: now });
  } catch (err) {
    if (isDuplicateKeyError(err))
      throw new ConflictError('This signed request was already received; sign each request afresh.', 'SIGNATURE_REPLAYED');
    throw err;
  }
  // Prune now and then rather than on every request.
  if (Math.random() < 0.05)
    await knex('signature_receipts')
      .where('receivedAt', '<', new Date(now.getTime() - RECEIPT_TTL_MS))
      .delete();
}
