import { useSelect } from '@wordpress/data';
import { useEffect, useState } from '@wordpress/element';
import type { Page } from '../../api/types';
import type { ListQuery } from '../../store/collections';
import { listKey } from '../../store/collections';
import { plannerStore } from '../../store/planner';
import { writerStore } from '../../store/writer';

/** The value once it has stopped changing for `delay` ms (typing in a search box). */
export function useDebouncedValue<T>(value: T, delay = 350): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

export interface ListResult<T> {
  page: Page<T> | undefined;
  error: unknown;
  /** True while the page is being fetched (again, after a write: the old rows stay meanwhile). */
  loading: boolean;
}

/**
 * A page of a planner or writer collection for a query: fetched on first use, fetched again after a write
 * invalidated the kind's pages. `query` null means "not yet" (no site or sector).
 */
export function useCollectionPage<T>(store: typeof plannerStore | typeof writerStore, kind: string, query: ListQuery | null): ListResult<T> {
  const key = query ? listKey(kind, query) : null;
  return useSelect(
    (select) => {
      if (!query) {
        return { page: undefined, error: undefined, loading: false };
      }
      const collection = select(store as typeof plannerStore);
      return {
        page: collection.getPage(kind, query) as Page<T> | undefined,
        error: collection.getPageError(kind, query),
        loading: collection.isResolving('getPage', [kind, query]),
      };
    },
    // The key stands for the query: the same filters make the same request.
    [store, kind, key],
  );
}

/**
 * The page a list shows, its size, and the rows selected on it. The page and the selection start over
 * whenever the filters (their list key) change; a new page size starts at the first page.
 */
export function useListPosition(filterKey: string) {
  const [paging, setPaging] = useState({ key: filterKey, page: 1 });
  const [pageSize, setPageSize] = useState(25);
  const [selection, setSelection] = useState<{ key: string; ids: number[] }>({ key: filterKey, ids: [] });
  return {
    page: paging.key === filterKey ? paging.page : 1,
    setPage: (page: number) => setPaging({ key: filterKey, page }),
    pageSize,
    setPageSize: (size: number) => {
      setPageSize(size);
      setPaging({ key: filterKey, page: 1 });
    },
    selected: selection.key === filterKey ? selection.ids : [],
    select: (ids: number[]) => setSelection({ key: filterKey, ids }),
  };
}
