import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURE_PROCESSES, TEST_SESSION_HOURS } from './server';
import { storeEnv } from './store';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A port nobody listens on right now: bind to port 0, read the port, let it go. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * The server as a real child process (`node --import tsx server/main.ts`), as it runs in
 * production; in the `postgres` test project on the data folder's own database (see ./store.ts).
 */
export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  /** Everything the process wrote to stdout and stderr, for failure messages. */
  output(): string;
  /** Whether the process has exited (by itself or killed). */
  exited(): boolean;
  /** Kills the process at once, with no chance to flush or close anything; resolves when it is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function spawnServer(options: {
  dataDir: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<ServerProcess> {
  const port = await freePort();
  const store = await storeEnv(options.dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      DATA_DIR: options.dataDir,
      PROCESSES_DIR: FIXTURE_PROCESSES,
      CLIENT_DIR: path.join(options.dataDir, 'no-client'),
      TEST_CLOCK: '1',
      SESSION_HOURS: TEST_SESSION_HOURS,
      CASUSREGIE_MODE: 'demo',
      ...store,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  const gone = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const server: ServerProcess = {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    exited: () => exited,
    kill: async (signal = 'SIGKILL') => {
      if (!exited) child.kill(signal);
      await gone;
    },
  };
  try {
    await waitForHealth(server, options.timeoutMs ?? 20_000);
  } catch (error) {
    await server.kill();
    throw error;
  }
  return server;
}

/** Polls GET /api/health until it answers 200; fails early when the process exits. */
async function waitForHealth(server: ServerProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exited()) throw new Error(`the server exited before it was healthy:\n${server.output()}`);
    try {
      const response = await fetch(`${server.baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the server was not healthy within ${timeoutMs} ms:\n${server.output()}`);
}

/** Runs `work` over `items`, at most `concurrency` at a time. */
export async function inParallel<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
