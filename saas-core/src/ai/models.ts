import { TenantModel } from '../platform/tenancy/tenant-model';
import type { QueueName } from '../platform/queue/types';
import type { AiFunction } from './prompts';
import type { Engine } from './providers';

export class AiPrompt extends TenantModel {
  static override tableName = 'ai_prompts';

  function!: AiFunction;
  template!: string;
  updatedById!: number | null;
}

export class AuthorProfile extends TenantModel {
  static override tableName = 'author_profiles';
  static override booleanColumns = ['isDefault'];

  name!: string;
  description!: string | null;
  tone!: string;
  language!: string;
  writingStyle!: string | null;
  isDefault!: boolean;
}

export class Strategy extends TenantModel {
  static override tableName = 'strategies';
  static override booleanColumns = ['isActive'];

  name!: string;
  description!: string | null;
  audience!: string | null;
  guidance!: string;
  isActive!: boolean;
}

export const AI_PHASES = ['INIT', 'PREP', 'AI_CALL', 'PARSE', 'SAVE', 'DONE'] as const;
export type AiPhase = (typeof AI_PHASES)[number];

/** An AI run: its status and progress while it runs, its log once it is done. */
export class AiTask extends TenantModel {
  static override tableName = 'ai_tasks';
  static override jsonAttributes = ['input', 'result'];
  static override dateColumns = ['createdAt', 'updatedAt', 'startedAt', 'finishedAt', 'heartbeatAt'];
  // Every run works on one site's rows: editors see the runs of the sites granted to them.
  static override siteColumn = 'siteId' as const;

  taskId!: string;
  siteId!: number | null;
  createdById!: number | null;
  function!: AiFunction;
  engine!: Engine;
  queue!: QueueName;
  attempts!: number;
  heartbeatAt!: Date | null;
  costUsd!: number | string;
  status!: 'queued' | 'running' | 'completed' | 'failed';
  phase!: AiPhase;
  progress!: number;
  message!: string | null;
  input!: Record<string, unknown>;
  result!: Record<string, unknown> | null;
  errorCode!: string | null;
  errorMessage!: string | null;
  model!: string | null;
  tokensIn!: number;
  tokensOut!: number;
  credits!: number;
  startedAt!: Date | null;
  finishedAt!: Date | null;
}

/** AITaskLog: one row per run of a task (a retried task has several), with what it used and how it ended. */
export class AiTaskLog extends TenantModel {
  static override tableName = 'ai_task_logs';
  static override dateColumns = ['createdAt', 'updatedAt', 'startedAt', 'finishedAt'];

  aiTaskId!: number;
  function!: AiFunction;
  engine!: Engine;
  attempt!: number;
  status!: 'completed' | 'failed' | 'retrying';
  model!: string | null;
  aiCalls!: number;
  tokensIn!: number;
  tokensOut!: number;
  costUsd!: number | string;
  credits!: number;
  errorCode!: string | null;
  errorDetail!: string | null;
  startedAt!: Date;
  finishedAt!: Date;
  durationMs!: number;
}
