import type { Knex } from 'knex';
import { z } from 'zod';
import { cached, forget } from '../platform/cache';
import { decryptSecret, encryptSecret } from '../platform/crypto';
import { AppError } from '../platform/errors';
import type { Services } from '../platform/http/types';
import { parseInput } from '../platform/http/validation';
import type { TenantScope } from '../platform/tenancy/actor';
import { TenantModel } from '../platform/tenancy/tenant-model';
import { AiError } from './errors';
import { OpenAiProvider } from './providers/openai-provider';
import { RunwareProvider } from './providers/runware-provider';

export const INTEGRATION_PROVIDERS = ['openai', 'runware', 'image_generation'] as const;
export type IntegrationProvider = (typeof INTEGRATION_PROVIDERS)[number];

const url = z.url({ protocol: /^https?$/ }).max(500);
const model = z.string().trim().min(1).max(64);

/** The non-secret settings of each provider; the API key travels separately and is stored sealed. */
export const PROVIDER_CONFIG = {
  openai: z.object({
    base_url: url.default('https://api.openai.com/v1').describe('Any OpenAI-compatible endpoint (OpenAI, Azure-style gateway, Ollama, vLLM)'),
    timeout_ms: z.number().int().min(1000).max(600_000).default(120_000),
    models: z
      .object({
        auto_cluster: model.default('gpt-4.1-mini'),
        generate_ideas: model.default('gpt-4.1-mini'),
        generate_content: model.default('gpt-4.1'),
        regenerate_section: model.default('gpt-4.1'),
        generate_image_prompts: model.default('gpt-4.1-mini'),
      })
      .default({
        auto_cluster: 'gpt-4.1-mini',
        generate_ideas: 'gpt-4.1-mini',
        generate_content: 'gpt-4.1',
        regenerate_section: 'gpt-4.1',
        generate_image_prompts: 'gpt-4.1-mini',
      }),
    pricing: z
      .record(
        model,
        z.object({
          input_per_million: z.number().min(0).max(10_000).optional(),
          output_per_million: z.number().min(0).max(10_000).optional(),
          per_image: z.number().min(0).max(100).optional(),
        }),
      )
      .default({})
      .describe('USD prices per model for the usage log, where they differ from list prices'),
  }),
  runware: z.object({
    base_url: url.default('https://api.runware.ai/v1'),
    timeout_ms: z.number().int().min(1000).max(600_000).default(120_000),
  }),
  image_generation: z.object({
    provider: z.enum(['openai', 'runware']).default('openai'),
    model: model.default('gpt-image-1'),
    size: z.enum(['1024x1024', '1536x1024', '1024x1536']).default('1536x1024'),
  }),
} as const;

export class IntegrationSetting extends TenantModel {
  static override tableName = 'integration_settings';
  static override jsonAttributes = ['config'];
  static override booleanColumns = ['isEnabled', 'lastTestOk'];
  static override dateColumns = ['createdAt', 'updatedAt', 'lastTestedAt'];

  provider!: IntegrationProvider;
  isEnabled!: boolean;
  config!: Record<string, unknown>;
  secretSealed!: string | null;
  secretHint!: string | null;
  lastTestedAt!: Date | null;
  lastTestOk!: boolean | null;
  lastTestError!: string | null;
}

/** The stored row, or the defaults when the account has not saved this provider yet. */
export async function readSetting(knex: Knex, scope: TenantScope, accountId: number, provider: IntegrationProvider): Promise<IntegrationSetting> {
  const row = await cached(knex, settingKey(accountId, provider), () =>
    IntegrationSetting.query(knex).forTenant(scope).findOne({ accountId, provider }),
  );
  // A copy: the cached row is shared, and callers may change theirs.
  const stored = row?.$clone();
  if (stored) return Object.assign(stored, { config: PROVIDER_CONFIG[provider].parse(stored.config ?? {}) });
  return IntegrationSetting.fromJson(
    { accountId, provider, isEnabled: false, config: PROVIDER_CONFIG[provider].parse({}), secretSealed: null, secretHint: null },
    { skipValidation: true },
  );
}

const settingKey = (accountId: number, provider: IntegrationProvider) => `integration:${accountId}:${provider}`;

/** Saves a provider's settings; `apiKey` undefined keeps the stored key, null removes it. */
export async function saveSetting(
  services: Services,
  scope: TenantScope,
  accountId: number,
  provider: IntegrationProvider,
  changes: { apiKey?: string | null; config?: Record<string, unknown>; enabled?: boolean },
): Promise<IntegrationSetting> {
  const saved = await services.knex.transaction(async (trx) => {
    const current = await readSetting(trx, scope, accountId, provider);
    // Reported against `config.<field>`, as a 400 like any other bad input.
    const config = parseInput(z.object({ config: PROVIDER_CONFIG[provider] }), { config: { ...current.config, ...changes.config } }, 'body').config;
    const secret =
      changes.apiKey === undefined
        ? { secretSealed: current.secretSealed, secretHint: current.secretHint }
        : changes.apiKey === null
          ? { secretSealed: null, secretHint: null }
          : { secretSealed: encryptSecret(changes.apiKey, services.config.secretsKey), secretHint: `…${changes.apiKey.slice(-4)}` };
    const values = { config, isEnabled: changes.enabled ?? (current.id ? current.isEnabled : true), ...secret };
    if (current.id) return current.$query(trx).forTenant(scope).patchAndFetch(values);
    return IntegrationSetting.query(trx)
      .forTenant(scope)
      .insertAndFetch({ accountId, provider, ...values });
  });
  forget(services.knex, settingKey(accountId, provider));
  return saved;
}

export function apiKeyOf(services: Services, setting: IntegrationSetting): string | null {
  return setting.secretSealed ? decryptSecret(setting.secretSealed, services.config.secretsKey) : null;
}

/** Checks a provider with its saved settings and records the outcome on the row. */
export async function testConnection(services: Services, scope: TenantScope, setting: IntegrationSetting): Promise<{ ok: boolean; message: string }> {
  let outcome: { ok: boolean; message: string };
  try {
    outcome = { ok: true, message: await probe(services, scope, setting) };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    outcome = { ok: false, message: err instanceof AiError ? `${err.message} (${err.detail})`.slice(0, 500) : err.message };
  }
  if (setting.id) {
    await IntegrationSetting.query(services.knex)
      .forTenant(scope)
      .findById(setting.id)
      .patch({ lastTestedAt: new Date(), lastTestOk: outcome.ok, lastTestError: outcome.ok ? null : outcome.message });
    forget(services.knex, settingKey(setting.accountId, setting.provider));
  }
  return outcome;
}

async function probe(services: Services, scope: TenantScope, setting: IntegrationSetting): Promise<string> {
  if (setting.provider === 'image_generation') {
    const target = (setting.config as { provider: 'openai' | 'runware' }).provider;
    return probe(services, scope, await readSetting(services.knex, scope, setting.accountId, target));
  }
  const apiKey = apiKeyOf(services, setting);
  if (!apiKey) throw new AppError(400, 'API_KEY_MISSING', `Save an API key for ${setting.provider} first.`);
  const config = setting.config as { base_url: string; timeout_ms: number };
  if (setting.provider === 'openai') {
    const { models } = await new OpenAiProvider({
      apiKey,
      baseUrl: config.base_url,
      timeoutMs: Math.min(config.timeout_ms, 30_000),
      maxRetries: 0,
    }).testConnection();
    return `Connected; ${models.length} models available.`;
  }
  await new RunwareProvider({ apiKey, baseUrl: config.base_url, timeoutMs: Math.min(config.timeout_ms, 30_000), maxRetries: 0 }).authenticate();
  return 'Connected to Runware.';
}
