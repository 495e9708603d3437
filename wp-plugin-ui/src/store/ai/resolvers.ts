import { coreData } from '../../api/client';
import type { CreditEstimate } from '../../api/types';
import { estimateKey } from './constants';
import type { AiAction } from './types';

export function getEstimate(operation: string, units: number) {
  return async ({ dispatch }: { dispatch: (action: AiAction) => void }) => {
    const key = estimateKey(operation, units);
    try {
      dispatch({ type: 'RECEIVE_ESTIMATE', key, estimate: await coreData<CreditEstimate>('billing/estimate', { query: { operation, units } }) });
    } catch (error: unknown) {
      dispatch({ type: 'RECEIVE_ESTIMATE_ERROR', key, error });
    }
  };
}
