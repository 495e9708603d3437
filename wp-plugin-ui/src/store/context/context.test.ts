import type { InitialContext } from '../../bootstrap';
import { createReducer } from './reducer';
import { canWrite, getSectorId, getSiteAuthorProfileId } from './selectors';
import type { ContextState } from './types';

const context = {
  site: { id: 7, name: 'Trail', slug: 'trail', domain: null, url: null, industry: null, author_profile_id: null },
  account_name: 'Agency',
  role: 'admin',
  can_write: true,
  can_choose_author_profile: true,
  can_edit_author_profiles: false,
  wp_user: null,
  sectors: [
    { id: 1, name: 'Shoes', slug: 'shoes', description: null, industry_sector: null },
    { id: 2, name: 'Races', slug: 'races', description: null, industry_sector: null },
  ],
  credits: { balance: 10, plan_credits: 10, bonus_credits: 0, held_credits: 0, available: 10 },
  integration: null,
} as InitialContext;

const start: ContextState = { context, sectorId: null, defaultSectorId: null, error: null };
const reducer = createReducer(start);

describe('the context store', () => {
  it('keeps the site’s author profile and the credits it is told, and nothing else of the context changes', () => {
    const chosen = reducer(start, { type: 'RECEIVE_SITE_AUTHOR_PROFILE', authorProfileId: 5 });
    expect(getSiteAuthorProfileId(chosen)).toBe(5);
    expect(chosen.context).toEqual({ ...context, site: { ...context.site, author_profile_id: 5 } });
    expect(getSiteAuthorProfileId(reducer(chosen, { type: 'RECEIVE_SITE_AUTHOR_PROFILE', authorProfileId: null }))).toBeNull();
    const credits = { ...context.credits!, balance: 4, available: 4 };
    expect(reducer(chosen, { type: 'RECEIVE_CREDITS', credits }).context).toEqual({ ...chosen.context, credits });
    // Without a context (the core was down when the page was printed) there is nothing to change.
    const empty = { ...start, context: null };
    expect(reducer(empty, { type: 'RECEIVE_SITE_AUTHOR_PROFILE', authorProfileId: 5 })).toBe(empty);
  });

  it('works in the sector picked, else the site’s default, else the first; a sector gone is skipped', () => {
    expect(getSectorId(start)).toBe(1);
    expect(getSectorId({ ...start, defaultSectorId: 2 })).toBe(2);
    expect(getSectorId(reducer({ ...start, defaultSectorId: 2 }, { type: 'SELECT_SECTOR', sectorId: 1 }))).toBe(1);
    expect(getSectorId({ ...start, sectorId: 99, defaultSectorId: 98 })).toBe(1);
    expect(getSectorId({ ...start, context: null })).toBeNull();
  });

  it('is read-only until the core says the role may write', () => {
    expect(canWrite(start)).toBe(true);
    expect(canWrite({ ...start, context: { ...context, can_write: false } })).toBe(false);
    expect(canWrite({ ...start, context: null })).toBe(false);
  });
});
