import type { Services } from './platform/http/types';
import { closeServices, createServices } from './app';
import { ConfigError, loadConfig } from './platform/config';
import type { JobDefinition } from './platform/queue/types';
import { aiJobs } from './ai/jobs';
import { plannerJobs } from './planner/jobs';

/** Every module's jobs. Shared by the API process on the embedded default and by the worker process. */
export const jobDefinitions: JobDefinition[] = [...plannerJobs, ...aiJobs];

export function registerJobProcessors(services: Services): void {
  const queues = [...new Set(jobDefinitions.map((definition) => definition.queue))];
  for (const queue of queues) {
    services.queue.process(queue, async (payload, job) => {
      const definition = jobDefinitions.find((candidate) => candidate.type === payload.type && candidate.queue === queue);
      if (!definition) throw new Error(`No job definition for "${payload.type}" on the ${queue} queue.`);
      await definition.perform(services, payload, job);
    });
  }
  services.logger.debug({ driver: services.queue.driver, queues }, 'job processors registered');
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
