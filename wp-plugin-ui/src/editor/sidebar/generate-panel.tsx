import { parse } from '@wordpress/blocks';
import { Button, Modal, PanelBody, Spinner } from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import { useCallback, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { AiTaskProgress, Content } from '../../api/types';
import { CostConfirm } from '../../components/cost-confirm';
import { ErrorNotice } from '../../components/error-notice';
import { RunStatus } from '../../components/run-status';
import { contextStore } from '../../store/context';
import { writerStore } from '../../store/writer';
import type { BlockEditorActions, BlockEditorSelectors, CoreEditorActions, CoreEditorSelectors, PostLink } from './editor-api';
import { savePostLink } from './post-link';
import { hasContent } from './sections';
import { useRun } from './use-run';

interface Props {
  postId: number;
  link: PostLink;
  onLinked: (link: PostLink) => void;
  canWrite: boolean;
}

/** Generates the linked task's article in the core and puts it into the post as native blocks. */
export function GeneratePanel({ postId, link, onLinked, canWrite }: Props) {
  const contentId = link.content_id;
  const { content, contentError } = useSelect(
    (select) => ({
      content: contentId ? (select(writerStore).getItem('content', contentId) as Content | undefined) : undefined,
      contentError: contentId ? select(writerStore).getItemError('content', contentId) : undefined,
    }),
    [contentId],
  );
  const { invalidateItem } = useDispatch(writerStore);
  const { refreshCredits } = useDispatch(contextStore);
  const { editPost } = useDispatch('core/editor') as unknown as CoreEditorActions;
  const { insertBlocks, replaceBlocks } = useDispatch('core/block-editor') as unknown as BlockEditorActions;
  const { getBlocks } = useSelect((select) => select('core/block-editor') as unknown as BlockEditorSelectors, []);
  const title = useSelect((select) => (select('core/editor') as unknown as CoreEditorSelectors).getEditedPostAttribute('title'), []);
  const [confirming, setConfirming] = useState(false);
  const [inserted, setInserted] = useState(false);

  const onFinished = useCallback(
    async (run: AiTaskProgress) => {
      const made = (run.result as { contents?: Array<{ content_id: number }> } | null)?.contents?.[0];
      void refreshCredits();
      if (link.task_id) {
        invalidateItem('tasks', link.task_id);
      }
      if (made) {
        onLinked(await savePostLink(postId, { task_id: link.task_id, content_id: made.content_id, sector_id: link.sector_id }));
        invalidateItem('content', made.content_id);
      }
    },
    [postId, link.task_id, link.sector_id, onLinked, invalidateItem, refreshCredits],
  );
  const { run, busy, error, start, clearError } = useRun(postId, 'article', onFinished);

  /** One dispatch, so one undo step: into an empty post, or replacing what is there once the user said so. */
  const insert = (mode: 'replace' | 'append') => {
    if (!content) {
      return;
    }
    // The title first, so that the last undo step is the insertion itself.
    if (!title) {
      editPost({ title: content.title });
    }
    const blocks = parse(content.blocks);
    const existing = getBlocks();
    if (mode === 'replace' && existing.length > 0) {
      replaceBlocks(
        existing.map((block) => block.clientId),
        blocks,
      );
    } else {
      insertBlocks(blocks, existing.length);
    }
    setConfirming(false);
    setInserted(true);
  };

  return (
    <PanelBody title={__('Article', 'igny8-bridge')} initialOpen>
      {canWrite ? (
        <CostConfirm
          operation="content"
          units={1}
          label={contentId ? __('Generate again', 'igny8-bridge') : __('Generate article', 'igny8-bridge')}
          variant={contentId ? 'secondary' : 'primary'}
          disabled={busy}
          onConfirm={() => void start('writer/tasks/generate_content', { task_ids: [link.task_id] })}
        />
      ) : (
        <p className="igny8-muted">{__('Generating needs an editor or administrator role.', 'igny8-bridge')}</p>
      )}
      {run ? <RunStatus run={run} showProgress /> : null}
      <ErrorNotice error={error} onRemove={clearError} />
      {contentId && !content && !contentError ? <Spinner /> : null}
      <ErrorNotice error={contentError} />
      {content && !busy ? (
        <div className="igny8-result" data-testid="igny8-generated">
          <p>
            <strong>{content.title}</strong>
            <br />
            {sprintf(
              /* translators: 1: word count, 2: version number */ __('%1$d words · version %2$d', 'igny8-bridge'),
              content.word_count,
              content.version,
            )}
          </p>
          {canWrite ? (
            <Button variant="primary" onClick={() => (hasContent(getBlocks()) ? setConfirming(true) : insert('append'))}>
              {inserted ? __('Insert again', 'igny8-bridge') : __('Insert into post', 'igny8-bridge')}
            </Button>
          ) : null}
        </div>
      ) : null}
      {confirming ? (
        <Modal title={__('This post already has content', 'igny8-bridge')} onRequestClose={() => setConfirming(false)}>
          <p>{__('Replace what is in the editor with the generated article, or add the article below it? Either can be undone.', 'igny8-bridge')}</p>
          <div className="igny8-modal-actions">
            <Button variant="tertiary" onClick={() => setConfirming(false)}>
              {__('Cancel', 'igny8-bridge')}
            </Button>
            <Button variant="secondary" onClick={() => insert('append')}>
              {__('Add below', 'igny8-bridge')}
            </Button>
            <Button variant="primary" isDestructive onClick={() => insert('replace')}>
              {__('Replace', 'igny8-bridge')}
            </Button>
          </div>
        </Modal>
      ) : null}
    </PanelBody>
  );
}
