import { bodyParser } from '@koa/bodyparser';
import cors from '@koa/cors';
import Router from '@koa/router';
import Koa from 'koa';
import { pingDatabase } from '../db';
import { AppError } from '../errors';
import { errorEnvelopeMiddleware } from './middleware/errors';
import { optionalTrailingSlash, requestContext } from './middleware/request-context';
import { buildDocsRouter } from './docs';
import { servedOpenApiDocument } from './openapi';
import type { Route } from './route';
import { buildApiRouter, type Authenticator } from './router';
import type { AppState, Services } from './types';

export interface HttpAppOptions {
  services: Services;
  routes: Route[];
  authenticate: Authenticator;
  version: string;
  /** Routers outside the API, such as the media files. */
  routers?: Router<AppState>[];
}

/**
 * The middleware order is part of the contract: request id → logging → error envelope → CORS →
 * body limits → routes (each route then runs auth → tenant → throttle → validate → policy).
 */
export function createHttpApp({ services, routes, authenticate, version, routers = [] }: HttpAppOptions): Koa<AppState> {
  const { config } = services;
  const app = new Koa<AppState>({ proxy: config.NODE_ENV === 'production' });
  const allowedOrigins = new Set(config.CORS_ORIGINS);
  // Errors after the response started (a streamed file or event stream the client stopped reading)
  // reach Koa, not our envelope: log them with ours, and a client that went away only at debug.
  app.on('error', (err: NodeJS.ErrnoException) => {
    const clientLeft = err.code === 'ERR_STREAM_PREMATURE_CLOSE' || err.code === 'ECONNRESET' || err.code === 'EPIPE';
    services.logger[clientLeft ? 'debug' : 'error']({ err }, clientLeft ? 'client closed the response early' : 'response stream error');
  });

  app.use(requestContext(services.logger));
  app.use(errorEnvelopeMiddleware());
  app.use(
    cors({
      origin: (ctx) => {
        const origin = ctx.get('Origin');
        return allowedOrigins.has(origin) ? origin : '';
      },
      allowHeaders: ['Authorization', 'Content-Type', 'X-Request-ID', 'X-IGNY8-API-Key', 'X-IGNY8-WP-User'],
      exposeHeaders: ['X-Request-ID', 'Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining'],
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      maxAge: 600,
    }),
  );
  app.use(async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    await next();
  });
  app.use(optionalTrailingSlash());
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: config.BODY_LIMIT_JSON, encoding: 'utf-8' }));

  const health = new Router<AppState>();
  health.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok', version };
  });
  health.get('/readyz', async (ctx) => {
    const checks: Record<string, string> = {};
    await probe(checks, 'database', () => pingDatabase(services.knex));
    if (services.redis) await probe(checks, 'redis', async () => void (await services.redis?.ping()));
    await probe(checks, 'queue', () => services.queue.ping());
    const ready = Object.values(checks).every((state) => state === 'ok');
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ready' : 'unavailable', checks };
  });
  app.use(health.routes());

  const docs = buildDocsRouter(() => servedOpenApiDocument(routes, version, config.PUBLIC_URL));
  app.use(docs.routes());

  for (const router of routers) app.use(router.routes());

  const api = buildApiRouter(routes, services, authenticate);
  app.use(api.routes());
  app.use(
    api.allowedMethods({
      throw: true,
      methodNotAllowed: () => new AppError(405, 'METHOD_NOT_ALLOWED', 'This method is not allowed on this path.'),
      notImplemented: () => new AppError(501, 'NOT_IMPLEMENTED', 'This method is not implemented.'),
    }),
  );
  return app;
}

async function probe(checks: Record<string, string>, name: string, check: () => Promise<void>): Promise<void> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), 2000).unref());
  try {
    await Promise.race([check(), timeout]);
    checks[name] = 'ok';
  } catch (err) {
    checks[name] = `failing: ${(err as Error).message}`;
  }
}
