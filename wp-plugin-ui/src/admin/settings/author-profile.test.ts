import { Igny8Error } from '../../api/errors';
import { canEditProfiles, EMPTY_PROFILE, formFromProfile, profileBody, serverFieldErrors, validateProfile } from './author-profile';

describe('author profile form', () => {
  it('asks for a name, a tone and a language code', () => {
    expect(Object.keys(validateProfile(EMPTY_PROFILE)).sort()).toEqual(['language', 'name', 'tone']);
    expect(validateProfile({ ...EMPTY_PROFILE, name: 'Ana', tone: 'warm', language: 'English' }).language).toMatch(/language code/);
    expect(validateProfile({ ...EMPTY_PROFILE, name: 'Ana', tone: 'warm', language: 'en-GB' })).toEqual({});
    expect(validateProfile({ ...EMPTY_PROFILE, name: 'Ana', tone: 'warm', language: 'de' })).toEqual({});
  });

  it('sends trimmed text and empty optional fields as null', () => {
    expect(
      profileBody({ name: ' Ana ', tone: 'warm ', language: 'en', description: '  ', writing_style: ' short sentences ', is_default: true }),
    ).toEqual({
      name: 'Ana',
      tone: 'warm',
      language: 'en',
      description: null,
      writing_style: 'short sentences',
      is_default: true,
    });
  });

  it('fills the form from a saved profile', () => {
    expect(
      formFromProfile({
        id: 1,
        name: 'Ana',
        tone: 'warm',
        language: 'en',
        description: null,
        writing_style: null,
        is_default: false,
        created_at: '',
        updated_at: '',
      }),
    ).toEqual({ name: 'Ana', tone: 'warm', language: 'en', description: '', writing_style: '', is_default: false });
  });

  it('puts the core’s field errors next to their fields', () => {
    const error = new Igny8Error('VALIDATION_ERROR', 'Invalid', 400, { name: ['Too long.'], other: ['ignored'] });
    expect(serverFieldErrors(error)).toEqual({ name: 'Too long.' });
    expect(serverFieldErrors(new Error('x'))).toEqual({});
  });

  it('lets owners and admins edit, not editors or viewers', () => {
    expect(canEditProfiles('owner', true)).toBe(true);
    expect(canEditProfiles('admin', true)).toBe(true);
    expect(canEditProfiles('editor', true)).toBe(false);
    expect(canEditProfiles('viewer', false)).toBe(false);
    expect(canEditProfiles('admin', false)).toBe(false);
  });
});
