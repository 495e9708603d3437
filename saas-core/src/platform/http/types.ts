import type { Knex } from 'knex';
import type { Redis } from 'ioredis';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Mailer } from '../mail';
import type { JobQueue } from '../queue';
import type { Actor, TenantScope } from '../tenancy/actor';
import type { ThrottleStore } from '../throttle';

/** What the process wires up at start-up and hands to every route and job. */
export interface Services {
  config: Config;
  knex: Knex;
  logger: Logger;
  mailer: Mailer;
  queue: JobQueue;
  throttle: ThrottleStore;
  redis: Redis | null;
}

export interface AppState {
  requestId: string;
  log: Logger;
  actor?: Actor;
  scope?: TenantScope;
}
