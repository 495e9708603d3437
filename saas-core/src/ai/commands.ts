import type { Knex } from 'knex';
import { cached, forget } from '../platform/cache';
import { NotFoundError, ValidationError } from '../platform/errors';
import type { TenantScope } from '../platform/tenancy/actor';
import { AiPrompt, AuthorProfile, Strategy } from './models';
import { Site } from '../sites/models';
import { type AiFunction, DEFAULT_PROMPTS, PLACEHOLDERS, unknownPlaceholders } from './prompts';

export interface ResolvedPrompt {
  template: string;
  source: 'task' | 'account' | 'default';
}

const promptKey = (accountId: number, fn: AiFunction) => `prompt:${accountId}:${fn}`;
/** Everything an account's default voice is made of; forgotten when a profile or strategy changes. */
/** Everything remembered about an account's voice (forget() drops every key under the prefix). */
export const voiceKey = (accountId: number) => `voice:${accountId}:`;
const siteVoiceKey = (accountId: number, siteId: number) => `${voiceKey(accountId)}site:${siteId}`;

/** Forgets what this process remembers of a site's own author profile. */
export function forgetSiteVoice(knex: Knex, accountId: number, siteId: number): void {
  forget(knex, siteVoiceKey(accountId, siteId));
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
  const own = await cached(knex, promptKey(accountId, fn), () => AiPrompt.query(knex).forTenant(scope).findOne({ accountId, function: fn }));
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
  const saved = await knex.transaction(async (trx) => {
    const own = await AiPrompt.query(trx).forTenant(scope).findOne({ accountId, function: fn });
    if (own) return own.$query(trx).forTenant(scope).patchAndFetch({ template, updatedById: userId });
    return AiPrompt.query(trx).forTenant(scope).insertAndFetch({ accountId, function: fn, template, updatedById: userId });
  });
  forget(knex, promptKey(accountId, fn));
  return saved;
}

export async function resetPrompt(knex: Knex, scope: TenantScope, accountId: number, fn: AiFunction): Promise<void> {
  await AiPrompt.query(knex).forTenant(scope).where({ accountId, function: fn }).delete();
  forget(knex, promptKey(accountId, fn));
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
  const saved = await knex.transaction(async (trx) => {
    const values = Object.fromEntries(Object.entries(props).filter(([, value]) => value !== undefined));
    const profile = id === null ? null : await requireAuthorProfile(trx, scope, id);
    if (props.isDefault) await AuthorProfile.query(trx).forTenant(scope).where({ accountId }).patch({ isDefault: false });
    if (!profile)
      return AuthorProfile.query(trx)
        .forTenant(scope)
        .insertAndFetch({ accountId, isDefault: false, ...values });
    return profile.$query(trx).forTenant(scope).patchAndFetch(values);
  });
  forget(knex, voiceKey(accountId));
  return saved;
}

export async function requireStrategy(knex: Knex, scope: TenantScope, id: number): Promise<Strategy> {
  const strategy = await Strategy.query(knex).forTenant(scope).findById(id);
  if (!strategy) throw new NotFoundError('Strategy');
  return strategy;
}

export interface Voice {
  tone: string;
  language: string;
  /** Standing instructions the text follows; empty when there are none. */
  strategy: string;
}

const DEFAULT_VOICE = { tone: 'clear, helpful and expert', language: 'en' };

/**
 * The voice a text is written in: the author profile named for the run, else the site's own, else
 * the account's default one; the strategy named for the run, else every active strategy of the account.
 */
export async function resolveVoice(
  knex: Knex,
  scope: TenantScope,
  accountId: number,
  props: { authorProfileId?: number | null; strategyId?: number | null; siteId?: number | null },
): Promise<Voice> {
  const defaults = () =>
    cached(knex, `${voiceKey(accountId)}account`, async () => ({
      profile: await AuthorProfile.query(knex).forTenant(scope).findOne({ accountId, isDefault: true }),
      strategies: await Strategy.query(knex).forTenant(scope).where({ accountId, isActive: true }).orderBy('id'),
    }));
  const siteProfile = (siteId: number) =>
    cached(knex, siteVoiceKey(accountId, siteId), async () => {
      const site = await Site.query(knex).forTenant(scope).findById(siteId).select('authorProfileId');
      // A profile deleted meanwhile leaves the site on the account's default.
      return site?.authorProfileId ? AuthorProfile.query(knex).forTenant(scope).findById(site.authorProfileId) : undefined;
    });
  const profile = props.authorProfileId
    ? await requireAuthorProfile(knex, scope, props.authorProfileId)
    : ((props.siteId ? await siteProfile(props.siteId) : undefined) ?? (await defaults()).profile);
  const strategies = props.strategyId ? [await requireStrategy(knex, scope, props.strategyId)] : (await defaults()).strategies;
  const tone = [profile?.tone, profile?.writingStyle].filter(Boolean).join('; ');
  return {
    tone: tone || DEFAULT_VOICE.tone,
    language: profile?.language || DEFAULT_VOICE.language,
    strategy: strategies
      .map((strategy) => [strategy.guidance, strategy.audience ? `Audience: ${strategy.audience}` : ''].filter(Boolean).join(' '))
      .join('\n'),
  };
}
