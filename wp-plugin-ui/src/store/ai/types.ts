import type { AiTaskProgress, CreditEstimate } from '../../api/types';

export interface AiState {
  runs: Record<string, AiTaskProgress>;
  estimates: Record<string, CreditEstimate>;
  estimateErrors: Record<string, unknown>;
}

export type AiAction =
  | { type: 'RECEIVE_RUN'; run: AiTaskProgress }
  | { type: 'RECEIVE_ESTIMATE'; key: string; estimate: CreditEstimate }
  | { type: 'RECEIVE_ESTIMATE_ERROR'; key: string; error: unknown };
