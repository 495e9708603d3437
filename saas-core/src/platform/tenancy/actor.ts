export const ROLES = ['developer', 'owner', 'admin', 'editor', 'viewer', 'system_bot'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that reach every account. */
export const CROSS_ACCOUNT_ROLES: readonly Role[] = ['developer', 'system_bot'];
/** Roles that reach every site of their own account without a SiteUserAccess grant. */
export const ACCOUNT_WIDE_ROLES: readonly Role[] = ['developer', 'owner', 'admin', 'system_bot'];

/** Who is making the request: a signed-in user, or a WordPress site speaking with its API key. */
export interface Actor {
  kind: 'user' | 'api_key';
  accountId: number;
  role: Role;
  userId: number | null;
  /** Set for JWT sessions, so logout and reuse detection can end them. */
  sessionId?: number;
  /** Set for API keys: the key reaches this one site only. */
  apiKeyId?: number;
  siteId?: number;
  /** The WordPress user a bridge request acts for, when it says so. */
  wpUser?: { id: number; email?: string | undefined; role: string };
}

/**
 * What an actor may see. `'all'` is only ever produced for cross-account roles (accounts) or
 * account-wide roles (sites); everything else is an explicit list, so a missing grant means no rows.
 */
export interface TenantScope {
  accountId: number | 'all';
  siteIds: number[] | 'all';
  /** The actor's own account: stamped on rows a cross-account actor creates without naming one. */
  homeAccountId: number;
}
