import { Button, Card, CardBody, CardHeader, Notice, Spinner } from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import { useMemo, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import type { Task } from '../../api/types';
import { CostConfirm } from '../../components/cost-confirm';
import { ErrorNotice } from '../../components/error-notice';
import { ProgressBar } from '../../components/progress-bar';
import { RunStatus } from '../../components/run-status';
import { DataTable, formatDate, orDash, type Column } from '../../components/table/data-table';
import { pageUrl } from '../../components/table/links';
import { Pager } from '../../components/table/pager';
import { ListFilters } from '../../components/table/list-filters';
import { StatusBadge } from '../../components/table/status';
import { batchProgress, batchStepLabel, useAiBatch, type BatchItem } from '../../components/table/use-ai-batch';
import { useCollectionPage, useDebouncedValue, useListPosition } from '../../components/table/use-list';
import { listKey } from '../../store/collections';
import { contextStore } from '../../store/context';
import { writerStore } from '../../store/writer';
import { plannerStore } from '../../store/planner';
import { contentTypeLabel, OutlineModal, outlineStats, structureLabel } from '../ideas/outline';
import { contentBatches, contentSummary, TASK_STATUSES, taskKey } from './content-run';
import './tasks.scss';

type Message = { status: 'success' | 'warning'; text: string } | null;

/** The sector's writing tasks; selected tasks are written by the AI, one article per run. */
export function TasksPage() {
  const { siteId, sectorId, canWrite } = useSelect(
    (select) => ({
      siteId: select(contextStore).getSiteId(),
      sectorId: select(contextStore).getSectorId(),
      canWrite: select(contextStore).canWrite(),
    }),
    [],
  );
  const writer = useDispatch(writerStore) as unknown as { invalidatePages(): void };
  const planner = useDispatch(plannerStore) as unknown as { invalidatePages(): void };
  const { refreshCredits } = useDispatch(contextStore);

  const [searchInput, setSearchInput] = useState('');
  const search = useDebouncedValue(searchInput.trim());
  const [status, setStatus] = useState('');
  const [ordering, setOrdering] = useState('-created_at');
  const filterKey = siteId && sectorId ? listKey('tasks', { site_id: siteId, sector_id: sectorId, search, status }) : '';
  const { page, setPage, pageSize, setPageSize, selected, select } = useListPosition(filterKey);
  const [open, setOpen] = useState<Task | null>(null);
  const [batch, setBatch] = useState<BatchItem[]>([]);
  const [message, setMessage] = useState<Message>(null);
  const writing = useAiBatch();

  const query = useMemo(
    () => (siteId && sectorId ? { site_id: siteId, sector_id: sectorId, search, status, page, page_size: pageSize, ordering } : null),
    [siteId, sectorId, search, status, page, pageSize, ordering],
  );
  const { page: tasks, error, loading } = useCollectionPage<Task>(writerStore, 'tasks', query);

  if (!siteId || !sectorId) {
    return (
      <Notice status="warning" isDismissible={false}>
        {__('This site has no sector yet.', 'igny8-bridge')}
      </Notice>
    );
  }

  const generate = async () => {
    const items = contentBatches(selected);
    setBatch(items);
    setMessage(null);
    // Each finished article changes its task's status: show it at once.
    const outcome = await writing.start('writer/tasks/generate_content', items, () => writer.invalidatePages());
    planner.invalidatePages();
    void refreshCredits();
    const summary = contentSummary(outcome);
    setMessage({ status: summary.ok && !summary.drafts ? 'success' : 'warning', text: summary.text });
    if (summary.ok) {
      select([]);
    }
  };

  const finished = batch.filter((item) => !writing.waiting.includes(item.key)).length;
  const current = batch.find((item) => writing.waiting.includes(item.key) && writing.runs[item.key]);

  const rowStatus = (row: Task) => {
    const key = taskKey(row.id);
    const run = writing.runs[key];
    if (run && (run.status === 'queued' || run.status === 'running')) {
      return <RunStatus run={run} showProgress />;
    }
    if (writing.busy && writing.waiting.includes(key) && !run) {
      return <span className="igny8-run igny8-run--waiting">{__('Waiting for its turn…', 'igny8-bridge')}</span>;
    }
    return (
      <>
        <StatusBadge status={row.status} />
        {run?.status === 'failed' ? (
          <div>
            <RunStatus run={run} />
          </div>
        ) : null}
        {writing.errors[key] && !run ? <ErrorNotice error={writing.errors[key]} /> : null}
      </>
    );
  };

  const columns: Column<Task>[] = [
    {
      key: 'title',
      label: __('Task', 'igny8-bridge'),
      sortField: 'title',
      isRowHeader: true,
      render: (row) => (
        <>
          <strong className="igny8-tasks__title">{row.title}</strong>
          {row.brief ? <span className="igny8-tasks__brief">{row.brief}</span> : null}
        </>
      ),
    },
    {
      key: 'keywords',
      label: __('Keywords', 'igny8-bridge'),
      render: (row) => (row.target_keywords.length > 0 ? row.target_keywords.join(', ') : '—'),
    },
    {
      key: 'structure',
      label: __('Type', 'igny8-bridge'),
      render: (row) => `${contentTypeLabel(row.content_type)} · ${structureLabel(row.content_structure)}`,
    },
    {
      key: 'words',
      label: __('Words', 'igny8-bridge'),
      sortField: 'word_count_target',
      startDescending: true,
      render: (row) => orDash(row.word_count_target),
    },
    {
      key: 'outline',
      label: __('Outline', 'igny8-bridge'),
      render: (row) => (
        <Button
          variant="secondary"
          className="igny8-button-small"
          onClick={() => setOpen(row)}
          aria-label={sprintf(/* translators: %s: a task's title */ __('View the outline of %s', 'igny8-bridge'), row.title)}
        >
          {outlineStats(row.outline)}
        </Button>
      ),
    },
    { key: 'status', label: __('Status', 'igny8-bridge'), sortField: 'status', render: rowStatus },
    {
      key: 'post',
      label: __('Post', 'igny8-bridge'),
      render: (row) =>
        row.wp_post_url ? (
          <a href={row.wp_post_url} target="_blank" rel="noreferrer">
            {__('View post', 'igny8-bridge')}
          </a>
        ) : (
          '—'
        ),
    },
    {
      key: 'created_at',
      label: __('Created', 'igny8-bridge'),
      sortField: 'created_at',
      startDescending: true,
      render: (row) => formatDate(row.created_at),
    },
  ];

  return (
    <div className="igny8-tasks">
      <Card className="igny8-card">
        <CardHeader>
          <h2>{__('Writing tasks', 'igny8-bridge')}</h2>
        </CardHeader>
        <CardBody>
          <ListFilters
            searchLabel={__('Search tasks', 'igny8-bridge')}
            search={searchInput}
            onSearch={setSearchInput}
            status={status}
            statuses={TASK_STATUSES}
            onStatus={setStatus}
          />

          {message ? (
            <Notice status={message.status} onRemove={() => setMessage(null)}>
              {message.text} <a href={pageUrl('content')}>{__('Open the content', 'igny8-bridge')}</a>
            </Notice>
          ) : null}

          {canWrite ? (
            <div className="igny8-bulk" data-testid="igny8-tasks-bulk">
              <span className="igny8-bulk__count" aria-live="polite">
                {sprintf(
                  /* translators: %d: tasks selected */ _n('%d task selected', '%d tasks selected', selected.length, 'igny8-bridge'),
                  selected.length,
                )}
              </span>
              <span className="igny8-generate-content" data-testid="igny8-generate-content">
                <CostConfirm
                  operation="content"
                  units={selected.length}
                  label={sprintf(
                    /* translators: %d: articles to write */ _n('Write %d article', 'Write %d articles', selected.length, 'igny8-bridge'),
                    selected.length,
                  )}
                  disabled={selected.length === 0 || writing.busy}
                  onConfirm={() => void generate()}
                />
              </span>
              {selected.length === 0 ? (
                <span className="igny8-reason">
                  {__('Select tasks to have the AI write their articles, following each outline.', 'igny8-bridge')}
                </span>
              ) : null}
            </div>
          ) : null}

          {writing.busy && batch.length > 0 ? (
            <div className="igny8-tasks__run" data-testid="igny8-generate-content-run">
              <ProgressBar
                value={batchProgress(
                  batch.map((item) => item.key),
                  writing.runs,
                  writing.errors,
                )}
                label={__('Writing articles', 'igny8-bridge')}
                message={
                  [batchStepLabel(finished, batch.length), current ? (writing.runs[current.key]?.message ?? '') : ''].filter(Boolean).join(' — ') ||
                  null
                }
              />
            </div>
          ) : null}

          <ErrorNotice error={error} />
          {!tasks && !error ? <Spinner /> : null}
          {tasks && tasks.count === 0 ? (
            <p className="igny8-empty">
              {search || status ? (
                __('No tasks match these filters.', 'igny8-bridge')
              ) : (
                <>
                  {__('No writing tasks yet — create them from ideas.', 'igny8-bridge')}{' '}
                  <a href={pageUrl('ideas')}>{__('Go to ideas', 'igny8-bridge')}</a>
                </>
              )}
            </p>
          ) : null}
          {tasks && tasks.count > 0 ? (
            <>
              <DataTable
                rows={tasks.results}
                columns={columns}
                caption={__('Writing tasks of this sector', 'igny8-bridge')}
                className="igny8-tasks-table"
                testId="igny8-tasks-table"
                ordering={ordering}
                onOrder={setOrdering}
                rowClassName={(row) => `igny8-task--${row.status}`}
                selection={
                  canWrite
                    ? {
                        selected,
                        onChange: select,
                        rowLabel: (row) => sprintf(/* translators: %s: a task's title */ __('Select task %s', 'igny8-bridge'), row.title),
                        selectAllLabel: __('Select all tasks on this page', 'igny8-bridge'),
                      }
                    : null
                }
              />
              <Pager page={page} pageSize={pageSize} count={tasks.count} onPage={setPage} onPageSize={setPageSize} />
            </>
          ) : null}
          {loading && tasks ? <Spinner /> : null}
        </CardBody>
      </Card>
      {open ? (
        <OutlineModal
          title={open.title}
          description={open.brief}
          keywords={open.target_keywords}
          wordCount={open.word_count_target}
          structure={open.content_structure}
          outline={open.outline}
          onClose={() => setOpen(null)}
        />
      ) : null}
    </div>
  );
}
