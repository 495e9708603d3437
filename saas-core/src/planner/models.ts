import { SectorScopedModel, TenantModel } from '../platform/tenancy/tenant-model';

export const KEYWORD_INTENTS = ['informational', 'commercial', 'transactional', 'navigational'] as const;
export const KEYWORD_STATUSES = ['active', 'inactive', 'used'] as const;
export const KEYWORD_SOURCES = ['manual', 'csv_import', 'api_import', 'seed'] as const;
export const CLUSTER_STATUSES = ['active', 'archived'] as const;
export const IDEA_STATUSES = ['new', 'approved', 'in_progress', 'completed'] as const;
export const CONTENT_TYPES = ['post', 'page', 'product', 'service'] as const;
export const CONTENT_STRUCTURES = ['article', 'how_to', 'listicle', 'guide', 'comparison', 'review', 'news', 'case_study', 'pillar'] as const;

export type KeywordIntent = (typeof KEYWORD_INTENTS)[number];
export type KeywordStatus = (typeof KEYWORD_STATUSES)[number];
export type KeywordSource = (typeof KEYWORD_SOURCES)[number];

export interface OutlineSection {
  heading: string;
  points: string[];
}

export class Keyword extends SectorScopedModel {
  static override tableName = 'keywords';

  keyword!: string;
  normalizedKeyword!: string;
  volume!: number | null;
  difficulty!: number | null;
  cpc!: number | string | null;
  intent!: KeywordIntent | null;
  status!: KeywordStatus;
  source!: KeywordSource;
  seedKeywordId!: number | null;
  clusterIds?: number[];
}

export class Cluster extends SectorScopedModel {
  static override tableName = 'clusters';

  name!: string;
  description!: string | null;
  status!: (typeof CLUSTER_STATUSES)[number];
  /** Computed on read by `withKeywordTotals`. */
  keywordsCount?: number | string;
  totalVolume?: number | string | null;
}

/** Keyword ↔ cluster links. Account-scoped: both ends are checked to be in one site and sector. */
export class ClusterKeyword extends TenantModel {
  static override tableName = 'cluster_keywords';

  clusterId!: number;
  keywordId!: number;
}

export class ContentIdea extends SectorScopedModel {
  static override tableName = 'content_ideas';
  static override jsonAttributes = ['targetKeywords', 'outline'];

  clusterId!: number | null;
  title!: string;
  description!: string | null;
  contentType!: (typeof CONTENT_TYPES)[number];
  contentStructure!: (typeof CONTENT_STRUCTURES)[number];
  targetKeywords!: string[];
  estimatedWordCount!: number | null;
  outline!: OutlineSection[];
  status!: (typeof IDEA_STATUSES)[number];
}

export interface ImportRowError {
  line: number;
  reason: string;
}

export class KeywordImport extends SectorScopedModel {
  static override tableName = 'keyword_imports';
  static override jsonAttributes = ['errors'];
  static override dateColumns = ['createdAt', 'updatedAt', 'startedAt', 'finishedAt'];

  createdById!: number | null;
  fileName!: string;
  filePath!: string;
  fileBytes!: number;
  status!: 'queued' | 'running' | 'completed' | 'failed';
  bytesRead!: number;
  rowsRead!: number;
  created!: number;
  updated!: number;
  duplicates!: number;
  errorCount!: number;
  errors!: ImportRowError[];
  failureCode!: string | null;
  failureMessage!: string | null;
  startedAt!: Date | null;
  finishedAt!: Date | null;
}
