import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createConnection } from 'mysql2/promise';
import { createDatabase, migrateLatest } from '../platform/db';

/**
 * A fresh database per run: MySQL/MariaDB by default (IGNY8_TEST_MYSQL_URL, root on 127.0.0.1),
 * or a new SQLite file with IGNY8_TEST_DB=sqlite. Workers inherit the resulting env.
 */
export default async function globalSetup(): Promise<void> {
  process.env.NODE_ENV = 'test';
  process.env.LOG_LEVEL ??= 'silent';
  const runId = `${Date.now().toString(36)}_${process.pid}`;
  process.env.IGNY8_TEST_RUN_ID = runId;
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379/0';
  process.env.REDIS_KEY_PREFIX = `igny8test:${runId}:`;
  process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'igny8-test-'));
  if (process.env.IGNY8_TEST_DB === 'sqlite') {
    delete process.env.DATABASE_URL;
    const knex = createDatabase({ databaseDialect: 'sqlite', sqliteFile: path.join(process.env.DATA_DIR, 'igny8.sqlite'), DATABASE_POOL_MAX: 1 });
    await migrateLatest(knex);
    await knex.destroy();
    return;
  }
  const server = new URL(process.env.IGNY8_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306');
  const database = `igny8_test_${runId}`;
  const user = `igny8_${runId}`.slice(0, 32);
  const password = `pw_${runId}`;
  const admin = await createConnection({
    host: server.hostname,
    port: Number(server.port || 3306),
    user: decodeURIComponent(server.username || 'root'),
    password: decodeURIComponent(server.password),
  });
  await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  // MariaDB authenticates 127.0.0.1 connections as user@localhost, so create both.
  for (const host of ['localhost', '127.0.0.1', '%']) {
    await admin.query(`CREATE USER IF NOT EXISTS '${user}'@'${host}' IDENTIFIED BY '${password}'`);
    await admin.query(`GRANT ALL PRIVILEGES ON \`${database}\`.* TO '${user}'@'${host}'`);
  }
  await admin.end();
  process.env.IGNY8_TEST_DATABASE = database;
  process.env.IGNY8_TEST_DB_USER = user;
  process.env.DATABASE_URL = `mysql://${user}:${password}@${server.hostname}:${server.port || 3306}/${database}`;
  const knex = createDatabase({ databaseDialect: 'mysql', DATABASE_URL: process.env.DATABASE_URL, DATABASE_POOL_MAX: 2, sqliteFile: '' });
  await migrateLatest(knex);
  await knex.destroy();
}
