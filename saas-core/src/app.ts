import { Redis } from 'ioredis';
import type Koa from 'koa';
import { authenticate } from './auth/authenticate';
import type { Config } from './platform/config';
import { createDatabase } from './platform/db';
import { createHttpApp } from './platform/http/app';
import { servedOpenApiDocument } from './platform/http/openapi';
import type { AppState, Services } from './platform/http/types';
import { createLogger } from './platform/logger';
import { createMailer } from './platform/mail';
import { createJobQueue } from './platform/queue';
import { MemoryThrottleStore, RedisThrottleStore } from './platform/throttle';
import { routes } from './routes';
import { buildMediaRouter } from './writer/media';

export const VERSION = '0.1.0';

/** Wires the process's shared machinery once, at start-up. Overrides are for tests. */
export function createServices(config: Config, overrides: Partial<Services> = {}): Services {
  const logger = overrides.logger ?? createLogger(config);
  const knex = overrides.knex ?? createDatabase(config);
  const redis =
    overrides.redis !== undefined
      ? overrides.redis
      : config.REDIS_URL
        ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false })
        : null;
  redis?.on('error', (err) => logger.warn({ err }, 'redis error'));
  return {
    config,
    logger,
    knex,
    redis,
    mailer: overrides.mailer ?? createMailer(config, logger),
    queue: overrides.queue ?? createJobQueue(config, logger),
    throttle: overrides.throttle ?? (redis ? new RedisThrottleStore(redis, config.REDIS_KEY_PREFIX, logger) : new MemoryThrottleStore()),
  };
}

/** The OpenAPI document the API serves at /api/openapi.json, for a server at `publicUrl`. */
export function apiDocument(publicUrl: string | undefined): object {
  return servedOpenApiDocument(routes, VERSION, publicUrl);
}

export function createApp(services: Services): Koa<AppState> {
  return createHttpApp({ services, routes, authenticate, version: VERSION, routers: [buildMediaRouter(services)] });
}

export async function closeServices(services: Services): Promise<void> {
  await services.queue.close(services.config.SHUTDOWN_TIMEOUT_MS);
  await services.throttle.close();
  await services.knex.destroy();
  if (services.redis) await services.redis.quit().catch(() => undefined);
}
