import type { AiTaskProgress, CreditEstimate } from '../../api/types';
import { estimateKey } from './constants';
import type { AiState } from './types';

export const getRun = (state: AiState, taskId: string | null | undefined): AiTaskProgress | undefined => (taskId ? state.runs[taskId] : undefined);

/** What a run would cost and whether the account can afford it; resolved through the core's estimate. */
export const getEstimate = (state: AiState, operation: string, units: number): CreditEstimate | undefined =>
  state.estimates[estimateKey(operation, units)];

export const getEstimateError = (state: AiState, operation: string, units: number): unknown => state.estimateErrors[estimateKey(operation, units)];
