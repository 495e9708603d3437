import { allowRoles } from '../platform/http/policy';
import { ROLES } from '../platform/tenancy/actor';

export const industryPolicies = {
  read: allowRoles('industries:read', ROLES, { apiKeys: true }),
  /** The shared library is curated by the platform team. */
  manage: allowRoles('industries:manage', ['developer']),
};
