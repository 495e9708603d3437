import type { Knex } from 'knex';
import { lockForUpdate } from '../../platform/db';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors';
import type { Actor, TenantScope } from '../../platform/tenancy/actor';
import { countWords, htmlSections, type HtmlSection, replaceHtmlSection, sanitizeHtml } from '../html';
import { escapeText } from '../html/dom';
import type { Services } from '../../platform/http/types';
import { imageFilesOf, removeImageFiles } from './images';
import { Content, type ContentFields, type ContentStatus, ContentVersion, Task } from '../models';

/** Where each status may go next. Publishing itself is done by the publishing flow; unpublishing sends it back. */
export const CONTENT_TRANSITIONS: Record<ContentStatus, ContentStatus[]> = {
  draft: ['review'],
  review: ['draft', 'approved'],
  approved: ['draft', 'review', 'published'],
  published: ['draft', 'review'],
  scheduled: ['draft', 'review'],
  archived: ['draft'],
};

export function assertTransition(from: ContentStatus, to: ContentStatus): void {
  if (from === to || CONTENT_TRANSITIONS[from].includes(to)) return;
  const allowed = CONTENT_TRANSITIONS[from];
  throw new ConflictError(`Content in ${from} can move to ${allowed.join(' or ')}, not ${to}.`, 'INVALID_STATUS_TRANSITION', {
    status: [`allowed next: ${allowed.join(', ')}`],
  });
}

export type ContentChanges = Partial<Omit<ContentFields, 'wordCount'>>;

/** Sanitised HTML and its word count, on every write. */
function withCleanHtml(changes: ContentChanges): Partial<ContentFields> {
  const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as ContentChanges;
  if (given.html === undefined) return given;
  const html = sanitizeHtml(given.html);
  return { ...given, html, wordCount: countWords(html) };
}

export async function requireContent(knex: Knex, scope: TenantScope, id: number): Promise<Content> {
  const content = await Content.query(knex).forTenant(scope).findById(id);
  if (!content) throw new NotFoundError('Content');
  return content;
}

export async function createContent(
  knex: Knex,
  scope: TenantScope,
  taskId: number,
  fields: ContentChanges & { title: string; html: string },
): Promise<Content> {
  return knex.transaction(async (trx) => {
    const task = await lockForUpdate(trx, Task.query(trx).forTenant(scope).findById(taskId));
    if (!task) throw new NotFoundError('Task');
    const existing = await Content.query(trx).forTenant(scope).findOne({ taskId });
    if (existing) throw new ConflictError(`Task ${taskId} already has its content (id ${existing.id}); change that one.`, 'CONTENT_EXISTS');
    const status = fields.status ?? 'draft';
    assertTransition('draft', status);
    return Content.query(trx)
      .forTenant(scope)
      .insertAndFetch({
        siteId: task.siteId,
        sectorId: task.sectorId,
        taskId,
        metaTitle: null,
        metaDescription: null,
        primaryKeyword: null,
        secondaryKeywords: [],
        ...withCleanHtml(fields),
        status,
        version: 1,
      } as Partial<Content>);
  });
}

const VERSIONED: (keyof ContentFields)[] = [
  'title',
  'html',
  'wordCount',
  'metaTitle',
  'metaDescription',
  'primaryKeyword',
  'secondaryKeywords',
  'status',
];

function snapshot(content: Content): ContentFields {
  return Object.fromEntries(VERSIONED.map((field) => [field, content[field]])) as unknown as ContentFields;
}

/** Applies changes under a row lock, keeping the state before them as a version. Unchanged saves keep no version. */
async function saveWithVersion(trx: Knex, scope: TenantScope, actor: Actor, content: Content, changes: Partial<ContentFields>): Promise<Content> {
  const changed = VERSIONED.filter((field) => changes[field] !== undefined && JSON.stringify(changes[field]) !== JSON.stringify(content[field]));
  if (changed.length === 0) return content;
  if (changes.status !== undefined) assertTransition(content.status, changes.status);
  await ContentVersion.query(trx)
    .forTenant(scope)
    .insert({ ...snapshot(content), contentId: content.id, version: content.version, createdById: actor.userId ?? null });
  const patch = Object.fromEntries(changed.map((field) => [field, changes[field]]));
  return content
    .$query(trx)
    .forTenant(scope)
    .patchAndFetch({ ...patch, version: content.version + 1 });
}

export async function updateContent(knex: Knex, scope: TenantScope, actor: Actor, id: number, changes: ContentChanges): Promise<Content> {
  return knex.transaction(async (trx) => {
    const content = await lockForUpdate(trx, Content.query(trx).forTenant(scope).findById(id));
    if (!content) throw new NotFoundError('Content');
    return saveWithVersion(trx, scope, actor, content, withCleanHtml(changes));
  });
}

/** One H2 section of the content, by its 0-based index; out of range is a 400 that says how many there are. */
export function requireSection(content: Pick<Content, 'html'>, index: number): HtmlSection {
  const sections = htmlSections(content.html);
  const section = sections[index];
  if (section) return section;
  const message =
    sections.length === 0
      ? 'This content has no H2 sections.'
      : `Section ${index} does not exist: this content has ${sections.length} H2 section${sections.length === 1 ? '' : 's'}, numbered 0 to ${sections.length - 1}.`;
  const allowed = sections.length === 0 ? 'none: the content has no H2 sections' : `0 to ${sections.length - 1}`;
  throw new ValidationError(message, { section: [allowed] }, 'SECTION_OUT_OF_RANGE');
}

/**
 * Replaces one H2 section (its heading and everything up to the next H2) with a new heading and body,
 * keeping the state before as a version, like any edit; the rest of the HTML is left as it is. The body
 * is sanitised and its own H1/H2s become H3s, so the section stays one section. With `expected` (the
 * section when its new text was written), a section someone changed meanwhile is not overwritten.
 */
export async function replaceContentSection(
  knex: Knex,
  scope: TenantScope,
  actor: Actor,
  id: number,
  index: number,
  section: { heading: string; html: string },
  expected?: string,
): Promise<Content> {
  return knex.transaction(async (trx) => {
    const content = await lockForUpdate(trx, Content.query(trx).forTenant(scope).findById(id));
    if (!content) throw new NotFoundError('Content');
    const current = requireSection(content, index);
    if (expected !== undefined && current.html !== expected) {
      throw new ConflictError(`Section ${index} was changed while its new text was being written; it was left as it is.`, 'SECTION_CHANGED');
    }
    const body = sanitizeHtml(section.html).replace(/<(\/?)h[12]>/g, '<$1h3>');
    const heading = `<h2>${escapeText(section.heading.replace(/\s+/g, ' ').trim())}</h2>`;
    return saveWithVersion(trx, scope, actor, content, withCleanHtml({ html: replaceHtmlSection(content.html, current, `${heading}\n${body}`) }));
  });
}

/**
 * Brings back an earlier version's text and meta. The current state is kept as a version first, so a
 * restore can itself be undone. A restored text is a new draft to review, unless it is still in draft or review.
 */
export async function restoreContentVersion(knex: Knex, scope: TenantScope, actor: Actor, id: number, version: number): Promise<Content> {
  return knex.transaction(async (trx) => {
    const content = await lockForUpdate(trx, Content.query(trx).forTenant(scope).findById(id));
    if (!content) throw new NotFoundError('Content');
    const earlier = await ContentVersion.query(trx).forTenant(scope).findOne({ contentId: id, version });
    if (!earlier) throw new NotFoundError(`Version ${version}`);
    const { status: _ignored, ...fields } = snapshot(earlier as unknown as Content);
    const status: ContentStatus = content.status === 'draft' || content.status === 'review' ? content.status : 'draft';
    const restored = await saveWithVersion(trx, scope, actor, content, { ...fields, status: content.status });
    if (restored.status === status) return restored;
    return restored.$query(trx).forTenant(scope).patchAndFetch({ status });
  });
}

/** Deletes content with its versions and images (rows cascade; files go after the commit). */
export async function deleteContent(services: Services, scope: TenantScope, id: number): Promise<void> {
  const files = await services.knex.transaction(async (trx) => {
    const content = await requireContent(trx, scope, id);
    const files = await imageFilesOf(trx, scope, { contentIds: [content.id] });
    await Content.query(trx).forTenant(scope).deleteById(content.id);
    return files;
  });
  await removeImageFiles(services, files);
}
