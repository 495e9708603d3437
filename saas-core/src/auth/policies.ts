import { allowRoles } from '../platform/http/policy';
import { ROLES } from '../platform/tenancy/actor';

export const authPolicies = {
  /** Anyone signed in, or a site's key, may read who they are. */
  readSelf: allowRoles('auth:read-self', ROLES, { apiKeys: true }),
  /** Ending one's own session. */
  manageOwnSession: allowRoles('auth:own-session', ROLES),
};
