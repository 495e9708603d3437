/**
 * The pure rules of a list page: which rows are selected, how a column sorts, and which slice of the results
 * a page shows. Kept free of React so they are tested on their own.
 */

export type SelectionState = 'none' | 'some' | 'all';

/** The selection with one id added or removed. */
export function toggleId(selected: readonly number[], id: number, checked: boolean): number[] {
  const without = selected.filter((value) => value !== id);
  return checked ? [...without, id] : without;
}

/** The selection with every id of the shown page added (checked) or removed; ids on other pages are kept. */
export function setPageSelected(selected: readonly number[], pageIds: readonly number[], checked: boolean): number[] {
  const onPage = new Set(pageIds);
  const others = selected.filter((id) => !onPage.has(id));
  return checked ? [...others, ...pageIds] : others;
}

/** How the select-all box of a page looks: unchecked, indeterminate or checked. */
export function pageSelectionState(selected: readonly number[], pageIds: readonly number[]): SelectionState {
  if (pageIds.length === 0) {
    return 'none';
  }
  const chosen = new Set(selected);
  const count = pageIds.filter((id) => chosen.has(id)).length;
  if (count === 0) {
    return 'none';
  }
  return count === pageIds.length ? 'all' : 'some';
}

export interface Ordering {
  field: string;
  descending: boolean;
}

/** The first field of an `ordering` parameter (`-volume` → volume, descending). */
export function parseOrdering(ordering: string | undefined | null): Ordering | null {
  const first = (ordering ?? '').split(',')[0]?.trim() ?? '';
  if (first === '' || first === '-') {
    return null;
  }
  return first.startsWith('-') ? { field: first.slice(1), descending: true } : { field: first, descending: false };
}

/**
 * The ordering after a click on a column: the same column flips direction; another column starts in its
 * natural direction (numbers and dates largest first, text A–Z).
 */
export function nextOrdering(current: string | undefined | null, field: string, startDescending = false): string {
  const parsed = parseOrdering(current);
  if (parsed && parsed.field === field) {
    return parsed.descending ? field : `-${field}`;
  }
  return startDescending ? `-${field}` : field;
}

/** The `aria-sort` of a column header. */
export function ariaSort(current: string | undefined | null, field: string): 'ascending' | 'descending' | 'none' {
  const parsed = parseOrdering(current);
  if (!parsed || parsed.field !== field) {
    return 'none';
  }
  return parsed.descending ? 'descending' : 'ascending';
}

export interface PageRange {
  /** 1-based number of the first row shown; 0 when there is none. */
  from: number;
  /** 1-based number of the last row shown. */
  to: number;
  /** How many pages there are (at least 1). */
  pages: number;
}

/** Which rows page `page` shows out of `count`. */
export function pageRange(page: number, pageSize: number, count: number): PageRange {
  const size = Math.max(1, Math.floor(pageSize));
  const pages = Math.max(1, Math.ceil(count / size));
  const current = clampPage(page, pages);
  if (count <= 0) {
    return { from: 0, to: 0, pages };
  }
  const from = (current - 1) * size + 1;
  return { from, to: Math.min(count, current * size), pages };
}

/** A page number within 1…pages. */
export function clampPage(page: number, pages: number): number {
  if (!Number.isFinite(page) || page < 1) {
    return 1;
  }
  return Math.min(Math.floor(page), Math.max(1, pages));
}

/** Splits ids into batches the core accepts in one call. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let index = 0; index < items.length; index += size) {
    batches.push(items.slice(index, index + size));
  }
  return batches;
}

/** A number typed into a filter field: an integer ≥ 0, or undefined when the field is empty or not a number. */
export function numberFilter(value: string): number | undefined {
  if (value.trim() === '') {
    return undefined;
  }
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? Math.floor(number) : undefined;
}
