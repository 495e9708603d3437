import { Button, PanelBody, RangeControl } from '@wordpress/components';
import { useDispatch } from '@wordpress/data';
import { useCallback, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import { corePage } from '../../api/client';
import type { AiTaskProgress, ItemOf } from '../../api/types';
import { CostConfirm } from '../../components/cost-confirm';
import { ErrorNotice } from '../../components/error-notice';
import { RunStatus } from '../../components/run-status';
import { contextStore } from '../../store/context';
import type { CoreEditorActions } from './editor-api';
import { setFeaturedImage } from './post-link';
import { useRun } from './use-run';

type Image = ItemOf<'listImages'>;

interface Props {
  postId: number;
  contentId: number;
  canWrite: boolean;
}

/** Image prompts, then the images, then the featured one into the media library and onto the post. */
export function ImagesPanel({ postId, contentId, canWrite }: Props) {
  const { refreshCredits } = useDispatch(contextStore);
  const { editPost } = useDispatch('core/editor') as unknown as CoreEditorActions;
  const [inArticle, setInArticle] = useState(2);
  const [images, setImages] = useState<Image[] | null>(null);
  const [featuredError, setFeaturedError] = useState<unknown>(null);
  const [featuredSet, setFeaturedSet] = useState(false);

  const loadImages = useCallback(async () => {
    const page = await corePage<Image>('writer/images', { content_id: contentId, page_size: 50 });
    setImages(page.results);
    return page.results;
  }, [contentId]);

  const applyFeatured = useCallback(
    async (all: Image[]) => {
      const featured = all.find((image) => image.type === 'featured' && image.status === 'generated');
      if (!featured) {
        return;
      }
      setFeaturedError(null);
      try {
        const attachment = await setFeaturedImage(postId, featured.id);
        editPost({ featured_media: attachment.attachment_id });
        setFeaturedSet(true);
      } catch (thrown: unknown) {
        setFeaturedError(thrown);
      }
    },
    [postId, editPost],
  );

  const imageRun = useRun(
    postId,
    'images',
    useCallback(async () => {
      void refreshCredits();
      await applyFeatured(await loadImages());
    }, [loadImages, applyFeatured, refreshCredits]),
  );
  const promptRun = useRun(
    postId,
    'image-prompts',
    useCallback(
      async (run: AiTaskProgress) => {
        void refreshCredits();
        await loadImages();
        const ids = (run.result as { image_ids?: number[] } | null)?.image_ids ?? [];
        if (ids.length > 0) {
          await imageRun.start('writer/images/generate_images', { image_ids: ids });
        }
      },
      [loadImages, refreshCredits, imageRun],
    ),
  );
  const busy = promptRun.busy || imageRun.busy;
  const pendingCount = 1 + inArticle;

  return (
    <PanelBody title={__('Images', 'igny8-bridge')} initialOpen={false}>
      <RangeControl
        label={__('Images inside the article', 'igny8-bridge')}
        value={inArticle}
        min={0}
        max={6}
        onChange={(value?: number) => setInArticle(value ?? 0)}
        disabled={!canWrite || busy}
      />
      {canWrite ? (
        <CostConfirm
          operation="images"
          units={pendingCount}
          label={sprintf(
            /* translators: %d: number of images */
            _n('Generate %d image', 'Generate %d images (featured first)', pendingCount, 'igny8-bridge'),
            pendingCount,
          )}
          variant="secondary"
          disabled={busy}
          onConfirm={() => void promptRun.start('writer/content/generate_image_prompts', { content_ids: [contentId], in_article_count: inArticle })}
        />
      ) : null}
      {promptRun.run && promptRun.busy ? <RunStatus run={promptRun.run} showProgress /> : null}
      {imageRun.run ? <RunStatus run={imageRun.run} showProgress /> : null}
      <ErrorNotice error={promptRun.error} onRemove={promptRun.clearError} />
      <ErrorNotice error={imageRun.error} onRemove={imageRun.clearError} />
      <ErrorNotice error={featuredError} onRemove={() => setFeaturedError(null)} />
      {images ? (
        <p>
          {sprintf(
            /* translators: 1: images generated, 2: images in all */
            __('%1$d of %2$d images generated.', 'igny8-bridge'),
            images.filter((image) => image.status === 'generated').length,
            images.length,
          )}
        </p>
      ) : null}
      {images && canWrite && !featuredSet && images.some((image) => image.type === 'featured' && image.status === 'generated') ? (
        <Button variant="secondary" onClick={() => void applyFeatured(images)}>
          {__('Set as featured image', 'igny8-bridge')}
        </Button>
      ) : null}
      {featuredSet ? <p>{__('The featured image is set.', 'igny8-bridge')}</p> : null}
    </PanelBody>
  );
}
