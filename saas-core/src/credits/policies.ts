import { allowRoles } from '../platform/http/policy';

export const creditPolicies = {
  /** Only owners see billing (and developers, who run the platform). */
  billing: allowRoles('billing:read', ['developer', 'owner']),
  /** Whoever may start AI work sees what it will cost first. */
  estimate: allowRoles('billing:estimate', ['developer', 'owner', 'admin', 'editor'], { apiKeys: true }),
  /** The cost table is the platform's. */
  manageCosts: allowRoles('billing:manage-costs', ['developer']),
  /** Gifts and corrections to an account's credits. */
  adjust: allowRoles('billing:adjust', ['developer']),
};
