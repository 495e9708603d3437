import { Button, Card, CardBody, CardHeader, Notice, SelectControl, Spinner } from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import { useMemo, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import type { Cluster, Idea } from '../../api/types';
import { ErrorNotice } from '../../components/error-notice';
import { DataTable, formatDate, orDash, type Column } from '../../components/table/data-table';
import { pageUrl } from '../../components/table/links';
import { chunk } from '../../components/table/list-state';
import { Pager } from '../../components/table/pager';
import { ListFilters } from '../../components/table/list-filters';
import { StatusBadge } from '../../components/table/status';
import { useCollectionPage, useDebouncedValue, useListPosition } from '../../components/table/use-list';
import { listKey } from '../../store/collections';
import { contextStore } from '../../store/context';
import { plannerStore } from '../../store/planner';
import { createTasksSummary } from './create-tasks';
import { contentTypeLabel, OutlineModal, outlineStats, structureLabel } from './outline';
import './ideas.scss';

export const IDEA_STATUSES = ['new', 'approved', 'in_progress', 'completed'] as const;
const STRUCTURES = ['article', 'how_to', 'listicle', 'guide', 'comparison', 'review', 'news', 'case_study', 'pillar'] as const;
/** The core takes at most 200 ideas per call. */
const IDEAS_PER_CALL = 200;

interface CreatedTasks {
  tasks: Array<{ id: number }>;
  skipped_idea_ids: number[];
}

/** The sector's article ideas with their outlines; selected ideas become writing tasks. */
export function IdeasPage() {
  const { siteId, sectorId, canWrite } = useSelect(
    (select) => ({
      siteId: select(contextStore).getSiteId(),
      sectorId: select(contextStore).getSectorId(),
      canWrite: select(contextStore).canWrite(),
    }),
    [],
  );
  const { createTasksFromIdeas } = useDispatch(plannerStore) as unknown as { createTasksFromIdeas(ids: number[]): Promise<CreatedTasks> };

  const [searchInput, setSearchInput] = useState('');
  const search = useDebouncedValue(searchInput.trim());
  const [status, setStatus] = useState('');
  const [clusterId, setClusterId] = useState('');
  const [structure, setStructure] = useState('');
  const [ordering, setOrdering] = useState('-created_at');
  const filters = { search, status, cluster_id: clusterId, content_structure: structure };
  const filterKey = siteId && sectorId ? listKey('ideas', { site_id: siteId, sector_id: sectorId, ...filters }) : '';
  const { page, setPage, pageSize, setPageSize, selected, select } = useListPosition(filterKey);
  const [open, setOpen] = useState<Idea | null>(null);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);

  const query = useMemo(
    () =>
      siteId && sectorId
        ? {
            site_id: siteId,
            sector_id: sectorId,
            search,
            status,
            cluster_id: clusterId,
            content_structure: structure,
            page,
            page_size: pageSize,
            ordering,
          }
        : null,
    [siteId, sectorId, search, status, clusterId, structure, page, pageSize, ordering],
  );
  const { page: ideas, error, loading } = useCollectionPage<Idea>(plannerStore, 'ideas', query);
  const clusterQuery = useMemo(
    () => (siteId && sectorId ? { site_id: siteId, sector_id: sectorId, page_size: 200, ordering: 'name' } : null),
    [siteId, sectorId],
  );
  const { page: clusters } = useCollectionPage<Cluster>(plannerStore, 'clusters', clusterQuery);
  const clusterNames = useMemo(() => new Map((clusters?.results ?? []).map((cluster) => [cluster.id, cluster.name])), [clusters]);

  if (!siteId || !sectorId) {
    return (
      <Notice status="warning" isDismissible={false}>
        {__('This site has no sector yet.', 'igny8-bridge')}
      </Notice>
    );
  }

  const createTasks = async () => {
    setCreating(true);
    setCreateError(null);
    setMessage(null);
    let created = 0;
    let skipped = 0;
    try {
      for (const ids of chunk(selected, IDEAS_PER_CALL)) {
        const result = await createTasksFromIdeas(ids);
        created += result.tasks.length;
        skipped += result.skipped_idea_ids.length;
      }
      select([]);
    } catch (thrown: unknown) {
      setCreateError(thrown);
    } finally {
      if (created > 0 || skipped > 0) {
        setMessage(createTasksSummary(created, skipped));
      }
      setCreating(false);
    }
  };

  const columns: Column<Idea>[] = [
    {
      key: 'title',
      label: __('Idea', 'igny8-bridge'),
      sortField: 'title',
      isRowHeader: true,
      render: (row) => (
        <>
          <strong className="igny8-ideas__title">{row.title}</strong>
          {row.description ? <span className="igny8-ideas__description">{row.description}</span> : null}
        </>
      ),
    },
    {
      key: 'cluster',
      label: __('Cluster', 'igny8-bridge'),
      render: (row) => (row.cluster_id ? (clusterNames.get(row.cluster_id) ?? `#${row.cluster_id}`) : '—'),
    },
    {
      key: 'structure',
      label: __('Type', 'igny8-bridge'),
      render: (row) => `${contentTypeLabel(row.content_type)} · ${structureLabel(row.content_structure)}`,
    },
    {
      key: 'keywords',
      label: __('Keywords', 'igny8-bridge'),
      render: (row) => (row.target_keywords.length > 0 ? row.target_keywords.join(', ') : '—'),
    },
    { key: 'words', label: __('Words', 'igny8-bridge'), render: (row) => orDash(row.estimated_word_count) },
    {
      key: 'outline',
      label: __('Outline', 'igny8-bridge'),
      render: (row) => (
        <Button
          variant="secondary"
          className="igny8-button-small"
          onClick={() => setOpen(row)}
          data-testid="igny8-outline-open"
          aria-label={sprintf(/* translators: %s: an idea's title */ __('View the outline of %s', 'igny8-bridge'), row.title)}
        >
          {outlineStats(row.outline)}
        </Button>
      ),
    },
    { key: 'status', label: __('Status', 'igny8-bridge'), sortField: 'status', render: (row) => <StatusBadge status={row.status} /> },
    {
      key: 'created_at',
      label: __('Created', 'igny8-bridge'),
      sortField: 'created_at',
      startDescending: true,
      render: (row) => formatDate(row.created_at),
    },
  ];
  const anyFilter = Boolean(search || status || clusterId || structure);

  return (
    <div className="igny8-ideas">
      <Card className="igny8-card">
        <CardHeader>
          <h2>{__('Ideas', 'igny8-bridge')}</h2>
        </CardHeader>
        <CardBody>
          <ListFilters
            searchLabel={__('Search ideas', 'igny8-bridge')}
            search={searchInput}
            onSearch={setSearchInput}
            status={status}
            statuses={IDEA_STATUSES}
            onStatus={setStatus}
          >
            <SelectControl
              __nextHasNoMarginBottom
              label={__('Cluster', 'igny8-bridge')}
              value={clusterId}
              options={[
                { label: __('All clusters', 'igny8-bridge'), value: '' },
                ...(clusters?.results ?? []).map((cluster) => ({ label: cluster.name, value: String(cluster.id) })),
              ]}
              onChange={(value: string) => setClusterId(value)}
            />
            <SelectControl
              __nextHasNoMarginBottom
              label={__('Structure', 'igny8-bridge')}
              value={structure}
              options={[
                { label: __('All structures', 'igny8-bridge'), value: '' },
                ...STRUCTURES.map((value): { label: string; value: string } => ({ label: structureLabel(value), value })),
              ]}
              onChange={(value: string) => setStructure(value)}
            />
          </ListFilters>

          {message ? (
            <Notice status="success" onRemove={() => setMessage(null)}>
              {message} <a href={pageUrl('tasks')}>{__('Open the tasks', 'igny8-bridge')}</a>
            </Notice>
          ) : null}
          <ErrorNotice error={createError} onRemove={() => setCreateError(null)} />

          {canWrite ? (
            <div className="igny8-bulk" data-testid="igny8-ideas-bulk">
              <span className="igny8-bulk__count" aria-live="polite">
                {sprintf(
                  /* translators: %d: ideas selected */ _n('%d idea selected', '%d ideas selected', selected.length, 'igny8-bridge'),
                  selected.length,
                )}
              </span>
              <Button
                variant="primary"
                disabled={selected.length === 0 || creating}
                isBusy={creating}
                onClick={() => void createTasks()}
                data-testid="igny8-create-tasks"
              >
                {sprintf(
                  /* translators: %d: tasks to create */ _n('Create %d task', 'Create %d tasks', selected.length, 'igny8-bridge'),
                  selected.length,
                )}
              </Button>
              {selected.length === 0 ? (
                <span className="igny8-reason">
                  {__('Select ideas to turn them into writing tasks (free; writing is charged later).', 'igny8-bridge')}
                </span>
              ) : null}
            </div>
          ) : null}

          <ErrorNotice error={error} />
          {!ideas && !error ? <Spinner /> : null}
          {ideas && ideas.count === 0 ? (
            <p className="igny8-empty">
              {anyFilter ? (
                __('No ideas match these filters.', 'igny8-bridge')
              ) : (
                <>
                  {__('No ideas yet — select clusters and generate ideas.', 'igny8-bridge')}{' '}
                  <a href={pageUrl('clusters')}>{__('Go to clusters', 'igny8-bridge')}</a>
                </>
              )}
            </p>
          ) : null}
          {ideas && ideas.count > 0 ? (
            <>
              <DataTable
                rows={ideas.results}
                columns={columns}
                caption={__('Article ideas of this sector', 'igny8-bridge')}
                className="igny8-ideas-table"
                testId="igny8-ideas-table"
                ordering={ordering}
                onOrder={setOrdering}
                selection={
                  canWrite
                    ? {
                        selected,
                        onChange: select,
                        rowLabel: (row) => sprintf(/* translators: %s: an idea's title */ __('Select idea %s', 'igny8-bridge'), row.title),
                        selectAllLabel: __('Select all ideas on this page', 'igny8-bridge'),
                      }
                    : null
                }
              />
              <Pager page={page} pageSize={pageSize} count={ideas.count} onPage={setPage} onPageSize={setPageSize} />
            </>
          ) : null}
          {loading && ideas ? <Spinner /> : null}
        </CardBody>
      </Card>
      {open ? (
        <OutlineModal
          title={open.title}
          description={open.description}
          keywords={open.target_keywords}
          wordCount={open.estimated_word_count}
          structure={open.content_structure}
          outline={open.outline}
          onClose={() => setOpen(null)}
        />
      ) : null}
    </div>
  );
}
