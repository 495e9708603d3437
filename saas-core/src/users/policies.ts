import { allowRoles } from '../platform/http/policy';

export const userPolicies = {
  /** The role matrix: user management is for developers, owners and admins. */
  manage: allowRoles('users:manage', ['developer', 'owner', 'admin']),
};
