import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export interface BenchProcess {
  child: ChildProcess;
  /** Resolves with the first line of output that matches, printed already or to come. */
  waitFor(pattern: RegExp): Promise<string>;
  stop(): Promise<void>;
}

/** A compiled script of ours (dist/…) as a separate process, as the worker runs in production. BENCH_NODE_ARGS (say, `--cpu-prof`) go to node. */
export async function startProcess(script: string, env: Record<string, string>, ready: RegExp): Promise<BenchProcess> {
  const child = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS?.split(' ') ?? []), path.join(__dirname, '..', script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const waiter of [...waiters]) {
      const match = output.split('\n').find((line) => waiter.pattern.test(line));
      if (match !== undefined) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  });
  const handle: BenchProcess = {
    child,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const printed = output.split('\n').find((line) => pattern.test(line));
        if (printed !== undefined) return resolve(printed);
        waiters.push({ pattern, resolve });
        child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before printing ${pattern}:\n${output}`)));
      }),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
  await handle.waitFor(ready);
  return handle;
}
