import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { routes } from './routes';
import { startTestApp } from './test/harness';
import { ensureBuilt } from './test/processes';

/** The CLI as it is run: the compiled `dist/cli.js`, in its own process, with a bare environment. */
const CLI = path.resolve(__dirname, '..', 'dist', 'cli.js');
let dataDir: string;
beforeAll(() => {
  ensureBuilt();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'igny8-cli-'));
}, 120_000);
afterAll(() => dataDir && fs.rmSync(dataDir, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], {
    cwd: dataDir,
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

/** The validator is ESM-only, so it runs in its own node process (as in the platform's OpenAPI test). */
function validate(json: string): { valid: boolean; errors: unknown[] } {
  const check = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "import { Validator } from '@seriousme/openapi-schema-validator'; let s=''; process.stdin.on('data', d => s += d).on('end', async () => { const r = await new Validator().validate(JSON.parse(s)); console.log(JSON.stringify({ valid: r.valid, errors: r.errors ?? [] })); });",
    ],
    { input: json, encoding: 'utf8', cwd: __dirname },
  );
  expect(check.stderr).toBe('');
  return JSON.parse(check.stdout);
}

describe('openapi', () => {
  it('prints the document the server serves, as JSON and nothing else, without touching any files', async () => {
    const env = { PUBLIC_URL: 'https://api.example.test' };
    const printed = cli(['openapi'], env);
    expect({ status: printed.status, stderr: printed.stderr }).toEqual({ status: 0, stderr: '' });
    const document = JSON.parse(printed.stdout); // the whole of stdout is the document
    expect(printed.stdout.endsWith('}\n')).toBe(true);
    expect(validate(printed.stdout)).toEqual({ valid: true, errors: [] });
    expect(document.servers).toEqual([{ url: 'https://api.example.test' }]);
    const operationIds = Object.values(document.paths as Record<string, Record<string, { operationId: string }>>).flatMap((item) =>
      Object.values(item).map((operation) => operation.operationId),
    );
    expect(operationIds.sort()).toEqual(routes.map((route) => route.operationId).sort());
    expect(fs.readdirSync(dataDir)).toEqual([]); // no secrets generated, no database opened

    const app = await startTestApp(env);
    try {
      const served = await app.http.get('/api/openapi.json').expect(200);
      expect(document).toEqual(served.body);
    } finally {
      await app.close();
    }
  });

  it('names the server "/" without PUBLIC_URL, writes a file with --output, and refuses a bad PUBLIC_URL on stderr', () => {
    const plain = cli(['openapi']);
    expect(plain.status).toBe(0);
    expect(JSON.parse(plain.stdout).servers).toEqual([{ url: '/' }]);

    const file = path.join(os.tmpdir(), `igny8-openapi-${process.pid}.json`);
    const written = cli(['openapi', '--output', file]);
    expect({ status: written.status, stdout: written.stdout }).toEqual({ status: 0, stdout: '' });
    expect(fs.readFileSync(file, 'utf8')).toBe(plain.stdout);
    fs.rmSync(file);

    const bad = cli(['openapi'], { PUBLIC_URL: 'not a url' });
    expect({ status: bad.status, stdout: bad.stdout }).toEqual({ status: 1, stdout: '' });
    expect(bad.stderr).toMatch(/PUBLIC_URL: /);
  });
});
