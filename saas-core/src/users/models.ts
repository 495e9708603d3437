import { BaseModel } from '../platform/db/base-model';
import type { Role } from '../platform/tenancy/actor';
import { TenantModel } from '../platform/tenancy/tenant-model';

export class User extends TenantModel {
  static override tableName = 'users';
  static override booleanColumns = ['isActive'];
  static override dateColumns = ['createdAt', 'updatedAt', 'lastLoginAt'];

  email!: string;
  passwordHash!: string;
  firstName!: string;
  lastName!: string;
  role!: Role;
  isActive!: boolean;
  lastLoginAt!: Date | null;
}

/** One sign-in. Its refresh tokens rotate within it; revoking it ends every token of the family. */
export class AuthSession extends TenantModel {
  static override tableName = 'auth_sessions';
  static override dateColumns = ['createdAt', 'updatedAt', 'revokedAt', 'lastUsedAt'];

  userId!: number;
  userAgent!: string | null;
  ip!: string | null;
  revokedAt!: Date | null;
  revokedReason!: string | null;
  lastUsedAt!: Date | null;
}

export class RefreshToken extends BaseModel {
  static override tableName = 'refresh_tokens';
  static override dateColumns = ['createdAt', 'updatedAt', 'expiresAt', 'usedAt'];

  sessionId!: number;
  tokenHash!: string;
  expiresAt!: Date;
  usedAt!: Date | null;
}

export class PasswordResetToken extends BaseModel {
  static override tableName = 'password_reset_tokens';
  static override dateColumns = ['createdAt', 'updatedAt', 'expiresAt', 'usedAt'];

  userId!: number;
  tokenHash!: string;
  expiresAt!: Date;
  usedAt!: Date | null;
}
