import type { Knex } from 'knex';
import type { z } from 'zod';
import type { CreditOperation } from '../../credits/models';
import type { Services } from '../../platform/http/types';
import type { TenantScope } from '../../platform/tenancy/actor';
import type { StoredFile } from '../../writer';
import type { AiPhase, AiTask } from '../models';
import type { AiFunction } from '../prompts';
import type { Engine } from '../providers';

/** What a function's steps get while a worker runs its task. */
export interface RunContext {
  services: Services;
  scope: TenantScope;
  task: AiTask;
  engine: Engine;
  /** Aborted when the run times out or the worker stops; passed on to provider calls. */
  signal: AbortSignal;
  phase(phase: AiPhase, message: string): Promise<void>;
}

/** What SAVE hands back: the task's result, and the units the charge is priced by (never more than were held). */
export interface SaveOutcome {
  result: Record<string, unknown>;
  units: number;
  /** Files the saved rows no longer use (a replaced image), removed once the transaction commits. */
  filesToRemove?: string[];
}

/**
 * One AI function, declared once: the registry, the start routes, the worker and the credit checks
 * all read it. A run validates its input, prepares one item per AI call, builds each call's prompt,
 * parses the answer, and saves everything in the transaction that completes the task.
 */
interface BaseFunction<Input, Item> {
  name: AiFunction;
  /** Queue its jobs run on: image generation has its own, so slow images never hold up text. */
  queue: 'ai' | 'images';
  operation: CreditOperation;
  /** The most items (keywords, clusters, tasks, images) one run takes. */
  maxBatch: number;
  /** Longest a run may take before it is stopped and retried. */
  timeoutMs: number;
  /** The task's input; checked when the run starts and again by the worker. */
  input: z.ZodType<Input>;
  /** Units priced before the run, for the estimate and the hold. */
  units(input: Input): number;
  /** PREP: loads the rows the calls need, one item per AI call, and refuses what cannot run. */
  prepare(run: RunContext, input: Input): Promise<Item[]>;
  /** The values of the prompt template's placeholders for one call. */
  promptValues(item: Item, input: Input): Record<string, string | number>;
  /** Marks the rows a started run works on (in the transaction that records the task). */
  started?(trx: Knex, scope: TenantScope, input: Input): Promise<void>;
  /** Puts those rows back when the run fails for good. */
  failed?(trx: Knex, scope: TenantScope, input: Input): Promise<void>;
}

export interface TextFunction<Input, Item, Output> extends BaseFunction<Input, Item> {
  kind: 'text';
  /** The fixed instructions; the (overridable) prompt template is the user message. */
  system: string;
  schemaName: string;
  /** PARSE: the structured answer, sent to the model as its JSON-schema response format. */
  output: z.ZodType<Output>;
  /** Checks the schema cannot express; a message goes back to the model for its one repair. */
  check?(output: Output, item: Item): string | null;
  /** The local engine's answer: built from the rows, no network, no credits. */
  local(item: Item, input: Input): Output;
  save(trx: Knex, run: RunContext, input: Input, items: Item[], outputs: Output[]): Promise<SaveOutcome>;
  /** Saves runs that finish together (the worker's group commit) in fewer statements; without it each run's `save` is called in turn. */
  saveAll?(trx: Knex, runs: TextRunToSave<Input, Item, Output>[]): Promise<SaveOutcome[]>;
}

export interface TextRunToSave<Input, Item, Output> {
  run: RunContext;
  input: Input;
  items: Item[];
  outputs: Output[];
}

export interface ImageFunction<Input, Item> extends BaseFunction<Input, Item> {
  kind: 'image';
  /** Images are stored before the transaction; SAVE links them to their rows. */
  save(trx: Knex, run: RunContext, input: Input, items: Item[], files: StoredFile[], model: string): Promise<SaveOutcome>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds functions of every input and output type
export type AnyAiFunction = TextFunction<any, any, any> | ImageFunction<any, any>;
