import type { Services } from '../http/types';
import type { JobDefinition } from './types';

/**
 * The database is the record of which jobs exist; Redis only carries them. On an interval (and
 * at once on start) this queues again every job the database holds as queued or abandoned. It is
 * safe to repeat: a job id already in the queue is not added twice, and a job that finished in
 * the meantime finds its row done and does nothing.
 */
export class JobRecovery {
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<number> | null = null;

  constructor(
    private readonly services: Services,
    private readonly definitions: JobDefinition[],
    private readonly options: { intervalMs: number; staleAfterMs: number },
  ) {}

  start(): void {
    if (this.timer) return;
    const tick = () => void this.sweep().catch((err: unknown) => this.services.logger.warn({ err }, 'job recovery sweep failed'));
    tick();
    this.timer = setInterval(tick, this.options.intervalMs).unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping?.catch(() => undefined);
  }

  /** Queues what the database says is owed; returns how many jobs it handed to the queue. */
  sweep(): Promise<number> {
    this.sweeping ??= this.run().finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  private async run(): Promise<number> {
    const staleBefore = new Date(Date.now() - this.options.staleAfterMs);
    let queued = 0;
    for (const definition of this.definitions) {
      if (!definition.recoverable) continue;
      const jobs = await definition.recoverable(this.services, staleBefore);
      for (const job of jobs) {
        await this.services.queue.enqueue(job.queue, job.payload, job.options);
        queued += 1;
      }
    }
    if (queued > 0) this.services.logger.info({ queued }, 'job recovery queued owed jobs');
    return queued;
  }
}
