import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const CORE_ROOT = path.resolve(__dirname, '..', '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** The worker runs from the build, as in production: rebuild it when a source file is newer. */
export function ensureBuilt(): void {
  const worker = path.join(CORE_ROOT, 'dist', 'worker.js');
  if (fs.existsSync(worker) && fs.statSync(worker).mtimeMs >= newestMtime(path.join(CORE_ROOT, 'src'))) return;
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: CORE_ROOT, stdio: 'inherit' });
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out waiting for ${what}.`);
}

export interface WorkerProcess {
  child: ChildProcess;
  /** Everything the process printed, for a failing test's message. */
  output(): string;
  /** SIGKILL: no cleanup at all, as when a machine dies. */
  kill(): Promise<void>;
  /** SIGTERM, then waits for a graceful exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** `node dist/worker.js`, a separate process on the test run's database and the given Redis. */
export async function startWorker(env: Record<string, string>): Promise<WorkerProcess> {
  ensureBuilt();
  let output = '';
  const child = spawn(process.execPath, [path.join(CORE_ROOT, 'dist', 'worker.js')], {
    cwd: CORE_ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await waitFor(() => output.includes('worker started') || child.exitCode !== null, 'the worker to start');
  if (child.exitCode !== null) throw new Error(`The worker exited at start:\n${output}`);
  return {
    child,
    output: () => output,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

export interface RedisProcess {
  url: string;
  /** SIGKILL: Redis dies with everything in memory (it keeps nothing on disk). */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
}

/**
 * A Redis of the test's own, so stopping it disturbs no other test file. By default it keeps
 * nothing on disk (a restart empties it); with `persist`, data survives a restart, as with an
 * append-only file in production, while its script cache still does not.
 */
export async function startRedis(options: { persist?: boolean } = {}): Promise<RedisProcess> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'igny8-redis-'));
  const persistence = options.persist ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir] : ['--appendonly', 'no'];
  let child: ChildProcess | null = null;
  const ping = () =>
    new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
      socket.once('error', () => resolve(false));
    });
  const handle: RedisProcess = {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence], { stdio: 'ignore' });
      await waitFor(ping, `redis-server on port ${port}`);
    },
    async kill() {
      const running = child;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
      child = null;
    },
  };
  await handle.start();
  return handle;
}
