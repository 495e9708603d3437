import { CONTENT_STRUCTURES, CONTENT_TYPES, type OutlineSection } from '../planner/models';
import { SectorScopedModel, TenantModel } from '../platform/tenancy/tenant-model';

export { CONTENT_STRUCTURES, CONTENT_TYPES };
export const TASK_STATUSES = ['pending', 'queued', 'in_progress', 'completed', 'published', 'failed'] as const;
/** `scheduled` and `archived` come from WordPress (a future or trashed post); the rest are set here too. */
export const CONTENT_STATUSES = ['draft', 'review', 'approved', 'published', 'scheduled', 'archived'] as const;
export const IMAGE_TYPES = ['featured', 'in_article'] as const;
export const IMAGE_STATUSES = ['pending', 'generated', 'failed'] as const;

export type ContentStatus = (typeof CONTENT_STATUSES)[number];

export class Task extends SectorScopedModel {
  static override tableName = 'tasks';
  static override jsonAttributes = ['targetKeywords', 'outline'];

  ideaId!: number | null;
  clusterId!: number | null;
  title!: string;
  brief!: string | null;
  targetKeywords!: string[];
  contentType!: (typeof CONTENT_TYPES)[number];
  contentStructure!: (typeof CONTENT_STRUCTURES)[number];
  wordCountTarget!: number | null;
  outline!: OutlineSection[];
  status!: (typeof TASK_STATUSES)[number];
  wpPostId!: number | null;
  wpPostUrl!: string | null;
}

/** The fields a save changes and a version keeps. */
export interface ContentFields {
  title: string;
  html: string;
  wordCount: number;
  metaTitle: string | null;
  metaDescription: string | null;
  primaryKeyword: string | null;
  secondaryKeywords: string[];
  status: ContentStatus;
}

export class Content extends SectorScopedModel implements ContentFields {
  static override tableName = 'contents';
  static override jsonAttributes = ['secondaryKeywords'];
  static override dateColumns = ['createdAt', 'updatedAt', 'wpSyncedAt'];

  taskId!: number;
  title!: string;
  html!: string;
  wordCount!: number;
  metaTitle!: string | null;
  metaDescription!: string | null;
  primaryKeyword!: string | null;
  secondaryKeywords!: string[];
  status!: ContentStatus;
  version!: number;
  wpPostId!: number | null;
  wpPostUrl!: string | null;
  /** The post's status in WordPress, as it last told us. */
  wpStatus!: string | null;
  wpSyncedAt!: Date | null;
}

export class ContentVersion extends TenantModel implements ContentFields {
  static override tableName = 'content_versions';
  static override jsonAttributes = ['secondaryKeywords'];

  contentId!: number;
  version!: number;
  title!: string;
  html!: string;
  wordCount!: number;
  metaTitle!: string | null;
  metaDescription!: string | null;
  primaryKeyword!: string | null;
  secondaryKeywords!: string[];
  status!: ContentStatus;
  createdById!: number | null;
}

export class Image extends SectorScopedModel {
  static override tableName = 'images';

  taskId!: number | null;
  contentId!: number | null;
  type!: (typeof IMAGE_TYPES)[number];
  prompt!: string | null;
  altText!: string | null;
  caption!: string | null;
  position!: number;
  storagePath!: string | null;
  mimeType!: string | null;
  byteSize!: number | null;
  status!: (typeof IMAGE_STATUSES)[number];
  provider!: string | null;
  model!: string | null;
}
