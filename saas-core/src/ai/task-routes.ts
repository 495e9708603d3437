import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { Keyword } from '../planner/models';
import { plannerPolicies } from '../planner/policies';
import { NotFoundError } from '../platform/errors';
import { defineRoute, type Route } from '../platform/http/route';
import { baseUrl } from '../platform/http/router';
import { idParam, iso } from '../platform/http/schemas';
import { requireAiTask, startAiTask } from './engine';
import { assertEnoughKeywords, MAX_KEYWORDS_TO_CLUSTER } from './functions/auto-cluster';
import { AI_PHASES, type AiTask } from './models';
import { aiPolicies } from './policies';
import { AI_FUNCTIONS } from './prompts';

const Started = z.object({ task_id: z.string(), status: z.literal('queued'), status_url: z.string() });

const TaskProgressOut = z.object({
  task_id: z.string(),
  function: z.enum(AI_FUNCTIONS),
  engine: z.string(),
  status: z.enum(['queued', 'running', 'completed', 'failed']),
  phase: z.enum(AI_PHASES),
  progress: z.number().int().min(0).max(100),
  message: z.string().nullable(),
  result: z.record(z.string(), z.unknown()).nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  credits: z.number().int(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
});

function presentTask(task: AiTask): z.input<typeof TaskProgressOut> {
  return {
    task_id: task.taskId,
    function: task.function,
    engine: task.engine,
    status: task.status,
    phase: task.phase,
    progress: task.progress,
    message: task.message,
    result: task.result,
    error: task.errorCode ? { code: task.errorCode, message: task.errorMessage ?? '' } : null,
    credits: task.credits,
    created_at: iso(task.createdAt)!,
    started_at: iso(task.startedAt),
    finished_at: iso(task.finishedAt),
  };
}

export const aiTaskRoutes: Route[] = [
  defineRoute({
    method: 'post',
    path: '/planner/keywords/auto_cluster',
    operationId: 'autoClusterKeywords',
    summary: 'Group keywords into clusters (runs as a task: answers 202 with its id at once)',
    description: 'Needs at least 5 keywords of one sector. The local engine is free and needs no API key.',
    tags: ['planner: keywords'],
    throttle: 'ai',
    auth: 'user_or_api_key',
    policy: plannerPolicies.write,
    body: z.object({
      site_id: idParam,
      sector_id: idParam,
      keyword_ids: z.array(idParam).min(1).max(MAX_KEYWORDS_TO_CLUSTER),
      engine: z.enum(['local']).default('local').describe('The LLM engine arrives with the OpenAI functions'),
    }),
    refs: { 'body.site_id': 'site', 'body.sector_id': 'sector', 'body.keyword_ids[]': 'keyword' },
    response: { kind: 'data', status: 202, schema: Started, message: 'Clustering started.' },
    async handler({ body, actor, scope, services, ctx }) {
      const ids = [...new Set(body.keyword_ids)];
      const found = await Keyword.query(services.knex).forTenant(scope).whereIn('keywords.id', ids).select('keywords.id', 'siteId', 'sectorId');
      const missing = ids.filter((id) => !found.some((keyword) => keyword.id === id));
      if (missing.length > 0) throw new NotFoundError(`Keyword ${missing.slice(0, 10).join(', ')}`);
      assertEnoughKeywords(found.filter((keyword) => keyword.siteId === body.site_id && keyword.sectorId === body.sector_id).length);
      const task = await startAiTask(services, actor, scope, {
        fn: 'auto_cluster',
        engine: body.engine,
        siteId: body.site_id,
        input: { keyword_ids: ids, site_id: body.site_id, sector_id: body.sector_id },
      });
      return {
        task_id: task.taskId,
        status: 'queued' as const,
        status_url: `${baseUrl(ctx, services)}/api/v1/system/settings/task_progress/${task.taskId}/`,
      };
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
