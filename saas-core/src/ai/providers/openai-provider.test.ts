import { z } from 'zod';
import { AiError } from '../errors';
import { FakeProviderServer, TINY_PNG_BASE64 } from '../testing/fake-provider-server';
import { OpenAiProvider } from './openai-provider';

/** The real OpenAI SDK against the scripted server on loopback. */
let fake: FakeProviderServer;
beforeAll(async () => {
  fake = await FakeProviderServer.start();
});
afterAll(async () => fake.close());
beforeEach(() => fake.reset());

const Clusters = z.object({ clusters: z.array(z.object({ name: z.string().min(1), keywords: z.array(z.string()).min(1) })).min(1) });
const request = { model: 'gpt-test', system: 'You cluster keywords.', user: 'shoes, boots', schemaName: 'clusters', schema: Clusters };
const good = { clusters: [{ name: 'Footwear', keywords: ['shoes', 'boots'] }] };
const provider = (options: { timeoutMs?: number; maxRetries?: number } = {}) =>
  new OpenAiProvider({ apiKey: 'sk-test', baseUrl: fake.openAiBaseUrl, timeoutMs: options.timeoutMs ?? 5000, maxRetries: options.maxRetries ?? 2 });

async function failure(promise: Promise<unknown>): Promise<AiError> {
  const err = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(err).toBeInstanceOf(AiError);
  return err as AiError;
}

it('sends a JSON-schema response format and returns the parsed answer with its usage', async () => {
  fake.script('chat', [{ content: good, usage: { prompt_tokens: 321, completion_tokens: 45 } }]);
  const result = await provider().structured(request);
  expect(result).toEqual({ data: good, model: 'gpt-test', tokensIn: 321, tokensOut: 45, attempts: 1 });
  const [sent] = fake.requestsTo('chat');
  expect(sent!.headers.authorization).toBe('Bearer sk-test');
  expect(sent!.body).toMatchObject({
    model: 'gpt-test',
    messages: [
      { role: 'system', content: 'You cluster keywords.' },
      { role: 'user', content: 'shoes, boots' },
    ],
    response_format: { type: 'json_schema', json_schema: { name: 'clusters', schema: { type: 'object', required: ['clusters'] } } },
  });
});

it('repairs a schema-breaking answer once, telling the model what was wrong', async () => {
  fake.script('chat', [{ content: { clusters: [{ name: '', keywords: [] }] } }, { content: good }]);
  const result = await provider().structured(request);
  expect(result).toMatchObject({ data: good, attempts: 2, tokensIn: 200, tokensOut: 100 });
  const repair = fake.requestsTo('chat')[1]!.body.messages as { role: string; content: string }[];
  expect(repair.slice(-2).map((message) => message.role)).toEqual(['assistant', 'user']);
  expect(repair.at(-1)!.content).toMatch(/does not match the required JSON schema/);
});

it('fails as BAD_OUTPUT after one failed repair, and on malformed JSON', async () => {
  fake.script('chat', [{ content: 'not json at all' }, { content: '{"clusters": "nope"}' }]);
  const err = await failure(provider().structured(request));
  expect({ code: err.code, status: err.status }).toEqual({ code: 'BAD_OUTPUT', status: 502 });
  expect(err.message).toMatch(/could not use/);
  expect(fake.requestsTo('chat')).toHaveLength(2);

  fake.reset();
  fake.script('chat', [{ raw: '{"id": "chatcmpl", "choices": [' }]);
  expect((await failure(provider({ maxRetries: 0 }).structured(request))).code).toBe('BAD_OUTPUT');
});

it('honours 429 + Retry-After, then succeeds', async () => {
  fake.script('chat', [
    { status: 429, headers: { 'retry-after-ms': '300' }, error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' } },
    { content: good },
  ]);
  const started = Date.now();
  const result = await provider().structured(request);
  expect(result.data).toEqual(good);
  expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  expect(fake.requestsTo('chat')).toHaveLength(2);
});

it('maps exhausted rate limits, quota, context and moderation to their own codes', async () => {
  fake.script('chat', [{ status: 429, headers: { 'retry-after': '7' }, error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' } }]);
  const limited = await failure(provider({ maxRetries: 0 }).structured(request));
  expect({ code: limited.code, retry: limited.retryAfterSeconds, header: limited.headers }).toEqual({
    code: 'RATE_LIMITED',
    retry: 7,
    header: { 'Retry-After': '7' },
  });

  fake.script('chat', [
    { status: 429, error: { message: 'You exceeded your current quota', code: 'insufficient_quota', type: 'insufficient_quota' } },
  ]);
  expect((await failure(provider({ maxRetries: 0 }).structured(request))).code).toBe('QUOTA_EXCEEDED');

  fake.script('chat', [{ status: 400, error: { message: "This model's maximum context length is 8192 tokens", code: 'context_length_exceeded' } }]);
  expect((await failure(provider().structured(request))).code).toBe('CONTEXT_TOO_LONG');

  fake.script('chat', [{ content: good, finishReason: 'content_filter' }]);
  expect((await failure(provider().structured(request))).code).toBe('MODERATION_BLOCKED');
});

it('retries a 500 and then reports the provider unavailable; a hung call times out', async () => {
  fake.script('chat', [{ status: 500, error: { message: 'boom' } }, { content: good }]);
  expect((await provider().structured(request)).data).toEqual(good);

  fake.reset();
  fake.script(
    'chat',
    [500, 500, 500].map((status) => ({ status, error: { message: 'still down' } })),
  );
  const down = await failure(provider({ maxRetries: 2 }).structured(request));
  expect(down.code).toBe('PROVIDER_UNAVAILABLE');
  expect(fake.requestsTo('chat')).toHaveLength(3);

  fake.script('chat', [{ hang: true }]);
  const started = Date.now();
  const hung = await failure(provider({ timeoutMs: 300, maxRetries: 0 }).structured(request));
  expect(hung.code).toBe('PROVIDER_UNAVAILABLE');
  expect(Date.now() - started).toBeLessThan(5000);
});

it('tests the connection and generates images', async () => {
  expect(await provider().testConnection()).toEqual({ models: ['fake-model'] });
  const image = await provider().generateImage({ model: 'gpt-image-1', prompt: 'a red running shoe' });
  expect(image.equals(Buffer.from(TINY_PNG_BASE64, 'base64'))).toBe(true);
  expect(fake.requestsTo('images')[0]!.body).toMatchObject({ model: 'gpt-image-1', prompt: 'a red running shoe', n: 1 });
  fake.script('models', [{ status: 401, error: { message: 'Incorrect API key provided', code: 'invalid_api_key' } }]);
  const refused = await failure(provider().testConnection());
  expect(refused.code).toBe('PROVIDER_UNAVAILABLE');
  expect(refused.detail).toMatch(/API key was refused/);
});
