import { FakeProviderServer } from '../ai/testing/fake-provider-server';

/**
 * The test provider in a process of its own for the benchmarks: like the real one, it answers from
 * elsewhere, not from the event loop of the process that sends the load. Prints its base URL.
 */
void FakeProviderServer.start().then((fake) => {
  process.stdout.write(`provider ${fake.openAiBaseUrl}\n`);
  process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));
});
