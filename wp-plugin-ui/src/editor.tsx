/** Block editor entry point: the IGNY8 sidebar and its More-menu item. */
import { registerPlugin } from '@wordpress/plugins';
import { installMiddleware } from './api/client';
import { Igny8EditorPlugin } from './editor/sidebar';
import './components/components.scss';
import './editor/editor.scss';

installMiddleware();

registerPlugin('igny8', { render: Igny8EditorPlugin, icon: 'edit-page' });
