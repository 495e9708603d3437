import { coreData } from '../../api/client';
import type { InitialContext } from '../../bootstrap';
import { SECTOR_STORAGE_KEY } from './constants';
import type { ContextAction, ContextState } from './types';

export const receiveContext = (context: InitialContext): ContextAction => ({ type: 'RECEIVE_CONTEXT', context });

export function selectSector(sectorId: number) {
  return ({ dispatch, select }: { dispatch: (action: ContextAction) => void; select: { getSiteId(): number | null } }) => {
    const siteId = select.getSiteId();
    try {
      window.localStorage.setItem(SECTOR_STORAGE_KEY + String(siteId), String(sectorId));
    } catch {
      // Private browsing may refuse storage; the choice then lasts for this page only.
    }
    dispatch({ type: 'SELECT_SECTOR', sectorId });
  };
}

/** Chooses the author profile this site's articles are written in (null: the account's default); throws what the core refused. */
export function chooseAuthorProfile(authorProfileId: number | null) {
  return async ({ dispatch }: { dispatch: (action: ContextAction) => void }) => {
    const saved = await coreData<{ author_profile_id: number | null }>('integration/author-profile', {
      method: 'PUT',
      data: { author_profile_id: authorProfileId },
    });
    dispatch({ type: 'RECEIVE_SITE_AUTHOR_PROFILE', authorProfileId: saved.author_profile_id });
  };
}

/** The balance again, after a run was charged (through the context: the balance route is for signed-in users). */
export function refreshCredits() {
  return async ({ dispatch }: { dispatch: (action: ContextAction) => void }) => {
    try {
      const context = await coreData<InitialContext>('integration/context');
      dispatch({ type: 'RECEIVE_CREDITS', credits: context.credits });
    } catch {
      // Best effort: the shown balance stays as it was; the next page load prints a fresh one.
    }
  };
}

export type { ContextState };
