import { collectionsReducer, emptyCollections, listKey, selectItem, selectPage } from './index';

const full = { id: 1, title: 'Trail shoes', status: 'draft', html: '<p>Body</p>' };

describe('the collections store', () => {
  it('keeps a full row’s other fields when a list brings its summary, and takes the summary’s newer values', () => {
    const withItem = collectionsReducer(emptyCollections, { type: 'RECEIVE_ITEM', kind: 'content', item: full });
    const listed = collectionsReducer(withItem, {
      type: 'RECEIVE_PAGE',
      kind: 'content',
      query: { page: 1 },
      page: { count: 2, results: [{ id: 1, title: 'Trail shoes', status: 'review' } as { id: number }, { id: 2 }] },
    });
    expect(selectItem(listed, 'content', 1)).toEqual({ ...full, status: 'review' });
    expect(selectPage(listed, 'content', { page: 1 })).toEqual({ count: 2, results: [{ ...full, status: 'review' }, { id: 2 }] });
    // The full row read again replaces it.
    const read = collectionsReducer(listed, { type: 'RECEIVE_ITEM', kind: 'content', item: { ...full, html: '<p>New</p>' } as { id: number } });
    expect(selectItem(read, 'content', 1)).toEqual({ ...full, html: '<p>New</p>' });
  });

  it('answers the same page object until its rows change, drops removed rows, and clears a list’s error when it loads', () => {
    const failed = collectionsReducer(emptyCollections, { type: 'RECEIVE_ERROR', key: listKey('keywords', { page: 1 }), error: new Error('down') });
    const page = { count: 2, results: [{ id: 5 }, { id: 6 }] };
    const loaded = collectionsReducer(failed, { type: 'RECEIVE_PAGE', kind: 'keywords', query: { page: 1 }, page });
    expect(Object.keys(loaded.errors)).toEqual([]);
    expect(selectPage(loaded, 'keywords', { page: 1 })).toBe(selectPage(loaded, 'keywords', { page: 1 }));
    const removed = collectionsReducer(loaded, { type: 'REMOVE_ITEMS', kind: 'keywords', ids: [5] });
    expect(selectPage(removed, 'keywords', { page: 1 })).toEqual({ count: 2, results: [{ id: 6 }] });
    expect(selectPage(removed, 'keywords', { page: 2 })).toBeUndefined();
  });
});
