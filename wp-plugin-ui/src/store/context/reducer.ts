import type { ContextAction, ContextState } from './types';

export function createReducer(initial: ContextState) {
  return function reducer(state: ContextState = initial, action: ContextAction): ContextState {
    switch (action.type) {
      case 'RECEIVE_CONTEXT':
        return { ...state, context: action.context, error: null };
      case 'RECEIVE_CREDITS':
        return state.context ? { ...state, context: { ...state.context, credits: action.credits } } : state;
      case 'RECEIVE_SITE_AUTHOR_PROFILE':
        return state.context
          ? { ...state, context: { ...state.context, site: { ...state.context.site, author_profile_id: action.authorProfileId } } }
          : state;
      case 'RECEIVE_CONTEXT_ERROR':
        return { ...state, error: action.error };
      case 'SELECT_SECTOR':
        return { ...state, sectorId: action.sectorId };
      default:
        return state;
    }
  };
}
