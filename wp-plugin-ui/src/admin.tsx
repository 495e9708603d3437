/** wp-admin entry point: each IGNY8 menu page prints a root element naming its page. */
import domReady from '@wordpress/dom-ready';
import { installMiddleware } from './api/client';
import { AdminApp, type AdminPage } from './admin/app';
import { mount } from './mount';
import './components/components.scss';
import './admin/admin.scss';

installMiddleware();

domReady(() => {
  const root = document.getElementById('igny8-admin');
  if (root) {
    mount(<AdminApp page={(root.dataset.page ?? 'dashboard') as AdminPage} />, root);
  }
});
