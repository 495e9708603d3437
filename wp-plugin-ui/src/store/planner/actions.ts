import { coreData, coreUpload } from '../../api/client';
import type { KeywordImport } from '../../api/types';
import type { PlannerKind } from './constants';

interface Registry {
  dispatch: {
    invalidatePages(): void;
    receiveItem(kind: PlannerKind, item: { id: number }): void;
    removeItems(kind: PlannerKind, ids: number[]): void;
  };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function deleteKeywords(ids: number[]) {
  return async ({ dispatch }: Registry) => {
    await coreData('planner/keywords/bulk_delete', { method: 'POST', data: { ids } });
    dispatch.removeItems('keywords', ids);
    dispatch.invalidatePages();
  };
}

export function setKeywordStatus(ids: number[], status: 'active' | 'inactive' | 'used') {
  return async ({ dispatch }: Registry) => {
    await coreData('planner/keywords/bulk_update_status', { method: 'POST', data: { ids, status } });
    dispatch.invalidatePages();
  };
}

export function addSeedKeywords(siteId: number, sectorId: number, seedIds: number[]) {
  return async ({ dispatch }: Registry) => {
    const added = await coreData<unknown>('planner/seed-keywords/add_to_sector', {
      method: 'POST',
      data: { site_id: siteId, sector_id: sectorId, seed_keyword_ids: seedIds },
    });
    dispatch.invalidatePages();
    return added;
  };
}

/**
 * Sends a CSV file as it is; small files come back imported, larger ones queued. `onProgress` sees each state
 * of a queued import until it ends, so the page can draw its progress bar.
 */
export function importKeywordsCsv(file: File, siteId: number, sectorId: number, onProgress: (state: KeywordImport) => void) {
  return async ({ dispatch }: Registry): Promise<KeywordImport> => {
    let state = await coreUpload<KeywordImport>('planner/keywords/import_csv', file, {
      site_id: siteId,
      sector_id: sectorId,
      file_name: file.name,
    });
    onProgress(state);
    while (state.status === 'queued' || state.status === 'running') {
      await wait(700);
      state = await coreData<KeywordImport>(`planner/keyword-imports/${state.id}`);
      onProgress(state);
    }
    dispatch.invalidatePages();
    return state;
  };
}

export function createTasksFromIdeas(ideaIds: number[]) {
  return async ({ dispatch }: Registry) => {
    const created = await coreData<unknown>('planner/ideas/create_tasks', { method: 'POST', data: { idea_ids: ideaIds } });
    dispatch.invalidatePages();
    return created;
  };
}
