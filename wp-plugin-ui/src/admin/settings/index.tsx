import { Button, Card, CardBody, CardHeader, CheckboxControl, Notice, Spinner, TextareaControl, TextControl } from '@wordpress/components';
import { useSelect } from '@wordpress/data';
import { useCallback, useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { coreData, corePage } from '../../api/client';
import type { AuthorProfile } from '../../api/types';
import { bridgeData } from '../../bootstrap';
import { ErrorNotice } from '../../components/error-notice';
import { SectorPicker } from '../../components/sector-picker';
import { contextStore } from '../../store/context';
import {
  canEditProfiles,
  EMPTY_PROFILE,
  formFromProfile,
  profileBody,
  serverFieldErrors,
  validateProfile,
  type ProfileErrors,
  type ProfileForm,
} from './author-profile';
import './settings.scss';

const ROLE_LABELS: Record<string, () => string> = {
  developer: () => __('Developer', 'igny8-bridge'),
  owner: () => __('Owner', 'igny8-bridge'),
  admin: () => __('Administrator', 'igny8-bridge'),
  editor: () => __('Editor', 'igny8-bridge'),
  viewer: () => __('Viewer (read-only)', 'igny8-bridge'),
  system_bot: () => __('System', 'igny8-bridge'),
};

/** The connection, the sector this browser opens with, and the author profiles articles are written in. */
export function SettingsPage() {
  const { context, canWrite, sectors } = useSelect(
    (select) => ({
      context: select(contextStore).getContext(),
      canWrite: select(contextStore).canWrite(),
      sectors: select(contextStore).getSectors(),
    }),
    [],
  );
  const data = bridgeData();

  return (
    <div className="igny8-settings">
      <Card className="igny8-card" data-testid="igny8-connection">
        <CardHeader>
          <h2>{__('Connection', 'igny8-bridge')}</h2>
        </CardHeader>
        <CardBody>
          <dl className="igny8-settings__facts">
            <dt>{__('Status', 'igny8-bridge')}</dt>
            <dd>{data.connected ? __('Connected', 'igny8-bridge') : __('Not connected', 'igny8-bridge')}</dd>
            <dt>{__('IGNY8 site', 'igny8-bridge')}</dt>
            <dd>{context?.site.name || data.siteName || '—'}</dd>
            <dt>{__('IGNY8 account', 'igny8-bridge')}</dt>
            <dd>{context?.account_name || data.accountName || '—'}</dd>
            <dt>{__('Your IGNY8 role here', 'igny8-bridge')}</dt>
            <dd>{context ? (ROLE_LABELS[context.role]?.() ?? context.role) : '—'}</dd>
            {data.user ? (
              <>
                <dt>{__('Acting as', 'igny8-bridge')}</dt>
                <dd>
                  {sprintf(
                    /* translators: 1: WordPress user name, 2: WordPress role */ __('%1$s (WordPress %2$s)', 'igny8-bridge'),
                    data.user.name,
                    data.user.wpRole,
                  )}
                </dd>
              </>
            ) : null}
          </dl>
          <p className="description">
            {__('The site’s API key stays on the server: WordPress keeps it and never sends it to the browser.', 'igny8-bridge')}
          </p>
          {data.connectUrl ? (
            <p>
              <Button variant="secondary" href={data.connectUrl} data-testid="igny8-connection-manage">
                {__('Connect, test or disconnect', 'igny8-bridge')}
              </Button>
            </p>
          ) : (
            <p className="igny8-reason">{__('Only a WordPress administrator can change the connection.', 'igny8-bridge')}</p>
          )}
        </CardBody>
      </Card>

      <Card className="igny8-card">
        <CardHeader>
          <h2>{__('Default sector', 'igny8-bridge')}</h2>
        </CardHeader>
        <CardBody>
          {sectors.length > 0 ? (
            <>
              <SectorPicker />
              <p className="description">{__('The sector IGNY8’s pages open with. Remembered for this site in this browser.', 'igny8-bridge')}</p>
            </>
          ) : (
            <p>{__('This site has no sectors yet. Add them in IGNY8.', 'igny8-bridge')}</p>
          )}
        </CardBody>
      </Card>

      <AuthorProfiles canEdit={canEditProfiles(context?.role, canWrite)} canWrite={canWrite} />
    </div>
  );
}

function AuthorProfiles({ canEdit, canWrite }: { canEdit: boolean; canWrite: boolean }) {
  const [profiles, setProfiles] = useState<AuthorProfile[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<AuthorProfile | 'new' | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const load = useCallback(() => {
    let current = true;
    corePage<AuthorProfile>('system/author-profiles', { page_size: 100, ordering: 'name' }).then(
      (page) => {
        if (current) {
          setProfiles(page.results);
          setError(null);
        }
      },
      (thrown: unknown) => current && setError(thrown),
    );
    return () => {
      current = false;
    };
  }, []);
  useEffect(load, [load]);

  return (
    <Card className="igny8-card" data-testid="igny8-author-profiles">
      <CardHeader>
        <h2>{__('Author profiles', 'igny8-bridge')}</h2>
        {canEdit && editing === null ? (
          <Button variant="secondary" onClick={() => setEditing('new')} data-testid="igny8-profile-new">
            {__('New author profile', 'igny8-bridge')}
          </Button>
        ) : null}
      </CardHeader>
      <CardBody>
        <p className="description">
          {__('The voice articles are written in: tone, language and style. The default profile is used when none is chosen.', 'igny8-bridge')}
        </p>
        {!canEdit ? (
          <p className="igny8-reason">
            {canWrite
              ? __('Only account owners and admins can change author profiles, because they shape every article of the account.', 'igny8-bridge')
              : __('Your role can view author profiles but not change them.', 'igny8-bridge')}
          </p>
        ) : null}
        {saved ? (
          <Notice status="success" onRemove={() => setSaved(null)}>
            {saved}
          </Notice>
        ) : null}
        <ErrorNotice error={error} />
        {!profiles && !error ? <Spinner /> : null}
        {profiles && profiles.length === 0 ? <p className="igny8-empty">{__('No author profiles yet.', 'igny8-bridge')}</p> : null}
        {profiles && profiles.length > 0 ? (
          <table className="widefat striped igny8-table igny8-profiles-table">
            <caption className="screen-reader-text">{__('Author profiles', 'igny8-bridge')}</caption>
            <thead>
              <tr>
                <th scope="col">{__('Name', 'igny8-bridge')}</th>
                <th scope="col">{__('Tone', 'igny8-bridge')}</th>
                <th scope="col">{__('Language', 'igny8-bridge')}</th>
                <th scope="col">{__('Description', 'igny8-bridge')}</th>
                <th scope="col">{__('Default', 'igny8-bridge')}</th>
                {canEdit ? <th scope="col">{__('Actions', 'igny8-bridge')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {profiles.map((profile) => (
                <tr key={profile.id}>
                  <th scope="row">{profile.name}</th>
                  <td>{profile.tone}</td>
                  <td>{profile.language}</td>
                  <td>{profile.description ?? '—'}</td>
                  <td>{profile.is_default ? __('Default', 'igny8-bridge') : '—'}</td>
                  {canEdit ? (
                    <td>
                      <Button
                        variant="tertiary"
                        className="igny8-button-small"
                        disabled={editing !== null}
                        onClick={() => setEditing(profile)}
                        aria-label={sprintf(/* translators: %s: a profile's name */ __('Edit author profile %s', 'igny8-bridge'), profile.name)}
                      >
                        {__('Edit', 'igny8-bridge')}
                      </Button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {canEdit && editing !== null ? (
          <ProfileEditor
            key={editing === 'new' ? 'new' : editing.id}
            profile={editing === 'new' ? null : editing}
            onCancel={() => setEditing(null)}
            onSaved={(profile) => {
              setEditing(null);
              setSaved(sprintf(/* translators: %s: a profile's name */ __('Author profile “%s” saved.', 'igny8-bridge'), profile.name));
              load();
            }}
          />
        ) : null}
      </CardBody>
    </Card>
  );
}

function ProfileEditor({
  profile,
  onCancel,
  onSaved,
}: {
  profile: AuthorProfile | null;
  onCancel: () => void;
  onSaved: (profile: AuthorProfile) => void;
}) {
  const [form, setForm] = useState<ProfileForm>(profile ? formFromProfile(profile) : EMPTY_PROFILE);
  const [errors, setErrors] = useState<ProfileErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const change = (changes: Partial<ProfileForm>) => setForm((current) => ({ ...current, ...changes }));

  const save = async () => {
    const found = validateProfile(form);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const body = profileBody(form);
      const result = profile
        ? await coreData<AuthorProfile>(`system/author-profiles/${profile.id}`, { method: 'PATCH', data: body })
        : await coreData<AuthorProfile>('system/author-profiles', { method: 'POST', data: body });
      onSaved(result);
    } catch (thrown: unknown) {
      setErrors(serverFieldErrors(thrown));
      setError(thrown);
      setSaving(false);
    }
  };

  return (
    <form
      className="igny8-profile-form"
      data-testid="igny8-profile-form"
      // Our own checks explain each field in words; the browser's bubbles would stop them.
      noValidate
      aria-label={profile ? __('Edit author profile', 'igny8-bridge') : __('New author profile', 'igny8-bridge')}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h3>
        {profile
          ? sprintf(/* translators: %s: a profile's name */ __('Edit “%s”', 'igny8-bridge'), profile.name)
          : __('New author profile', 'igny8-bridge')}
      </h3>
      <ErrorNotice error={error} />
      <TextControl
        __nextHasNoMarginBottom
        label={__('Name', 'igny8-bridge')}
        value={form.name}
        onChange={(value: string) => change({ name: value })}
        help={errors.name}
        className={errors.name ? 'has-error' : undefined}
        required
      />
      <TextControl
        __nextHasNoMarginBottom
        label={__('Tone', 'igny8-bridge')}
        value={form.tone}
        onChange={(value: string) => change({ tone: value })}
        help={errors.tone ?? __('For example: friendly and expert.', 'igny8-bridge')}
        className={errors.tone ? 'has-error' : undefined}
        required
      />
      <TextControl
        __nextHasNoMarginBottom
        label={__('Language', 'igny8-bridge')}
        value={form.language}
        onChange={(value: string) => change({ language: value })}
        help={errors.language ?? __('A language code: en, en-GB, de…', 'igny8-bridge')}
        className={errors.language ? 'has-error' : undefined}
        required
      />
      <TextareaControl
        __nextHasNoMarginBottom
        label={__('Description', 'igny8-bridge')}
        value={form.description}
        onChange={(value: string) => change({ description: value })}
        help={errors.description ?? __('Who writes: their background and audience.', 'igny8-bridge')}
      />
      <TextareaControl
        __nextHasNoMarginBottom
        label={__('Writing style', 'igny8-bridge')}
        value={form.writing_style}
        onChange={(value: string) => change({ writing_style: value })}
        help={errors.writing_style ?? __('Optional: sentence length, use of lists, words to avoid…', 'igny8-bridge')}
      />
      <CheckboxControl
        __nextHasNoMarginBottom
        label={__('Use this profile by default', 'igny8-bridge')}
        checked={form.is_default}
        onChange={(checked: boolean) => change({ is_default: checked })}
      />
      <div className="igny8-modal-actions">
        <Button variant="tertiary" onClick={onCancel} disabled={saving}>
          {__('Cancel', 'igny8-bridge')}
        </Button>
        <Button variant="primary" type="submit" isBusy={saving} disabled={saving} data-testid="igny8-profile-save">
          {__('Save profile', 'igny8-bridge')}
        </Button>
      </div>
    </form>
  );
}
