import type { Knex } from 'knex';
import { NotFoundError, ValidationError } from '../platform/errors';
import type { TenantScope } from '../platform/tenancy/actor';
import { AiPrompt, AuthorProfile, Strategy } from './models';
import { type AiFunction, DEFAULT_PROMPTS, PLACEHOLDERS, unknownPlaceholders } from './prompts';

export interface ResolvedPrompt {
  template: string;
  source: 'task' | 'account' | 'default';
}

/** The prompt an AI run uses: the task's own override, else the account's, else the built-in default. */
export async function resolvePrompt(
  knex: Knex,
  scope: TenantScope,
  accountId: number,
  fn: AiFunction,
  taskOverride?: string | null,
): Promise<ResolvedPrompt> {
  if (taskOverride?.trim()) return { template: taskOverride, source: 'task' };
  const own = await AiPrompt.query(knex).forTenant(scope).findOne({ accountId, function: fn });
  return own ? { template: own.template, source: 'account' } : { template: DEFAULT_PROMPTS[fn], source: 'default' };
}

/** A placeholder the function does not offer would stay in the prompt as literal text: refuse it. */
export function checkTemplate(fn: AiFunction, template: string): void {
  const unknown = unknownPlaceholders(fn, template);
  if (unknown.length === 0) return;
  throw new ValidationError(
    `Unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => `{${name}}`).join(', ')}.`,
    { template: [`${fn} offers ${PLACEHOLDERS[fn].map((name) => `{${name}}`).join(', ')}`] },
    'UNKNOWN_PLACEHOLDER',
  );
}

export async function savePrompt(
  knex: Knex,
  scope: TenantScope,
  accountId: number,
  fn: AiFunction,
  template: string,
  userId: number | null,
): Promise<AiPrompt> {
  checkTemplate(fn, template);
  return knex.transaction(async (trx) => {
    const own = await AiPrompt.query(trx).forTenant(scope).findOne({ accountId, function: fn });
    if (own) return own.$query(trx).forTenant(scope).patchAndFetch({ template, updatedById: userId });
    return AiPrompt.query(trx).forTenant(scope).insertAndFetch({ accountId, function: fn, template, updatedById: userId });
  });
}

export async function resetPrompt(knex: Knex, scope: TenantScope, accountId: number, fn: AiFunction): Promise<void> {
  await AiPrompt.query(knex).forTenant(scope).where({ accountId, function: fn }).delete();
}

export interface AuthorProfileProps {
  name?: string;
  description?: string | null;
  tone?: string;
  language?: string;
  writingStyle?: string | null;
  isDefault?: boolean;
}

export async function requireAuthorProfile(knex: Knex, scope: TenantScope, id: number): Promise<AuthorProfile> {
  const profile = await AuthorProfile.query(knex).forTenant(scope).findById(id);
  if (!profile) throw new NotFoundError('Author profile');
  return profile;
}

/** Saves a profile; one profile per account is the default, so making one default unmarks the rest. */
export async function saveAuthorProfile(
  knex: Knex,
  scope: TenantScope,
  accountId: number,
  id: number | null,
  props: AuthorProfileProps,
): Promise<AuthorProfile> {
  return knex.transaction(async (trx) => {
    const values = Object.fromEntries(Object.entries(props).filter(([, value]) => value !== undefined));
    const profile = id === null ? null : await requireAuthorProfile(trx, scope, id);
    if (props.isDefault) await AuthorProfile.query(trx).forTenant(scope).where({ accountId }).patch({ isDefault: false });
    if (!profile)
      return AuthorProfile.query(trx)
        .forTenant(scope)
        .insertAndFetch({ accountId, isDefault: false, ...values });
    return profile.$query(trx).forTenant(scope).patchAndFetch(values);
  });
}

export async function requireStrategy(knex: Knex, scope: TenantScope, id: number): Promise<Strategy> {
  const strategy = await Strategy.query(knex).forTenant(scope).findById(id);
  if (!strategy) throw new NotFoundError('Strategy');
  return strategy;
}
