import { parse } from '@wordpress/blocks';
import { PanelBody, SelectControl, TextareaControl } from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import { useCallback, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import { coreData } from '../../api/client';
import type { AiTaskProgress, Content } from '../../api/types';
import { CostConfirm } from '../../components/cost-confirm';
import { ErrorNotice } from '../../components/error-notice';
import { RunStatus } from '../../components/run-status';
import { contextStore } from '../../store/context';
import { writerStore } from '../../store/writer';
import type { BlockEditorActions, BlockEditorSelectors, EditorBlock } from './editor-api';
import { findSection, sectionRanges, type BlockLike } from './sections';
import { useRun } from './use-run';

interface Props {
  postId: number;
  contentId: number;
  canWrite: boolean;
}

/** Regenerates one H2 section in the core, then swaps just that section in the editor (one undo step). */
export function SectionsPanel({ postId, contentId, canWrite }: Props) {
  const content = useSelect((select) => select(writerStore).getItem('content', contentId) as Content | undefined, [contentId]);
  const { receiveItem } = useDispatch(writerStore);
  const { refreshCredits } = useDispatch(contextStore);
  const { replaceBlocks } = useDispatch('core/block-editor') as unknown as BlockEditorActions;
  const { getBlocks } = useSelect((select) => select('core/block-editor') as unknown as BlockEditorSelectors, []);
  const [section, setSection] = useState('0');
  const [instructions, setInstructions] = useState('');
  const [swapError, setSwapError] = useState<unknown>(null);
  const [pendingHeading, setPendingHeading] = useState('');

  const sections = content ? sectionRanges(parse(content.blocks) as unknown as BlockLike[]) : [];

  const onFinished = useCallback(
    async (run: AiTaskProgress) => {
      void refreshCredits();
      const result = run.result as { section: number } | null;
      const index = result?.section ?? Number(section);
      const fresh = await coreData<Content>(`writer/content/${contentId}`);
      receiveItem('content', fresh);
      const newBlocks = parse(fresh.blocks) as unknown as EditorBlock[];
      const ranges = sectionRanges(newBlocks);
      const range = ranges[index];
      const current = findSection(getBlocks(), pendingHeading, index);
      if (!range || current.length === 0) {
        setSwapError(
          new Error(
            __(
              'The section was regenerated in IGNY8, but it is no longer in this post to replace. Insert the article again to see it.',
              'igny8-bridge',
            ),
          ),
        );
        return;
      }
      replaceBlocks(
        current.map((block) => block.clientId as string),
        newBlocks.slice(range.start, range.end),
      );
    },
    [contentId, section, pendingHeading, getBlocks, replaceBlocks, receiveItem, refreshCredits],
  );
  const { run, busy, error, start, clearError } = useRun(postId, 'section', onFinished);

  if (!content || sections.length === 0) {
    return null;
  }
  return (
    <PanelBody title={__('Regenerate a section', 'igny8-bridge')} initialOpen={false}>
      <SelectControl
        label={__('Section', 'igny8-bridge')}
        value={section}
        options={sections.map((candidate, index) => ({ label: candidate.heading || __('(untitled)', 'igny8-bridge'), value: String(index) }))}
        onChange={(value: string) => setSection(value)}
      />
      <TextareaControl
        label={__('What should change? (optional)', 'igny8-bridge')}
        value={instructions}
        onChange={(value: string) => setInstructions(value)}
        disabled={!canWrite}
      />
      {canWrite ? (
        <CostConfirm
          operation="content_section"
          units={1}
          label={__('Regenerate section', 'igny8-bridge')}
          variant="secondary"
          disabled={busy}
          onConfirm={() => {
            setSwapError(null);
            setPendingHeading(sections[Number(section)]?.heading ?? '');
            void start(`writer/content/${contentId}/regenerate_section`, {
              section: Number(section),
              ...(instructions.trim() ? { instructions: instructions.trim() } : {}),
            });
          }}
        />
      ) : null}
      {run ? <RunStatus run={run} showProgress /> : null}
      <ErrorNotice error={error} onRemove={clearError} />
      <ErrorNotice error={swapError} onRemove={() => setSwapError(null)} />
    </PanelBody>
  );
}
