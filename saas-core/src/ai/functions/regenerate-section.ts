import { z } from 'zod';
import { NotFoundError } from '../../platform/errors';
import { idParam } from '../../platform/http/schemas';
import { Content, type HtmlSection, htmlSections, replaceContentSection, requireSection, sanitizeHtml, summarizeHtml, Task } from '../../writer';
import { resolveVoice, type Voice } from '../commands';
import { localSectionDraft } from '../local/drafts';
import { sameHeading } from './generate-content';
import { runOptions, SectionOutput } from './schemas';
import type { TextFunction } from './types';

export const RegenerateSectionInput = z.object({
  content_id: idParam,
  /** 0-based index of the H2 section: its heading and everything up to the next H2. */
  section: z.number().int().min(0),
  instructions: z.string().trim().max(500).nullish(),
  ...runOptions,
});
type Input = z.output<typeof RegenerateSectionInput>;

interface Rewrite {
  content: Content;
  section: HtmlSection;
  /** Every section's heading, in order: the model keeps the new text consistent with its neighbours. */
  headings: string[];
  /** The outline's points for this section, when the task's outline has it. */
  points: string[];
  keywords: string[];
  voice: Voice;
}

/** An answer that brings its own H1/H2 would open a new section (or repeat the heading) once saved. */
const OWN_HEADING = /<h[12][\s>]/i;

/**
 * One H2 section of an article, written again: the heading and body that replace exactly that
 * section, in the account's voice, with the editor's instructions. The writer saves it as an edit
 * (sanitised, the previous text kept as a version), and refuses to overwrite a section someone changed
 * while the run was under way. It is priced as a `content_section` (1 credit by default), far below
 * an article.
 */
export const regenerateSection: TextFunction<Input, Rewrite, SectionOutput> = {
  name: 'regenerate_section',
  kind: 'text',
  queue: 'ai',
  operation: 'content_section',
  maxBatch: 1,
  timeoutMs: 10 * 60_000,
  input: RegenerateSectionInput,
  units: () => 1,
  system:
    'You are an expert SEO editor. You rewrite one section of an existing article so it reads better and serves the reader, ' +
    'consistent with the rest of the article; never invent statistics, quotes or sources. Answer only with JSON that matches the given schema.',
  schemaName: 'article_section',
  output: SectionOutput,

  async prepare({ services, scope, task: run }, input) {
    const content = await Content.query(services.knex).forTenant(scope).findById(input.content_id);
    if (!content) throw new NotFoundError('Content');
    const section = requireSection(content, input.section);
    const task = await Task.query(services.knex).forTenant(scope).findById(content.taskId);
    const outline = task?.outline ?? [];
    const planned = [outline[section.index], ...outline].find((item) => item && sameHeading(section.heading, item.heading));
    const keywords = [content.primaryKeyword, ...(content.secondaryKeywords ?? [])].filter((keyword): keyword is string => Boolean(keyword));
    return [
      {
        content,
        section,
        headings: htmlSections(content.html).map((item) => item.heading),
        points: planned?.points ?? [],
        keywords: keywords.length > 0 ? keywords : (task?.targetKeywords ?? []),
        voice: await resolveVoice(services.knex, scope, run.accountId, { siteId: run.siteId }),
      },
    ];
  },

  promptValues: ({ content, section, headings, keywords, voice }, input) => ({
    title: content.title,
    heading: section.heading,
    section_html: section.body.trim() || '(empty)',
    section_number: section.index + 1,
    section_count: headings.length,
    outline: headings.map((heading, index) => `${index + 1}. ${heading}`).join('\n'),
    instructions: input.instructions || 'none given: make it clearer, more specific and more useful',
    keywords: keywords.join(', ') || content.title,
    tone: voice.tone,
    language: voice.language,
    strategy: voice.strategy || 'none given',
  }),

  check(output) {
    if (OWN_HEADING.test(output.html)) {
      return 'Put the heading only in "heading": the html is the body under it, with no <h1> or <h2> (use <h3> for subsections).';
    }
    if (summarizeHtml(sanitizeHtml(output.html)).excerpt === '') return 'The html has no text a reader would see: write the section body.';
    return null;
  },

  local: ({ section, points, keywords }, input) =>
    localSectionDraft({
      heading: section.heading,
      currentText: summarizeHtml(section.body, 100_000).excerpt,
      points,
      keywords,
      instructions: input.instructions ?? null,
    }),

  async save(trx, { scope, task: run, engine }, input, rewrites, outputs) {
    const actor = { kind: 'user' as const, accountId: run.accountId, role: 'editor' as const, userId: run.createdById };
    const [{ content, section }] = rewrites as [Rewrite];
    const answer = outputs[0]!;
    // Against the section as it was sent to the model: an edit made meanwhile is not overwritten.
    const saved = await replaceContentSection(trx, scope, actor, content.id, input.section, answer, section.html);
    const heading = htmlSections(saved.html)[input.section]?.heading ?? answer.heading;
    return {
      result: {
        content_id: saved.id,
        section: input.section,
        heading,
        version: saved.version,
        word_count: saved.wordCount,
        draft: engine === 'local',
      },
      units: 1,
    };
  },
};
