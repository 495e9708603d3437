import { allowRoles } from '../platform/http/policy';
import { ROLES } from '../platform/tenancy/actor';

export const accountPolicies = {
  read: allowRoles('accounts:read', ROLES),
  /** Renaming or closing an account is for its owners (and developers). */
  manage: allowRoles('accounts:manage', ['developer', 'owner']),
};
