import { z } from 'zod';
import { ROLES } from '../platform/tenancy/actor';
import { iso } from '../platform/http/schemas';
import type { User } from './models';

export const UserOut = z.object({
  id: z.number().int(),
  account_id: z.number().int(),
  email: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  role: z.enum(ROLES),
  is_active: z.boolean(),
  last_login_at: z.string().nullable(),
  created_at: z.string(),
});

export function presentUser(user: User): z.input<typeof UserOut> {
  return {
    id: user.id,
    account_id: user.accountId,
    email: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    role: user.role,
    is_active: user.isActive,
    last_login_at: iso(user.lastLoginAt),
    created_at: user.createdAt.toISOString(),
  };
}
