import { Button, Card, CardBody, CardHeader, Notice, SearchControl, SelectControl, Spinner, TextControl } from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import { useMemo, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import { corePage, downloadUrl } from '../../api/client';
import type { Keyword, KeywordImport } from '../../api/types';
import { CostConfirm } from '../../components/cost-confirm';
import { ErrorNotice } from '../../components/error-notice';
import { RunStatus } from '../../components/run-status';
import { ConfirmModal } from '../../components/table/confirm-modal';
import { DataTable, formatDate, orDash, type Column } from '../../components/table/data-table';
import { pageUrl } from '../../components/table/links';
import { Pager } from '../../components/table/pager';
import { StatusBadge, statusLabel, statusOptions } from '../../components/table/status';
import { useAiBatch } from '../../components/table/use-ai-batch';
import { useCollectionPage, useDebouncedValue, useListPosition } from '../../components/table/use-list';
import { contextStore } from '../../store/context';
import { plannerStore } from '../../store/planner';
import { listKey } from '../../store/collections';
import { ImportReport } from './import-report';
import {
  clusterBlocker,
  clusterRunSummary,
  filterQuery,
  hasFilters,
  isImportRunning,
  KEYWORD_INTENTS,
  KEYWORD_STATUSES,
  listQuery,
  MAX_KEYWORDS_TO_CLUSTER,
  NO_FILTERS,
  type KeywordFilters,
} from './query';
import { SeedLibraryModal, type SeedAdded } from './seed-library';
import './keywords.scss';

type BulkAction = '' | 'active' | 'inactive' | 'used' | 'delete';
type Message = { status: 'success' | 'info' | 'warning'; text: string; link?: { href: string; label: string } } | null;

/** The most ids "select all matching" reads, 200 at a time. */
const SELECT_ALL_LIMIT = 2000;

interface PlannerActions {
  deleteKeywords(ids: number[]): Promise<void>;
  setKeywordStatus(ids: number[], status: 'active' | 'inactive' | 'used'): Promise<void>;
  importKeywordsCsv(file: File, siteId: number, sectorId: number, onProgress: (state: KeywordImport) => void): Promise<KeywordImport>;
  invalidatePages(): void;
}

/** The sector's keywords: find, filter and sort them; import, export, add from the library; cluster a selection. */
export function KeywordsPage() {
  const { siteId, sectorId, canWrite } = useSelect(
    (select) => ({
      siteId: select(contextStore).getSiteId(),
      sectorId: select(contextStore).getSectorId(),
      canWrite: select(contextStore).canWrite(),
    }),
    [],
  );
  const planner = useDispatch(plannerStore) as unknown as PlannerActions;
  const { refreshCredits } = useDispatch(contextStore);

  const [filterInput, setFilterInput] = useState<KeywordFilters>(NO_FILTERS);
  const filters = useDebouncedValue(filterInput);
  const [ordering, setOrdering] = useState('-volume');
  const filterKey = siteId && sectorId ? listKey('keywords', filterQuery(filters, siteId, sectorId)) : '';
  // Paging and selection belong to one set of filters: new filters start again at page 1 with nothing selected.
  const { page, setPage, pageSize, setPageSize, selected, select } = useListPosition(filterKey);

  const query = useMemo(
    () => (siteId && sectorId ? listQuery(filters, siteId, sectorId, page, pageSize, ordering) : null),
    [filters, siteId, sectorId, page, pageSize, ordering],
  );
  const { page: keywords, error, loading } = useCollectionPage<Keyword>(plannerStore, 'keywords', query);

  const [message, setMessage] = useState<Message>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [bulkAction, setBulkAction] = useState<BulkAction>('');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [working, setWorking] = useState(false);
  const [importState, setImportState] = useState<KeywordImport | null>(null);
  const [importError, setImportError] = useState<unknown>(null);
  const [fileInputKey, setFileInputKey] = useState(0);
  const [seedOpen, setSeedOpen] = useState(false);
  const [selectingAll, setSelectingAll] = useState(false);
  const clustering = useAiBatch();
  const clusterRun = clustering.runs.cluster;

  if (!siteId || !sectorId) {
    return (
      <Notice status="warning" isDismissible={false}>
        {__('This site has no sector yet. Add one in IGNY8 to start with keywords.', 'igny8-bridge')}
      </Notice>
    );
  }

  const setFilter = (change: Partial<KeywordFilters>) => setFilterInput((current) => ({ ...current, ...change }));
  const blocker = clusterBlocker(selected.length);
  const count = keywords?.count ?? 0;
  const allOnPageSelected = keywords !== undefined && keywords.results.length > 0 && keywords.results.every((row) => selected.includes(row.id));

  const runImport = async (file: File) => {
    setImportError(null);
    setMessage(null);
    setImportState(null);
    try {
      const finished = await planner.importKeywordsCsv(file, siteId, sectorId, setImportState);
      setImportState(finished);
    } catch (thrown: unknown) {
      setImportError(thrown);
    } finally {
      setFileInputKey((key) => key + 1);
    }
  };

  const applyBulk = async () => {
    if (bulkAction === 'delete') {
      setConfirmDelete(true);
      return;
    }
    if (!bulkAction) {
      return;
    }
    setWorking(true);
    setActionError(null);
    try {
      await planner.setKeywordStatus(selected, bulkAction);
      setMessage({
        status: 'success',
        text: sprintf(
          /* translators: 1: number of keywords, 2: the new status */
          _n('%1$d keyword set to %2$s.', '%1$d keywords set to %2$s.', selected.length, 'igny8-bridge'),
          selected.length,
          statusLabel(bulkAction),
        ),
      });
      setBulkAction('');
    } catch (thrown: unknown) {
      setActionError(thrown);
    } finally {
      setWorking(false);
    }
  };

  const deleteSelected = async () => {
    setWorking(true);
    setActionError(null);
    try {
      await planner.deleteKeywords(selected);
      setMessage({
        status: 'success',
        text: sprintf(
          /* translators: %d: keywords deleted */ _n('%d keyword deleted.', '%d keywords deleted.', selected.length, 'igny8-bridge'),
          selected.length,
        ),
      });
      select([]);
      setBulkAction('');
    } catch (thrown: unknown) {
      setActionError(thrown);
    } finally {
      setWorking(false);
      setConfirmDelete(false);
    }
  };

  const selectAllMatching = async () => {
    setSelectingAll(true);
    setActionError(null);
    try {
      const ids: number[] = [];
      const base = filterQuery(filters, siteId, sectorId);
      for (let next = 1; ids.length < Math.min(count, SELECT_ALL_LIMIT); next++) {
        const rows = await corePage<Keyword>('planner/keywords', { ...base, page: next, page_size: 200, ordering });
        ids.push(...rows.results.map((row) => row.id));
        if (rows.results.length < 200) {
          break;
        }
      }
      select(ids.slice(0, SELECT_ALL_LIMIT));
    } catch (thrown: unknown) {
      setActionError(thrown);
    } finally {
      setSelectingAll(false);
    }
  };

  const autoCluster = async () => {
    setMessage(null);
    setActionError(null);
    const ids = selected;
    const outcome = await clustering.start('planner/keywords/auto_cluster', [
      { key: 'cluster', body: { site_id: siteId, sector_id: sectorId, keyword_ids: ids } },
    ]);
    planner.invalidatePages();
    void refreshCredits();
    const run = outcome.runs.cluster;
    if (run?.status === 'completed') {
      select([]);
      setMessage({
        status: 'success',
        text: clusterRunSummary(run.result),
        link: { href: pageUrl('clusters'), label: __('Open the clusters', 'igny8-bridge') },
      });
    }
  };

  const columns: Column<Keyword>[] = [
    { key: 'keyword', label: __('Keyword', 'igny8-bridge'), sortField: 'keyword', isRowHeader: true, render: (row) => row.keyword },
    { key: 'volume', label: __('Volume', 'igny8-bridge'), sortField: 'volume', startDescending: true, render: (row) => orDash(row.volume) },
    {
      key: 'difficulty',
      label: __('Difficulty', 'igny8-bridge'),
      sortField: 'difficulty',
      startDescending: true,
      render: (row) => orDash(row.difficulty),
    },
    {
      key: 'cpc',
      label: __('CPC', 'igny8-bridge'),
      sortField: 'cpc',
      startDescending: true,
      render: (row) => (row.cpc === null ? '—' : row.cpc.toFixed(2)),
    },
    { key: 'intent', label: __('Intent', 'igny8-bridge'), render: (row) => (row.intent ? intentLabel(row.intent) : '—') },
    { key: 'status', label: __('Status', 'igny8-bridge'), render: (row) => <StatusBadge status={row.status} /> },
    { key: 'clusters', label: __('Clusters', 'igny8-bridge'), render: (row) => (row.cluster_ids.length > 0 ? row.cluster_ids.length : '—') },
    { key: 'source', label: __('Source', 'igny8-bridge'), render: (row) => sourceLabel(row.source) },
    {
      key: 'created_at',
      label: __('Added', 'igny8-bridge'),
      sortField: 'created_at',
      startDescending: true,
      render: (row) => formatDate(row.created_at),
    },
  ];

  const importing = isImportRunning(importState);
  const clusterBusy = clustering.busy;

  return (
    <div className="igny8-keywords">
      {canWrite ? (
        <Card className="igny8-card igny8-keywords__add">
          <CardHeader>
            <h2>{__('Add keywords', 'igny8-bridge')}</h2>
          </CardHeader>
          <CardBody>
            <div className="igny8-keywords__sources">
              <div className="igny8-import">
                <label htmlFor="igny8-import-file" className="igny8-import__label">
                  {__('Import a CSV file', 'igny8-bridge')}
                </label>
                <input
                  key={fileInputKey}
                  id="igny8-import-file"
                  type="file"
                  className="igny8-import__input"
                  data-testid="igny8-import-input"
                  accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain"
                  disabled={importing}
                  aria-describedby="igny8-import-help"
                  onChange={(event) => {
                    const file = event.target.files?.[0];
                    if (file) {
                      void runImport(file);
                    }
                  }}
                />
                <p id="igny8-import-help" className="description">
                  {__(
                    'Exports from Ahrefs, Semrush, Google Search Console and Keyword Planner work as they are: IGNY8 reads the keyword, volume, difficulty, CPC and intent columns by their usual names.',
                    'igny8-bridge',
                  )}
                </p>
              </div>
              <div className="igny8-keywords__seed">
                <Button variant="secondary" onClick={() => setSeedOpen(true)} data-testid="igny8-seed-open">
                  {__('Add from the seed library', 'igny8-bridge')}
                </Button>
                <p className="description">{__('Pick researched keywords for this sector’s industry.', 'igny8-bridge')}</p>
              </div>
            </div>
            <ErrorNotice error={importError} onRemove={() => setImportError(null)} />
            {importState ? <ImportReport state={importState} onDismiss={importing ? undefined : () => setImportState(null)} /> : null}
            {importing ? <Spinner /> : null}
          </CardBody>
        </Card>
      ) : null}

      <Card className="igny8-card">
        <CardHeader>
          <h2>{__('Keywords', 'igny8-bridge')}</h2>
          <Button
            variant="secondary"
            href={downloadUrl('planner/keywords/export_csv', filterQuery(filters, siteId, sectorId))}
            data-testid="igny8-export"
          >
            {hasFilters(filters) ? __('Export these as CSV', 'igny8-bridge') : __('Export CSV', 'igny8-bridge')}
          </Button>
        </CardHeader>
        <CardBody>
          <div className="igny8-toolbar" role="search">
            <SearchControl
              __nextHasNoMarginBottom
              className="igny8-toolbar__search"
              label={__('Search keywords', 'igny8-bridge')}
              hideLabelFromVision={false}
              value={filterInput.search}
              onChange={(value: string) => setFilter({ search: value })}
            />
            <SelectControl
              __nextHasNoMarginBottom
              label={__('Status', 'igny8-bridge')}
              value={filterInput.status}
              options={statusOptions(KEYWORD_STATUSES)}
              onChange={(value: string) => setFilter({ status: value as KeywordFilters['status'] })}
            />
            <SelectControl
              __nextHasNoMarginBottom
              label={__('Intent', 'igny8-bridge')}
              value={filterInput.intent}
              options={[
                { label: __('All intents', 'igny8-bridge'), value: '' },
                ...KEYWORD_INTENTS.map((intent) => ({ label: intentLabel(intent), value: intent })),
              ]}
              onChange={(value: string) => setFilter({ intent: value as KeywordFilters['intent'] })}
            />
            <TextControl
              __nextHasNoMarginBottom
              className="igny8-toolbar__number"
              type="number"
              min={0}
              label={__('Volume from', 'igny8-bridge')}
              value={filterInput.volumeMin}
              onChange={(value: string) => setFilter({ volumeMin: value })}
            />
            <TextControl
              __nextHasNoMarginBottom
              className="igny8-toolbar__number"
              type="number"
              min={0}
              label={__('Volume to', 'igny8-bridge')}
              value={filterInput.volumeMax}
              onChange={(value: string) => setFilter({ volumeMax: value })}
            />
            <TextControl
              __nextHasNoMarginBottom
              className="igny8-toolbar__number"
              type="number"
              min={0}
              max={100}
              label={__('Difficulty from', 'igny8-bridge')}
              value={filterInput.difficultyMin}
              onChange={(value: string) => setFilter({ difficultyMin: value })}
            />
            <TextControl
              __nextHasNoMarginBottom
              className="igny8-toolbar__number"
              type="number"
              min={0}
              max={100}
              label={__('Difficulty to', 'igny8-bridge')}
              value={filterInput.difficultyMax}
              onChange={(value: string) => setFilter({ difficultyMax: value })}
            />
            {hasFilters(filterInput) ? (
              <Button variant="tertiary" onClick={() => setFilterInput(NO_FILTERS)}>
                {__('Clear filters', 'igny8-bridge')}
              </Button>
            ) : null}
          </div>

          {message ? (
            <Notice status={message.status} onRemove={() => setMessage(null)} className="igny8-keywords__message">
              {message.text} {message.link ? <a href={message.link.href}>{message.link.label}</a> : null}
            </Notice>
          ) : null}
          <ErrorNotice error={actionError} onRemove={() => setActionError(null)} />

          {canWrite ? (
            <div className="igny8-bulk" data-testid="igny8-keywords-bulk">
              <span className="igny8-bulk__count" aria-live="polite">
                {sprintf(
                  /* translators: %d: keywords selected */ _n('%d keyword selected', '%d keywords selected', selected.length, 'igny8-bridge'),
                  selected.length,
                )}
              </span>
              {allOnPageSelected && count > selected.length ? (
                <Button variant="link" onClick={selectAllMatching} disabled={selectingAll} data-testid="igny8-select-all-matching">
                  {sprintf(
                    /* translators: %s: how many keywords match the filters */
                    __('Select all %s matching keywords', 'igny8-bridge'),
                    Math.min(count, SELECT_ALL_LIMIT).toLocaleString(),
                  )}
                </Button>
              ) : null}
              {selectingAll ? <Spinner /> : null}
              {selected.length > 0 ? (
                <Button variant="link" onClick={() => select([])}>
                  {__('Clear selection', 'igny8-bridge')}
                </Button>
              ) : null}
              <SelectControl
                __nextHasNoMarginBottom
                className="igny8-bulk__action"
                label={__('Bulk action', 'igny8-bridge')}
                hideLabelFromVision
                value={bulkAction}
                disabled={selected.length === 0}
                options={[
                  { label: __('Bulk actions', 'igny8-bridge'), value: '' },
                  ...KEYWORD_STATUSES.map((status) => ({
                    label: sprintf(/* translators: %s: a keyword status */ __('Set status: %s', 'igny8-bridge'), statusLabel(status)),
                    value: status,
                  })),
                  { label: __('Delete', 'igny8-bridge'), value: 'delete' },
                ]}
                onChange={(value: string) => setBulkAction(value as BulkAction)}
                data-testid="igny8-bulk-action"
              />
              <Button
                variant="secondary"
                disabled={!bulkAction || selected.length === 0 || working}
                isBusy={working}
                onClick={applyBulk}
                data-testid="igny8-bulk-apply"
              >
                {__('Apply', 'igny8-bridge')}
              </Button>
              <span className="igny8-auto-cluster" data-testid="igny8-auto-cluster">
                <CostConfirm
                  operation="clustering"
                  units={Math.min(selected.length, MAX_KEYWORDS_TO_CLUSTER)}
                  label={sprintf(/* translators: %d: keywords selected */ __('Auto cluster (%d)', 'igny8-bridge'), selected.length)}
                  disabled={blocker !== null || clusterBusy}
                  onConfirm={() => void autoCluster()}
                />
              </span>
              {blocker && selected.length > 0 ? (
                <span className="igny8-reason" data-testid="igny8-auto-cluster-reason">
                  {blocker}
                </span>
              ) : null}
            </div>
          ) : null}

          {clusterRun && clusterRun.status !== 'completed' ? (
            <div className="igny8-keywords__run" data-testid="igny8-auto-cluster-run">
              <RunStatus run={clusterRun} showProgress />
            </div>
          ) : null}
          <ErrorNotice error={clustering.errors.cluster} onRemove={clustering.reset} />

          <ErrorNotice error={error} />
          {!keywords && !error ? <Spinner /> : null}
          {keywords && keywords.count === 0 ? (
            <p className="igny8-empty" data-testid="igny8-keywords-empty">
              {hasFilters(filters)
                ? __('No keywords match these filters.', 'igny8-bridge')
                : canWrite
                  ? __('No keywords yet — import a CSV or add from the seed library.', 'igny8-bridge')
                  : __('No keywords yet.', 'igny8-bridge')}
            </p>
          ) : null}
          {keywords && keywords.count > 0 ? (
            <>
              <DataTable
                rows={keywords.results}
                columns={columns}
                caption={__('Keywords of this sector', 'igny8-bridge')}
                className="igny8-keywords-table"
                testId="igny8-keywords-table"
                ordering={ordering}
                onOrder={setOrdering}
                selection={
                  canWrite
                    ? {
                        selected,
                        onChange: select,
                        rowLabel: (row) => sprintf(/* translators: %s: a keyword */ __('Select keyword %s', 'igny8-bridge'), row.keyword),
                        selectAllLabel: __('Select all keywords on this page', 'igny8-bridge'),
                      }
                    : null
                }
              />
              <Pager page={page} pageSize={pageSize} count={keywords.count} onPage={setPage} onPageSize={setPageSize} />
            </>
          ) : null}
          {loading && keywords ? <Spinner /> : null}
        </CardBody>
      </Card>

      {seedOpen ? (
        <SeedLibraryModal
          siteId={siteId}
          sectorId={sectorId}
          onClose={() => setSeedOpen(false)}
          onAdded={(added: SeedAdded) => {
            setSeedOpen(false);
            setMessage({
              status: 'success',
              text: sprintf(
                /* translators: 1: keywords added, 2: keywords the sector already had */
                __('%1$d keywords added from the seed library; %2$d were already in this sector.', 'igny8-bridge'),
                added.created,
                added.duplicates,
              ),
            });
          }}
        />
      ) : null}

      {confirmDelete ? (
        <ConfirmModal
          title={__('Delete keywords?', 'igny8-bridge')}
          confirmLabel={__('Delete', 'igny8-bridge')}
          destructive
          busy={working}
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() => void deleteSelected()}
        >
          <p>
            {sprintf(
              /* translators: %d: keywords to delete */
              _n(
                'Delete %d keyword? It is removed from its clusters too. This cannot be undone.',
                'Delete %d keywords? They are removed from their clusters too. This cannot be undone.',
                selected.length,
                'igny8-bridge',
              ),
              selected.length,
            )}
          </p>
        </ConfirmModal>
      ) : null}
    </div>
  );
}

export function intentLabel(intent: string): string {
  switch (intent) {
    case 'informational':
      return __('Informational', 'igny8-bridge');
    case 'commercial':
      return __('Commercial', 'igny8-bridge');
    case 'transactional':
      return __('Transactional', 'igny8-bridge');
    case 'navigational':
      return __('Navigational', 'igny8-bridge');
    default:
      return intent;
  }
}

function sourceLabel(source: Keyword['source']): string {
  switch (source) {
    case 'manual':
      return __('Manual', 'igny8-bridge');
    case 'csv_import':
      return __('CSV import', 'igny8-bridge');
    case 'api_import':
      return __('API import', 'igny8-bridge');
    case 'seed':
      return __('Seed library', 'igny8-bridge');
    default:
      return source;
  }
}
