import pino, { type Logger } from 'pino';
import type { Config } from './config';

export type { Logger };

export function createLogger(config: Pick<Config, 'LOG_LEVEL' | 'NODE_ENV'>): Logger {
  return pino({
    level: config.LOG_LEVEL,
    base: { service: 'igny8-core' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-igny8-api-key"]', 'req.headers.cookie', '*.password', '*.refresh', '*.token'],
      censor: '[redacted]',
    },
  });
}
