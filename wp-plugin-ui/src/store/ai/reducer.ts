import type { AiAction, AiState } from './types';

export function reducer(state: AiState = { runs: {}, estimates: {}, estimateErrors: {} }, action: AiAction): AiState {
  switch (action.type) {
    case 'RECEIVE_RUN':
      return { ...state, runs: { ...state.runs, [action.run.task_id]: action.run } };
    case 'RECEIVE_ESTIMATE':
      return { ...state, estimates: { ...state.estimates, [action.key]: action.estimate } };
    case 'RECEIVE_ESTIMATE_ERROR':
      return { ...state, estimateErrors: { ...state.estimateErrors, [action.key]: action.error } };
    default:
      return state;
  }
}
