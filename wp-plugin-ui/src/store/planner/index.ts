import { createReduxStore, register } from '@wordpress/data';
import { collectionStoreParts } from '../collections';
import * as actions from './actions';
import { PLANNER_PATHS, STORE_NAME } from './constants';

const collections = collectionStoreParts(PLANNER_PATHS);

/** Keywords, clusters, ideas, the seed library and CSV imports. */
export const plannerStore = createReduxStore(STORE_NAME, {
  reducer: collections.reducer,
  selectors: collections.selectors,
  resolvers: collections.resolvers,
  actions: { ...collections.actions, ...actions },
});
register(plannerStore);

export { STORE_NAME as PLANNER_STORE };
