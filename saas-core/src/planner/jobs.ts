import type { JobDefinition } from '../platform/queue/types';
import { IMPORT_JOB, performKeywordImportJob, recoverableImports } from './commands/import-keywords';

export const plannerJobs: JobDefinition[] = [
  { type: IMPORT_JOB, queue: 'imports', perform: performKeywordImportJob, recoverable: recoverableImports },
];
