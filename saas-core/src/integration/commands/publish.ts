import type { Knex } from 'knex';
import { inTransaction } from '../../platform/db';
import { ConflictError, ValidationError } from '../../platform/errors';
import type { Services } from '../../platform/http/types';
import { slugify } from '../../platform/http/schemas';
import type { JobContext, JobOptions, JobPayload, RecoverableJob } from '../../platform/queue/types';
import type { Actor, TenantScope } from '../../platform/tenancy/actor';
import { accountScope } from '../../platform/tenancy/scope';
import { Cluster, ClusterKeyword } from '../../planner/models';
import { requireContent } from '../../writer/commands/content';
import { escapeAttribute, escapeText } from '../../writer/html/dom';
import { htmlToBlocks, summarizeHtml } from '../../writer/html';
import { mediaUrl } from '../../writer/media';
import { Content, Image, Task } from '../../writer/models';
import { PublishingRecord, type PublishOptions, SiteIntegration } from '../models';
import { contentStatusForWp, taskStatusFor } from '../status-map';
import { callWordPress, WordPressError } from '../wordpress-client';
import { logSyncEvent, requireSiteIntegration, wordPressTarget } from './connection';

export const PUBLISH_JOB = 'publish_content';
const PUBLISH_RETRIES = 4;
/** Content in these states can go to WordPress; drafts and content in review must be approved first. */
const PUBLISHABLE = new Set(['approved', 'published', 'scheduled', 'archived']);
export const WP_PUBLISH_STATUSES = ['publish', 'draft', 'pending', 'future', 'private'] as const;

export interface PublishRequest {
  status: (typeof WP_PUBLISH_STATUSES)[number];
  date?: Date | undefined;
  categories?: string[] | undefined;
  tags?: string[] | undefined;
  authorEmail?: string | null | undefined;
}

function publishJob(accountId: number, record: Pick<PublishingRecord, 'id' | 'requests'>): [JobPayload, JobOptions & { jobId: string }] {
  return [
    { type: PUBLISH_JOB, accountId, publishId: record.id, request: record.requests },
    { jobId: `publish-${record.id}-${record.requests}`, retries: PUBLISH_RETRIES, timeoutMs: 5 * 60_000 },
  ];
}

/**
 * Queues a publish of the content to its site's WordPress and answers at once. Publishing again
 * updates the same post: the record keeps the post id and the plugin also finds the post by content id.
 */
export async function requestPublish(
  services: Services,
  scope: TenantScope,
  actor: Actor,
  contentId: number,
  request: PublishRequest,
  mediaBaseUrl: string,
) {
  if (request.status === 'future' && (!request.date || request.date.getTime() <= Date.now())) {
    throw new ValidationError('Scheduling needs a date in the future.', { date: ['Give a future date for status "future".'] });
  }
  const record = await inTransaction(services.knex, async (trx) => {
    const content = await requireContent(trx, scope, contentId);
    if (!PUBLISHABLE.has(content.status)) {
      throw new ConflictError(`Content in ${content.status} is not approved yet: approve it before publishing.`, 'CONTENT_NOT_APPROVED');
    }
    const integration = await SiteIntegration.query(trx).forTenant(scope).findOne({ siteId: content.siteId });
    if (!integration) {
      throw new ConflictError(
        'This site has no WordPress connection yet: install IGNY8 Bridge on the site and connect it with a site API key.',
        'SITE_NOT_CONNECTED',
      );
    }
    wordPressTarget(services, integration);
    const options: PublishOptions & { media_base_url: string } = {
      categories: request.categories,
      tags: request.tags,
      author_email: request.authorEmail ?? actor.wpUser?.email ?? null,
      media_base_url: mediaBaseUrl,
    };
    const fields = {
      integrationId: integration.id,
      status: 'queued' as const,
      requestedWpStatus: request.status,
      scheduledFor: request.status === 'future' ? request.date! : null,
      options,
      attempts: 0,
      errorCode: null,
      errorMessage: null,
      heartbeatAt: null,
    };
    const existing = await PublishingRecord.query(trx).forTenant(scope).findOne({ contentId }).forUpdate();
    if (existing)
      return existing
        .$query(trx)
        .forTenant(scope)
        .patchAndFetch({ ...fields, requests: existing.requests + 1 });
    return PublishingRecord.query(trx)
      .forTenant(scope)
      .insertAndFetch({ ...fields, siteId: content.siteId, sectorId: content.sectorId, contentId, requests: 1 });
  });
  const [payload, options] = publishJob(record.accountId, record);
  // The record is the source of truth: if the queue is down, the recovery sweep queues this later.
  await services.queue.enqueue('publish', payload, { ...options, backoffMs: services.config.WORDPRESS_RETRY_BACKOFF_MS }).catch((err: unknown) => {
    services.logger.warn({ err, publishId: record.id }, 'publish not queued now; the recovery sweep will queue it');
  });
  return record;
}

interface PostAnswer {
  post_id: number;
  url: string;
  status: string;
  modified_gmt?: string;
  created?: boolean;
}

/** The publish job: builds the post from the content and sends it, signed, to the plugin. */
export async function performPublishJob(services: Services, payload: JobPayload, job: JobContext): Promise<void> {
  const scope = accountScope(payload.accountId);
  const record = await PublishingRecord.query(services.knex).forTenant(scope).findById(Number(payload.publishId));
  // A newer request has its own job; a finished one was delivered twice.
  if (!record || record.requests !== Number(payload.request) || record.status === 'published' || record.status === 'failed') return;
  await record
    .$query(services.knex)
    .forTenant(scope)
    .patch({ status: 'publishing', attempts: record.attempts + 1, heartbeatAt: new Date() });
  const integration = await requireSiteIntegration(services.knex, scope, record.siteId);
  const content = await requireContent(services.knex, scope, record.contentId);
  // Beats while WordPress works (sideloading images takes a while), so the recovery sweep leaves this run alone.
  const heartbeat = setInterval(
    () =>
      void record
        .$query(services.knex)
        .forTenant(scope)
        .patch({ heartbeatAt: new Date() })
        .catch(() => undefined),
    services.config.QUEUE_STALL_INTERVAL_MS,
  ).unref();
  try {
    const target = wordPressTarget(services, integration);
    const post = await buildPost(services.knex, scope, content, record);
    const send = (method: 'POST' | 'PUT', path: string) =>
      callWordPress<PostAnswer>(target, { method, path, body: post, timeoutMs: services.config.WORDPRESS_TIMEOUT_MS, signal: job.signal });
    const knownPostId = record.wpPostId ?? content.wpPostId;
    let answer;
    try {
      answer = knownPostId ? await send('PUT', `posts/${knownPostId}`) : await send('POST', 'posts/');
    } catch (err) {
      // The post was deleted in WordPress: make it again.
      if (!(err instanceof WordPressError && err.code === 'WP_POST_NOT_FOUND' && knownPostId)) throw err;
      answer = await send('POST', 'posts/');
    }
    await recordPublished(services, scope, integration, record, content, answer.data);
  } catch (err) {
    const retryable = !(err instanceof WordPressError) || err.retryable;
    const code = err instanceof WordPressError || err instanceof ConflictError ? err.code : 'PUBLISH_FAILED';
    const message = err instanceof Error ? err.message : String(err);
    const final = !retryable || job.retriesLeft === 0 || job.signal.aborted;
    await inTransaction(services.knex, async (trx) => {
      await record
        .$query(trx)
        .forTenant(scope)
        .patch({ status: final ? 'failed' : 'queued', errorCode: code, errorMessage: message.slice(0, 1000), heartbeatAt: new Date() });
      await logSyncEvent(trx, scope, integration, {
        direction: 'outbound',
        kind: 'publish',
        outcome: 'failed',
        contentId: content.id,
        wpPostId: record.wpPostId,
        message: final ? `Publishing failed: ${message}` : `Publishing will be tried again: ${message}`,
        details: { error_code: code, attempt: record.attempts + 1 },
      });
    });
    if (!final) throw err;
    if (!(err instanceof WordPressError || err instanceof ConflictError)) services.logger.error({ err, publishId: record.id }, 'publish failed');
  } finally {
    clearInterval(heartbeat);
  }
}

async function recordPublished(
  services: Services,
  scope: TenantScope,
  integration: SiteIntegration,
  record: PublishingRecord,
  content: Content,
  post: PostAnswer,
) {
  const contentStatus = contentStatusForWp(post.status) ?? content.status;
  const syncedAt = post.modified_gmt ? new Date(post.modified_gmt) : new Date();
  await inTransaction(services.knex, async (trx) => {
    const now = new Date();
    await record.$query(trx).forTenant(scope).patch({
      status: 'published',
      wpPostId: post.post_id,
      wpPostUrl: post.url,
      errorCode: null,
      errorMessage: null,
      heartbeatAt: now,
      publishedAt: now,
    });
    await Content.query(trx)
      .forTenant(scope)
      .findById(content.id)
      .patch({ wpPostId: post.post_id, wpPostUrl: post.url, wpStatus: post.status, status: contentStatus, wpSyncedAt: syncedAt });
    await Task.query(trx)
      .forTenant(scope)
      .findById(content.taskId)
      .patch({ wpPostId: post.post_id, wpPostUrl: post.url, status: taskStatusFor(contentStatus) });
    await logSyncEvent(trx, scope, integration, {
      direction: 'outbound',
      kind: 'publish',
      outcome: 'ok',
      contentId: content.id,
      wpPostId: post.post_id,
      message: `${post.created ? 'Created' : 'Updated'} WordPress post ${post.post_id} (${post.status}).`,
      details: { url: post.url, status: post.status },
    });
  });
}

/** The publish payload of docs/bridge-protocol.md: native block markup, images by URL, terms by name, ids as meta. */
export async function buildPost(knex: Knex, scope: TenantScope, content: Content, record: PublishingRecord) {
  const options = record.options as PublishOptions & { media_base_url: string };
  const task = await Task.query(knex).forTenant(scope).findById(content.taskId);
  const images = await Image.query(knex)
    .forTenant(scope)
    .where({ contentId: content.id, status: 'generated' })
    .whereNotNull('storagePath')
    .orderBy([{ column: 'type' }, { column: 'position' }, { column: 'id' }]);
  const cluster = task?.clusterId ? await Cluster.query(knex).forTenant(scope).findById(task.clusterId) : undefined;
  const keywordIds = cluster
    ? (await ClusterKeyword.query(knex).forTenant(scope).where({ clusterId: cluster.id }).orderBy('keywordId').limit(200)).map(
        (link) => link.keywordId,
      )
    : [];
  const urlOf = (image: Image) => mediaUrl(options.media_base_url, image.storagePath!);
  const featured = images.find((image) => image.type === 'featured');
  const inArticle = images.filter((image) => image.type === 'in_article');
  const figures = inArticle.map((image) => ({
    url: urlOf(image),
    alt: image.altText ?? '',
    caption: image.caption ?? '',
    position: image.position,
  }));
  const keywords = [content.primaryKeyword, ...(content.secondaryKeywords ?? [])].filter((keyword): keyword is string => Boolean(keyword));
  return {
    content_id: content.id,
    task_id: content.taskId,
    cluster_id: cluster?.id ?? null,
    sector_id: content.sectorId,
    keyword_ids: keywordIds,
    title: content.title,
    excerpt: content.metaDescription ?? summarizeHtml(content.html, 300).excerpt,
    slug: slugify(content.primaryKeyword ?? content.title).slice(0, 190) || null,
    status: record.requestedWpStatus,
    date_gmt: record.scheduledFor ? record.scheduledFor.toISOString() : null,
    author: { id: null, email: options.author_email ?? null },
    content: htmlToBlocks(withImages(content.html, figures)),
    categories: options.categories ?? (cluster ? [cluster.name] : []),
    tags: options.tags ?? [...new Set(keywords)].slice(0, 5),
    featured_image: featured ? { url: urlOf(featured), alt: featured.altText ?? '', caption: featured.caption ?? '' } : null,
    images: figures.map(({ url, alt, caption }) => ({ url, alt, caption })),
    seo: {
      meta_title: content.metaTitle,
      meta_description: content.metaDescription,
      primary_keyword: content.primaryKeyword,
      secondary_keywords: content.secondaryKeywords ?? [],
    },
  };
}

/** Puts each in-article image under its section's heading (position = 1-based h2), the rest at the end. */
export function withImages(html: string, figures: { url: string; alt: string; caption: string; position: number }[]): string {
  if (figures.length === 0) return html;
  const figureHtml = (figure: (typeof figures)[number]) =>
    `<figure><img src="${escapeAttribute(figure.url)}" alt="${escapeAttribute(figure.alt)}">${figure.caption ? `<figcaption>${escapeText(figure.caption)}</figcaption>` : ''}</figure>`;
  const headingEnds = [...html.matchAll(/<\/h2\s*>/gi)].map((match) => match.index + match[0].length);
  const inserts = new Map<number, string[]>();
  const trailing: string[] = [];
  for (const figure of figures) {
    const at = headingEnds[figure.position - 1];
    if (at === undefined) trailing.push(figureHtml(figure));
    else inserts.set(at, [...(inserts.get(at) ?? []), figureHtml(figure)]);
  }
  let result = '';
  let from = 0;
  for (const at of [...inserts.keys()].sort((a, b) => a - b)) {
    result += html.slice(from, at) + inserts.get(at)!.join('');
    from = at;
  }
  return result + html.slice(from) + trailing.join('');
}

/** Publishes the database holds as owed whose job stopped beating: what Redis may have lost. */
export async function recoverablePublishes(services: Services, staleBefore: Date): Promise<RecoverableJob[]> {
  const records = await PublishingRecord.query(services.knex)
    .unscoped('recovery sweep: every account’s owed publishes')
    .whereIn('status', ['queued', 'publishing'])
    .where((builder) =>
      builder.where('heartbeatAt', '<', staleBefore).orWhere((inner) => inner.whereNull('heartbeatAt').where('updatedAt', '<', staleBefore)),
    )
    .orderBy('updatedAt')
    .limit(100)
    .select('id', 'accountId', 'requests');
  return records.map((row) => {
    const [payload, options] = publishJob(row.accountId, row);
    return { queue: 'publish' as const, payload, options };
  });
}
