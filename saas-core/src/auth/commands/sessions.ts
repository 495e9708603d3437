import type { Knex } from 'knex';
import { randomToken, sha256, verifyPassword } from '../../platform/crypto';
import { AuthenticationError, ForbiddenError } from '../../platform/errors';
import { AuthSession, RefreshToken, User } from '../../users/models';
import { REFRESH_TOKEN_TTL_SECONDS, signAccessToken } from '../tokens';

export interface TokenPair {
  access: string;
  accessExpiresAt: Date;
  refresh: string;
  refreshExpiresAt: Date;
}

export interface ClientInfo {
  userAgent?: string | undefined;
  ip?: string | undefined;
}

// A well-formed hash to compare against when the email is unknown, so timing does not reveal accounts.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$' + Buffer.alloc(64).toString('base64');

export async function login(
  knex: Knex,
  email: string,
  password: string,
  client: ClientInfo,
  jwtSecret: string,
): Promise<{ user: User; tokens: TokenPair }> {
  const user = await User.query(knex).unscoped('sign-in looks a user up by email').findOne({ email });
  const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !valid || !user.isActive) throw new AuthenticationError('The email or password is incorrect.', 'INVALID_CREDENTIALS');
  const account = (await knex('accounts').where({ id: user.accountId }).first('status')) as { status: string };
  if (account.status === 'suspended' || account.status === 'cancelled') {
    throw new ForbiddenError(`This account is ${account.status}. Contact the account owner.`, 'ACCOUNT_INACTIVE');
  }
  await User.query(knex).unscoped('sign-in stamps its own user').patch({ lastLoginAt: new Date() }).where({ id: user.id });
  return { user, tokens: await startSession(knex, user, client, jwtSecret) };
}

export async function startSession(knex: Knex, user: User, client: ClientInfo, jwtSecret: string): Promise<TokenPair> {
  return knex.transaction(async (trx) => {
    const session = await AuthSession.query(trx)
      .unscoped('a session is opened for a verified user')
      .insertAndFetch({
        accountId: user.accountId,
        userId: user.id,
        userAgent: client.userAgent?.slice(0, 255) ?? null,
        ip: client.ip?.slice(0, 64) ?? null,
        revokedAt: null,
        revokedReason: null,
        lastUsedAt: new Date(),
      });
    return issueTokens(trx, user, session.id, jwtSecret);
  });
}

async function issueTokens(trx: Knex, user: Pick<User, 'id' | 'accountId'>, sessionId: number, jwtSecret: string): Promise<TokenPair> {
  const refresh = randomToken(32);
  const refreshExpiresAt = new Date(Date.now() + REFRESH_TOKEN_TTL_SECONDS * 1000);
  await RefreshToken.query(trx).insert({ sessionId, tokenHash: sha256(refresh), expiresAt: refreshExpiresAt, usedAt: null });
  const access = signAccessToken({ userId: user.id, accountId: user.accountId, sessionId }, jwtSecret);
  return { access: access.token, accessExpiresAt: access.expiresAt, refresh, refreshExpiresAt };
}

/**
 * Rotation with reuse detection: each refresh token works once. Presenting one that was already
 * used means it was copied, so the whole session (every token of the family) is revoked.
 */
export async function refreshSession(knex: Knex, refreshToken: string, jwtSecret: string): Promise<TokenPair> {
  const outcome = await knex.transaction(async (trx): Promise<{ kind: 'reused'; sessionId: number } | { kind: 'rotated'; tokens: TokenPair }> => {
    const token = await RefreshToken.query(trx).findOne({ tokenHash: sha256(refreshToken) });
    if (!token) throw new AuthenticationError('The refresh token is invalid.', 'INVALID_REFRESH_TOKEN');
    const session = await AuthSession.query(trx).unscoped('refresh resolves its own session').findById(token.sessionId);
    if (!session || session.revokedAt) throw new AuthenticationError('The session has ended; sign in again.', 'SESSION_REVOKED');
    // Claiming the token is one conditional UPDATE, so two concurrent refreshes cannot both win.
    const claimed = await RefreshToken.query(trx).patch({ usedAt: new Date() }).where({ id: token.id }).whereNull('usedAt');
    if (claimed === 0) return { kind: 'reused', sessionId: session.id };
    if (token.expiresAt.getTime() <= Date.now())
      throw new AuthenticationError('The refresh token has expired; sign in again.', 'REFRESH_TOKEN_EXPIRED');
    const user = await User.query(trx).unscoped('refresh loads the session owner').findById(session.userId);
    if (!user || !user.isActive) throw new AuthenticationError('This user is deactivated.', 'USER_INACTIVE');
    await AuthSession.query(trx).unscoped('refresh touches its own session').patch({ lastUsedAt: new Date() }).where({ id: session.id });
    return { kind: 'rotated', tokens: await issueTokens(trx, user, session.id, jwtSecret) };
  });
  if (outcome.kind === 'reused') {
    await revokeSessions(knex, { sessionId: outcome.sessionId }, 'token_reuse');
    throw new AuthenticationError('This refresh token was already used; the session has been ended for safety.', 'TOKEN_REUSED');
  }
  return outcome.tokens;
}

export async function revokeSessions(knex: Knex, which: { sessionId: number } | { userId: number }, reason: string): Promise<number> {
  const query = AuthSession.query(knex)
    .unscoped('revocation targets sessions by id or user')
    .patch({ revokedAt: new Date(), revokedReason: reason })
    .whereNull('revokedAt');
  if ('sessionId' in which) query.where({ id: which.sessionId });
  else query.where({ userId: which.userId });
  return query;
}
