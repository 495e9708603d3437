import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The compiled server as a real process (the test command builds dist/ first). */
const server = path.resolve(__dirname, '../../dist/server.js');
const cleanEnv = () => {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LOG_LEVEL: 'warn' };
  return env;
};

beforeAll(() => {
  if (!fs.existsSync(server)) throw new Error('dist/server.js is missing: run `npm run build -w saas-core` first (npm test does).');
});

it('refuses to start on a bad variable and names it', () => {
  const result = spawnSync(process.execPath, [server], {
    env: { ...cleanEnv(), PORT: 'eighty', DATA_DIR: os.tmpdir() },
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/Invalid configuration:\n\s+- PORT: /);
});

it('starts on embedded defaults (SQLite + in-process jobs), migrates, serves, and stops gracefully on SIGTERM', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'igny8-boot-'));
  const child = spawn(process.execPath, [server], { env: { ...cleanEnv(), PORT: '0', DATA_DIR: dataDir } });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up banner: ${stdout}`)), 20_000);
    child.stdout.on('data', () => {
      const match = /API:\s+(http:\/\/[^/]+)\/api\/v1\//.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
  });
  expect(stdout).toContain('SQLite at');
  expect(stdout).toContain('/api/docs');
  expect(stdout).toContain('create-account');
  const ready = await fetch(`${base}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', queue: 'ok' } });
  expect(fs.existsSync(path.join(dataDir, 'igny8.sqlite'))).toBe(true);

  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  fs.rmSync(dataDir, { recursive: true, force: true });
});
