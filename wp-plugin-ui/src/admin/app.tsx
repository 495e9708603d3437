import { Notice } from '@wordpress/components';
import { useSelect } from '@wordpress/data';
import { __, sprintf } from '@wordpress/i18n';
import { bridgeData } from '../bootstrap';
import { ErrorNotice } from '../components/error-notice';
import { SectorPicker } from '../components/sector-picker';
import { contextStore } from '../store/context';
import { ClustersPage } from './clusters';
import { ContentPage } from './content';
import { DashboardPage } from './dashboard';
import { IdeasPage } from './ideas';
import { KeywordsPage } from './keywords';
import { SettingsPage } from './settings';
import { TasksPage } from './tasks';

const PAGES = {
  dashboard: { title: () => __('Dashboard', 'igny8-bridge'), Page: DashboardPage },
  keywords: { title: () => __('Keywords', 'igny8-bridge'), Page: KeywordsPage },
  clusters: { title: () => __('Clusters', 'igny8-bridge'), Page: ClustersPage },
  ideas: { title: () => __('Ideas', 'igny8-bridge'), Page: IdeasPage },
  tasks: { title: () => __('Tasks', 'igny8-bridge'), Page: TasksPage },
  content: { title: () => __('Content', 'igny8-bridge'), Page: ContentPage },
  settings: { title: () => __('Settings', 'igny8-bridge'), Page: SettingsPage },
} as const;

export type AdminPage = keyof typeof PAGES;

/** The frame every IGNY8 page shares: title, sector, credits, and why a page is read-only or unavailable. */
export function AdminApp({ page }: { page: AdminPage }) {
  const data = bridgeData();
  const { context, error, canWrite, credits } = useSelect((select) => {
    const store = select(contextStore);
    return { context: store.getContext(), error: store.getContextError(), canWrite: store.canWrite(), credits: store.getCredits() };
  }, []);
  const { title, Page } = PAGES[page] ?? PAGES.dashboard;

  let body;
  if (!data.connected) {
    body = (
      <Notice status="warning" isDismissible={false}>
        {__('This site is not connected to IGNY8 yet.', 'igny8-bridge')}{' '}
        {data.connectUrl ? <a href={data.connectUrl}>{__('Connect it in the IGNY8 connection settings.', 'igny8-bridge')}</a> : null}
      </Notice>
    );
  } else if (error) {
    body = <ErrorNotice error={error} />;
  } else if (!context) {
    body = <p className="igny8-loading">{__('Loading…', 'igny8-bridge')}</p>;
  } else {
    body = <Page />;
  }

  return (
    <div className="igny8-admin">
      <header className="igny8-admin__header">
        <h1 className="igny8-admin__title">{sprintf(/* translators: %s: the page's name */ __('IGNY8 — %s', 'igny8-bridge'), title())}</h1>
        {context ? (
          <div className="igny8-admin__context">
            <span className="igny8-admin__site">{context.site.name}</span>
            <SectorPicker />
            {credits ? (
              <span className="igny8-admin__credits">
                {sprintf(/* translators: %d: credits available */ __('%d credits', 'igny8-bridge'), credits.balance)}
              </span>
            ) : null}
          </div>
        ) : null}
      </header>
      {context && !canWrite ? (
        <Notice status="info" isDismissible={false} className="igny8-read-only">
          {__('You can view IGNY8 here, but your role cannot change anything or start AI work.', 'igny8-bridge')}
        </Notice>
      ) : null}
      <main className="igny8-admin__body">{body}</main>
    </div>
  );
}
