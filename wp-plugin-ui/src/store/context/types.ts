import type { InitialContext } from '../../bootstrap';

export interface ContextState {
  context: InitialContext | null;
  sectorId: number | null;
  defaultSectorId: number | null;
  /** Why the context could not be read, when the page was printed without it and the fetch failed. */
  error: unknown;
}

export type ContextAction =
  | { type: 'RECEIVE_CONTEXT'; context: InitialContext }
  | { type: 'RECEIVE_CREDITS'; credits: InitialContext['credits'] }
  | { type: 'RECEIVE_SITE_AUTHOR_PROFILE'; authorProfileId: number | null }
  | { type: 'SELECT_SECTOR'; sectorId: number }
  | { type: 'RECEIVE_CONTEXT_ERROR'; error: unknown };
