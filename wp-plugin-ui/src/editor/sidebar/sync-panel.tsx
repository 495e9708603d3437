import { PanelBody } from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';
import type { PostLink } from './editor-api';

/** Whether IGNY8 knows this post's latest status: what was last synced, and what is still on its way. */
export function SyncPanel({ link }: { link: PostLink | undefined }) {
  return (
    <PanelBody title={__('Sync', 'igny8-bridge')} initialOpen={false}>
      {!link?.managed ? (
        <p>{__('Not followed by IGNY8 yet: its status is sent once the post is linked to generated content.', 'igny8-bridge')}</p>
      ) : (
        <>
          <p data-testid="igny8-sync-status">
            {link.last_synced
              ? sprintf(
                  /* translators: 1: WordPress status, 2: date and time */
                  __('Status "%1$s" last reported to IGNY8 at %2$s.', 'igny8-bridge'),
                  link.wordpress_status || '—',
                  new Date(link.last_synced).toLocaleString(),
                )
              : __('Status changes are sent to IGNY8 when the post is saved.', 'igny8-bridge')}
          </p>
          {link.webhooks_waiting > 0 ? (
            <p className="igny8-muted">
              {sprintf(
                /* translators: %d: number of updates */
                _n(
                  '%d status update is waiting to reach IGNY8; it is retried automatically.',
                  '%d status updates are waiting to reach IGNY8; they are retried automatically.',
                  link.webhooks_waiting,
                  'igny8-bridge',
                ),
                link.webhooks_waiting,
              )}
            </p>
          ) : null}
          {link.webhook_error ? <p className="igny8-muted">{link.webhook_error}</p> : null}
        </>
      )}
    </PanelBody>
  );
}
