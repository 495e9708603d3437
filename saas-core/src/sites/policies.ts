import { allowRoles } from '../platform/http/policy';
import { ROLES } from '../platform/tenancy/actor';

export const sitePolicies = {
  /** Every role reads the sites it can reach (scope decides which); a site's own key reads it too. */
  read: allowRoles('sites:read', ROLES, { apiKeys: true }),
  /** Creating, changing and deleting sites and sectors. */
  manage: allowRoles('sites:manage', ['developer', 'owner', 'admin']),
  /** Granting editors and viewers a site. */
  manageAccess: allowRoles('sites:manage-access', ['developer', 'owner', 'admin']),
  /** Site API keys for the WordPress bridge. */
  manageKeys: allowRoles('sites:manage-keys', ['developer', 'owner', 'admin']),
};
