import { createReduxStore, register } from '@wordpress/data';
import { collectionStoreParts } from '../collections';
import * as actions from './actions';
import { STORE_NAME, WRITER_PATHS } from './constants';

const collections = collectionStoreParts(WRITER_PATHS);

/** Writing tasks, content and images. */
export const writerStore = createReduxStore(STORE_NAME, {
  reducer: collections.reducer,
  selectors: collections.selectors,
  resolvers: collections.resolvers,
  actions: { ...collections.actions, ...actions },
});
register(writerStore);

export { STORE_NAME as WRITER_STORE };
