import { allowRoles, type Policy } from '../platform/http/policy';
import { ROLES } from '../platform/tenancy/actor';

/** Only a site's own API key: the plugin connecting, checking or ending its connection, and its webhooks. */
const siteKeyOnly: Policy = { name: 'integration:site-key', allows: (actor) => actor.kind === 'api_key' };

export const integrationPolicies = {
  siteKey: siteKeyOnly,
  /** What the plugin's screens start from: every role, and the bridge acting for any mapped WordPress user. */
  context: allowRoles('integration:context', ROLES, { apiKeys: true }),
  /** Every role reads the integrations and sync log of the sites it reaches. */
  read: allowRoles('integration:read', ['developer', 'owner', 'admin', 'editor', 'viewer']),
  /** Testing, syncing and disconnecting a site's WordPress. */
  manage: allowRoles('integration:manage', ['developer', 'owner', 'admin']),
  /**
   * Which author profile a site's articles are written in: its admins, a WordPress administrator
   * through the site's key among them. (The profiles themselves are the account's: ai:configure.)
   */
  authorProfile: allowRoles('integration:author-profile', ['developer', 'owner', 'admin'], { apiKeys: true }),
  /** Publishing content: editors and up, and the bridge acting for them. */
  publish: allowRoles('integration:publish', ['developer', 'owner', 'admin', 'editor'], { apiKeys: true }),
};
