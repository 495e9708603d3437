import type { DataOf } from './api/types';

/** The core's view of this user on this site (`GET /integration/context`). */
export type InitialContext = DataOf<'getIntegrationContext'>;
export type Sector = InitialContext['sectors'][number];

/**
 * What the plugin's PHP prints into the page before our scripts (`window.igny8Bridge`): enough to draw the
 * first screen without a request, and never the site's API key.
 */
export interface BridgeData {
  restUrl: string;
  nonce: string;
  connected: boolean;
  siteName: string;
  accountName: string;
  /** The core's view of this user and site, when the page could fetch it; otherwise the stores fetch it. */
  context?: InitialContext | null;
  defaultSectorId?: number | null;
  user?: { id: number; name: string; wpRole: string; canManageOptions: boolean };
  adminUrl?: string;
  connectUrl?: string;
  pages?: Record<string, string>;
}

declare global {
  interface Window {
    igny8Bridge?: BridgeData;
  }
}

export function bridgeData(): BridgeData {
  return (
    window.igny8Bridge ?? {
      restUrl: '/wp-json/igny8/v1/',
      nonce: '',
      connected: false,
      siteName: '',
      accountName: '',
    }
  );
}
