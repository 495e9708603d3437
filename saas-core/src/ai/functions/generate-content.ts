import type { Knex } from 'knex';
import { z } from 'zod';
import type { OutlineSection } from '../../planner/models';
import { NotFoundError } from '../../platform/errors';
import { idParam } from '../../platform/http/schemas';
import type { TenantScope } from '../../platform/tenancy/actor';
import { Content, createContent, Task, updateContent } from '../../writer';
import { resolveVoice, type Voice } from '../commands';
import { localContentBrief } from '../local/drafts';
import { termsOf } from '../local/text';
import { ContentOutput, runOptions, voiceOptions } from './schemas';
import type { TextFunction } from './types';

export const GenerateContentInput = z.object({
  /** One article per run: a failure never throws away another finished article. */
  task_ids: z.array(idParam).min(1).max(1),
  ...voiceOptions,
  ...runOptions,
});
type Input = z.output<typeof GenerateContentInput>;

interface Assignment {
  task: Task;
  voice: Voice;
}

const DEFAULT_WORDS = 1500;

/** The outline as the prompt shows it: numbered sections, each with its points. */
export function formatOutline(outline: OutlineSection[]): string {
  return outline
    .map((section, index) => [`${index + 1}. ${section.heading}`, ...section.points.map((point) => `   - ${point}`)].join('\n'))
    .join('\n');
}

/** Headings match when they share most of their words (a model may rephrase a little, not change the topic). */
export function sameHeading(given: string, expected: string): boolean {
  const left = new Set(termsOf(given));
  const right = termsOf(expected);
  if (right.length === 0) return true;
  return right.filter((term) => left.has(term)).length / right.length >= 0.5;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * A task → the article: it follows the task's outline (carried over from its idea) section by
 * section, in the author profile's tone and language and the strategy's guidance. A model answer
 * that drops, reorders or invents sections is sent back for its one repair. The text goes through
 * the writer, so it is sanitised and a regenerated article keeps the previous one as a version.
 */
export const generateContent: TextFunction<Input, Assignment, ContentOutput> = {
  name: 'generate_content',
  kind: 'text',
  queue: 'ai',
  operation: 'content',
  maxBatch: 1,
  timeoutMs: 20 * 60_000,
  input: GenerateContentInput,
  units: (input) => input.task_ids.length,
  system:
    'You are an expert SEO writer. Write original, accurate, genuinely useful articles for people first; ' +
    'never invent statistics, quotes or sources. Answer only with JSON that matches the given schema.',
  schemaName: 'article',
  output: ContentOutput,

  async prepare({ services, scope, task }, input) {
    const voice = await resolveVoice(services.knex, scope, task.accountId, {
      authorProfileId: input.author_profile_id,
      strategyId: input.strategy_id,
      siteId: task.siteId,
    });
    const tasks = await Task.query(services.knex).forTenant(scope).whereIn('tasks.id', input.task_ids);
    const missing = input.task_ids.find((id) => !tasks.some((task) => task.id === id));
    if (missing) throw new NotFoundError(`Task ${missing}`);
    await Task.query(services.knex).forTenant(scope).whereIn('tasks.id', input.task_ids).where('status', 'queued').patch({ status: 'in_progress' });
    return tasks.map((task) => ({ task, voice }));
  },

  promptValues: ({ task, voice }) => ({
    title: task.title,
    brief: task.brief ?? 'none given',
    outline: task.outline.length > 0 ? formatOutline(task.outline) : 'none given: choose 6 to 8 sections that serve the reader',
    keywords: task.targetKeywords.join(', ') || task.title,
    word_count: task.wordCountTarget ?? DEFAULT_WORDS,
    content_structure: task.contentStructure,
    tone: voice.tone,
    language: voice.language,
    strategy: voice.strategy || 'none given',
  }),

  check(output, { task }) {
    const outline = task.outline;
    if (outline.length === 0) return null;
    if (output.sections.length !== outline.length) {
      return `The outline has ${outline.length} sections and the answer has ${output.sections.length}: write exactly one section per outline heading, in order.`;
    }
    const wrong = outline.findIndex((section, index) => !sameHeading(output.sections[index]!.heading, section.heading));
    return wrong === -1 ? null : `Section ${wrong + 1} must be headed "${outline[wrong]!.heading}", in the outline's order.`;
  },

  local: ({ task, voice }) =>
    localContentBrief({
      title: task.title,
      brief: task.brief,
      outline: task.outline,
      keywords: task.targetKeywords,
      wordCount: task.wordCountTarget,
      contentStructure: task.contentStructure,
      tone: voice.tone,
      language: voice.language,
    }),

  async started(trx, scope, input) {
    await Task.query(trx)
      .forTenant(scope)
      .whereIn('tasks.id', input.task_ids)
      .whereIn('status', ['pending', 'failed', 'completed'])
      .patch({ status: 'queued' });
  },

  async failed(trx, scope, input) {
    await settleTaskStatus(trx, scope, input.task_ids, 'failed');
  },

  async save(trx, { scope, task: run, engine }, _input, assignments, outputs) {
    const actor = { kind: 'user' as const, accountId: run.accountId, role: 'editor' as const, userId: run.createdById };
    const saved: { content_id: number; word_count: number }[] = [];
    for (const [index, { task }] of assignments.entries()) {
      const answer = outputs[index]!;
      const html = [answer.introduction_html, ...answer.sections.map((section) => `<h2>${escapeHtml(section.heading)}</h2>\n${section.html}`)].join(
        '\n',
      );
      const fields = {
        title: answer.title,
        html,
        metaTitle: answer.meta_title,
        metaDescription: answer.meta_description,
        primaryKeyword: task.targetKeywords[0] ?? null,
        secondaryKeywords: task.targetKeywords.slice(1),
      };
      const existing = await Content.query(trx).forTenant(scope).findOne({ taskId: task.id });
      // A new text is a draft to review, whatever state the one it replaces was in.
      const content = existing
        ? await updateContent(trx, scope, actor, existing.id, { ...fields, status: existing.status === 'draft' ? undefined : 'draft' })
        : await createContent(trx, scope, task.id, fields);
      saved.push({ content_id: content.id, word_count: content.wordCount });
    }
    await settleTaskStatus(
      trx,
      scope,
      assignments.map(({ task }) => task.id),
      'completed',
    );
    return { result: { contents: saved, draft: engine === 'local' }, units: saved.length };
  },
};

/** After a run: completed with its text; after a failure, back to completed if an earlier text exists, else failed. */
async function settleTaskStatus(trx: Knex, scope: TenantScope, taskIds: number[], outcome: 'completed' | 'failed'): Promise<void> {
  for (const taskId of taskIds) {
    const hasText = outcome === 'completed' || (await Content.query(trx).forTenant(scope).findOne({ taskId }));
    await Task.query(trx)
      .forTenant(scope)
      .findById(taskId)
      .whereNot('status', 'published')
      .patch({ status: hasText ? 'completed' : 'failed' });
  }
}
