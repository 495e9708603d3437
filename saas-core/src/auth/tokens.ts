import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AuthenticationError } from '../platform/errors';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60;
const ISSUER = 'igny8';
const AUDIENCE = 'igny8-api';

export interface AccessClaims {
  userId: number;
  accountId: number;
  sessionId: number;
}

/** The secret as a key object, made once: jsonwebtoken would otherwise build one on every call. */
const keys = new Map<string, KeyObject>();
function keyOf(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
}

export function signAccessToken(claims: AccessClaims, secret: string): { token: string; expiresAt: Date } {
  const token = jwt.sign({ acc: claims.accountId, sid: claims.sessionId, typ: 'access' }, keyOf(secret), {
    algorithm: 'HS256',
    subject: String(claims.userId),
    issuer: ISSUER,
    audience: AUDIENCE,
    expiresIn: ACCESS_TOKEN_TTL_SECONDS,
  });
  return { token, expiresAt: new Date(Date.now() + ACCESS_TOKEN_TTL_SECONDS * 1000) };
}

export function verifyAccessToken(token: string, secret: string): AccessClaims {
  try {
    const payload = jwt.verify(token, keyOf(secret), { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE }) as jwt.JwtPayload;
    if (payload.typ !== 'access' || typeof payload.acc !== 'number' || typeof payload.sid !== 'number' || !payload.sub) {
      throw new AuthenticationError('The access token is malformed.', 'INVALID_TOKEN');
    }
    return { userId: Number(payload.sub), accountId: payload.acc, sessionId: payload.sid };
  } catch (err) {
    if (err instanceof AuthenticationError) throw err;
    if (err instanceof jwt.TokenExpiredError) throw new AuthenticationError('The access token has expired; refresh it.', 'TOKEN_EXPIRED');
    throw new AuthenticationError('The access token is invalid.', 'INVALID_TOKEN');
  }
}
