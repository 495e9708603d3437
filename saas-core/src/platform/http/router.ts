import Router from '@koa/router';
import type { ParameterizedContext } from 'koa';
import { z } from 'zod';
import { parseRate } from '../config';
import { AuthenticationError, ForbiddenError, ThrottledError } from '../errors';
import type { Actor } from '../tenancy/actor';
import { resolveScope } from '../tenancy/scope';
import { successEnvelope, type PageEnvelope } from './envelope';
import { koaPath, type PageResult, type Route } from './route';
import type { AppState, Services } from './types';
import { parseInput } from './validation';

export const API_PREFIX = '/api/v1';

/** Resolves who is calling. Returns null when no credentials were sent; throws when they are bad. */
export type Authenticator = (ctx: ParameterizedContext<AppState>, services: Services) => Promise<Actor | null>;

const emptyObject = z.object({});

/** Mounts every route with the chain auth → tenant → throttle → validate → policy → handler → envelope. */
export function buildApiRouter(routes: Route[], services: Services, authenticate: Authenticator): Router<AppState> {
  const router = new Router<AppState>({ prefix: API_PREFIX });
  const seen = new Set<string>();
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) throw new Error(`Route ${key} is defined twice.`);
    seen.add(key);
    router[route.method](koaPath(route.path), async (ctx) => {
      const actor = route.auth === 'none' ? null : await authenticate(ctx, services);
      if (route.auth !== 'none') {
        if (!actor) throw new AuthenticationError();
        if (route.auth === 'user' && actor.kind !== 'user') {
          throw new ForbiddenError('This endpoint needs a signed-in user; a site API key cannot use it.', 'API_KEY_NOT_ALLOWED');
        }
      }
      const scope = actor ? await resolveScope(services.knex, actor) : null;
      ctx.state.actor = actor ?? undefined;
      ctx.state.scope = scope ?? undefined;

      await throttle(ctx, services, route.throttle ?? (actor ? 'user' : 'anon'), actor);

      const params = parseInput(route.params ?? emptyObject, ctx.params, 'params');
      const query = parseInput(route.query ?? emptyObject, ctx.query, 'query');
      const body = route.body ? parseInput(route.body, (ctx.request as { body?: unknown }).body ?? {}, 'body') : {};

      if (route.policy !== 'public' && !route.policy.allows(actor as Actor)) throw new ForbiddenError();

      const result = await route.handler({ params, query, body, actor, scope, services, log: ctx.state.log, ctx });
      ctx.status = route.response.status;
      if (route.response.kind === 'page') {
        ctx.body = pageEnvelope(ctx, result as PageResult<unknown>, query as { page: number; page_size: number }, services);
      } else if (route.response.kind === 'data') {
        ctx.body = successEnvelope(route.response.schema.parse(result), ctx.state.requestId, route.response.message);
      } else if (route.response.kind === 'empty') {
        ctx.body = successEnvelope(null, ctx.state.requestId, route.response.message);
      }
    });
  }
  return router;
}

async function throttle(ctx: ParameterizedContext<AppState>, services: Services, scopeName: string, actor: Actor | null): Promise<void> {
  const { limit, windowSeconds } = parseRate(services.config.throttleRates[scopeName] ?? services.config.THROTTLE_USER);
  // Sign-in and other public endpoints count per client address; everything else per caller.
  const who = actor && scopeName !== 'auth' ? (actor.apiKeyId ? `key:${actor.apiKeyId}` : `user:${actor.userId}`) : `ip:${ctx.ip}`;
  const hit = await services.throttle.hit(`${scopeName}:${who}`, windowSeconds);
  ctx.set('X-RateLimit-Limit', String(limit));
  ctx.set('X-RateLimit-Remaining', String(Math.max(0, limit - hit.count)));
  if (hit.count > limit) throw new ThrottledError(hit.resetSeconds);
}

function pageEnvelope(
  ctx: ParameterizedContext<AppState>,
  page: PageResult<unknown>,
  query: { page: number; page_size: number },
  services: Services,
): PageEnvelope<unknown> {
  const base = baseUrl(ctx, services);
  const link = (pageNumber: number) => {
    const url = new URL(ctx.originalUrl, base);
    url.searchParams.set('page', String(pageNumber));
    return url.toString();
  };
  const lastPage = Math.max(1, Math.ceil(page.count / query.page_size));
  return {
    success: true,
    count: page.count,
    next: query.page < lastPage ? link(query.page + 1) : null,
    previous: query.page > 1 ? link(Math.min(query.page - 1, lastPage)) : null,
    results: page.results,
    request_id: ctx.state.requestId,
    timestamp: new Date().toISOString(),
  };
}

/** This server's own base URL: PUBLIC_URL when set, else what the request used (Koa 3's ctx.origin is the Origin header). */
export function baseUrl(ctx: ParameterizedContext<AppState>, services: Services): string {
  return (services.config.PUBLIC_URL ?? `${ctx.protocol}://${ctx.host}`).replace(/\/$/, '');
}
