import { PassThrough } from 'node:stream';
import type { ParameterizedContext } from 'koa';
import { z } from 'zod';
import { Cluster, Keyword } from '../planner/models';
import { plannerPolicies } from '../planner/policies';
import { batchedReadPerDatabase } from '../platform/db/batched-read';
import { NotFoundError, ValidationError } from '../platform/errors';
import type { Services } from '../platform/http/types';
import { listPage, orderingQuery, paginationQuery } from '../platform/http/list';
import { defineRoute, type Route } from '../platform/http/route';
import { baseUrl } from '../platform/http/router';
import { idParam, idParams, iso } from '../platform/http/schemas';
import type { AppState } from '../platform/http/types';
import type { Actor, TenantScope } from '../platform/tenancy/actor';
import { Content, Image, requireContent, requireSection, Task } from '../writer';
import { writerPolicies } from '../writer/policies';
import { checkTemplate, requireAuthorProfile, requireStrategy } from './commands';
import { requireAiTask, startAiTask } from './engine';
import { AI_FUNCTION_DEFINITIONS } from './functions';
import { runOptions } from './functions/schemas';
import { assertEnoughKeywords, AutoClusterInput } from './functions/auto-cluster';
import { GenerateContentInput } from './functions/generate-content';
import { GenerateIdeasInput } from './functions/generate-ideas';
import { GenerateImagePromptsInput } from './functions/generate-image-prompts';
import { assertPrompted, GenerateImagesInput } from './functions/generate-images';
import { RegenerateSectionInput } from './functions/regenerate-section';
import type { AnyAiFunction } from './functions/types';
import { AI_PHASES, AiTask, AiTaskLog } from './models';
import { aiPolicies } from './policies';
import { AI_FUNCTIONS, type AiFunction } from './prompts';
import { ENGINE_CHOICES, ENGINES, resolveEngine } from './providers';

const Started = z.object({
  task_id: z.string(),
  status: z.literal('queued'),
  engine: z.enum(ENGINES),
  credits_held: z.number().int().describe('Set aside now; charged when the run succeeds (perhaps fewer), given back if it fails'),
  status_url: z.string(),
});

const TaskProgressOut = z.object({
  task_id: z.string(),
  function: z.enum(AI_FUNCTIONS),
  engine: z.string(),
  site_id: z.number().int().nullable(),
  status: z.enum(['queued', 'running', 'completed', 'failed']),
  phase: z.enum(AI_PHASES),
  progress: z.number().int().min(0).max(100),
  message: z.string().nullable(),
  result: z.record(z.string(), z.unknown()).nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  credits: z.number().int(),
  attempts: z.number().int(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
});

function presentTask(task: AiTask): z.input<typeof TaskProgressOut> {
  return {
    task_id: task.taskId,
    function: task.function,
    engine: task.engine,
    site_id: task.siteId,
    status: task.status,
    phase: task.phase,
    progress: task.progress,
    message: task.message,
    result: task.result,
    error: task.errorCode ? { code: task.errorCode, message: task.errorMessage ?? '' } : null,
    credits: task.credits,
    attempts: task.attempts,
    created_at: iso(task.createdAt)!,
    started_at: iso(task.startedAt),
    finished_at: iso(task.finishedAt),
  };
}

const engineField = z
  .enum(ENGINE_CHOICES)
  .default('auto')
  .describe('auto: the configured provider, else the local engine (free, drafts only; text functions only)');
const promptField = runOptions.prompt.describe('A prompt template for this run only, instead of the account’s or the built-in one');

/** The rows a run works on, checked in the caller's scope (missing or foreign ids are 404), and their one site. */
type Target<B> = (args: { body: B; scope: TenantScope; services: Services }) => Promise<{ siteId: number }>;

/** All rows of a run must be of one site: the task belongs to that site and its editors. */
function oneSite(rows: { siteId: number }[], field: string): number {
  const sites = [...new Set(rows.map((row) => row.siteId))];
  if (sites.length > 1)
    throw new ValidationError('Everything one run works on must belong to one site.', { [field]: ['from more than one site'] }, 'MIXED_SITES');
  return sites[0]!;
}

async function findAll<M extends { id: number; siteId: number }>(
  load: (ids: number[]) => PromiseLike<M[]>,
  ids: number[],
  label: string,
): Promise<M[]> {
  const unique = [...new Set(ids)];
  const rows = await load(unique);
  const missing = unique.filter((id) => !rows.some((row) => row.id === id));
  if (missing.length > 0) throw new NotFoundError(`${label} ${missing.slice(0, 10).join(', ')}`);
  return rows;
}

/** Clusters named by requests of one caller that arrive together, read in one query (a client starting many runs at once). */
const clusterReads = batchedReadPerDatabase<TenantScope, number, Cluster>(
  async (knex, scope, ids) => Cluster.query(knex).forTenant(scope).whereIn('clusters.id', ids),
  (scope) => JSON.stringify(scope),
);

/** Author profile and strategy named for a run must be the account's own. */
async function checkVoice(services: Services, scope: TenantScope, body: { author_profile_id?: number | null; strategy_id?: number | null }) {
  if (body.author_profile_id) await requireAuthorProfile(services.knex, scope, body.author_profile_id);
  if (body.strategy_id) await requireStrategy(services.knex, scope, body.strategy_id);
}

/**
 * A route that starts an AI function: auth → validate → policy → the rows exist in the caller's
 * scope → the prompt override is checked → the engine is chosen → credits are held (402 when short)
 * → 202 with the task id. The work runs on a worker.
 */
function startRoute<S extends z.ZodObject>(spec: {
  fn: AiFunction;
  path: string;
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  policy: Route['policy'];
  input: S;
  refs: Route['refs'];
  target: Target<z.output<S> & { engine: (typeof ENGINE_CHOICES)[number] }>;
}): Route {
  const fn = AI_FUNCTION_DEFINITIONS[spec.fn];
  return defineRoute({
    method: 'post',
    path: spec.path,
    operationId: spec.operationId,
    summary: spec.summary,
    description: `${spec.description} Answers 202 at once; follow the run at \`status_url\` (or its \`/stream\`).`,
    tags: spec.tags,
    throttle: 'ai',
    auth: 'user_or_api_key',
    policy: spec.policy as never,
    body: spec.input.extend({ engine: engineField, prompt: promptField }),
    refs: spec.refs,
    response: { kind: 'data', status: 202, schema: Started, message: 'Started.' },
    async handler({ body, actor, scope, services, ctx }) {
      const input = body as z.output<S> & { engine: (typeof ENGINE_CHOICES)[number]; prompt?: string | null };
      const { siteId } = await spec.target({ body: input, scope, services });
      const { engine, ...rest } = input;
      return startFunction({ services, actor, scope, ctx }, fn, { siteId, engine, input: rest });
    },
  });
}

/** The common end of every start route, once its rows are checked: the prompt, the engine, the credits held, 202. */
async function startFunction(
  { services, actor, scope, ctx }: { services: Services; actor: Actor; scope: TenantScope; ctx: ParameterizedContext<AppState> },
  fn: AnyAiFunction,
  run: { siteId: number; engine: (typeof ENGINE_CHOICES)[number]; input: Record<string, unknown> & { prompt?: string | null | undefined } },
): Promise<z.input<typeof Started>> {
  if (run.input.prompt) checkTemplate(fn.name, run.input.prompt);
  const engine = await resolveEngine(services, scope, actor.accountId, fn.kind, run.engine);
  const { task, creditsHeld } = await startAiTask(services, actor, scope, { fn, engine, siteId: run.siteId, input: run.input });
  return {
    task_id: task.taskId,
    status: 'queued' as const,
    engine,
    credits_held: creditsHeld,
    status_url: `${baseUrl(ctx, services)}/api/v1/system/settings/task_progress/${task.taskId}/`,
  };
}

/**
 * One H2 section of an article, written again. The content is named in the path, so this route is
 * declared on its own; the section must exist (400 SECTION_OUT_OF_RANGE) before any credits are held.
 */
const regenerateSectionRoute = defineRoute({
  method: 'post',
  path: '/writer/content/{id}/regenerate_section',
  operationId: 'regenerateContentSection',
  summary: 'Write one H2 section of an article again',
  description:
    '`section` is the 0-based index of a top-level H2: its heading and everything up to the next H2 are replaced, and the rest of ' +
    'the HTML is left as it is. The previous text is kept as a version; a section changed by someone meanwhile is not overwritten ' +
    '(the run fails with SECTION_CHANGED). Costs a `content_section` (1 credit by default); the local engine writes a labelled draft ' +
    'section for free. Answers 202 at once; follow the run at `status_url` (or its `/stream`).',
  tags: ['writer: content'],
  throttle: 'ai',
  auth: 'user_or_api_key',
  policy: writerPolicies.write,
  params: idParams,
  body: z.object({
    section: RegenerateSectionInput.shape.section.describe('0-based index of the H2 section'),
    instructions: z.string().trim().max(500).nullish().describe('What the editor wants from the new text, in their words'),
    engine: engineField,
    prompt: promptField,
  }),
  refs: { 'params.id': 'content' },
  response: { kind: 'data', status: 202, schema: Started, message: 'Started.' },
  async handler({ params, body, actor, scope, services, ctx }) {
    const content = await requireContent(services.knex, scope, params.id);
    requireSection(content, body.section);
    return startFunction({ services, actor, scope, ctx }, AI_FUNCTION_DEFINITIONS.regenerate_section, {
      siteId: content.siteId,
      engine: body.engine,
      input: { content_id: content.id, section: body.section, instructions: body.instructions ?? null, prompt: body.prompt ?? null },
    });
  },
});

export const aiStartRoutes: Route[] = [
  startRoute({
    fn: 'auto_cluster',
    path: '/planner/keywords/auto_cluster',
    operationId: 'autoClusterKeywords',
    summary: 'Group keywords into clusters',
    description:
      'Needs at least 5 keywords of one sector. The local engine is free and needs no API key; with OpenAI it costs 1 credit per 30 keywords.',
    tags: ['planner: keywords'],
    policy: plannerPolicies.write,
    input: AutoClusterInput,
    refs: { 'body.site_id': 'site', 'body.sector_id': 'sector', 'body.keyword_ids[]': 'keyword' },
    async target({ body, scope, services }) {
      const found = await findAll(
        (ids) => Keyword.query(services.knex).forTenant(scope).whereIn('keywords.id', ids).select('keywords.id', 'siteId', 'sectorId'),
        body.keyword_ids,
        'Keyword',
      );
      assertEnoughKeywords(found.filter((keyword) => keyword.siteId === body.site_id && keyword.sectorId === body.sector_id).length);
      return { siteId: body.site_id };
    },
  }),
  startRoute({
    fn: 'generate_ideas',
    path: '/planner/clusters/generate_ideas',
    operationId: 'generateIdeas',
    summary: 'Generate article ideas with outlines for clusters',
    description: 'Up to 5 clusters of one site; 3–7 ideas each, every idea with an outline of 6–10 sections. 1 credit per idea.',
    tags: ['planner: clusters'],
    policy: plannerPolicies.write,
    input: GenerateIdeasInput,
    refs: { 'body.cluster_ids[]': 'cluster', 'body.author_profile_id': 'author_profile', 'body.strategy_id': 'strategy' },
    async target({ body, scope, services }) {
      const clusters = await findAll(
        async (ids) => (await clusterReads(services.knex).read(scope, ids)).filter((cluster) => ids.includes(cluster.id)),
        body.cluster_ids,
        'Cluster',
      );
      await checkVoice(services, scope, body);
      return { siteId: oneSite(clusters, 'cluster_ids') };
    },
  }),
  startRoute({
    fn: 'generate_content',
    path: '/writer/tasks/generate_content',
    operationId: 'generateContent',
    summary: 'Write a task’s article',
    description:
      'Follows the task’s outline, the author profile’s tone and language, and the strategy. A regenerated article keeps the previous text as a version. 3 credits per article; the local engine writes a labelled draft brief for free.',
    tags: ['writer: tasks'],
    policy: writerPolicies.write,
    input: GenerateContentInput,
    refs: { 'body.task_ids[]': 'task', 'body.author_profile_id': 'author_profile', 'body.strategy_id': 'strategy' },
    async target({ body, scope, services }) {
      const tasks = await findAll((ids) => Task.query(services.knex).forTenant(scope).whereIn('tasks.id', ids), body.task_ids, 'Task');
      await checkVoice(services, scope, body);
      return { siteId: oneSite(tasks, 'task_ids') };
    },
  }),
  regenerateSectionRoute,
  startRoute({
    fn: 'generate_image_prompts',
    path: '/writer/content/generate_image_prompts',
    operationId: 'generateImagePrompts',
    summary: 'Write image prompts for an article',
    description:
      'One featured and up to 6 in-article prompts, with alt text and placement, saved as pending images. Included in the article’s credits.',
    tags: ['writer: content'],
    policy: writerPolicies.write,
    input: GenerateImagePromptsInput,
    refs: { 'body.content_ids[]': 'content' },
    async target({ body, scope, services }) {
      const contents = await findAll((ids) => Content.query(services.knex).forTenant(scope).whereIn('contents.id', ids), body.content_ids, 'Content');
      return { siteId: oneSite(contents, 'content_ids') };
    },
  }),
  startRoute({
    fn: 'generate_images',
    path: '/writer/images/generate_images',
    operationId: 'generateImages',
    summary: 'Generate image files from their prompts',
    description: 'Up to 10 images of one site, with OpenAI or Runware (set under integrations). 1 credit per image.',
    tags: ['writer: images'],
    policy: writerPolicies.write,
    input: GenerateImagesInput,
    refs: { 'body.image_ids[]': 'image' },
    async target({ body, scope, services }) {
      const images = await findAll((ids) => Image.query(services.knex).forTenant(scope).whereIn('images.id', ids), body.image_ids, 'Image');
      assertPrompted(images);
      return { siteId: oneSite(images, 'image_ids') };
    },
  }),
];

const TaskLogOut = z.object({
  attempt: z.number().int(),
  status: z.enum(['completed', 'failed', 'retrying']),
  engine: z.string(),
  model: z.string().nullable(),
  ai_calls: z.number().int(),
  tokens_in: z.number().int(),
  tokens_out: z.number().int(),
  cost_usd: z.number(),
  credits: z.number().int(),
  error_code: z.string().nullable(),
  started_at: z.string(),
  duration_ms: z.number().int(),
});

export const aiTaskRoutes: Route[] = [
  ...aiStartRoutes,
  defineRoute({
    method: 'get',
    path: '/system/ai-tasks',
    operationId: 'listAiTasks',
    summary: 'Recent AI runs, newest first',
    tags: ['system: tasks'],
    throttle: 'ai',
    auth: 'user_or_api_key',
    policy: aiPolicies.read,
    query: z.object({
      ...paginationQuery,
      function: z.enum(AI_FUNCTIONS).optional(),
      status: z.enum(['queued', 'running', 'completed', 'failed']).optional(),
      site_id: idParam.optional(),
      ordering: orderingQuery({ created_at: 'createdAt' }, '-created_at'),
    }),
    response: { kind: 'page', status: 200, item: TaskProgressOut },
    async handler({ query, scope, services }) {
      const builder = AiTask.query(services.knex).forTenant(scope);
      if (query.function) builder.where('function', query.function);
      if (query.status) builder.where('status', query.status);
      if (query.site_id) builder.where('siteId', query.site_id);
      const page = await listPage(builder, { ...query, ordering: [...query.ordering, { column: 'id', direction: 'desc' }] });
      return { count: page.count, results: page.results.map(presentTask) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/system/settings/task_progress/{task_id}',
    operationId: 'getTaskProgress',
    summary: 'An AI task’s status, phase and progress (any API process can answer)',
    tags: ['system: tasks'],
    throttle: 'ai',
    auth: 'user_or_api_key',
    policy: aiPolicies.read,
    params: z.object({ task_id: z.uuid() }),
    response: { kind: 'data', status: 200, schema: TaskProgressOut },
    async handler({ params, scope, services }) {
      return presentTask(await requireAiTask(services.knex, scope, params.task_id));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/system/settings/task_progress/{task_id}/logs',
    operationId: 'getTaskLogs',
    summary: 'Each run of an AI task: model, tokens, cost, credits and how it ended',
    tags: ['system: tasks'],
    throttle: 'ai',
    auth: 'user_or_api_key',
    policy: aiPolicies.read,
    params: z.object({ task_id: z.uuid() }),
    response: { kind: 'data', status: 200, schema: z.array(TaskLogOut) },
    async handler({ params, scope, services }) {
      const task = await requireAiTask(services.knex, scope, params.task_id);
      const logs = await AiTaskLog.query(services.knex).forTenant(scope).where({ aiTaskId: task.id }).orderBy('id');
      return logs.map((log) => ({
        attempt: log.attempt,
        status: log.status,
        engine: log.engine,
        model: log.model,
        ai_calls: log.aiCalls,
        tokens_in: log.tokensIn,
        tokens_out: log.tokensOut,
        cost_usd: Number(log.costUsd),
        credits: log.credits,
        error_code: log.errorCode,
        started_at: iso(log.startedAt)!,
        duration_ms: log.durationMs,
      }));
    },
  }),
];

/**
 * The same progress as a server-sent event stream: a `progress` event whenever it changes, until
 * the task completes or fails (then `done`), or `max_seconds` pass. Comments keep proxies from
 * closing an idle stream. The row is polled, so any API process can serve any task.
 */
export const taskStreamRoute: Route = defineRoute({
  method: 'get',
  path: '/system/settings/task_progress/{task_id}/stream',
  operationId: 'streamTaskProgress',
  summary: 'An AI task’s progress as server-sent events',
  tags: ['system: tasks'],
  throttle: 'ai',
  auth: 'user_or_api_key',
  policy: aiPolicies.read,
  params: z.object({ task_id: z.uuid() }),
  query: z.object({ max_seconds: z.coerce.number().int().min(1).max(3600).default(600) }),
  response: { kind: 'file', status: 200, contentTypes: ['text/event-stream'] },
  async handler({ params, query, scope, services, ctx }) {
    const first = await requireAiTask(services.knex, scope, params.task_id);
    const stream = new PassThrough();
    ctx.type = 'text/event-stream';
    ctx.set('Cache-Control', 'no-cache, no-transform');
    ctx.set('X-Accel-Buffering', 'no');
    ctx.body = stream;
    const deadline = Date.now() + query.max_seconds * 1000;
    let last = '';
    let ticks = 0;
    const send = (task: AiTask) => {
      const data = JSON.stringify(TaskProgressOut.parse(presentTask(task)));
      if (data !== last) stream.write(`event: progress\ndata: ${data}\n\n`);
      last = data;
      return task.status === 'completed' || task.status === 'failed';
    };
    const finish = (event: string) => {
      stream.end(`event: ${event}\ndata: {}\n\n`);
    };
    let closed = false;
    ctx.req.on('close', () => (closed = true));
    if (send(first)) return finish('done');
    void (async () => {
      while (!closed && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const task = await requireAiTask(services.knex, scope, params.task_id).catch(() => null);
        if (!task) return finish('gone');
        if (send(task)) return finish('done');
        if ((ticks += 1) % 30 === 0) stream.write(': still working\n\n');
      }
      finish('timeout');
    })();
  },
});
