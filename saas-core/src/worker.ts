import type { Services } from './platform/http/types';
import { closeServices, createServices } from './app';
import { ConfigError, loadConfig } from './platform/config';

/**
 * Where each module registers its queue processors (the AI, image and publish jobs arrive with
 * their modules). Shared by the API process on the embedded default and by the worker process.
 */
export function registerJobProcessors(services: Services): void {
  services.logger.debug({ driver: services.queue.driver }, 'job processors registered');
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.REDIS_URL) {
    throw new ConfigError(['REDIS_URL: the worker process needs Redis; without it the API process runs jobs itself.']);
  }
  const services = createServices(config);
  registerJobProcessors(services);
  services.logger.info('worker started');
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await closeServices(services);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof ConfigError ? err.message : ((err as Error).stack ?? String(err))}\n`);
    process.exit(1);
  });
}
