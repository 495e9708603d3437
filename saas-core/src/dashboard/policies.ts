import { allowRoles } from '../platform/http/policy';
import { ROLES } from '../platform/tenancy/actor';

export const dashboardPolicies = {
  /** Every role sees the summaries of the sites it reaches; a site's own key sees its own site's. */
  read: allowRoles('dashboard:read', ROLES, { apiKeys: true }),
};
