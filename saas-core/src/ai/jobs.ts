import type { JobDefinition } from '../platform/queue/types';
import { AI_JOB, performAiJob, recoverableAiJobs } from './engine';

/** One job type on two queues: image generation is slow and must not hold up text. */
export const aiJobs: JobDefinition[] = [
  { type: AI_JOB, queue: 'ai', perform: performAiJob, recoverable: recoverableAiJobs },
  { type: AI_JOB, queue: 'images', perform: performAiJob },
];
