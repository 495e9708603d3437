import { z } from 'zod';
import { defineRoute, type Route } from '../platform/http/route';
import { iso } from '../platform/http/schemas';
import { aiPolicies } from './policies';
import { authorProfileRoutes, promptRoutes, strategyRoutes } from './prompt-routes';
import { aiTaskRoutes, taskStreamRoute } from './task-routes';
import { INTEGRATION_PROVIDERS, type IntegrationSetting, readSetting, saveSetting, testConnection } from './settings';

const tags = ['system: integrations'];
const throttle = 'integration';
const ProviderParams = z.object({ provider: z.enum(INTEGRATION_PROVIDERS) });

const SettingOut = z.object({
  provider: z.enum(INTEGRATION_PROVIDERS),
  enabled: z.boolean(),
  config: z.record(z.string(), z.unknown()),
  has_api_key: z.boolean(),
  api_key_hint: z.string().nullable().describe('The last four characters; the key itself is never sent back'),
  last_test: z.object({ at: z.string(), ok: z.boolean(), error: z.string().nullable() }).nullable(),
});

function presentSetting(setting: IntegrationSetting): z.input<typeof SettingOut> {
  return {
    provider: setting.provider,
    enabled: setting.isEnabled,
    config: setting.config,
    has_api_key: Boolean(setting.secretSealed),
    api_key_hint: setting.secretHint,
    last_test: setting.lastTestedAt ? { at: iso(setting.lastTestedAt)!, ok: Boolean(setting.lastTestOk), error: setting.lastTestError } : null,
  };
}

const integrationRoutes: Route[] = [
  defineRoute({
    method: 'get',
    path: '/system/settings/integrations/{provider}',
    operationId: 'getIntegrationSetting',
    summary: 'An AI provider’s settings (the API key is never returned)',
    tags,
    throttle,
    auth: 'user',
    policy: aiPolicies.integrations,
    params: ProviderParams,
    response: { kind: 'data', status: 200, schema: SettingOut },
    async handler({ params, actor, scope, services }) {
      return presentSetting(await readSetting(services.knex, scope, actor.accountId, params.provider));
    },
  }),
  defineRoute({
    method: 'put',
    path: '/system/settings/integrations/{provider}',
    operationId: 'saveIntegrationSetting',
    summary: 'Save an AI provider’s key (sealed with AES-256-GCM), endpoint and models',
    description: 'Leave `api_key` out to keep the stored key; send `null` to remove it. `config` is merged into the stored one.',
    tags,
    throttle,
    auth: 'user',
    policy: aiPolicies.integrations,
    params: ProviderParams,
    body: z
      .object({
        api_key: z.string().trim().min(8).max(500).nullable().optional(),
        enabled: z.boolean().optional(),
        config: z.record(z.string(), z.unknown()).optional(),
      })
      .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change.'),
    response: { kind: 'data', status: 200, schema: SettingOut, message: 'Settings saved.' },
    async handler({ params, body, actor, scope, services }) {
      const setting = await saveSetting(services, scope, actor.accountId, params.provider, {
        apiKey: body.api_key,
        enabled: body.enabled,
        config: body.config,
      });
      return presentSetting(setting);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/system/settings/integrations/{provider}/test_connection',
    operationId: 'testIntegrationConnection',
    summary: 'Check the saved key and endpoint with a call that costs nothing',
    tags,
    throttle,
    auth: 'user',
    policy: aiPolicies.integrations,
    params: ProviderParams,
    response: { kind: 'data', status: 200, schema: z.object({ ok: z.boolean(), message: z.string() }) },
    async handler({ params, actor, scope, services }) {
      return testConnection(services, scope, await readSetting(services.knex, scope, actor.accountId, params.provider));
    },
  }),
];

export const aiRoutes: Route[] = [...integrationRoutes, ...promptRoutes, ...authorProfileRoutes, ...strategyRoutes, ...aiTaskRoutes, taskStreamRoute];
