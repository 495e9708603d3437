import type { JobDefinition } from '../platform/queue/types';
import { performPublishJob, PUBLISH_JOB, recoverablePublishes } from './commands/publish';

export const integrationJobs: JobDefinition[] = [
  { type: PUBLISH_JOB, queue: 'publish', perform: performPublishJob, recoverable: recoverablePublishes },
];
