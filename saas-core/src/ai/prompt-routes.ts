import { z } from 'zod';
import { listPage, orderingQuery, paginationQuery, searchQuery } from '../platform/http/list';
import { defineRoute, type Route } from '../platform/http/route';
import { changesOf, idParams, iso } from '../platform/http/schemas';
import { forget } from '../platform/cache';
import { requireAuthorProfile, requireStrategy, resetPrompt, resolvePrompt, saveAuthorProfile, savePrompt, voiceKey } from './commands';
import { AiPrompt, AuthorProfile, Strategy } from './models';
import { aiPolicies } from './policies';
import { AI_FUNCTIONS, type AiFunction, DEFAULT_PROMPTS, PLACEHOLDERS } from './prompts';

const throttle = 'system';
const FunctionParams = z.object({ function: z.enum(AI_FUNCTIONS) });

const PromptOut = z.object({
  function: z.enum(AI_FUNCTIONS),
  template: z.string(),
  is_custom: z.boolean(),
  default_template: z.string(),
  placeholders: z.array(z.string()),
  updated_at: z.string().nullable(),
});

function presentPrompt(fn: AiFunction, own: AiPrompt | undefined): z.input<typeof PromptOut> {
  return {
    function: fn,
    template: own?.template ?? DEFAULT_PROMPTS[fn],
    is_custom: Boolean(own),
    default_template: DEFAULT_PROMPTS[fn],
    placeholders: [...PLACEHOLDERS[fn]],
    updated_at: iso(own?.updatedAt),
  };
}

const promptTags = ['system: prompts'];

export const promptRoutes: Route[] = [
  defineRoute({
    method: 'get',
    path: '/system/prompts',
    operationId: 'listPrompts',
    summary: 'The prompt each AI function runs with: the account’s own or the built-in default',
    tags: promptTags,
    throttle,
    auth: 'user_or_api_key',
    policy: aiPolicies.read,
    response: { kind: 'data', status: 200, schema: z.array(PromptOut) },
    async handler({ actor, scope, services }) {
      const own = await AiPrompt.query(services.knex).forTenant(scope).where({ accountId: actor.accountId });
      return AI_FUNCTIONS.map((fn) =>
        presentPrompt(
          fn,
          own.find((prompt) => prompt.function === fn),
        ),
      );
    },
  }),
  defineRoute({
    method: 'get',
    path: '/system/prompts/{function}',
    operationId: 'getPrompt',
    summary: 'One function’s prompt',
    tags: promptTags,
    throttle,
    auth: 'user_or_api_key',
    policy: aiPolicies.read,
    params: FunctionParams,
    response: { kind: 'data', status: 200, schema: PromptOut },
    async handler({ params, actor, scope, services }) {
      const resolved = await resolvePrompt(services.knex, scope, actor.accountId, params.function);
      const own =
        resolved.source === 'account'
          ? await AiPrompt.query(services.knex).forTenant(scope).findOne({ accountId: actor.accountId, function: params.function })
          : undefined;
      return presentPrompt(params.function, own);
    },
  }),
  defineRoute({
    method: 'put',
    path: '/system/prompts/{function}',
    operationId: 'savePrompt',
    summary: 'Use the account’s own prompt for a function (placeholders are checked)',
    tags: promptTags,
    throttle,
    auth: 'user',
    policy: aiPolicies.configure,
    params: FunctionParams,
    body: z.object({ template: z.string().trim().min(20).max(20_000) }),
    response: { kind: 'data', status: 200, schema: PromptOut, message: 'Prompt saved.' },
    async handler({ params, body, actor, scope, services }) {
      return presentPrompt(params.function, await savePrompt(services.knex, scope, actor.accountId, params.function, body.template, actor.userId));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/system/prompts/{function}/reset_to_default',
    operationId: 'resetPromptToDefault',
    summary: 'Go back to the built-in prompt',
    tags: promptTags,
    throttle,
    auth: 'user',
    policy: aiPolicies.configure,
    params: FunctionParams,
    response: { kind: 'data', status: 200, schema: PromptOut, message: 'Prompt reset to the default.' },
    async handler({ params, actor, scope, services }) {
      await resetPrompt(services.knex, scope, actor.accountId, params.function);
      return presentPrompt(params.function, undefined);
    },
  }),
];

const ProfileFields = {
  name: z.string().trim().min(1).max(120),
  description: z.string().max(5000).nullable().optional(),
  tone: z.string().trim().min(1).max(120).describe('e.g. friendly and expert'),
  language: z.string().trim().min(2).max(32).describe('e.g. en, en-GB, de'),
  writing_style: z.string().max(5000).nullable().optional(),
  is_default: z.boolean().optional(),
};
type ProfileBody = Partial<z.output<z.ZodObject<typeof ProfileFields>>>;
const profileProps = (body: ProfileBody) => ({
  name: body.name,
  description: body.description,
  tone: body.tone,
  language: body.language,
  writingStyle: body.writing_style,
  isDefault: body.is_default,
});
const ProfileOut = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string().nullable(),
  tone: z.string(),
  language: z.string(),
  writing_style: z.string().nullable(),
  is_default: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
const presentProfile = (profile: AuthorProfile): z.input<typeof ProfileOut> => ({
  id: profile.id,
  name: profile.name,
  description: profile.description,
  tone: profile.tone,
  language: profile.language,
  writing_style: profile.writingStyle,
  is_default: profile.isDefault,
  created_at: iso(profile.createdAt)!,
  updated_at: iso(profile.updatedAt)!,
});
const profileTags = ['system: author profiles'];

export const authorProfileRoutes: Route[] = [
  defineRoute({
    method: 'get',
    path: '/system/author-profiles',
    operationId: 'listAuthorProfiles',
    summary: 'Author profiles: tone, language and style for generated content',
    tags: profileTags,
    throttle,
    auth: 'user_or_api_key',
    policy: aiPolicies.read,
    query: z.object({ ...paginationQuery, ...searchQuery, ordering: orderingQuery({ name: 'name', created_at: 'createdAt' }, 'name') }),
    response: { kind: 'page', status: 200, item: ProfileOut },
    async handler({ query, scope, services }) {
      const page = await listPage(AuthorProfile.query(services.knex).forTenant(scope), query, ['name']);
      return { count: page.count, results: page.results.map(presentProfile) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/system/author-profiles',
    operationId: 'createAuthorProfile',
    summary: 'Add an author profile',
    tags: profileTags,
    throttle,
    auth: 'user',
    policy: aiPolicies.configure,
    body: z.object(ProfileFields),
    response: { kind: 'data', status: 201, schema: ProfileOut, message: 'Author profile created.' },
    async handler({ body, actor, scope, services }) {
      return presentProfile(await saveAuthorProfile(services.knex, scope, actor.accountId, null, profileProps(body)));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/system/author-profiles/{id}',
    operationId: 'getAuthorProfile',
    summary: 'One author profile',
    tags: profileTags,
    throttle,
    auth: 'user_or_api_key',
    policy: aiPolicies.read,
    params: idParams,
    refs: { 'params.id': 'author_profile' },
    response: { kind: 'data', status: 200, schema: ProfileOut },
    async handler({ params, scope, services }) {
      return presentProfile(await requireAuthorProfile(services.knex, scope, params.id));
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/system/author-profiles/{id}',
    operationId: 'updateAuthorProfile',
    summary: 'Change an author profile (is_default: true makes it the one used when none is chosen)',
    tags: profileTags,
    throttle,
    auth: 'user',
    policy: aiPolicies.configure,
    params: idParams,
    body: changesOf(ProfileFields),
    refs: { 'params.id': 'author_profile' },
    response: { kind: 'data', status: 200, schema: ProfileOut, message: 'Author profile updated.' },
    async handler({ params, body, actor, scope, services }) {
      return presentProfile(await saveAuthorProfile(services.knex, scope, actor.accountId, params.id, profileProps(body)));
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/system/author-profiles/{id}',
    operationId: 'deleteAuthorProfile',
    summary: 'Delete an author profile',
    tags: profileTags,
    throttle,
    auth: 'user',
    policy: aiPolicies.configure,
    params: idParams,
    refs: { 'params.id': 'author_profile' },
    response: { kind: 'empty', status: 200, message: 'Author profile deleted.' },
    async handler({ params, scope, services }) {
      const profile = await requireAuthorProfile(services.knex, scope, params.id);
      await AuthorProfile.query(services.knex).forTenant(scope).deleteById(profile.id);
      forget(services.knex, voiceKey(profile.accountId));
    },
  }),
];

const StrategyFields = {
  name: z.string().trim().min(1).max(120),
  description: z.string().max(5000).nullable().optional(),
  audience: z.string().trim().max(255).nullable().optional(),
  guidance: z.string().trim().min(1).max(10_000).describe('What every idea and article of this strategy should do'),
  is_active: z.boolean().optional(),
};
type StrategyBody = Partial<z.output<z.ZodObject<typeof StrategyFields>>>;
const strategyProps = (body: StrategyBody) =>
  Object.fromEntries(
    Object.entries({
      name: body.name,
      description: body.description,
      audience: body.audience,
      guidance: body.guidance,
      isActive: body.is_active,
    }).filter(([, value]) => value !== undefined),
  );
const StrategyOut = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string().nullable(),
  audience: z.string().nullable(),
  guidance: z.string(),
  is_active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
const presentStrategy = (strategy: Strategy): z.input<typeof StrategyOut> => ({
  id: strategy.id,
  name: strategy.name,
  description: strategy.description,
  audience: strategy.audience,
  guidance: strategy.guidance,
  is_active: strategy.isActive,
  created_at: iso(strategy.createdAt)!,
  updated_at: iso(strategy.updatedAt)!,
});
const strategyTags = ['system: strategies'];

export const strategyRoutes: Route[] = [
  defineRoute({
    method: 'get',
    path: '/system/strategies',
    operationId: 'listStrategies',
    summary: 'Content strategies the AI follows',
    tags: strategyTags,
    throttle,
    auth: 'user_or_api_key',
    policy: aiPolicies.read,
    query: z.object({ ...paginationQuery, ...searchQuery, ordering: orderingQuery({ name: 'name', created_at: 'createdAt' }, 'name') }),
    response: { kind: 'page', status: 200, item: StrategyOut },
    async handler({ query, scope, services }) {
      const page = await listPage(Strategy.query(services.knex).forTenant(scope), query, ['name']);
      return { count: page.count, results: page.results.map(presentStrategy) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/system/strategies',
    operationId: 'createStrategy',
    summary: 'Add a strategy',
    tags: strategyTags,
    throttle,
    auth: 'user',
    policy: aiPolicies.configure,
    body: z.object(StrategyFields),
    response: { kind: 'data', status: 201, schema: StrategyOut, message: 'Strategy created.' },
    async handler({ body, actor, scope, services }) {
      const strategy = await Strategy.query(services.knex)
        .forTenant(scope)
        .insertAndFetch({ accountId: actor.accountId, isActive: true, ...strategyProps(body) });
      forget(services.knex, voiceKey(actor.accountId));
      return presentStrategy(strategy);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/system/strategies/{id}',
    operationId: 'getStrategy',
    summary: 'One strategy',
    tags: strategyTags,
    throttle,
    auth: 'user_or_api_key',
    policy: aiPolicies.read,
    params: idParams,
    refs: { 'params.id': 'strategy' },
    response: { kind: 'data', status: 200, schema: StrategyOut },
    async handler({ params, scope, services }) {
      return presentStrategy(await requireStrategy(services.knex, scope, params.id));
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/system/strategies/{id}',
    operationId: 'updateStrategy',
    summary: 'Change a strategy',
    tags: strategyTags,
    throttle,
    auth: 'user',
    policy: aiPolicies.configure,
    params: idParams,
    body: changesOf(StrategyFields),
    refs: { 'params.id': 'strategy' },
    response: { kind: 'data', status: 200, schema: StrategyOut, message: 'Strategy updated.' },
    async handler({ params, body, scope, services }) {
      const strategy = await requireStrategy(services.knex, scope, params.id);
      const updated = await strategy.$query(services.knex).forTenant(scope).patchAndFetch(strategyProps(body));
      forget(services.knex, voiceKey(strategy.accountId));
      return presentStrategy(updated);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/system/strategies/{id}',
    operationId: 'deleteStrategy',
    summary: 'Delete a strategy',
    tags: strategyTags,
    throttle,
    auth: 'user',
    policy: aiPolicies.configure,
    params: idParams,
    refs: { 'params.id': 'strategy' },
    response: { kind: 'empty', status: 200, message: 'Strategy deleted.' },
    async handler({ params, scope, services }) {
      const strategy = await requireStrategy(services.knex, scope, params.id);
      await Strategy.query(services.knex).forTenant(scope).deleteById(strategy.id);
      forget(services.knex, voiceKey(strategy.accountId));
    },
  }),
];
