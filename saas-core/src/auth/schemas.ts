import { z } from 'zod';
import { AccountOut, PlanOut, SubscriptionOut } from '../accounts/presenters';
import { email, password } from '../platform/http/schemas';
import { ROLES } from '../platform/tenancy/actor';
import { UserOut } from '../users/presenters';

export const RegisterBody = z.object({
  email,
  password,
  account_name: z.string().trim().min(1).max(160),
  first_name: z.string().trim().max(80).optional(),
  last_name: z.string().trim().max(80).optional(),
});

export const LoginBody = z.object({ email, password: z.string().min(1).max(128) });
export const RefreshBody = z.object({ refresh: z.string().min(1).max(200) });
export const PasswordResetBody = z.object({ email });
export const PasswordResetConfirmBody = z.object({ token: z.string().min(1).max(200), password });

export const TokensOut = z.object({
  token_type: z.literal('Bearer'),
  access: z.string(),
  access_expires_at: z.string(),
  refresh: z.string(),
  refresh_expires_at: z.string(),
});

export const SessionOut = z.object({ user: UserOut, tokens: TokensOut });
export const RegisterOut = z.object({ user: UserOut, account: AccountOut, tokens: TokensOut });

export const MeOut = z.object({
  kind: z.enum(['user', 'api_key']),
  role: z.enum(ROLES),
  user: UserOut.nullable(),
  account: AccountOut,
  plan: PlanOut,
  subscription: SubscriptionOut.nullable(),
  sites: z.array(z.object({ id: z.number().int(), name: z.string(), slug: z.string() })),
  api_key_site_id: z.number().int().nullable(),
  wp_user: z.object({ id: z.number().int(), email: z.string().optional(), role: z.string() }).nullable(),
});
