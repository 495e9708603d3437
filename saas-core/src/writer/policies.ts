import { allowRoles } from '../platform/http/policy';
import { ROLES } from '../platform/tenancy/actor';

export const writerPolicies = {
  /** Every role reads the writer data of the sites it reaches; so does a site's own key. */
  read: allowRoles('writer:read', ROLES, { apiKeys: true }),
  /** Editors and up write tasks, content and images; the WordPress bridge acts for them. */
  write: allowRoles('writer:write', ['developer', 'owner', 'admin', 'editor'], { apiKeys: true }),
};
