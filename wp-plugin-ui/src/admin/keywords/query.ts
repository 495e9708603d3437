import { __, _n, sprintf } from '@wordpress/i18n';
import type { KeywordImport, KeywordQuery } from '../../api/types';
import { numberFilter } from '../../components/table/list-state';

export const KEYWORD_STATUSES = ['active', 'inactive', 'used'] as const;
export const KEYWORD_INTENTS = ['informational', 'commercial', 'transactional', 'navigational'] as const;
/** The core refuses to cluster fewer (REFERENCE: auto_cluster needs at least 5 keywords). */
export const MIN_KEYWORDS_TO_CLUSTER = 5;
export const MAX_KEYWORDS_TO_CLUSTER = 10_000;

export interface KeywordFilters {
  search: string;
  status: '' | (typeof KEYWORD_STATUSES)[number];
  intent: '' | (typeof KEYWORD_INTENTS)[number];
  volumeMin: string;
  volumeMax: string;
  difficultyMin: string;
  difficultyMax: string;
}

export const NO_FILTERS: KeywordFilters = { search: '', status: '', intent: '', volumeMin: '', volumeMax: '', difficultyMin: '', difficultyMax: '' };

/** The filters as the core's list and export routes take them (empty ones left out). */
export function filterQuery(filters: KeywordFilters, siteId: number, sectorId: number): KeywordQuery {
  const query: KeywordQuery = { site_id: siteId, sector_id: sectorId };
  const search = filters.search.trim();
  if (search) query.search = search;
  if (filters.status) query.status = filters.status;
  if (filters.intent) query.intent = filters.intent;
  const ranges = {
    volume_min: numberFilter(filters.volumeMin),
    volume_max: numberFilter(filters.volumeMax),
    difficulty_min: numberFilter(filters.difficultyMin),
    difficulty_max: numberFilter(filters.difficultyMax),
  };
  for (const [key, value] of Object.entries(ranges)) {
    if (value !== undefined) {
      query[key as keyof typeof ranges] = key.startsWith('difficulty') ? Math.min(100, value) : value;
    }
  }
  return query;
}

/** A page of the list: the filters plus paging and order. */
export function listQuery(filters: KeywordFilters, siteId: number, sectorId: number, page: number, pageSize: number, ordering: string): KeywordQuery {
  return { ...filterQuery(filters, siteId, sectorId), page, page_size: pageSize, ordering };
}

export function hasFilters(filters: KeywordFilters): boolean {
  return Object.values(filters).some((value) => value.trim() !== '');
}

/** Why auto cluster cannot start for this selection, or null when it can. */
export function clusterBlocker(selectedCount: number): string | null {
  if (selectedCount < MIN_KEYWORDS_TO_CLUSTER) {
    return sprintf(
      /* translators: 1: the minimum number of keywords, 2: how many are selected */
      __(
        'Select at least %1$d keywords to cluster (%2$d selected): fewer cannot form a useful group, so IGNY8 does not charge for trying.',
        'igny8-bridge',
      ),
      MIN_KEYWORDS_TO_CLUSTER,
      selectedCount,
    );
  }
  if (selectedCount > MAX_KEYWORDS_TO_CLUSTER) {
    return sprintf(
      /* translators: %d: the most keywords one run can cluster */
      __('One run clusters at most %d keywords. Select fewer.', 'igny8-bridge'),
      MAX_KEYWORDS_TO_CLUSTER,
    );
  }
  return null;
}

export function isImportRunning(state: Pick<KeywordImport, 'status'> | null | undefined): boolean {
  return state?.status === 'queued' || state?.status === 'running';
}

/** What a queued import has done so far, for its progress bar. */
export function importProgressMessage(state: Pick<KeywordImport, 'status' | 'rows_read'>): string {
  if (state.status === 'queued') {
    return __('Waiting to start…', 'igny8-bridge');
  }
  return sprintf(
    /* translators: %s: rows of the file read so far */ _n('%s row read', '%s rows read', state.rows_read, 'igny8-bridge'),
    state.rows_read.toLocaleString(),
  );
}

/** One sentence on how an import ended. */
export function importSummary(
  state: Pick<KeywordImport, 'file_name' | 'status' | 'rows_read' | 'created' | 'updated' | 'duplicates' | 'error_count'>,
): string {
  if (state.status === 'failed') {
    return sprintf(/* translators: %s: the file's name */ __('The import of %s failed.', 'igny8-bridge'), state.file_name);
  }
  return sprintf(
    /* translators: 1: file name, 2: rows read, 3: keywords added, 4: keywords updated, 5: duplicate rows skipped, 6: rows with errors */
    __('%1$s: %2$s rows read — %3$s added, %4$s updated, %5$s duplicates skipped, %6$s rows with errors.', 'igny8-bridge'),
    state.file_name,
    state.rows_read.toLocaleString(),
    state.created.toLocaleString(),
    state.updated.toLocaleString(),
    state.duplicates.toLocaleString(),
    state.error_count.toLocaleString(),
  );
}

/** The result of an auto cluster run in words. */
export function clusterRunSummary(result: Record<string, unknown> | null | undefined): string {
  const clusters = Array.isArray(result?.cluster_ids) ? result.cluster_ids.length : 0;
  const clustered = typeof result?.clustered === 'number' ? result.clustered : 0;
  const left = Array.isArray(result?.unclustered_keyword_ids) ? result.unclustered_keyword_ids.length : 0;
  const made = sprintf(
    /* translators: 1: clusters made, 2: keywords placed in them */
    _n('Made %1$d cluster from %2$d keywords.', 'Made %1$d clusters from %2$d keywords.', clusters, 'igny8-bridge'),
    clusters,
    clustered,
  );
  if (left === 0) {
    return made;
  }
  return `${made} ${sprintf(
    /* translators: %d: keywords that fit no cluster */
    _n('%d keyword fit no cluster and stays unclustered.', '%d keywords fit no cluster and stay unclustered.', left, 'igny8-bridge'),
    left,
  )}`;
}
