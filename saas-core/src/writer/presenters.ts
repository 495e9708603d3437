import { z } from 'zod';
import { iso } from '../platform/http/schemas';
import { htmlToBlocks } from './html';
import { mediaUrl } from './media';
import {
  CONTENT_STATUSES,
  CONTENT_STRUCTURES,
  CONTENT_TYPES,
  IMAGE_STATUSES,
  IMAGE_TYPES,
  TASK_STATUSES,
  type Content,
  type ContentVersion,
  type Image,
  type Task,
} from './models';

const id = z.number().int();
const timestamps = { created_at: z.string(), updated_at: z.string() };
const Outline = z.array(z.object({ heading: z.string(), points: z.array(z.string()) }));

export const TaskOut = z.object({
  id,
  site_id: id,
  sector_id: id,
  idea_id: id.nullable(),
  cluster_id: id.nullable(),
  title: z.string(),
  brief: z.string().nullable(),
  target_keywords: z.array(z.string()),
  content_type: z.enum(CONTENT_TYPES),
  content_structure: z.enum(CONTENT_STRUCTURES),
  word_count_target: z.number().int().nullable(),
  outline: Outline,
  status: z.enum(TASK_STATUSES),
  wp_post_id: z.number().int().nullable(),
  wp_post_url: z.string().nullable(),
  ...timestamps,
});

export function presentTask(task: Task): z.input<typeof TaskOut> {
  return {
    id: task.id,
    site_id: task.siteId,
    sector_id: task.sectorId,
    idea_id: task.ideaId,
    cluster_id: task.clusterId,
    title: task.title,
    brief: task.brief,
    target_keywords: task.targetKeywords ?? [],
    content_type: task.contentType,
    content_structure: task.contentStructure,
    word_count_target: task.wordCountTarget,
    outline: (task.outline ?? []).map((section) => ({ heading: section.heading, points: section.points ?? [] })),
    status: task.status,
    wp_post_id: task.wpPostId === null ? null : Number(task.wpPostId),
    wp_post_url: task.wpPostUrl,
    created_at: iso(task.createdAt)!,
    updated_at: iso(task.updatedAt)!,
  };
}

const contentFields = {
  title: z.string(),
  word_count: z.number().int(),
  meta_title: z.string().nullable(),
  meta_description: z.string().nullable(),
  primary_keyword: z.string().nullable(),
  secondary_keywords: z.array(z.string()),
  status: z.enum(CONTENT_STATUSES),
};

/** Lists leave out the bodies; one content carries its HTML and its Gutenberg block markup. */
export const ContentSummaryOut = z.object({
  id,
  site_id: id,
  sector_id: id,
  task_id: id,
  ...contentFields,
  version: z.number().int(),
  wp_post_id: z.number().int().nullable(),
  wp_post_url: z.string().nullable(),
  wp_status: z.string().nullable().describe("The post's status in WordPress, as its last sync said"),
  ...timestamps,
});
export const ContentOut = ContentSummaryOut.extend({
  html: z.string(),
  blocks: z.string().describe('The HTML as native Gutenberg blocks (core/heading, paragraph, list, table, image, quote, separator)'),
});

export function presentContentSummary(content: Content): z.input<typeof ContentSummaryOut> {
  return {
    id: content.id,
    site_id: content.siteId,
    sector_id: content.sectorId,
    task_id: content.taskId,
    title: content.title,
    word_count: content.wordCount,
    meta_title: content.metaTitle,
    meta_description: content.metaDescription,
    primary_keyword: content.primaryKeyword,
    secondary_keywords: content.secondaryKeywords ?? [],
    status: content.status,
    version: content.version,
    wp_post_id: content.wpPostId === null ? null : Number(content.wpPostId),
    wp_post_url: content.wpPostUrl,
    wp_status: content.wpStatus ?? null,
    created_at: iso(content.createdAt)!,
    updated_at: iso(content.updatedAt)!,
  };
}

export function presentContent(content: Content): z.input<typeof ContentOut> {
  return { ...presentContentSummary(content), html: content.html, blocks: htmlToBlocks(content.html) };
}

export const ContentVersionOut = z.object({
  id,
  content_id: id,
  version: z.number().int(),
  ...contentFields,
  html: z.string(),
  created_by_id: id.nullable(),
  created_at: z.string(),
});

export function presentContentVersion(version: ContentVersion): z.input<typeof ContentVersionOut> {
  return {
    id: version.id,
    content_id: version.contentId,
    version: version.version,
    title: version.title,
    word_count: version.wordCount,
    meta_title: version.metaTitle,
    meta_description: version.metaDescription,
    primary_keyword: version.primaryKeyword,
    secondary_keywords: version.secondaryKeywords ?? [],
    status: version.status,
    html: version.html,
    created_by_id: version.createdById,
    created_at: iso(version.createdAt)!,
  };
}

export const ImageOut = z.object({
  id,
  site_id: id,
  sector_id: id,
  task_id: id.nullable(),
  content_id: id.nullable(),
  type: z.enum(IMAGE_TYPES),
  prompt: z.string().nullable(),
  alt_text: z.string().nullable(),
  caption: z.string().nullable(),
  position: z.number().int(),
  status: z.enum(IMAGE_STATUSES),
  url: z.string().nullable().describe('Public, immutable URL of the stored file'),
  mime_type: z.string().nullable(),
  byte_size: z.number().int().nullable(),
  provider: z.string().nullable(),
  model: z.string().nullable(),
  ...timestamps,
});

export function presentImage(image: Image, baseUrl: string): z.input<typeof ImageOut> {
  return {
    id: image.id,
    site_id: image.siteId,
    sector_id: image.sectorId,
    task_id: image.taskId,
    content_id: image.contentId,
    type: image.type,
    prompt: image.prompt,
    alt_text: image.altText,
    caption: image.caption,
    position: image.position,
    status: image.status,
    url: image.storagePath ? mediaUrl(baseUrl, image.storagePath) : null,
    mime_type: image.mimeType,
    byte_size: image.byteSize,
    provider: image.provider,
    model: image.model,
    created_at: iso(image.createdAt)!,
    updated_at: iso(image.updatedAt)!,
  };
}
