import { allowRoles } from '../platform/http/policy';
import { ROLES } from '../platform/tenancy/actor';

const WRITERS = ['developer', 'owner', 'admin', 'editor'] as const;

export const plannerPolicies = {
  /** Every role reads the planner data of the sites it reaches; so does a site's own key. */
  read: allowRoles('planner:read', ROLES, { apiKeys: true }),
  /** Editors and up change keywords, clusters and ideas; the WordPress bridge acts for them. */
  write: allowRoles('planner:write', WRITERS, { apiKeys: true }),
  /** The shared seed keyword library is curated by the platform team. */
  curateSeeds: allowRoles('planner:curate-seeds', ['developer']),
};
