import { Button, Card, CardBody, CardHeader, Notice, SelectControl, Spinner } from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { corePage } from '../../api/client';
import type { AuthorProfile } from '../../api/types';
import { bridgeData } from '../../bootstrap';
import { ErrorNotice } from '../../components/error-notice';
import { SectorPicker } from '../../components/sector-picker';
import { contextStore } from '../../store/context';
import { choiceOf, defaultVoiceLabel, profileChoices, profileInUse } from './author-profile';
import './settings.scss';

const ROLE_LABELS: Record<string, () => string> = {
  developer: () => __('Developer', 'igny8-bridge'),
  owner: () => __('Owner', 'igny8-bridge'),
  admin: () => __('Administrator', 'igny8-bridge'),
  editor: () => __('Editor', 'igny8-bridge'),
  viewer: () => __('Viewer (read-only)', 'igny8-bridge'),
  system_bot: () => __('System', 'igny8-bridge'),
};

/** The connection, the sector this browser opens with, and the author profile the site's articles are written in. */
export function SettingsPage() {
  const { context, sectors } = useSelect(
    (select) => ({
      context: select(contextStore).getContext(),
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

      <AuthorProfileSettings />
    </div>
  );
}

/** The voice this site's articles are written in: an administrator picks one of the account's profiles. */
function AuthorProfileSettings() {
  const { canChoose, siteProfileId } = useSelect(
    (select) => ({
      canChoose: select(contextStore).getContext()?.can_choose_author_profile ?? false,
      siteProfileId: select(contextStore).getSiteAuthorProfileId(),
    }),
    [],
  );
  const { chooseAuthorProfile } = useDispatch(contextStore);
  const [profiles, setProfiles] = useState<AuthorProfile[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [choice, setChoice] = useState(choiceOf(siteProfileId));
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    corePage<AuthorProfile>('system/author-profiles', { page_size: 100, ordering: 'name' }).then(
      (page) => current && setProfiles(page.results),
      (thrown: unknown) => current && setError(thrown),
    );
    return () => {
      current = false;
    };
  }, []);

  const inUse = profiles ? profileInUse(profiles, siteProfileId) : null;
  const save = async () => {
    setSaving(true);
    setSaved(null);
    setError(null);
    try {
      await chooseAuthorProfile(choice === '' ? null : Number(choice));
      setSaved(__('Saved: new articles of this site are written in this voice.', 'igny8-bridge'));
    } catch (thrown: unknown) {
      setError(thrown);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card className="igny8-card" data-testid="igny8-author-profiles">
      <CardHeader>
        <h2>{__('Author profile', 'igny8-bridge')}</h2>
      </CardHeader>
      <CardBody>
        <p className="description">
          {__(
            'The voice this site’s articles are written in: tone, language and style. Runs started here use it unless they name another profile.',
            'igny8-bridge',
          )}
        </p>
        {saved ? (
          <Notice status="success" onRemove={() => setSaved(null)}>
            {saved}
          </Notice>
        ) : null}
        <ErrorNotice error={error} onRemove={() => setError(null)} />
        {!profiles && !error ? <Spinner /> : null}
        {profiles && canChoose ? (
          <div className="igny8-settings__profile-choice">
            <SelectControl
              __nextHasNoMarginBottom
              label={__('This site’s author profile', 'igny8-bridge')}
              value={choice}
              options={profileChoices(profiles)}
              onChange={(value: string) => setChoice(value)}
              data-testid="igny8-site-profile"
            />
            <Button
              variant="primary"
              onClick={() => void save()}
              isBusy={saving}
              disabled={saving || choice === choiceOf(siteProfileId)}
              data-testid="igny8-site-profile-save"
            >
              {__('Save', 'igny8-bridge')}
            </Button>
          </div>
        ) : null}
        {profiles && !canChoose ? (
          <p data-testid="igny8-site-profile-in-use">
            {sprintf(
              /* translators: %s: an author profile's name, or a description of the default voice */ __('This site writes in: %s.', 'igny8-bridge'),
              inUse ? inUse.name : defaultVoiceLabel(),
            )}{' '}
            <span className="igny8-reason">{__('A WordPress administrator chooses the site’s profile.', 'igny8-bridge')}</span>
          </p>
        ) : null}
        {profiles && profiles.length > 0 ? (
          <table className="widefat striped igny8-table igny8-profiles-table">
            <caption className="screen-reader-text">{__('The account’s author profiles', 'igny8-bridge')}</caption>
            <thead>
              <tr>
                <th scope="col">{__('Name', 'igny8-bridge')}</th>
                <th scope="col">{__('Tone', 'igny8-bridge')}</th>
                <th scope="col">{__('Language', 'igny8-bridge')}</th>
                <th scope="col">{__('Description', 'igny8-bridge')}</th>
                <th scope="col">{__('Account default', 'igny8-bridge')}</th>
                <th scope="col">{__('Used here', 'igny8-bridge')}</th>
              </tr>
            </thead>
            <tbody>
              {profiles.map((profile) => (
                <tr key={profile.id}>
                  <th scope="row">{profile.name}</th>
                  <td>{profile.tone}</td>
                  <td>{profile.language}</td>
                  <td>{profile.description ?? '—'}</td>
                  <td>{profile.is_default ? __('Yes', 'igny8-bridge') : '—'}</td>
                  <td>{inUse?.id === profile.id ? __('Yes', 'igny8-bridge') : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <p className="description">{__('Author profiles are created and changed in IGNY8 by the account’s owners and admins.', 'igny8-bridge')}</p>
      </CardBody>
    </Card>
  );
}
