import type { Actor, Role } from '../tenancy/actor';

/** A named rule over the actor. Object-level access is the tenancy scope's job, not the policy's. */
export interface Policy {
  readonly name: string;
  allows(actor: Actor): boolean;
}

/**
 * A policy from the role matrix. Site API keys act with the mapped WordPress user's role but only
 * where `apiKeys` says so: a WordPress site never manages users, keys or billing.
 */
export function allowRoles(name: string, roles: readonly Role[], options: { apiKeys?: boolean } = {}): Policy {
  return {
    name,
    allows: (actor) => roles.includes(actor.role) && (actor.kind === 'user' || options.apiKeys === true),
  };
}
