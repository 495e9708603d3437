/**
 * The machinery the planner and writer stores share: rows of each kind by id, and the pages asked for, by
 * query. A resolver fetches a page through the proxy the first time a component selects it; writes invalidate
 * the kind's pages so the next render fetches them again.
 */
import { coreData, corePage } from '../../api/client';
import type { Page } from '../../api/types';

export type ListQuery = Record<string, string | number | boolean | undefined | null>;

export interface ListState {
  ids: number[];
  count: number;
}

export interface CollectionsState {
  items: Record<string, Record<number, unknown>>;
  lists: Record<string, ListState>;
  /** Why a page or row could not be read, by list key or `kind#id`; kept in state because WordPress 6.1's
   * data package has no resolution errors. */
  errors: Record<string, unknown>;
}

export const emptyCollections: CollectionsState = { items: {}, lists: {}, errors: {} };

/** A stable key for a query: the same filters in any order are the same page. */
export function listKey(kind: string, query: ListQuery = {}): string {
  const parts = Object.keys(query)
    .filter((key) => query[key] !== undefined && query[key] !== null && query[key] !== '')
    .sort()
    .map((key) => `${key}=${String(query[key])}`);
  return `${kind}?${parts.join('&')}`;
}

export type CollectionAction =
  | { type: 'RECEIVE_PAGE'; kind: string; query: ListQuery; page: Page<{ id: number }> }
  | { type: 'RECEIVE_ITEM'; kind: string; item: { id: number } }
  | { type: 'REMOVE_ITEMS'; kind: string; ids: number[] }
  | { type: 'RECEIVE_ERROR'; key: string; error: unknown };

export function collectionsReducer(state: CollectionsState = emptyCollections, action: CollectionAction): CollectionsState {
  switch (action.type) {
    case 'RECEIVE_PAGE': {
      const rows = { ...(state.items[action.kind] ?? {}) };
      // A list row is a summary (content without its HTML, say): it updates the fields it has and keeps
      // the rest of a full row read before, so a detail view never loses what it showed.
      for (const row of action.page.results) {
        rows[row.id] = { ...(rows[row.id] as object | undefined), ...row };
      }
      const key = listKey(action.kind, action.query);
      const { [key]: _cleared, ...errors } = state.errors;
      return {
        items: { ...state.items, [action.kind]: rows },
        errors,
        lists: {
          ...state.lists,
          [key]: { ids: action.page.results.map((row) => row.id), count: action.page.count },
        },
      };
    }
    case 'RECEIVE_ITEM':
      return {
        ...state,
        items: { ...state.items, [action.kind]: { ...(state.items[action.kind] ?? {}), [action.item.id]: action.item } },
      };
    case 'REMOVE_ITEMS': {
      const rows = { ...(state.items[action.kind] ?? {}) };
      for (const id of action.ids) {
        delete rows[id];
      }
      return { ...state, items: { ...state.items, [action.kind]: rows } };
    }
    case 'RECEIVE_ERROR':
      return { ...state, errors: { ...state.errors, [action.key]: action.error } };
    default:
      return state;
  }
}

/** A page of rows, or undefined until its resolver has fetched it. Memoised per list so renders stay cheap. */
const pageCache = new WeakMap<ListState, { rows: Record<number, unknown>; page: Page<unknown> }>();

export function selectPage<T>(state: CollectionsState, kind: string, query: ListQuery = {}): Page<T> | undefined {
  const list = state.lists[listKey(kind, query)];
  if (!list) {
    return undefined;
  }
  const rows = state.items[kind] ?? {};
  const cached = pageCache.get(list);
  if (cached && cached.rows === rows) {
    return cached.page as Page<T>;
  }
  const page = { count: list.count, results: list.ids.map((id) => rows[id]).filter((row) => row !== undefined) as T[] };
  pageCache.set(list, { rows, page });
  return page;
}

export function selectItem<T>(state: CollectionsState, kind: string, id: number): T | undefined {
  return state.items[kind]?.[id] as T | undefined;
}

/** Fetches one page of a kind from its core path. */
export async function fetchPage(path: string, query: ListQuery): Promise<Page<{ id: number }>> {
  return corePage<{ id: number }>(path, query);
}

type Thunk = (registry: {
  dispatch: Record<string, (...args: never[]) => unknown> & {
    invalidateResolutionForStoreSelector(selector: string): void;
    invalidateResolution(selector: string, args: unknown[]): void;
  };
  select: Record<string, (...args: never[]) => unknown>;
}) => unknown;

/** Selectors, resolvers and base actions of a collection store over the given kinds (kind → core path). */
export function collectionStoreParts(paths: Record<string, string>) {
  const pathOf = (kind: string): string => {
    const path = paths[kind];
    if (!path) {
      throw new Error(`Unknown collection "${kind}"`);
    }
    return path;
  };
  return {
    reducer: collectionsReducer,
    selectors: {
      getPage: <T>(state: CollectionsState, kind: string, query: ListQuery = {}): Page<T> | undefined => selectPage<T>(state, kind, query),
      getItem: <T>(state: CollectionsState, kind: string, id: number): T | undefined => selectItem<T>(state, kind, id),
      getPageError: (state: CollectionsState, kind: string, query: ListQuery = {}): unknown => state.errors[listKey(kind, query)],
      getItemError: (state: CollectionsState, kind: string, id: number): unknown => state.errors[`${kind}#${id}`],
    },
    resolvers: {
      getPage:
        (kind: string, query: ListQuery = {}): Thunk =>
        async ({ dispatch }) => {
          const send = dispatch as unknown as (action: CollectionAction) => void;
          try {
            send({ type: 'RECEIVE_PAGE', kind, query, page: await fetchPage(pathOf(kind), query) });
          } catch (error: unknown) {
            send({ type: 'RECEIVE_ERROR', key: listKey(kind, query), error });
          }
        },
      getItem:
        (kind: string, id: number): Thunk =>
        async ({ dispatch }) => {
          const send = dispatch as unknown as (action: CollectionAction) => void;
          try {
            send({ type: 'RECEIVE_ITEM', kind, item: await coreData<{ id: number }>(`${pathOf(kind)}/${id}`) });
          } catch (error: unknown) {
            send({ type: 'RECEIVE_ERROR', key: `${kind}#${id}`, error });
          }
        },
    },
    actions: {
      receiveItem: (kind: string, item: { id: number }): CollectionAction => ({ type: 'RECEIVE_ITEM', kind, item }),
      removeItems: (kind: string, ids: number[]): CollectionAction => ({ type: 'REMOVE_ITEMS', kind, ids }),
      /** After a write: every page is fetched again on its next render (the rows stay on screen meanwhile). */
      invalidatePages:
        (): Thunk =>
        ({ dispatch }) => {
          dispatch.invalidateResolutionForStoreSelector('getPage');
        },
      /** After a change to one row made elsewhere (a finished AI run): fetch it again. */
      invalidateItem:
        (kind: string, id: number): Thunk =>
        ({ dispatch }) => {
          dispatch.invalidateResolution('getItem', [kind, id]);
        },
    },
  };
}
