import { createReduxStore, register } from '@wordpress/data';
import { coreData, corePage } from '../../api/client';
import type { AiTaskSummary, DataOf } from '../../api/types';

export const STORE_NAME = 'igny8/dashboard';

/** Counts per pipeline stage, by status (`GET /dashboard/pipeline`). */
export type PipelineCounts = DataOf<'getPipelineCounts'>;

interface State {
  pipeline: Record<string, PipelineCounts>;
  runs: Record<string, AiTaskSummary[]>;
  errors: Record<string, unknown>;
}

type Action =
  | { type: 'RECEIVE_PIPELINE'; key: string; counts: PipelineCounts }
  | { type: 'RECEIVE_RUNS'; key: string; runs: AiTaskSummary[] }
  | { type: 'RECEIVE_ERROR'; key: string; error: unknown };

const initial: State = { pipeline: {}, runs: {}, errors: {} };

function reducer(state: State = initial, action: Action): State {
  switch (action.type) {
    case 'RECEIVE_PIPELINE':
      return { ...state, pipeline: { ...state.pipeline, [action.key]: action.counts } };
    case 'RECEIVE_RUNS':
      return { ...state, runs: { ...state.runs, [action.key]: action.runs } };
    case 'RECEIVE_ERROR':
      return { ...state, errors: { ...state.errors, [action.key]: action.error } };
    default:
      return state;
  }
}

const pipelineKey = (siteId: number, sectorId: number | null) => `pipeline:${siteId}:${sectorId ?? ''}`;
const runsKey = (siteId: number) => `runs:${siteId}`;

const selectors = {
  getPipeline: (state: State, siteId: number, sectorId: number | null): PipelineCounts | undefined => state.pipeline[pipelineKey(siteId, sectorId)],
  getRecentRuns: (state: State, siteId: number): AiTaskSummary[] | undefined => state.runs[runsKey(siteId)],
  getError: (state: State, what: 'pipeline' | 'runs', siteId: number, sectorId: number | null = null): unknown =>
    state.errors[what === 'pipeline' ? pipelineKey(siteId, sectorId) : runsKey(siteId)],
};

const resolvers = {
  getPipeline:
    (siteId: number, sectorId: number | null) =>
    async ({ dispatch }: { dispatch: (action: Action) => void }) => {
      const key = pipelineKey(siteId, sectorId);
      try {
        const counts = await coreData<PipelineCounts>('dashboard/pipeline', { query: { site_id: siteId, sector_id: sectorId } });
        dispatch({ type: 'RECEIVE_PIPELINE', key, counts });
      } catch (error: unknown) {
        dispatch({ type: 'RECEIVE_ERROR', key, error });
      }
    },
  getRecentRuns:
    (siteId: number) =>
    async ({ dispatch }: { dispatch: (action: Action) => void }) => {
      const key = runsKey(siteId);
      try {
        const page = await corePage<AiTaskSummary>('system/ai-tasks', { site_id: siteId, page_size: 10, ordering: '-created_at' });
        dispatch({ type: 'RECEIVE_RUNS', key, runs: page.results });
      } catch (error: unknown) {
        dispatch({ type: 'RECEIVE_ERROR', key, error });
      }
    },
};

const actions = {
  /** Everything on the dashboard is read again on its next render. */
  refresh:
    () =>
    ({ dispatch }: { dispatch: { invalidateResolutionForStore(): void } }) => {
      dispatch.invalidateResolutionForStore();
    },
};

export const dashboardStore = createReduxStore(STORE_NAME, { reducer, selectors, resolvers, actions });
register(dashboardStore);
