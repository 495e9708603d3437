import type { Config } from '../config';
import type { Logger } from '../logger';
import { BeeJobQueue } from './bee-queue';
import { InlineJobQueue } from './inline';
import type { JobQueue } from './types';

export * from './types';

export function createJobQueue(config: Pick<Config, 'REDIS_URL' | 'REDIS_KEY_PREFIX' | 'QUEUE_STALL_INTERVAL_MS'>, logger: Logger): JobQueue {
  if (config.REDIS_URL) {
    return new BeeJobQueue(
      { redisUrl: config.REDIS_URL, prefix: `${config.REDIS_KEY_PREFIX}bq`, stallIntervalMs: config.QUEUE_STALL_INTERVAL_MS },
      logger,
    );
  }
  return new InlineJobQueue(logger);
}
