import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createConnection } from 'mysql2/promise';
import { createAccountWithOwner } from '../accounts/commands/create-account';
import { closeServices, createApp, createServices } from '../app';
import { loadConfig } from '../platform/config';
import { createDatabase, migrateLatest } from '../platform/db';
import type { Services } from '../platform/http/types';
import { accountScope } from '../platform/tenancy/scope';
import { createSector, createSite } from '../sites/commands/manage-sites';
import { registerJobProcessors } from '../worker';
import { signIn } from './http';

/** A throwaway MySQL database, data dir and running core for one benchmark run. */
export interface Scratch {
  services: Services;
  /** The environment the core runs with: a worker process started with it works on the same data. */
  env: Record<string, string>;
  baseUrl: string;
  token: string;
  accountId: number;
  siteId: number;
  newSector(name: string): Promise<number>;
  close(): Promise<void>;
}

export async function startScratch(env: Record<string, string> = {}, options: { jobs?: boolean } = {}): Promise<Scratch> {
  const server = new URL(process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306');
  const database = `igny8_bench_${Date.now().toString(36)}_${process.pid}`;
  const admin = await createConnection({
    host: server.hostname,
    port: Number(server.port || 3306),
    user: decodeURIComponent(server.username || 'root'),
    password: decodeURIComponent(server.password),
  });
  await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const databaseUrl = `mysql://${server.username || 'root'}${server.password ? `:${server.password}` : ''}@${server.hostname}:${server.port || 3306}/${database}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'igny8-bench-'));
  const migrator = createDatabase({ databaseDialect: 'mysql', DATABASE_URL: databaseUrl, DATABASE_POOL_MAX: 2, sqliteFile: '' });
  await migrateLatest(migrator);
  await migrator.destroy();

  const coreEnv = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'silent', REDIS_URL: '', THROTTLE_USER: '1000000/min', ...env };
  const config = loadConfig({ ...process.env, ...coreEnv });
  const services = createServices(config);
  // Jobs run here unless a worker process is started for them.
  const recovery = options.jobs === false ? null : registerJobProcessors(services);
  const listener = createApp(services).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => listener.once('listening', resolve));
  const address = listener.address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;

  const email = `bench-${Date.now()}@example.test`;
  const password = 'benchmark-password';
  const { account, owner } = await createAccountWithOwner(services.knex, { accountName: 'Bench', email, password, planSlug: 'scale' });
  const scope = accountScope(account.id);
  const actor = { kind: 'user' as const, accountId: account.id, role: 'owner' as const, userId: owner.id };
  const site = await createSite(services.knex, actor, scope, { name: 'Bench site' });
  return {
    services,
    env: coreEnv,
    baseUrl,
    token: await signIn(baseUrl, email, password),
    accountId: account.id,
    siteId: site.id,
    async newSector(name) {
      return (await createSector(services.knex, scope, site.id, { name, isActive: false })).id;
    },
    async close() {
      await new Promise<void>((resolve) => listener.close(() => resolve()));
      await recovery?.stop();
      await closeServices(services);
      await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await admin.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
