import { allowRoles } from '../platform/http/policy';

export const aiPolicies = {
  /** AI provider keys and models are the account's business: owners and admins. */
  integrations: allowRoles('ai:integrations', ['developer', 'owner', 'admin']),
};
