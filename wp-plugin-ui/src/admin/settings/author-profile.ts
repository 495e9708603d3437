import { __ } from '@wordpress/i18n';
import { Igny8Error } from '../../api/errors';
import type { AuthorProfile, BodyOf } from '../../api/types';
import type { InitialContext } from '../../bootstrap';

export type ProfileBody = BodyOf<'createAuthorProfile'>;

export interface ProfileForm {
  name: string;
  tone: string;
  language: string;
  description: string;
  writing_style: string;
  is_default: boolean;
}

export type ProfileField = keyof ProfileForm;
export type ProfileErrors = Partial<Record<ProfileField, string>>;

export const EMPTY_PROFILE: ProfileForm = { name: '', tone: '', language: '', description: '', writing_style: '', is_default: false };

export function formFromProfile(profile: AuthorProfile): ProfileForm {
  return {
    name: profile.name,
    tone: profile.tone,
    language: profile.language,
    description: profile.description ?? '',
    writing_style: profile.writing_style ?? '',
    is_default: profile.is_default,
  };
}

/** What the form lacks before it is sent; the core checks again. */
export function validateProfile(form: ProfileForm): ProfileErrors {
  const errors: ProfileErrors = {};
  if (form.name.trim() === '') {
    errors.name = __('Give the profile a name.', 'igny8-bridge');
  }
  if (form.tone.trim() === '') {
    errors.tone = __('Describe the tone, for example “friendly and expert”.', 'igny8-bridge');
  }
  if (form.language.trim() === '') {
    errors.language = __('Enter a language code, for example en, en-GB or de.', 'igny8-bridge');
  } else if (!/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/.test(form.language.trim())) {
    errors.language = __('Use a language code such as en, en-GB or de.', 'igny8-bridge');
  }
  return errors;
}

/** The request body: trimmed, empty optional text sent as null. */
export function profileBody(form: ProfileForm): ProfileBody {
  const optional = (value: string) => (value.trim() === '' ? null : value.trim());
  return {
    name: form.name.trim(),
    tone: form.tone.trim(),
    language: form.language.trim(),
    description: optional(form.description),
    writing_style: optional(form.writing_style),
    is_default: form.is_default,
  };
}

/** The core's field errors (VALIDATION_ERROR) next to the fields they concern. */
export function serverFieldErrors(error: unknown): ProfileErrors {
  if (!(error instanceof Igny8Error)) {
    return {};
  }
  const errors: ProfileErrors = {};
  for (const field of Object.keys(EMPTY_PROFILE) as ProfileField[]) {
    const messages = error.fields[field];
    if (messages && messages.length > 0) {
      errors[field] = messages.join(' ');
    }
  }
  return errors;
}

/** Author profiles shape every article of the account: owners and admins change them (the core's rule). */
export function canEditProfiles(role: InitialContext['role'] | undefined, canWrite: boolean): boolean {
  return canWrite && (role === 'developer' || role === 'owner' || role === 'admin');
}
