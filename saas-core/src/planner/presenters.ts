import { z } from 'zod';
import { iso } from '../platform/http/schemas';
import {
  CLUSTER_STATUSES,
  CONTENT_STRUCTURES,
  CONTENT_TYPES,
  IDEA_STATUSES,
  KEYWORD_INTENTS,
  KEYWORD_SOURCES,
  KEYWORD_STATUSES,
  type Cluster,
  type ContentIdea,
  type Keyword,
  type KeywordImport,
} from './models';

const id = z.number().int();
const timestamps = { created_at: z.string(), updated_at: z.string() };

export const KeywordOut = z.object({
  id,
  site_id: id,
  sector_id: id,
  keyword: z.string(),
  normalized_keyword: z.string(),
  volume: z.number().int().nullable(),
  difficulty: z.number().int().nullable(),
  cpc: z.number().nullable(),
  intent: z.enum(KEYWORD_INTENTS).nullable(),
  status: z.enum(KEYWORD_STATUSES),
  source: z.enum(KEYWORD_SOURCES),
  seed_keyword_id: id.nullable(),
  cluster_ids: z.array(id),
  ...timestamps,
});

export function presentKeyword(keyword: Keyword): z.input<typeof KeywordOut> {
  return {
    id: keyword.id,
    site_id: keyword.siteId,
    sector_id: keyword.sectorId,
    keyword: keyword.keyword,
    normalized_keyword: keyword.normalizedKeyword,
    volume: keyword.volume,
    difficulty: keyword.difficulty,
    cpc: keyword.cpc === null ? null : Number(keyword.cpc),
    intent: keyword.intent,
    status: keyword.status,
    source: keyword.source,
    seed_keyword_id: keyword.seedKeywordId,
    cluster_ids: keyword.clusterIds ?? [],
    created_at: iso(keyword.createdAt)!,
    updated_at: iso(keyword.updatedAt)!,
  };
}

export const ClusterOut = z.object({
  id,
  site_id: id,
  sector_id: id,
  name: z.string(),
  description: z.string().nullable(),
  status: z.enum(CLUSTER_STATUSES),
  keywords_count: z.number().int(),
  total_volume: z.number().int(),
  ...timestamps,
});

export function presentCluster(cluster: Cluster): z.input<typeof ClusterOut> {
  return {
    id: cluster.id,
    site_id: cluster.siteId,
    sector_id: cluster.sectorId,
    name: cluster.name,
    description: cluster.description,
    status: cluster.status,
    keywords_count: Number(cluster.keywordsCount ?? 0),
    total_volume: Number(cluster.totalVolume ?? 0),
    created_at: iso(cluster.createdAt)!,
    updated_at: iso(cluster.updatedAt)!,
  };
}

export const OutlineSectionSchema = z.object({
  heading: z.string().trim().min(1).max(200),
  points: z.array(z.string().trim().min(1).max(500)).max(20).default([]),
});

export const IdeaOut = z.object({
  id,
  site_id: id,
  sector_id: id,
  cluster_id: id.nullable(),
  title: z.string(),
  description: z.string().nullable(),
  content_type: z.enum(CONTENT_TYPES),
  content_structure: z.enum(CONTENT_STRUCTURES),
  target_keywords: z.array(z.string()),
  estimated_word_count: z.number().int().nullable(),
  outline: z.array(z.object({ heading: z.string(), points: z.array(z.string()) })),
  status: z.enum(IDEA_STATUSES),
  ...timestamps,
});

export function presentIdea(idea: ContentIdea): z.input<typeof IdeaOut> {
  return {
    id: idea.id,
    site_id: idea.siteId,
    sector_id: idea.sectorId,
    cluster_id: idea.clusterId,
    title: idea.title,
    description: idea.description,
    content_type: idea.contentType,
    content_structure: idea.contentStructure,
    target_keywords: idea.targetKeywords ?? [],
    estimated_word_count: idea.estimatedWordCount,
    outline: (idea.outline ?? []).map((section) => ({ heading: section.heading, points: section.points ?? [] })),
    status: idea.status,
    created_at: iso(idea.createdAt)!,
    updated_at: iso(idea.updatedAt)!,
  };
}

export const KeywordImportOut = z.object({
  id,
  site_id: id,
  sector_id: id,
  file_name: z.string(),
  status: z.enum(['queued', 'running', 'completed', 'failed']),
  progress: z.number().int().min(0).max(100).describe('Percent of the file processed'),
  rows_read: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  duplicates: z.number().int(),
  error_count: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), reason: z.string() })).describe('Bad rows with their line, the first 10,000'),
  failure: z.object({ code: z.string(), message: z.string() }).nullable(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  ...timestamps,
});

export function presentKeywordImport(row: KeywordImport): z.input<typeof KeywordImportOut> {
  const done = row.status === 'completed';
  return {
    id: row.id,
    site_id: row.siteId,
    sector_id: row.sectorId,
    file_name: row.fileName,
    status: row.status,
    progress: done ? 100 : Math.min(99, Math.floor((Number(row.bytesRead) / Math.max(1, Number(row.fileBytes))) * 100)),
    rows_read: row.rowsRead,
    created: row.created,
    updated: row.updated,
    duplicates: row.duplicates,
    error_count: row.errorCount,
    errors: row.errors ?? [],
    failure: row.failureCode ? { code: row.failureCode, message: row.failureMessage ?? '' } : null,
    started_at: iso(row.startedAt),
    finished_at: iso(row.finishedAt),
    created_at: iso(row.createdAt)!,
    updated_at: iso(row.updatedAt)!,
  };
}
