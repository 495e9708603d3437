import type { AuthorProfile } from '../../api/types';
import { choiceOf, profileChoices, profileInUse } from './author-profile';

const profile = (id: number, name: string, isDefault = false): AuthorProfile =>
  ({ id, name, tone: 'warm', language: 'en', description: null, writing_style: null, is_default: isDefault }) as AuthorProfile;

describe('the site’s author profile', () => {
  it('offers the account’s default first, named, then every profile', () => {
    expect(profileChoices([profile(3, 'Ana'), profile(4, 'Ben', true)])).toEqual([
      { label: 'The account’s default (Ben)', value: '' },
      { label: 'Ana — warm, en', value: '3' },
      { label: 'Ben — warm, en', value: '4' },
    ]);
    expect(profileChoices([])[0]).toEqual({ label: 'The account’s default (a clear, helpful and expert voice, in English)', value: '' });
  });

  it('writes in the site’s own profile, else the account’s default, else none', () => {
    const profiles = [profile(3, 'Ana'), profile(4, 'Ben', true)];
    expect(profileInUse(profiles, 3)?.name).toBe('Ana');
    expect(profileInUse(profiles, null)?.name).toBe('Ben');
    // A profile deleted since the page was printed: the account's default is what the core uses.
    expect(profileInUse(profiles, 99)?.name).toBe('Ben');
    expect(profileInUse([profile(3, 'Ana')], null)).toBeNull();
    expect([choiceOf(null), choiceOf(3)]).toEqual(['', '3']);
  });
});
