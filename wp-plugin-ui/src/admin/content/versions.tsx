import { Button, Spinner } from '@wordpress/components';
import { useDispatch } from '@wordpress/data';
import { useCallback, useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { Content, ContentVersion } from '../../api/types';
import { ErrorNotice } from '../../components/error-notice';
import { ConfirmModal } from '../../components/table/confirm-modal';
import { formatDate } from '../../components/table/data-table';
import { StatusBadge } from '../../components/table/status';
import { writerStore } from '../../store/writer';
import { fetchVersions } from '../../store/writer/requests';

/** Earlier versions of an article (every save keeps the one before); any can be restored. */
export function Versions({ content, canWrite, onRestored }: { content: Content; canWrite: boolean; onRestored: (content: Content) => void }) {
  const [versions, setVersions] = useState<ContentVersion[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [viewing, setViewing] = useState<number | null>(null);
  const [restoring, setRestoring] = useState<ContentVersion | null>(null);
  const [busy, setBusy] = useState(false);
  const [restored, setRestored] = useState<number | null>(null);
  const { restoreVersion } = useDispatch(writerStore) as unknown as { restoreVersion(id: number, version: number): Promise<Content> };

  const load = useCallback(() => {
    let current = true;
    setError(null);
    fetchVersions(content.id).then(
      (page) => current && setVersions([...page.results].sort((a, b) => b.version - a.version)),
      (thrown: unknown) => current && setError(thrown),
    );
    return () => {
      current = false;
    };
  }, [content.id]);
  // Read again when the article changes (a restore or a save makes a new version).
  useEffect(load, [load, content.version]);

  const restore = async (version: ContentVersion) => {
    setBusy(true);
    setError(null);
    try {
      onRestored(await restoreVersion(content.id, version.version));
      setRestored(version.version);
    } catch (thrown: unknown) {
      setError(thrown);
    } finally {
      setBusy(false);
      setRestoring(null);
    }
  };

  return (
    <div className="igny8-versions" data-testid="igny8-versions">
      <ErrorNotice error={error} />
      {restored !== null ? (
        <p className="igny8-versions__restored" role="status">
          {sprintf(
            /* translators: %d: a version number */ __('Version %d restored; the text it replaced is kept as a version too.', 'igny8-bridge'),
            restored,
          )}
        </p>
      ) : null}
      {!versions && !error ? <Spinner /> : null}
      {versions && versions.length === 0 ? <p>{__('No earlier versions: this is the first text.', 'igny8-bridge')}</p> : null}
      {versions && versions.length > 0 ? (
        <table className="widefat striped igny8-table igny8-versions__table">
          <caption className="screen-reader-text">{__('Earlier versions', 'igny8-bridge')}</caption>
          <thead>
            <tr>
              <th scope="col">{__('Version', 'igny8-bridge')}</th>
              <th scope="col">{__('Saved', 'igny8-bridge')}</th>
              <th scope="col">{__('Title', 'igny8-bridge')}</th>
              <th scope="col">{__('Words', 'igny8-bridge')}</th>
              <th scope="col">{__('Status', 'igny8-bridge')}</th>
              <th scope="col">{__('Actions', 'igny8-bridge')}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((version) => (
              <VersionRow
                key={version.id}
                version={version}
                viewing={viewing === version.version}
                onView={() => setViewing(viewing === version.version ? null : version.version)}
                onRestore={canWrite ? () => setRestoring(version) : null}
              />
            ))}
          </tbody>
        </table>
      ) : null}
      {restoring ? (
        <ConfirmModal
          title={__('Restore this version?', 'igny8-bridge')}
          confirmLabel={__('Restore', 'igny8-bridge')}
          busy={busy}
          onCancel={() => setRestoring(null)}
          onConfirm={() => void restore(restoring)}
        >
          <p>
            {sprintf(
              /* translators: 1: a version number, 2: when it was saved */
              __(
                'The article goes back to version %1$d from %2$s. The current text is kept as a version, so you can come back to it.',
                'igny8-bridge',
              ),
              restoring.version,
              formatDate(restoring.created_at),
            )}
          </p>
        </ConfirmModal>
      ) : null}
    </div>
  );
}

function VersionRow({
  version,
  viewing,
  onView,
  onRestore,
}: {
  version: ContentVersion;
  viewing: boolean;
  onView: () => void;
  onRestore: (() => void) | null;
}) {
  return (
    <>
      <tr>
        <th scope="row">{version.version}</th>
        <td>{formatDate(version.created_at)}</td>
        <td>{version.title}</td>
        <td>{version.word_count.toLocaleString()}</td>
        <td>
          <StatusBadge status={version.status} />
        </td>
        <td className="igny8-versions__actions">
          <Button variant="tertiary" className="igny8-button-small" aria-expanded={viewing} onClick={onView}>
            {viewing ? __('Hide', 'igny8-bridge') : __('View', 'igny8-bridge')}
          </Button>
          {onRestore ? (
            <Button
              variant="secondary"
              className="igny8-button-small"
              onClick={onRestore}
              data-testid="igny8-version-restore"
              aria-label={sprintf(/* translators: %d: a version number */ __('Restore version %d', 'igny8-bridge'), version.version)}
            >
              {__('Restore', 'igny8-bridge')}
            </Button>
          ) : null}
        </td>
      </tr>
      {viewing ? (
        <tr className="igny8-table__detail">
          <td colSpan={6}>
            {/* The core sanitises HTML on every write, versions included. */}
            <div className="igny8-preview" dangerouslySetInnerHTML={{ __html: version.html }} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
