import type { Fixture } from '../test/fixture-types';

/** Valid calls of the AI settings routes, for the route walk and the cross-tenant test. */
export const aiValidCalls: Record<string, Fixture> = {
  getIntegrationSetting: () => ({ path: '/system/settings/integrations/openai' }),
  saveIntegrationSetting: () => ({
    path: '/system/settings/integrations/openai',
    body: { api_key: 'sk-walk-0000000000', config: { base_url: 'http://127.0.0.1:9/v1' } },
  }),
  testIntegrationConnection: () => ({ path: '/system/settings/integrations/runware/test_connection' }),
};
