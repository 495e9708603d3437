import { allowRoles } from '../platform/http/policy';
import { ROLES } from '../platform/tenancy/actor';

export const aiPolicies = {
  /** AI provider keys and models are the account's business: owners and admins. */
  integrations: allowRoles('ai:integrations', ['developer', 'owner', 'admin']),
  /** Everyone who works on content reads the prompts, author profiles and strategies it is written with. */
  read: allowRoles('ai:read', ROLES, { apiKeys: true }),
  /** Changing them shapes every article of the account: owners and admins. */
  configure: allowRoles('ai:configure', ['developer', 'owner', 'admin']),
};
