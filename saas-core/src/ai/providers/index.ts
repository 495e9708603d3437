import type { z } from 'zod';
import { AppError } from '../../platform/errors';
import type { Services } from '../../platform/http/types';
import type { TenantScope } from '../../platform/tenancy/actor';
import { imageCostUsd, type ModelPrice, textCostUsd } from '../pricing';
import type { AiFunction } from '../prompts';
import { apiKeyOf, type IntegrationSetting, PROVIDER_CONFIG, readSetting } from '../settings';
import { OpenAiProvider, type StructuredRequest, type StructuredResult } from './openai-provider';
import { RunwareProvider } from './runware-provider';

/** Who does a run's work: the local engine (no network, no credits) or a provider. */
export const ENGINES = ['local', 'openai', 'runware'] as const;
export type Engine = (typeof ENGINES)[number];
/** What a caller may ask for; `auto` takes the configured provider, else the local engine where there is one. */
export const ENGINE_CHOICES = ['auto', ...ENGINES] as const;
export type EngineChoice = (typeof ENGINE_CHOICES)[number];

export class ProviderNotConfiguredError extends AppError {
  constructor(message: string) {
    super(400, 'PROVIDER_NOT_CONFIGURED', message);
  }
}

type ProviderConfig<P extends 'openai' | 'runware'> = z.output<(typeof PROVIDER_CONFIG)[P]>;

interface Credentials<P extends 'openai' | 'runware'> {
  apiKey: string;
  config: ProviderConfig<P>;
}

/**
 * The account's own enabled key, else the platform's (AI_OPENAI_API_KEY, AI_RUNWARE_API_KEY); the
 * account's models and prices apply either way, the endpoint goes with the key.
 */
async function credentialsFor<P extends 'openai' | 'runware'>(
  services: Services,
  scope: TenantScope,
  accountId: number,
  provider: P,
): Promise<Credentials<P> | null> {
  const setting = await readSetting(services.knex, scope, accountId, provider);
  const config = setting.config as ProviderConfig<P>;
  const own = setting.isEnabled ? openedKey(services, setting) : null;
  if (own) return { apiKey: own, config };
  const platform =
    provider === 'openai'
      ? { key: services.config.AI_OPENAI_API_KEY, url: services.config.AI_OPENAI_BASE_URL }
      : { key: services.config.AI_RUNWARE_API_KEY, url: services.config.AI_RUNWARE_BASE_URL };
  if (!platform.key) return null;
  return { apiKey: platform.key, config: { ...config, base_url: platform.url ?? PROVIDER_CONFIG[provider].parse({}).base_url } };
}
/**
 * Keys opened by their sealed text: every run (and every start) reads the key, and AES-GCM costs more
 * than the rest of it. The SDK clients below hold the same keys in memory already.
 */
const openedKeys = new WeakMap<Buffer, Map<string, string | null>>();
function openedKey(services: Services, setting: IntegrationSetting): string | null {
  if (!setting.secretSealed) return null;
  let opened = openedKeys.get(services.config.secretsKey);
  if (!opened) openedKeys.set(services.config.secretsKey, (opened = new Map()));
  let key = opened.get(setting.secretSealed);
  if (key === undefined) {
    if (opened.size >= 100) opened.delete(opened.keys().next().value!); // the oldest goes
    opened.set(setting.secretSealed, (key = apiKeyOf(services, setting)));
  }
  return key;
}

const openAiCredentials = (services: Services, scope: TenantScope, accountId: number) => credentialsFor(services, scope, accountId, 'openai');
const runwareCredentials = (services: Services, scope: TenantScope, accountId: number) => credentialsFor(services, scope, accountId, 'runware');

/**
 * Which engine runs a function. Text functions fall back to the local engine under `auto`; images
 * have no local engine, so they need OpenAI or Runware (the image settings say which comes first).
 */
export async function resolveEngine(
  services: Services,
  scope: TenantScope,
  accountId: number,
  kind: 'text' | 'image',
  choice: EngineChoice,
): Promise<Engine> {
  if (kind === 'text') {
    if (choice === 'local') return 'local';
    if (choice === 'runware') throw new ProviderNotConfiguredError('Runware makes images only; choose openai or local for text.');
    if (await openAiCredentials(services, scope, accountId)) return 'openai';
    if (choice === 'auto') return 'local';
    throw new ProviderNotConfiguredError('No OpenAI key is configured: add one under Settings → Integrations, or use the local engine.');
  }
  if (choice === 'local') throw new ProviderNotConfiguredError('Images cannot be made by the local engine: configure OpenAI or Runware.');
  const imageSettings = await readSetting(services.knex, scope, accountId, 'image_generation');
  const preferred = (imageSettings.config as { provider: 'openai' | 'runware' }).provider;
  const order: ('openai' | 'runware')[] = choice === 'auto' ? [preferred, preferred === 'openai' ? 'runware' : 'openai'] : [choice];
  for (const engine of order) {
    const credentials =
      engine === 'openai' ? await openAiCredentials(services, scope, accountId) : await runwareCredentials(services, scope, accountId);
    if (credentials) return engine;
  }
  throw new ProviderNotConfiguredError(
    `No ${choice === 'auto' ? 'image provider' : choice} key is configured: add an OpenAI or Runware key under Settings → Integrations.`,
  );
}

export interface ProviderUsage {
  model: string;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

/** Structured text from the account's OpenAI-compatible provider, with what each call cost. */
export interface TextProvider {
  model: string;
  structured<S extends z.ZodType>(request: Omit<StructuredRequest<S>, 'model'>): Promise<StructuredResult<z.output<S>> & { costUsd: number }>;
  /** USD for usage a failed call spent. */
  costOf(model: string, tokensIn: number, tokensOut: number): number;
}

/** SDK clients by key, endpoint and timeout: each holds its own connection pool, so runs share them. */
const clients = new Map<string, OpenAiProvider>();
function openAiClient(apiKey: string, baseUrl: string, timeoutMs: number): OpenAiProvider {
  const key = JSON.stringify([apiKey, baseUrl, timeoutMs]);
  let client = clients.get(key);
  if (!client) {
    if (clients.size >= 100) clients.delete(clients.keys().next().value!); // the oldest goes
    clients.set(key, (client = new OpenAiProvider({ apiKey, baseUrl, timeoutMs })));
  }
  return client;
}

export async function textProvider(services: Services, scope: TenantScope, accountId: number, fn: AiFunction): Promise<TextProvider> {
  const credentials = await openAiCredentials(services, scope, accountId);
  if (!credentials) throw new ProviderNotConfiguredError('The OpenAI key was removed after this run started.');
  const { config } = credentials;
  const client = openAiClient(credentials.apiKey, config.base_url, config.timeout_ms);
  const model = (config.models as Record<string, string>)[fn] ?? config.models.generate_content;
  const pricing = config.pricing as Record<string, ModelPrice>;
  return {
    model,
    async structured(request) {
      const result = await client.structured({ ...request, model });
      return { ...result, costUsd: textCostUsd(result.model, result.tokensIn, result.tokensOut, pricing) };
    },
    costOf: (used, tokensIn, tokensOut) => textCostUsd(used, tokensIn, tokensOut, pricing),
  };
}

export interface ImageProvider {
  engine: 'openai' | 'runware';
  model: string;
  generate(prompt: string, signal: AbortSignal): Promise<{ image: Buffer; costUsd: number }>;
}

export async function imageProvider(services: Services, scope: TenantScope, accountId: number, engine: Engine): Promise<ImageProvider> {
  const imageSettings = (await readSetting(services.knex, scope, accountId, 'image_generation')).config as z.output<
    (typeof PROVIDER_CONFIG)['image_generation']
  >;
  const size = imageSettings.size;
  if (engine === 'openai') {
    const credentials = await openAiCredentials(services, scope, accountId);
    if (!credentials) throw new ProviderNotConfiguredError('The OpenAI key was removed after this run started.');
    const client = openAiClient(credentials.apiKey, credentials.config.base_url, credentials.config.timeout_ms);
    const model = imageSettings.provider === 'openai' ? imageSettings.model : 'gpt-image-1';
    const pricing = credentials.config.pricing as Record<string, ModelPrice>;
    return {
      engine,
      model,
      async generate(prompt, signal) {
        const image = await client.generateImage({ model, prompt, size, signal });
        return { image, costUsd: imageCostUsd(model, 1, pricing) };
      },
    };
  }
  if (engine === 'runware') {
    const credentials = await runwareCredentials(services, scope, accountId);
    if (!credentials) throw new ProviderNotConfiguredError('The Runware key was removed after this run started.');
    const client = new RunwareProvider({
      apiKey: credentials.apiKey,
      baseUrl: credentials.config.base_url,
      timeoutMs: credentials.config.timeout_ms,
    });
    // The image model setting names an OpenAI model until someone picks a Runware one.
    const model = imageSettings.provider === 'runware' && !/^(gpt-|dall-e)/.test(imageSettings.model) ? imageSettings.model : 'runware:101@1';
    const [width, height] = size.split('x').map(Number) as [number, number];
    return {
      engine,
      model,
      generate: (prompt, signal) => client.generateImage({ model, prompt, width, height, signal }),
    };
  }
  throw new ProviderNotConfiguredError('Images cannot be made by the local engine.');
}
