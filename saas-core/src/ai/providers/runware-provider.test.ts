import { AiError } from '../errors';
import { FakeProviderServer, TINY_PNG_BASE64 } from '../testing/fake-provider-server';
import { RunwareProvider } from './runware-provider';

let fake: FakeProviderServer;
beforeAll(async () => {
  fake = await FakeProviderServer.start();
});
afterAll(async () => fake.close());
beforeEach(() => fake.reset());

const runware = (maxRetries = 2, timeoutMs = 5000) =>
  new RunwareProvider({ apiKey: 'rw-test', baseUrl: `${fake.origin}/runware`, maxRetries, timeoutMs });
const request = { model: 'runware:100@1', prompt: 'a trail running shoe on a rock' };

it('authenticates, asks for one image and returns it with its cost', async () => {
  const { image, costUsd } = await runware().generateImage(request);
  expect(image.equals(Buffer.from(TINY_PNG_BASE64, 'base64'))).toBe(true);
  expect(costUsd).toBe(0.0013);
  const tasks = fake.requestsTo('runware')[0]!.body as unknown as Record<string, unknown>[];
  expect(tasks[0]).toEqual({ taskType: 'authentication', apiKey: 'rw-test' });
  expect(tasks[1]).toMatchObject({ taskType: 'imageInference', model: 'runware:100@1', positivePrompt: request.prompt, numberResults: 1 });
});

it('waits out a 429 with Retry-After and a 500, then succeeds; gives up with typed errors', async () => {
  fake.script('runware', [
    { status: 429, headers: { 'retry-after': '0.2' }, body: { errors: [{ code: 'rateLimit' }] } },
    { status: 500, body: {} },
  ]);
  const started = Date.now();
  await runware().generateImage(request);
  expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  expect(fake.requestsTo('runware')).toHaveLength(3);

  fake.script('runware', [{ status: 429, headers: { 'retry-after': '3' }, body: { errors: [{ code: 'rateLimit', message: 'slow down' }] } }]);
  const limited = (await runware(0)
    .generateImage(request)
    .catch((err: unknown) => err)) as AiError;
  expect({ code: limited.code, retry: limited.retryAfterSeconds }).toEqual({ code: 'RATE_LIMITED', retry: 3 });

  fake.script('runware', [{ status: 400, body: { errors: [{ code: 'insufficientCredits', message: 'Insufficient credits' }] } }]);
  expect(
    (
      (await runware()
        .generateImage(request)
        .catch((err: unknown) => err)) as AiError
    ).code,
  ).toBe('QUOTA_EXCEEDED');

  fake.script('runware', [{ raw: '<html>gateway</html>' }]);
  expect(
    (
      (await runware()
        .generateImage(request)
        .catch((err: unknown) => err)) as AiError
    ).code,
  ).toBe('BAD_OUTPUT');

  fake.script('runware', [{ hang: true }]);
  const hung = await runware(0, 300)
    .generateImage(request)
    .catch((err: unknown) => err);
  expect(hung).toBeInstanceOf(AiError);
  expect((hung as AiError).code).toBe('PROVIDER_UNAVAILABLE');
});
