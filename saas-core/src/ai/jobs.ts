import type { JobDefinition } from '../platform/queue/types';
import { AI_JOB, performAiJob } from './engine';

export const aiJobs: JobDefinition[] = [{ type: AI_JOB, queue: 'ai', perform: performAiJob }];
