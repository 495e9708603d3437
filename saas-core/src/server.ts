import type { Server } from 'node:http';
import { closeServices, createApp, createServices } from './app';
import { ConfigError, loadConfig } from './platform/config';
import { migrateLatest } from './platform/db';
import { registerJobProcessors } from './worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const services = createServices(config);
  const { logger } = services;
  const applied = await migrateLatest(services.knex);
  if (applied.length > 0) logger.info({ migrations: applied }, `applied ${applied.length} migration(s)`);
  // On the embedded default there is no separate worker: jobs run in this process.
  const recovery = services.queue.driver === 'inline' ? registerJobProcessors(services) : null;

  const app = createApp(services);
  const server: Server = app.listen(config.PORT, config.HOST);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const base = config.PUBLIC_URL ?? `http://${config.HOST}:${port}`;
  const database = config.databaseDialect === 'sqlite' ? `SQLite at ${config.sqliteFile}` : 'MySQL';
  const queue = services.queue.driver === 'inline' ? 'in-process job runner' : 'bee-queue on Redis';
  process.stdout.write(
    [
      '',
      `IGNY8 core is running (${database}; ${queue}).`,
      `  API:        ${base}/api/v1/`,
      `  API docs:   ${base}/api/docs  (ReDoc: ${base}/api/redoc, OpenAPI: ${base}/api/openapi.json)`,
      `  Health:     ${base}/healthz  ${base}/readyz`,
      '  First account:',
      `    curl -X POST ${base}/api/v1/auth/register/ -H 'Content-Type: application/json' \\`,
      `      -d '{"email":"you@example.com","password":"choose-a-password","account_name":"My Agency"}'`,
      '    or: npm run cli -- create-account --name "My Agency" --email you@example.com --password choose-a-password',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS).unref();
    // Stop taking connections, let in-flight requests finish, then close what they used.
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await recovery?.stop();
    await closeServices(services);
    clearTimeout(deadline);
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`IGNY8 core failed to start: ${(err as Error).stack ?? String(err)}\n`);
  }
  process.exit(1);
});
