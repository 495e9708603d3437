import { Button, Card, CardBody, CardHeader, Notice, Spinner } from '@wordpress/components';
import { useSelect } from '@wordpress/data';
import { useEffect, useMemo, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { ContentSummary } from '../../api/types';
import { ErrorNotice } from '../../components/error-notice';
import { DataTable, formatDate, type Column } from '../../components/table/data-table';
import { pageUrl } from '../../components/table/links';
import { Pager } from '../../components/table/pager';
import { ListFilters } from '../../components/table/list-filters';
import { StatusBadge } from '../../components/table/status';
import { useCollectionPage, useDebouncedValue, useListPosition } from '../../components/table/use-list';
import { listKey } from '../../store/collections';
import { contextStore } from '../../store/context';
import { writerStore } from '../../store/writer';
import { ContentDetail } from './detail';
import './content.scss';

export const CONTENT_STATUSES = ['draft', 'review', 'approved', 'published', 'scheduled', 'archived'] as const;

/** The article open in this page, kept in the address (`&content=12`) so a reload or a shared link opens it. */
function openedFromUrl(): number | null {
  const value = Number(new URLSearchParams(window.location.search).get('content'));
  return Number.isInteger(value) && value > 0 ? value : null;
}

function setUrl(id: number | null): void {
  const url = new URL(window.location.href);
  if (id) {
    url.searchParams.set('content', String(id));
  } else {
    url.searchParams.delete('content');
  }
  window.history.pushState({ igny8Content: id }, '', url.toString());
}

/** The sector's articles; open one to preview, restore a version, approve and publish it. */
export function ContentPage() {
  const [opened, setOpened] = useState<number | null>(openedFromUrl);
  useEffect(() => {
    const onPop = () => setOpened(openedFromUrl());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const open = (id: number | null) => {
    setUrl(id);
    setOpened(id);
  };
  return opened ? <ContentDetail id={opened} onBack={() => open(null)} /> : <ContentList onOpen={open} />;
}

function ContentList({ onOpen }: { onOpen: (id: number) => void }) {
  const { siteId, sectorId } = useSelect(
    (select) => ({ siteId: select(contextStore).getSiteId(), sectorId: select(contextStore).getSectorId() }),
    [],
  );
  const [searchInput, setSearchInput] = useState('');
  const search = useDebouncedValue(searchInput.trim());
  const [status, setStatus] = useState('');
  const [ordering, setOrdering] = useState('-updated_at');
  const filterKey = siteId && sectorId ? listKey('content', { site_id: siteId, sector_id: sectorId, search, status }) : '';
  const { page, setPage, pageSize, setPageSize } = useListPosition(filterKey);
  const query = useMemo(
    () => (siteId && sectorId ? { site_id: siteId, sector_id: sectorId, search, status, page, page_size: pageSize, ordering } : null),
    [siteId, sectorId, search, status, page, pageSize, ordering],
  );
  const { page: contents, error, loading } = useCollectionPage<ContentSummary>(writerStore, 'content', query);

  if (!siteId || !sectorId) {
    return (
      <Notice status="warning" isDismissible={false}>
        {__('This site has no sector yet.', 'igny8-bridge')}
      </Notice>
    );
  }

  const columns: Column<ContentSummary>[] = [
    {
      key: 'title',
      label: __('Title', 'igny8-bridge'),
      sortField: 'title',
      isRowHeader: true,
      render: (row) => (
        <Button variant="link" className="igny8-content__open" onClick={() => onOpen(row.id)} data-testid="igny8-content-open">
          {row.title || __('(no title)', 'igny8-bridge')}
        </Button>
      ),
    },
    { key: 'keyword', label: __('Main keyword', 'igny8-bridge'), render: (row) => row.primary_keyword ?? '—' },
    {
      key: 'words',
      label: __('Words', 'igny8-bridge'),
      sortField: 'word_count',
      startDescending: true,
      render: (row) => row.word_count.toLocaleString(),
    },
    { key: 'status', label: __('Status', 'igny8-bridge'), render: (row) => <StatusBadge status={row.status} /> },
    { key: 'version', label: __('Version', 'igny8-bridge'), render: (row) => row.version },
    {
      key: 'wordpress',
      label: __('On this site', 'igny8-bridge'),
      render: (row) =>
        row.wp_post_url ? (
          <a href={row.wp_post_url} target="_blank" rel="noreferrer">
            {row.wp_status
              ? sprintf(/* translators: %s: the post's WordPress status */ __('View (%s)', 'igny8-bridge'), row.wp_status)
              : __('View', 'igny8-bridge')}
          </a>
        ) : (
          '—'
        ),
    },
    {
      key: 'updated_at',
      label: __('Updated', 'igny8-bridge'),
      sortField: 'updated_at',
      startDescending: true,
      render: (row) => formatDate(row.updated_at),
    },
  ];

  return (
    <div className="igny8-content">
      <Card className="igny8-card">
        <CardHeader>
          <h2>{__('Content', 'igny8-bridge')}</h2>
        </CardHeader>
        <CardBody>
          <ListFilters
            searchLabel={__('Search content', 'igny8-bridge')}
            search={searchInput}
            onSearch={setSearchInput}
            status={status}
            statuses={CONTENT_STATUSES}
            onStatus={setStatus}
          />
          <ErrorNotice error={error} />
          {!contents && !error ? <Spinner /> : null}
          {contents && contents.count === 0 ? (
            <p className="igny8-empty">
              {search || status ? (
                __('No content matches these filters.', 'igny8-bridge')
              ) : (
                <>
                  {__('No content yet — write articles from tasks.', 'igny8-bridge')}{' '}
                  <a href={pageUrl('tasks')}>{__('Go to tasks', 'igny8-bridge')}</a>
                </>
              )}
            </p>
          ) : null}
          {contents && contents.count > 0 ? (
            <>
              <DataTable
                rows={contents.results}
                columns={columns}
                caption={__('Articles of this sector', 'igny8-bridge')}
                className="igny8-content-table"
                testId="igny8-content-table"
                ordering={ordering}
                onOrder={setOrdering}
              />
              <Pager page={page} pageSize={pageSize} count={contents.count} onPage={setPage} onPageSize={setPageSize} />
            </>
          ) : null}
          {loading && contents ? <Spinner /> : null}
        </CardBody>
      </Card>
    </div>
  );
}
