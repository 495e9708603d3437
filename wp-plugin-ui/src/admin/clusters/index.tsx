import { Button, Card, CardBody, CardHeader, Notice, SelectControl, Spinner } from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import { useMemo, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import type { Cluster, Keyword } from '../../api/types';
import { CostConfirm } from '../../components/cost-confirm';
import { ErrorNotice } from '../../components/error-notice';
import { ProgressBar } from '../../components/progress-bar';
import { DataTable, formatDate, orDash, type Column } from '../../components/table/data-table';
import { pageUrl } from '../../components/table/links';
import { Pager } from '../../components/table/pager';
import { ListFilters } from '../../components/table/list-filters';
import { StatusBadge } from '../../components/table/status';
import { batchProgress, batchStepLabel, useAiBatch, type BatchItem } from '../../components/table/use-ai-batch';
import { useCollectionPage, useDebouncedValue, useListPosition } from '../../components/table/use-list';
import { listKey } from '../../store/collections';
import { contextStore } from '../../store/context';
import { plannerStore } from '../../store/planner';
import { DEFAULT_IDEAS_PER_CLUSTER, ideaBatches, ideasMade, ideasSummary, ideaUnits, IDEAS_PER_CLUSTER } from './ideas-run';
import './clusters.scss';

type Message = { status: 'success' | 'warning'; text: string } | null;

/** The sector's clusters: what each holds, and ideas generated for a selection of them. */
export function ClustersPage() {
  const { siteId, sectorId, canWrite } = useSelect(
    (select) => ({
      siteId: select(contextStore).getSiteId(),
      sectorId: select(contextStore).getSectorId(),
      canWrite: select(contextStore).canWrite(),
    }),
    [],
  );
  const { invalidatePages } = useDispatch(plannerStore) as unknown as { invalidatePages(): void };
  const { refreshCredits } = useDispatch(contextStore);

  const [searchInput, setSearchInput] = useState('');
  const search = useDebouncedValue(searchInput.trim());
  const [status, setStatus] = useState('');
  const [ordering, setOrdering] = useState('-total_volume');
  const filterKey = siteId && sectorId ? listKey('clusters', { site_id: siteId, sector_id: sectorId, search, status }) : '';
  const { page, setPage, pageSize, setPageSize, selected, select } = useListPosition(filterKey);
  const [expanded, setExpanded] = useState<number[]>([]);
  const [ideasPerCluster, setIdeasPerCluster] = useState(DEFAULT_IDEAS_PER_CLUSTER);
  const [batch, setBatch] = useState<BatchItem[]>([]);
  const [message, setMessage] = useState<Message>(null);
  const generating = useAiBatch();

  const query = useMemo(
    () => (siteId && sectorId ? { site_id: siteId, sector_id: sectorId, search, status, page, page_size: pageSize, ordering } : null),
    [siteId, sectorId, search, status, page, pageSize, ordering],
  );
  const { page: clusters, error, loading } = useCollectionPage<Cluster>(plannerStore, 'clusters', query);

  if (!siteId || !sectorId) {
    return (
      <Notice status="warning" isDismissible={false}>
        {__('This site has no sector yet.', 'igny8-bridge')}
      </Notice>
    );
  }

  const generate = async () => {
    const items = ideaBatches(selected, ideasPerCluster);
    setBatch(items);
    setMessage(null);
    const outcome = await generating.start('planner/clusters/generate_ideas', items, () => invalidatePages());
    void refreshCredits();
    const failed = Object.keys(outcome.errors).length;
    const made = ideasMade(outcome.runs);
    setMessage({
      status: failed > 0 || outcome.skipped.length > 0 ? 'warning' : 'success',
      text: ideasSummary(made, failed, outcome.skipped.length),
    });
    if (failed === 0) {
      select([]);
    }
  };

  const toggle = (id: number) => setExpanded((current) => (current.includes(id) ? current.filter((value) => value !== id) : [...current, id]));
  const finished = batch.filter((item) => !generating.waiting.includes(item.key)).length;
  const current = batch.find((item) => generating.waiting.includes(item.key));
  const currentRun = current ? generating.runs[current.key] : undefined;

  const columns: Column<Cluster>[] = [
    {
      key: 'name',
      label: __('Cluster', 'igny8-bridge'),
      sortField: 'name',
      isRowHeader: true,
      render: (row) => (
        <span className="igny8-clusters__name">
          <Button
            variant="link"
            aria-expanded={expanded.includes(row.id)}
            aria-controls={`igny8-cluster-${row.id}`}
            onClick={() => toggle(row.id)}
            data-testid="igny8-cluster-toggle"
          >
            <span aria-hidden="true">{expanded.includes(row.id) ? '▾ ' : '▸ '}</span>
            {row.name}
          </Button>
        </span>
      ),
    },
    {
      key: 'keywords_count',
      label: __('Keywords', 'igny8-bridge'),
      sortField: 'keywords_count',
      startDescending: true,
      render: (row) => row.keywords_count.toLocaleString(),
    },
    {
      key: 'volume',
      label: __('Volume', 'igny8-bridge'),
      sortField: 'total_volume',
      startDescending: true,
      render: (row) => orDash(row.total_volume),
    },
    { key: 'status', label: __('Status', 'igny8-bridge'), render: (row) => <StatusBadge status={row.status} /> },
    {
      key: 'updated_at',
      label: __('Updated', 'igny8-bridge'),
      sortField: 'updated_at',
      startDescending: true,
      render: (row) => formatDate(row.updated_at),
    },
  ];

  return (
    <div className="igny8-clusters">
      <Card className="igny8-card">
        <CardHeader>
          <h2>{__('Clusters', 'igny8-bridge')}</h2>
        </CardHeader>
        <CardBody>
          <ListFilters
            searchLabel={__('Search clusters', 'igny8-bridge')}
            search={searchInput}
            onSearch={setSearchInput}
            status={status}
            statuses={['active', 'archived']}
            onStatus={setStatus}
          />

          {message ? (
            <Notice status={message.status} onRemove={() => setMessage(null)}>
              {message.text} <a href={pageUrl('ideas')}>{__('Open the ideas', 'igny8-bridge')}</a>
            </Notice>
          ) : null}

          {canWrite ? (
            <div className="igny8-bulk" data-testid="igny8-clusters-bulk">
              <span className="igny8-bulk__count" aria-live="polite">
                {sprintf(
                  /* translators: %d: clusters selected */ _n('%d cluster selected', '%d clusters selected', selected.length, 'igny8-bridge'),
                  selected.length,
                )}
              </span>
              <SelectControl
                __nextHasNoMarginBottom
                label={__('Ideas per cluster', 'igny8-bridge')}
                value={String(ideasPerCluster)}
                options={IDEAS_PER_CLUSTER.map((count) => ({ label: String(count), value: String(count) }))}
                onChange={(value: string) => setIdeasPerCluster(Number(value))}
                data-testid="igny8-ideas-per-cluster"
              />
              <span className="igny8-generate-ideas" data-testid="igny8-generate-ideas">
                <CostConfirm
                  operation="ideas"
                  units={ideaUnits(selected.length, ideasPerCluster)}
                  label={sprintf(
                    /* translators: %d: ideas to generate */
                    _n('Generate %d idea', 'Generate %d ideas', ideaUnits(selected.length, ideasPerCluster), 'igny8-bridge'),
                    ideaUnits(selected.length, ideasPerCluster),
                  )}
                  disabled={selected.length === 0 || generating.busy}
                  onConfirm={() => void generate()}
                />
              </span>
              {selected.length === 0 ? (
                <span className="igny8-reason">{__('Select clusters to generate article ideas for them.', 'igny8-bridge')}</span>
              ) : null}
            </div>
          ) : null}

          {generating.busy && batch.length > 0 ? (
            <div className="igny8-clusters__run" data-testid="igny8-generate-ideas-run">
              <ProgressBar
                value={batchProgress(
                  batch.map((item) => item.key),
                  generating.runs,
                  generating.errors,
                )}
                label={__('Generating ideas', 'igny8-bridge')}
                message={[batchStepLabel(finished, batch.length), currentRun?.message ?? ''].filter(Boolean).join(' — ') || null}
              />
            </div>
          ) : null}
          {Object.entries(generating.errors).map(([key, failure]) => (
            <ErrorNotice key={key} error={failure} />
          ))}

          <ErrorNotice error={error} />
          {!clusters && !error ? <Spinner /> : null}
          {clusters && clusters.count === 0 ? (
            <p className="igny8-empty">
              {search || status ? (
                __('No clusters match these filters.', 'igny8-bridge')
              ) : (
                <>
                  {__('No clusters yet — select keywords and use Auto cluster.', 'igny8-bridge')}{' '}
                  <a href={pageUrl('keywords')}>{__('Go to keywords', 'igny8-bridge')}</a>
                </>
              )}
            </p>
          ) : null}
          {clusters && clusters.count > 0 ? (
            <>
              <DataTable
                rows={clusters.results}
                columns={columns}
                caption={__('Clusters of this sector', 'igny8-bridge')}
                className="igny8-clusters-table"
                testId="igny8-clusters-table"
                ordering={ordering}
                onOrder={setOrdering}
                selection={
                  canWrite
                    ? {
                        selected,
                        onChange: select,
                        rowLabel: (row) => sprintf(/* translators: %s: a cluster's name */ __('Select cluster %s', 'igny8-bridge'), row.name),
                        selectAllLabel: __('Select all clusters on this page', 'igny8-bridge'),
                      }
                    : null
                }
                renderDetail={(row) => (expanded.includes(row.id) ? <ClusterDetail cluster={row} /> : null)}
              />
              <Pager page={page} pageSize={pageSize} count={clusters.count} onPage={setPage} onPageSize={setPageSize} />
            </>
          ) : null}
          {loading && clusters ? <Spinner /> : null}
        </CardBody>
      </Card>
    </div>
  );
}

const CLUSTER_KEYWORDS = 100;

/** A cluster's description and keywords, biggest first. */
function ClusterDetail({ cluster }: { cluster: Cluster }) {
  const query = useMemo(
    () => ({ site_id: cluster.site_id, sector_id: cluster.sector_id, cluster_id: cluster.id, page_size: CLUSTER_KEYWORDS, ordering: '-volume' }),
    [cluster.site_id, cluster.sector_id, cluster.id],
  );
  const { page, error } = useCollectionPage<Keyword>(plannerStore, 'keywords', query);
  return (
    <div id={`igny8-cluster-${cluster.id}`} className="igny8-clusters__detail" data-testid="igny8-cluster-keywords">
      {cluster.description ? <p className="igny8-clusters__description">{cluster.description}</p> : null}
      <ErrorNotice error={error} />
      {!page && !error ? <Spinner /> : null}
      {page && page.count === 0 ? <p>{__('This cluster has no keywords.', 'igny8-bridge')}</p> : null}
      {page && page.count > 0 ? (
        <>
          <ul className="igny8-clusters__keywords">
            {page.results.map((keyword) => (
              <li key={keyword.id}>
                <span className="igny8-clusters__keyword">{keyword.keyword}</span>{' '}
                <span className="igny8-clusters__volume">
                  {keyword.volume === null
                    ? ''
                    : sprintf(/* translators: %s: monthly search volume */ __('%s searches', 'igny8-bridge'), keyword.volume.toLocaleString())}
                </span>
              </li>
            ))}
          </ul>
          {page.count > page.results.length ? (
            <p className="description">
              {sprintf(
                /* translators: 1: keywords listed, 2: keywords in the cluster */
                __('The %1$d biggest of %2$d keywords are listed.', 'igny8-bridge'),
                page.results.length,
                page.count,
              )}
            </p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
