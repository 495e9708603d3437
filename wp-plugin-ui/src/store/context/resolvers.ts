import { coreData } from '../../api/client';
import type { InitialContext } from '../../bootstrap';
import type { ContextAction, ContextState } from './types';

/** Only when the page was printed without it (the core was slow or down then). */
export function getContext() {
  return async ({ dispatch, select }: { dispatch: (action: ContextAction) => void; select: { getContext(): ContextState['context'] } }) => {
    if (select.getContext()) {
      return;
    }
    try {
      dispatch({ type: 'RECEIVE_CONTEXT', context: await coreData<InitialContext>('integration/context') });
    } catch (error: unknown) {
      dispatch({ type: 'RECEIVE_CONTEXT_ERROR', error });
    }
  };
}
