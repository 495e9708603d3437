import type { InitialContext, Sector } from '../../bootstrap';
import type { ContextState } from './types';

export const getContext = (state: ContextState): InitialContext | null => state.context;

export const getSectors = (state: ContextState): Sector[] => state.context?.sectors ?? [];

/** The sector pages work in: the one picked here, else the site's default, else the first. */
export function getSectorId(state: ContextState): number | null {
  const sectors = state.context?.sectors ?? [];
  for (const candidate of [state.sectorId, state.defaultSectorId]) {
    if (candidate !== null && sectors.some((sector) => sector.id === candidate)) {
      return candidate;
    }
  }
  return sectors[0]?.id ?? null;
}

export const getSiteId = (state: ContextState): number | null => state.context?.site.id ?? null;

/** Viewers (and anyone the core would refuse) get read-only pages. */
export const canWrite = (state: ContextState): boolean => state.context?.can_write ?? false;

export const getCredits = (state: ContextState): InitialContext['credits'] => state.context?.credits ?? null;

export const getContextError = (state: ContextState): unknown => state.error;

/** The site's own author profile (null: the account's default). */
export const getSiteAuthorProfileId = (state: ContextState): number | null => state.context?.site.author_profile_id ?? null;
