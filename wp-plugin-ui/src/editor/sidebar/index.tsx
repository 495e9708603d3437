import { PanelBody } from '@wordpress/components';
import { useSelect } from '@wordpress/data';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import { contextStore } from '../../store/context';
import { type CoreEditorSelectors, type PostLink, sidebarComponents } from './editor-api';
import { GeneratePanel } from './generate-panel';
import { ImagesPanel } from './images-panel';
import { LinkPanel } from './link-panel';
import { SectionsPanel } from './sections-panel';
import { SyncPanel } from './sync-panel';
import { Notice } from '@wordpress/components';
import { ErrorNotice } from '../../components/error-notice';
import { bridgeData } from '../../bootstrap';

const SIDEBAR = 'igny8-sidebar';

/** Registered with registerPlugin: the sidebar and its More-menu item, where this WordPress has them. */
export function Igny8EditorPlugin() {
  const components = sidebarComponents();
  if (!components) {
    return null;
  }
  const { PluginSidebar, PluginSidebarMoreMenuItem } = components;
  return (
    <>
      <PluginSidebarMoreMenuItem target={SIDEBAR} icon="edit-page">
        {__('IGNY8', 'igny8-bridge')}
      </PluginSidebarMoreMenuItem>
      <PluginSidebar name={SIDEBAR} title={__('IGNY8', 'igny8-bridge')} icon="edit-page" className="igny8-sidebar">
        <Igny8Sidebar />
      </PluginSidebar>
    </>
  );
}

function Igny8Sidebar() {
  const { postId, savedLink } = useSelect((select) => {
    const editor = select('core/editor') as unknown as CoreEditorSelectors;
    return { postId: editor.getCurrentPostId(), savedLink: editor.getCurrentPostAttribute('igny8') };
  }, []);
  const { context, contextError, canWrite } = useSelect(
    (select) => ({
      context: select(contextStore).getContext(),
      contextError: select(contextStore).getContextError(),
      canWrite: select(contextStore).canWrite(),
    }),
    [],
  );
  // The link as last saved by us; the post's own copy is only as fresh as the editor's last load.
  const [link, setLink] = useState<PostLink | undefined>(undefined);
  const current = link ?? savedLink;

  if (!bridgeData().connected) {
    return (
      <PanelBody>
        <Notice status="warning" isDismissible={false}>
          {__('This site is not connected to IGNY8 yet. An administrator can connect it under Settings → IGNY8.', 'igny8-bridge')}
        </Notice>
      </PanelBody>
    );
  }
  if (!context) {
    return <PanelBody>{contextError ? <ErrorNotice error={contextError} /> : <p>{__('Loading…', 'igny8-bridge')}</p>}</PanelBody>;
  }
  return (
    <>
      {!canWrite ? (
        <PanelBody>
          <Notice status="info" isDismissible={false} className="igny8-read-only">
            {__('Your role can see IGNY8 here but cannot start AI work.', 'igny8-bridge')}
          </Notice>
        </PanelBody>
      ) : null}
      <LinkPanel postId={postId} link={current} onLinked={setLink} canWrite={canWrite} />
      {current?.task_id ? <GeneratePanel postId={postId} link={current} onLinked={setLink} canWrite={canWrite} /> : null}
      {current?.content_id ? <SectionsPanel postId={postId} contentId={current.content_id} canWrite={canWrite} /> : null}
      {current?.content_id ? <ImagesPanel postId={postId} contentId={current.content_id} canWrite={canWrite} /> : null}
      <SyncPanel link={current} />
    </>
  );
}
