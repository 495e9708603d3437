import { Button, Card, CardBody, CardHeader, Notice, SelectControl, Spinner, TabPanel } from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { coreData } from '../../api/client';
import type { Content, Publishing } from '../../api/types';
import { ErrorNotice } from '../../components/error-notice';
import { ConfirmModal } from '../../components/table/confirm-modal';
import { formatDate } from '../../components/table/data-table';
import { StatusBadge } from '../../components/table/status';
import { contextStore } from '../../store/context';
import { writerStore } from '../../store/writer';
import { fetchPublishing } from '../../store/writer/requests';
import { approvalSteps, canApprove, canPublish, isNeverPublished, isPublishingDone, publishingMessage, PUBLISHING_POLL_MS } from './publishing';
import { Versions } from './versions';

type PublishAs = 'publish' | 'draft' | 'pending';

interface WriterActions {
  updateContent(id: number, changes: Record<string, unknown>): Promise<Content>;
  publishContent(id: number, status: PublishAs): Promise<{ publish_id: number }>;
  invalidatePages(): void;
}

/** One article: its preview, versions, approval and publishing to this site. */
export function ContentDetail({ id, onBack }: { id: number; onBack: () => void }) {
  const { canWrite, siteName } = useSelect(
    (select) => ({ canWrite: select(contextStore).canWrite(), siteName: select(contextStore).getContext()?.site.name ?? '' }),
    [],
  );
  const writer = useDispatch(writerStore) as unknown as WriterActions;
  // The whole article, html included, read here: the store's list rows have no html.
  const [content, setContent] = useState<Content | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [approving, setApproving] = useState<'review' | 'approved' | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [publishAs, setPublishAs] = useState<PublishAs>('publish');
  const [confirmPublish, setConfirmPublish] = useState(false);
  const [publishing, setPublishing] = useState<Publishing | null>(null);
  const [publishingError, setPublishingError] = useState<unknown>(null);
  // Bumped after each publish request: publishing is read again, and followed until it ends.
  const [publishRound, setPublishRound] = useState(0);

  useEffect(() => {
    let active = true;
    setError(null);
    coreData<Content>(`writer/content/${id}`).then(
      (found) => active && setContent(found),
      (thrown: unknown) => active && setError(thrown),
    );
    return () => {
      active = false;
    };
  }, [id]);

  useEffect(() => {
    let active = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let found: Publishing | null = null;
      try {
        found = await fetchPublishing(id);
        if (active) {
          setPublishingError(null);
        }
      } catch (thrown: unknown) {
        if (active && !isNeverPublished(thrown)) {
          setPublishingError(thrown);
        }
      }
      if (!active) {
        return;
      }
      setPublishing(found);
      if (found && !isPublishingDone(found)) {
        timer = setTimeout(() => void poll(), PUBLISHING_POLL_MS);
      } else if (found && publishRound > 0) {
        // The article's own WordPress fields (post id, URL, status) changed when publishing ended.
        writer.invalidatePages();
        coreData<Content>(`writer/content/${id}`).then(
          (fresh) => active && setContent(fresh),
          () => undefined,
        );
      }
    };
    void poll();
    return () => {
      active = false;
      if (timer) {
        clearTimeout(timer);
      }
    };
  }, [id, publishRound, writer]);

  if (error) {
    return (
      <div className="igny8-content-detail">
        <Button variant="link" onClick={onBack}>
          {__('← All content', 'igny8-bridge')}
        </Button>
        <ErrorNotice error={error} />
      </div>
    );
  }
  if (!content) {
    return <Spinner />;
  }

  const changeStatus = async (steps: Array<'review' | 'approved'>) => {
    setActionError(null);
    try {
      for (const status of steps) {
        setApproving(status);
        setContent(await writer.updateContent(content.id, { status }));
      }
    } catch (thrown: unknown) {
      setActionError(thrown);
    } finally {
      setApproving(null);
    }
  };

  const publish = async () => {
    setConfirmPublish(false);
    setActionError(null);
    try {
      await writer.publishContent(content.id, publishAs);
      setPublishing((current) => (current ? { ...current, status: 'queued', error_code: null, error_message: null } : current));
      setPublishRound((round) => round + 1);
    } catch (thrown: unknown) {
      setActionError(thrown);
    }
  };

  const inFlight = publishing !== null && !isPublishingDone(publishing);
  const postUrl = publishing?.wp_post_url ?? content.wp_post_url;

  return (
    <div className="igny8-content-detail" data-testid="igny8-content-detail">
      <Button variant="link" onClick={onBack} className="igny8-content-detail__back">
        {__('← All content', 'igny8-bridge')}
      </Button>
      <Card className="igny8-card">
        <CardHeader>
          <h2 className="igny8-content-detail__title">{content.title}</h2>
          <StatusBadge status={content.status} />
        </CardHeader>
        <CardBody>
          <dl className="igny8-content-detail__facts">
            <dt>{__('Words', 'igny8-bridge')}</dt>
            <dd>{content.word_count.toLocaleString()}</dd>
            <dt>{__('Version', 'igny8-bridge')}</dt>
            <dd>{content.version}</dd>
            <dt>{__('Updated', 'igny8-bridge')}</dt>
            <dd>{formatDate(content.updated_at)}</dd>
            {content.primary_keyword ? (
              <>
                <dt>{__('Main keyword', 'igny8-bridge')}</dt>
                <dd>{content.primary_keyword}</dd>
              </>
            ) : null}
            {content.secondary_keywords.length > 0 ? (
              <>
                <dt>{__('Other keywords', 'igny8-bridge')}</dt>
                <dd>{content.secondary_keywords.join(', ')}</dd>
              </>
            ) : null}
            <dt>{__('SEO title', 'igny8-bridge')}</dt>
            <dd>{content.meta_title || '—'}</dd>
            <dt>{__('Meta description', 'igny8-bridge')}</dt>
            <dd>{content.meta_description || '—'}</dd>
          </dl>

          <ErrorNotice error={actionError} onRemove={() => setActionError(null)} />
          {canWrite ? (
            <div className="igny8-content-detail__actions">
              {canApprove(content.status) ? (
                <Button
                  variant="secondary"
                  onClick={() => void changeStatus(approvalSteps(content.status))}
                  isBusy={approving !== null}
                  disabled={approving !== null}
                  data-testid="igny8-approve"
                >
                  {__('Approve', 'igny8-bridge')}
                </Button>
              ) : null}
              {content.status === 'draft' ? (
                <Button
                  variant="tertiary"
                  onClick={() => void changeStatus(['review'])}
                  disabled={approving !== null}
                  data-testid="igny8-send-review"
                >
                  {__('Send for review', 'igny8-bridge')}
                </Button>
              ) : null}
              <SelectControl
                __nextHasNoMarginBottom
                label={__('Publish as', 'igny8-bridge')}
                value={publishAs}
                options={[
                  { label: __('Published post', 'igny8-bridge'), value: 'publish' },
                  { label: __('Draft', 'igny8-bridge'), value: 'draft' },
                  { label: __('Pending review', 'igny8-bridge'), value: 'pending' },
                ]}
                onChange={(value: string) => setPublishAs(value as PublishAs)}
              />
              <Button
                variant="primary"
                disabled={inFlight || !canPublish(content.status)}
                isBusy={inFlight}
                onClick={() => setConfirmPublish(true)}
                data-testid="igny8-publish"
                aria-describedby={canPublish(content.status) ? undefined : 'igny8-publish-reason'}
              >
                {content.wp_post_id ? __('Update on this site', 'igny8-bridge') : __('Publish to this site', 'igny8-bridge')}
              </Button>
              {!canPublish(content.status) ? (
                <span id="igny8-publish-reason" className="igny8-reason">
                  {__('Approve it first: only approved content is published.', 'igny8-bridge')}
                </span>
              ) : null}
            </div>
          ) : (
            <p className="igny8-reason">{__('Your role can read this article but not approve or publish it.', 'igny8-bridge')}</p>
          )}

          <div className="igny8-content-detail__publishing" data-testid="igny8-publishing" aria-live="polite">
            <ErrorNotice error={publishingError} />
            {publishing ? (
              <Notice
                status={publishing.status === 'failed' ? 'error' : publishing.status === 'published' ? 'success' : 'info'}
                isDismissible={false}
              >
                {inFlight ? <Spinner /> : null}
                <span data-testid="igny8-publishing-status" data-status={publishing.status}>
                  {publishingMessage(publishing)}
                </span>{' '}
                {postUrl ? (
                  <a href={postUrl} target="_blank" rel="noreferrer" data-testid="igny8-publish-link">
                    {__('View the post', 'igny8-bridge')}
                  </a>
                ) : null}
                {publishing.published_at ? (
                  <span className="igny8-content-detail__when">
                    {' '}
                    {sprintf(/* translators: %s: date and time */ __('(%s)', 'igny8-bridge'), formatDate(publishing.published_at))}
                  </span>
                ) : null}
              </Notice>
            ) : content.wp_post_url ? (
              <p>
                <a href={content.wp_post_url} target="_blank" rel="noreferrer" data-testid="igny8-publish-link">
                  {__('View the post', 'igny8-bridge')}
                </a>
              </p>
            ) : (
              <p className="description">{__('Not published to this site yet.', 'igny8-bridge')}</p>
            )}
          </div>
        </CardBody>
      </Card>

      <Card className="igny8-card">
        <CardBody>
          <TabPanel
            className="igny8-content-detail__tabs"
            tabs={[
              { name: 'preview', title: __('Preview', 'igny8-bridge') },
              { name: 'versions', title: __('Versions', 'igny8-bridge') },
            ]}
          >
            {(tab: { name: string }) =>
              tab.name === 'versions' ? (
                <Versions content={content} canWrite={canWrite} onRestored={setContent} />
              ) : (
                // The core sanitises HTML on every write: no scripts, styles, handlers or javascript: URLs.
                <div className="igny8-preview" data-testid="igny8-content-preview" dangerouslySetInnerHTML={{ __html: content.html }} />
              )
            }
          </TabPanel>
        </CardBody>
      </Card>

      {confirmPublish ? (
        <ConfirmModal
          title={content.wp_post_id ? __('Update the post?', 'igny8-bridge') : __('Publish to this site?', 'igny8-bridge')}
          confirmLabel={content.wp_post_id ? __('Update', 'igny8-bridge') : __('Publish', 'igny8-bridge')}
          onCancel={() => setConfirmPublish(false)}
          onConfirm={() => void publish()}
        >
          <p>
            {publishAs === 'publish'
              ? sprintf(
                  /* translators: 1: article title, 2: site name */ __(
                    '“%1$s” goes live on %2$s, with its images, categories and tags.',
                    'igny8-bridge',
                  ),
                  content.title,
                  siteName,
                )
              : sprintf(
                  /* translators: 1: article title, 2: site name */
                  __('“%1$s” is sent to %2$s without going live, for an editor to finish there.', 'igny8-bridge'),
                  content.title,
                  siteName,
                )}
          </p>
        </ConfirmModal>
      ) : null}
    </div>
  );
}
