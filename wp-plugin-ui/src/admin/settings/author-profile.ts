import { __, sprintf } from '@wordpress/i18n';
import type { AuthorProfile } from '../../api/types';

/** The select's value for a site's profile: its id, or '' for the account's default. */
export const choiceOf = (siteProfileId: number | null): string => (siteProfileId === null ? '' : String(siteProfileId));

/** The voice the core writes in when the account has no default profile (ai/commands DEFAULT_VOICE). */
export const defaultVoiceLabel = (): string => __('a clear, helpful and expert voice, in English', 'igny8-bridge');

/** The account's default first (named when there is one), then every profile with its tone and language. */
export function profileChoices(profiles: AuthorProfile[]): { label: string; value: string }[] {
  const accountDefault = profiles.find((profile) => profile.is_default);
  return [
    {
      label: sprintf(
        /* translators: %s: the default author profile's name, or a description of the default voice */
        __('The account’s default (%s)', 'igny8-bridge'),
        accountDefault ? accountDefault.name : defaultVoiceLabel(),
      ),
      value: '',
    },
    ...profiles.map((profile) => ({
      label: sprintf(
        /* translators: 1: profile name, 2: its tone, 3: its language code */ __('%1$s — %2$s, %3$s', 'igny8-bridge'),
        profile.name,
        profile.tone,
        profile.language,
      ),
      value: String(profile.id),
    })),
  ];
}

/** The profile the site's articles are written in: its own, else the account's default; null when neither exists. */
export function profileInUse(profiles: AuthorProfile[], siteProfileId: number | null): AuthorProfile | null {
  return profiles.find((profile) => profile.id === siteProfileId) ?? profiles.find((profile) => profile.is_default) ?? null;
}
