import { createReduxStore, register } from '@wordpress/data';
import { bridgeData } from '../../bootstrap';
import * as actions from './actions';
import { SECTOR_STORAGE_KEY, STORE_NAME } from './constants';
import { createReducer } from './reducer';
import * as resolvers from './resolvers';
import * as selectors from './selectors';
import type { ContextState } from './types';

function rememberedSector(siteId: number | undefined): number | null {
  try {
    const value = Number(window.localStorage.getItem(SECTOR_STORAGE_KEY + String(siteId)));
    return Number.isInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

/** Hydrated from what the PHP printed, so the first render needs no request. */
export function initialContextState(): ContextState {
  const data = bridgeData();
  const context = data.context ?? null;
  return { context, defaultSectorId: data.defaultSectorId ?? null, sectorId: rememberedSector(context?.site.id), error: null };
}

export const contextStore = createReduxStore(STORE_NAME, {
  reducer: createReducer(initialContextState()),
  actions,
  selectors,
  resolvers,
});

register(contextStore);

export { STORE_NAME as CONTEXT_STORE };
