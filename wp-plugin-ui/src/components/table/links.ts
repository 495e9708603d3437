import { bridgeData } from '../../bootstrap';

/** The wp-admin address of another IGNY8 page (as the plugin printed it, else the usual slug). */
export function pageUrl(page: 'dashboard' | 'keywords' | 'clusters' | 'ideas' | 'tasks' | 'content' | 'settings'): string {
  return bridgeData().pages?.[page] ?? `admin.php?page=${page === 'dashboard' ? 'igny8' : `igny8-${page}`}`;
}
