import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const env = { ...process.env, JWT_SECRET: 'x'.repeat(32), SECRETS_KEY: 'ab'.repeat(32) };
const has = (command: string, args: string[]) => spawnSync(command, args, { encoding: 'utf8' }).status === 0;

/** Debian's docker-compose 1.29, or the docker CLI's compose plugin, validates the file without an engine. */
function composeCommand(): string[] | null {
  if (has('docker', ['compose', 'version'])) return ['docker', 'compose'];
  if (has('docker-compose', ['version'])) return ['docker-compose'];
  return null;
}

it('docker-compose.yml is valid and wires api, worker, wordpress, mysql and redis', () => {
  const command = composeCommand();
  if (!command) {
    // Only acceptable where there is no docker client at all (the test command installs docker-compose).
    expect(has('docker', ['--version'])).toBe(false);
    return;
  }
  const [bin, ...pre] = command as [string, ...string[]];
  const result = spawnSync(bin, [...pre, '-f', path.join(root, 'docker-compose.yml'), 'config'], { cwd: root, env, encoding: 'utf8' });
  expect(result.stderr).not.toMatch(/ERROR|invalid/i);
  expect(result.status).toBe(0);
  for (const service of ['mysql:', 'redis:', 'api:', 'worker:', 'wordpress:']) expect(result.stdout).toContain(service);
  expect(result.stdout).toMatch(/DATABASE_URL: mysql:\/\//);
  expect(result.stdout).toMatch(/igny8-bridge/);
  // The api and the worker share the data volume (keyword CSVs in, image files out).
  expect(result.stdout.match(/core-data:\/app\/data/g)).toHaveLength(2);
  const missingSecret = spawnSync(bin, [...pre, '-f', path.join(root, 'docker-compose.yml'), 'config', '-q'], {
    cwd: root,
    env: { PATH: process.env.PATH },
    encoding: 'utf8',
  });
  expect(missingSecret.status).not.toBe(0);
});
