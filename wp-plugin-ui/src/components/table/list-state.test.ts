import {
  ariaSort,
  chunk,
  clampPage,
  nextOrdering,
  numberFilter,
  pageRange,
  pageSelectionState,
  parseOrdering,
  setPageSelected,
  toggleId,
} from './list-state';

describe('row selection', () => {
  it('adds and removes one id without duplicating it', () => {
    expect(toggleId([1, 2], 3, true)).toEqual([1, 2, 3]);
    expect(toggleId([1, 2, 3], 2, true)).toEqual([1, 3, 2]);
    expect(toggleId([1, 2, 3], 2, false)).toEqual([1, 3]);
    expect(toggleId([], 9, false)).toEqual([]);
  });

  it('selects and clears the shown page while keeping rows chosen on other pages', () => {
    expect(setPageSelected([100, 2], [1, 2, 3], true)).toEqual([100, 1, 2, 3]);
    expect(setPageSelected([100, 1, 2, 3], [1, 2, 3], false)).toEqual([100]);
  });

  it('describes the select-all box as none, some or all of the page', () => {
    expect(pageSelectionState([], [1, 2])).toBe('none');
    expect(pageSelectionState([7], [1, 2])).toBe('none');
    expect(pageSelectionState([2, 7], [1, 2])).toBe('some');
    expect(pageSelectionState([2, 1], [1, 2])).toBe('all');
    expect(pageSelectionState([1], [])).toBe('none');
  });
});

describe('sorting', () => {
  it('reads the first field of an ordering', () => {
    expect(parseOrdering('-volume')).toEqual({ field: 'volume', descending: true });
    expect(parseOrdering('keyword,-volume')).toEqual({ field: 'keyword', descending: false });
    expect(parseOrdering('')).toBeNull();
    expect(parseOrdering(undefined)).toBeNull();
    expect(parseOrdering('-')).toBeNull();
  });

  it('flips the sorted column and starts another in its natural direction', () => {
    expect(nextOrdering('-volume', 'volume')).toBe('volume');
    expect(nextOrdering('volume', 'volume')).toBe('-volume');
    expect(nextOrdering('-volume', 'keyword')).toBe('keyword');
    expect(nextOrdering('keyword', 'difficulty', true)).toBe('-difficulty');
    expect(nextOrdering(undefined, 'created_at', true)).toBe('-created_at');
  });

  it('gives each header its aria-sort', () => {
    expect(ariaSort('-volume', 'volume')).toBe('descending');
    expect(ariaSort('volume', 'volume')).toBe('ascending');
    expect(ariaSort('volume', 'keyword')).toBe('none');
    expect(ariaSort(null, 'keyword')).toBe('none');
  });
});

describe('pagination', () => {
  it('says which rows a page shows', () => {
    expect(pageRange(1, 25, 120)).toEqual({ from: 1, to: 25, pages: 5 });
    expect(pageRange(5, 25, 120)).toEqual({ from: 101, to: 120, pages: 5 });
    expect(pageRange(1, 25, 0)).toEqual({ from: 0, to: 0, pages: 1 });
    expect(pageRange(1, 25, 25)).toEqual({ from: 1, to: 25, pages: 1 });
  });

  it('keeps a page past the end (after deleting rows) on the last page', () => {
    expect(pageRange(9, 25, 30)).toEqual({ from: 26, to: 30, pages: 2 });
    expect(clampPage(0, 3)).toBe(1);
    expect(clampPage(Number.NaN, 3)).toBe(1);
    expect(clampPage(2.7, 3)).toBe(2);
    expect(clampPage(4, 3)).toBe(3);
  });

  it('splits ids into batches the core takes in one call', () => {
    expect(chunk([1, 2, 3, 4, 5, 6, 7], 5)).toEqual([
      [1, 2, 3, 4, 5],
      [6, 7],
    ]);
    expect(chunk([], 5)).toEqual([]);
  });

  it('reads number filters, ignoring empty and invalid input', () => {
    expect(numberFilter('')).toBeUndefined();
    expect(numberFilter('  ')).toBeUndefined();
    expect(numberFilter('abc')).toBeUndefined();
    expect(numberFilter('-5')).toBeUndefined();
    expect(numberFilter('120')).toBe(120);
    expect(numberFilter('12.8')).toBe(12);
  });
});
