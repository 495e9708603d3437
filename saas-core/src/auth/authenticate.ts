import type { ParameterizedContext } from 'koa';
import { z } from 'zod';
import { safeEqual, sha256 } from '../platform/crypto';
import { batchedReadPerDatabase } from '../platform/db/batched-read';
import { AuthenticationError, ForbiddenError, ValidationError } from '../platform/errors';
import type { Authenticator } from '../platform/http/router';
import type { AppState, Services } from '../platform/http/types';
import type { Actor, Role } from '../platform/tenancy/actor';
import { parseApiKey } from '../sites/api-key-format';
import { verifyAccessToken } from './tokens';

const LAST_USED_RESOLUTION_MS = 60_000;

/** Bearer JWTs for people; `X-IGNY8-API-Key` or `Authorization: ApiKey …` for WordPress sites. */
export const authenticate: Authenticator = async (ctx, services) => {
  const authorization = ctx.get('Authorization').trim();
  const headerKey = ctx.get('X-IGNY8-API-Key').trim();
  if (headerKey) return authenticateApiKey(headerKey, ctx, services);
  if (/^ApiKey\s+/i.test(authorization)) return authenticateApiKey(authorization.replace(/^ApiKey\s+/i, ''), ctx, services);
  if (/^Bearer\s+/i.test(authorization)) return authenticateBearer(authorization.replace(/^Bearer\s+/i, ''), services);
  if (authorization) throw new AuthenticationError('Unsupported Authorization scheme; use Bearer or ApiKey.', 'INVALID_AUTH_SCHEME');
  return null;
};

interface UserSessionRow {
  userId: number;
  accountId: number;
  role: Role;
  isActive: number | boolean;
  accountStatus: string;
  revokedAt: unknown;
}

interface SessionKey {
  userId: number;
  sessionId: number;
}

/**
 * A session's user, account and revocation, read for every request; requests of one session that
 * reach this in the same turn of the event loop (a client sending many at once) share the read.
 */
const sessionReads = batchedReadPerDatabase<SessionKey, number, UserSessionRow>(
  async (knex, { userId, sessionId }) =>
    (await knex('users')
      .join('accounts', 'accounts.id', 'users.accountId')
      .join('auth_sessions', 'auth_sessions.userId', 'users.id')
      .where('users.id', userId)
      .andWhere('auth_sessions.id', sessionId)
      .select('users.id as userId', 'users.accountId', 'users.role', 'users.isActive', 'accounts.status as accountStatus', 'auth_sessions.revokedAt')
      .limit(1)) as UserSessionRow[],
  ({ userId, sessionId }) => `${userId}:${sessionId}`,
);

async function authenticateBearer(token: string, services: Services): Promise<Actor> {
  const claims = verifyAccessToken(token, services.config.jwtSecret);
  // Role and status come from the database, not the token, so a change takes effect at once.
  const [row] = await sessionReads(services.knex).read({ userId: claims.userId, sessionId: claims.sessionId }, [claims.sessionId]);
  if (!row || row.accountId !== claims.accountId || row.revokedAt) {
    throw new AuthenticationError('The session has ended; sign in again.', 'SESSION_REVOKED');
  }
  if (!row.isActive) throw new AuthenticationError('This user is deactivated.', 'USER_INACTIVE');
  assertAccountUsable(row.accountStatus);
  return { kind: 'user', accountId: row.accountId, userId: row.userId, role: row.role, sessionId: claims.sessionId };
}

interface ApiKeyRow {
  id: number;
  accountId: number;
  siteId: number;
  keyHash: string;
  revokedAt: unknown;
  lastUsedAt: Date | number | null;
  accountStatus: string;
  siteActive: number | boolean;
}

async function authenticateApiKey(key: string, ctx: ParameterizedContext<AppState>, services: Services): Promise<Actor> {
  const parsed = parseApiKey(key);
  if (!parsed) throw new AuthenticationError('The API key is invalid.', 'INVALID_API_KEY');
  const row = (await services
    .knex('api_keys')
    .join('accounts', 'accounts.id', 'api_keys.accountId')
    .join('sites', 'sites.id', 'api_keys.siteId')
    .where('api_keys.prefix', parsed.prefix)
    .first(
      'api_keys.id',
      'api_keys.accountId',
      'api_keys.siteId',
      'api_keys.keyHash',
      'api_keys.revokedAt',
      'api_keys.lastUsedAt',
      'accounts.status as accountStatus',
      'sites.isActive as siteActive',
    )) as ApiKeyRow | undefined;
  if (!row || !safeEqual(row.keyHash, sha256(key)) || row.revokedAt) {
    throw new AuthenticationError('The API key is invalid or revoked.', 'INVALID_API_KEY');
  }
  assertAccountUsable(row.accountStatus);
  if (!row.siteActive) throw new ForbiddenError('The site for this API key is inactive.', 'SITE_INACTIVE');

  const lastUsed = row.lastUsedAt === null ? 0 : new Date(row.lastUsedAt).getTime();
  if (Date.now() - lastUsed > LAST_USED_RESOLUTION_MS) {
    await services.knex('api_keys').where({ id: row.id }).update({ lastUsedAt: new Date() });
  }
  const wpUser = parseWpUser(ctx.get('X-IGNY8-WP-User'));
  return {
    kind: 'api_key',
    accountId: row.accountId,
    userId: null,
    apiKeyId: row.id,
    siteId: row.siteId,
    role: wpUser ? roleForWordPress(wpUser.role) : 'editor',
    ...(wpUser ? { wpUser } : {}),
  };
}

function assertAccountUsable(status: string): void {
  if (status === 'suspended' || status === 'cancelled') {
    throw new ForbiddenError(`This account is ${status}. Contact the account owner.`, 'ACCOUNT_INACTIVE');
  }
}

const WpUserSchema = z.object({
  id: z.coerce.number().int().positive(),
  email: z.string().max(191).optional(),
  role: z.string().min(1).max(64),
});

function parseWpUser(header: string): Actor['wpUser'] | undefined {
  if (!header) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(header);
  } catch {
    throw new ValidationError('X-IGNY8-WP-User must be JSON with id and role.', { 'X-IGNY8-WP-User': ['Not JSON.'] }, 'INVALID_WP_USER');
  }
  const result = WpUserSchema.safeParse(value);
  if (!result.success) {
    throw new ValidationError('X-IGNY8-WP-User must be JSON with id and role.', { 'X-IGNY8-WP-User': ['Needs id and role.'] }, 'INVALID_WP_USER');
  }
  return result.data;
}

/** The WordPress role a bridge request acts with, mapped to ours for this site. */
export function roleForWordPress(wpRole: string): Role {
  switch (wpRole) {
    case 'administrator':
      return 'admin';
    case 'editor':
    case 'author':
      return 'editor';
    case 'contributor':
      return 'viewer';
    default:
      throw new ForbiddenError(`WordPress users with the "${wpRole}" role cannot use IGNY8.`, 'WP_ROLE_NOT_ALLOWED');
  }
}
