import type { Services } from './platform/http/types';
import { closeServices, createServices } from './app';
import { ConfigError, loadConfig } from './platform/config';
import { JobRecovery } from './platform/queue/recovery';
import type { JobDefinition } from './platform/queue/types';
import { aiJobs } from './ai/jobs';
import { plannerJobs } from './planner/jobs';
import { integrationJobs } from './integration/jobs';

/** Every module's jobs. Shared by the API process on the embedded default and by the worker process. */
export const jobDefinitions: JobDefinition[] = [...plannerJobs, ...aiJobs, ...integrationJobs];

/** Registers a processor per queue and starts the recovery sweep; stop the sweep before closing services. */
export function registerJobProcessors(services: Services): JobRecovery {
  const queues = [...new Set(jobDefinitions.map((definition) => definition.queue))];
  for (const queue of queues) {
    services.queue.process(
      queue,
      async (payload, job) => {
        const definition = jobDefinitions.find((candidate) => candidate.type === payload.type && candidate.queue === queue);
        if (!definition) throw new Error(`No job definition for "${payload.type}" on the ${queue} queue.`);
        await definition.perform(services, payload, job);
      },
      services.config.WORKER_CONCURRENCY,
    );
  }
  const recovery = new JobRecovery(services, jobDefinitions, {
    intervalMs: services.config.QUEUE_RECOVERY_INTERVAL_MS,
    // A running job reports a heartbeat every stall interval; three missed ones mean its worker is gone.
    staleAfterMs: Math.max(3 * services.config.QUEUE_STALL_INTERVAL_MS, 3000),
  });
  recovery.start();
  services.logger.debug({ driver: services.queue.driver, queues }, 'job processors registered');
  return recovery;
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.REDIS_URL) {
    throw new ConfigError(['REDIS_URL: the worker process needs Redis; without it the API process runs jobs itself.']);
  }
  const services = createServices(config);
  const recovery = registerJobProcessors(services);
  services.logger.info({ concurrency: config.WORKER_CONCURRENCY }, 'worker started');
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    services.logger.info({ signal }, 'worker stopping: finishing running jobs');
    const deadline = setTimeout(() => {
      services.logger.error('worker shutdown timed out; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS + 5000).unref();
    await recovery.stop();
    // Running jobs get SHUTDOWN_TIMEOUT_MS to finish; the rest are run again by another worker.
    await services.queue.close(config.SHUTDOWN_TIMEOUT_MS);
    await closeServices(services);
    clearTimeout(deadline);
    services.logger.info('worker stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof ConfigError ? err.message : ((err as Error).stack ?? String(err))}\n`);
    process.exit(1);
  });
}
