import { Button, PanelBody, SelectControl, Spinner, TextControl } from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { Page, Task } from '../../api/types';
import { ErrorNotice } from '../../components/error-notice';
import { contextStore } from '../../store/context';
import { writerStore } from '../../store/writer';
import type { CoreEditorSelectors, PostLink } from './editor-api';
import { savePostLink } from './post-link';

interface Props {
  postId: number;
  link: PostLink | undefined;
  onLinked: (link: PostLink) => void;
  canWrite: boolean;
}

/** The task this post is written for: shown with its keywords and sector, or picked / created here. */
export function LinkPanel({ postId, link, onLinked, canWrite }: Props) {
  const { siteId, sectorId, sectors } = useSelect(
    (select) => ({
      siteId: select(contextStore).getSiteId(),
      sectorId: select(contextStore).getSectorId(),
      sectors: select(contextStore).getSectors(),
    }),
    [],
  );
  const taskId = link?.task_id ?? null;
  const { task, tasks, tasksError } = useSelect(
    (select) => {
      const writer = select(writerStore);
      const query = { site_id: siteId, sector_id: sectorId, page_size: 100, ordering: '-created_at' };
      return {
        task: taskId ? (writer.getItem('tasks', taskId) as Task | undefined) : undefined,
        tasks: taskId ? undefined : (writer.getPage('tasks', query) as Page<Task> | undefined),
        tasksError: taskId ? undefined : writer.getPageError('tasks', query),
      };
    },
    [taskId, siteId, sectorId],
  );
  const title = useSelect((select) => (select('core/editor') as unknown as CoreEditorSelectors).getEditedPostAttribute('title'), []);
  const { createTask } = useDispatch(writerStore) as unknown as { createTask(body: Record<string, unknown>): Promise<Task> };
  const [chosen, setChosen] = useState('');
  const [newTitle, setNewTitle] = useState('');
  const [keywords, setKeywords] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const linkTo = async (task: Task) => {
    setBusy(true);
    setError(null);
    try {
      onLinked(await savePostLink(postId, { task_id: task.id, content_id: null, sector_id: task.sector_id }));
    } catch (thrown: unknown) {
      setError(thrown);
    } finally {
      setBusy(false);
    }
  };

  const create = async () => {
    if (siteId === null || sectorId === null) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const created = await createTask({
        site_id: siteId,
        sector_id: sectorId,
        title: (newTitle || title || '').trim(),
        target_keywords: keywords
          .split(',')
          .map((keyword) => keyword.trim())
          .filter(Boolean),
      });
      onLinked(await savePostLink(postId, { task_id: created.id, content_id: null, sector_id: created.sector_id }));
    } catch (thrown: unknown) {
      setError(thrown);
    } finally {
      setBusy(false);
    }
  };

  if (taskId) {
    const sector = sectors.find((candidate) => candidate.id === (task?.sector_id ?? link?.sector_id));
    return (
      <PanelBody title={__('Task', 'igny8-bridge')} initialOpen>
        {!task ? <Spinner /> : null}
        {task ? (
          <dl className="igny8-link" data-testid="igny8-linked-task">
            <dt>{__('Task', 'igny8-bridge')}</dt>
            <dd>{task.title}</dd>
            <dt>{__('Target keywords', 'igny8-bridge')}</dt>
            <dd>{task.target_keywords.length ? task.target_keywords.join(', ') : __('None yet', 'igny8-bridge')}</dd>
            <dt>{__('Sector', 'igny8-bridge')}</dt>
            <dd>{sector?.name ?? '—'}</dd>
            <dt>{__('Status', 'igny8-bridge')}</dt>
            <dd>{task.status}</dd>
            {link?.content_id ? (
              <>
                <dt>{__('Content', 'igny8-bridge')}</dt>
                <dd>{sprintf(/* translators: %d: content id */ __('#%d in IGNY8', 'igny8-bridge'), link.content_id)}</dd>
              </>
            ) : null}
          </dl>
        ) : null}
        {canWrite ? (
          <Button
            variant="link"
            isDestructive
            disabled={busy}
            onClick={() => savePostLink(postId, { task_id: null, content_id: null }).then(onLinked, setError)}
          >
            {__('Unlink this post', 'igny8-bridge')}
          </Button>
        ) : null}
        <ErrorNotice error={error} />
      </PanelBody>
    );
  }

  return (
    <PanelBody title={__('Task', 'igny8-bridge')} initialOpen>
      <p>{__('Link this post to an IGNY8 writing task to generate its article.', 'igny8-bridge')}</p>
      <ErrorNotice error={tasksError} />
      {!tasks && !tasksError ? <Spinner /> : null}
      {tasks && tasks.results.length > 0 ? (
        <>
          <SelectControl
            label={__('Choose a task', 'igny8-bridge')}
            value={chosen}
            disabled={!canWrite}
            options={[
              { label: __('— Select —', 'igny8-bridge'), value: '' },
              ...tasks.results.map((candidate) => ({ label: candidate.title, value: String(candidate.id) })),
            ]}
            onChange={(value: string) => setChosen(value)}
          />
          <Button
            variant="secondary"
            disabled={!canWrite || busy || chosen === ''}
            onClick={() => {
              const picked = tasks.results.find((candidate) => String(candidate.id) === chosen);
              if (picked) {
                void linkTo(picked);
              }
            }}
          >
            {__('Use this task', 'igny8-bridge')}
          </Button>
        </>
      ) : null}
      {canWrite ? (
        <div className="igny8-new-task">
          <TextControl
            label={__('Or create a task: title', 'igny8-bridge')}
            value={newTitle}
            placeholder={title}
            onChange={(value: string) => setNewTitle(value)}
          />
          <TextControl
            label={__('Target keywords (comma separated)', 'igny8-bridge')}
            value={keywords}
            onChange={(value: string) => setKeywords(value)}
          />
          <Button variant="primary" disabled={busy || (newTitle || title || '').trim() === ''} onClick={() => void create()}>
            {__('Create task', 'igny8-bridge')}
          </Button>
        </div>
      ) : null}
      <ErrorNotice error={error} />
    </PanelBody>
  );
}
