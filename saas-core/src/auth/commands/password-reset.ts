import type { Knex } from 'knex';
import { hashPassword, randomToken, sha256 } from '../../platform/crypto';
import { ValidationError } from '../../platform/errors';
import type { Mailer } from '../../platform/mail';
import { PasswordResetToken, User } from '../../users/models';
import { revokeSessions } from './sessions';

export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;

/** Always succeeds from the caller's view, so the endpoint never reveals which emails exist. */
export async function requestPasswordReset(knex: Knex, mailer: Mailer, email: string, resetUrl: string): Promise<void> {
  const user = await User.query(knex).unscoped('reset looks a user up by email').findOne({ email });
  if (!user || !user.isActive) return;
  const token = randomToken(32);
  await PasswordResetToken.query(knex).insert({
    userId: user.id,
    tokenHash: sha256(token),
    expiresAt: new Date(Date.now() + RESET_TOKEN_TTL_MS),
    usedAt: null,
  });
  const link = `${resetUrl}?token=${encodeURIComponent(token)}`;
  await mailer.send({
    to: user.email,
    subject: 'Reset your IGNY8 password',
    text: `Someone asked to reset the password of your IGNY8 account.\n\nReset it here within the next hour:\n${link}\n\nYour reset code: ${token}\n\nIf it was not you, ignore this email; your password stays as it is.`,
  });
}

/** Sets the new password, spends the token, and signs the user out everywhere. */
export async function confirmPasswordReset(knex: Knex, token: string, newPassword: string): Promise<void> {
  const passwordHash = await hashPassword(newPassword);
  const userId = await knex.transaction(async (trx) => {
    const row = await PasswordResetToken.query(trx).findOne({ tokenHash: sha256(token) });
    if (!row || row.usedAt)
      throw new ValidationError('This reset link is invalid or was already used.', { token: ['Invalid.'] }, 'INVALID_RESET_TOKEN');
    if (row.expiresAt.getTime() <= Date.now())
      throw new ValidationError('This reset link has expired; ask for a new one.', { token: ['Expired.'] }, 'RESET_TOKEN_EXPIRED');
    const spent = await PasswordResetToken.query(trx).patch({ usedAt: new Date() }).where({ id: row.id }).whereNull('usedAt');
    if (spent === 0) throw new ValidationError('This reset link is invalid or was already used.', { token: ['Invalid.'] }, 'INVALID_RESET_TOKEN');
    await User.query(trx).unscoped('the reset token identifies the user').patch({ passwordHash }).where({ id: row.userId });
    return row.userId;
  });
  await revokeSessions(knex, { userId }, 'password_reset');
}
