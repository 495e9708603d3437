import {
  clusterBlocker,
  clusterRunSummary,
  filterQuery,
  hasFilters,
  importProgressMessage,
  importSummary,
  isImportRunning,
  listQuery,
  NO_FILTERS,
} from './query';

describe('keyword list queries', () => {
  it('sends only the filters that are set, with the site and sector', () => {
    expect(filterQuery(NO_FILTERS, 3, 7)).toEqual({ site_id: 3, sector_id: 7 });
    expect(
      filterQuery(
        { search: '  trail ', status: 'active', intent: 'commercial', volumeMin: '100', volumeMax: '', difficultyMin: 'x', difficultyMax: '250' },
        3,
        7,
      ),
    ).toEqual({ site_id: 3, sector_id: 7, search: 'trail', status: 'active', intent: 'commercial', volume_min: 100, difficulty_max: 100 });
  });

  it('adds paging and order for a page of the table, and leaves them out of the export', () => {
    expect(listQuery({ ...NO_FILTERS, status: 'used' }, 3, 7, 2, 50, '-volume')).toEqual({
      site_id: 3,
      sector_id: 7,
      status: 'used',
      page: 2,
      page_size: 50,
      ordering: '-volume',
    });
    expect(Object.keys(filterQuery({ ...NO_FILTERS, status: 'used' }, 3, 7))).not.toContain('page');
  });

  it('knows when any filter is set', () => {
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, search: ' ' })).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, volumeMax: '10' })).toBe(true);
  });
});

describe('auto cluster', () => {
  it('refuses fewer than 5 keywords and says why', () => {
    expect(clusterBlocker(0)).toMatch(/at least 5 keywords.*0 selected/);
    expect(clusterBlocker(4)).toMatch(/4 selected/);
    expect(clusterBlocker(5)).toBeNull();
    expect(clusterBlocker(10_001)).toMatch(/at most 10000/);
  });

  it('sums up what a run made', () => {
    expect(clusterRunSummary({ cluster_ids: [1, 2, 3], clustered: 14, unclustered_keyword_ids: [] })).toBe('Made 3 clusters from 14 keywords.');
    expect(clusterRunSummary({ cluster_ids: [1], clustered: 5, unclustered_keyword_ids: [8, 9] })).toBe(
      'Made 1 cluster from 5 keywords. 2 keywords fit no cluster and stay unclustered.',
    );
    expect(clusterRunSummary(null)).toBe('Made 0 clusters from 0 keywords.');
  });
});

describe('CSV import state', () => {
  const done = {
    file_name: 'ahrefs.csv',
    status: 'completed' as const,
    rows_read: 1200,
    created: 1000,
    updated: 50,
    duplicates: 130,
    error_count: 20,
  };

  it('knows a queued or running import from a finished one', () => {
    expect(isImportRunning({ status: 'queued' })).toBe(true);
    expect(isImportRunning({ status: 'running' })).toBe(true);
    expect(isImportRunning({ status: 'completed' })).toBe(false);
    expect(isImportRunning(null)).toBe(false);
  });

  it('describes progress and the outcome', () => {
    expect(importProgressMessage({ status: 'queued', rows_read: 0 })).toBe('Waiting to start…');
    expect(importProgressMessage({ status: 'running', rows_read: 1 })).toBe('1 row read');
    expect(importProgressMessage({ status: 'running', rows_read: 1500 })).toBe(`${(1500).toLocaleString()} rows read`);
    expect(importSummary(done)).toBe(
      `ahrefs.csv: ${(1200).toLocaleString()} rows read — ${(1000).toLocaleString()} added, 50 updated, 130 duplicates skipped, 20 rows with errors.`,
    );
    expect(importSummary({ ...done, status: 'failed' })).toBe('The import of ahrefs.csv failed.');
  });
});
