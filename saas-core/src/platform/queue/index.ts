import type { Config } from '../config';
import type { Logger } from '../logger';
import { BeeJobQueue } from './bee-queue';
import { InlineJobQueue } from './inline';
import type { JobQueue } from './types';

export * from './types';

export function createJobQueue(config: Pick<Config, 'REDIS_URL' | 'REDIS_KEY_PREFIX'>, logger: Logger): JobQueue {
  if (config.REDIS_URL) return new BeeJobQueue(config.REDIS_URL, `${config.REDIS_KEY_PREFIX}bq`, logger);
  return new InlineJobQueue(logger);
}
