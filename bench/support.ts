/**
 * What the benchmarks share: settings from the environment, percentiles, the server bundle as a
 * child process exactly as `npm start` runs it, and a small logged-in API client.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, not "${raw}"`);
  return value;
}

export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length); // nearest rank
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

// ---- The server as a child process -----------------------------------------------------------

export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface RunningServer {
  child: ChildProcess;
  pid: number;
  baseUrl: string;
  logFile: string;
  exited: boolean;
}

export interface ServerOptions {
  processesDir: string;
  clientDir?: string;
  startupTimeoutMs?: number;
  /** More settings, e.g. DATABASE_URL for the PostgreSQL store. */
  env?: Record<string, string>;
  /** The server's log file (default: server.log beside the data folder). */
  logFile?: string;
  /** The server bundle to run (default: dist/server.mjs, which the bench scripts build first). */
  script?: string;
  /** Node flags for this server only, after those of BENCH_NODE_ARGS. */
  nodeArgs?: string[];
}

/** Spawns the server bundle and answers at once, before it listens. */
async function spawnServer(dataDir: string, options: ServerOptions): Promise<RunningServer> {
  const port = await freePort();
  const logFile = options.logFile ?? path.join(path.dirname(dataDir), 'server.log');
  // Appended: a restarted server's output follows the first one's.
  const output = createWriteStream(logFile, { flags: 'a' });
  // Exactly as `npm start` runs it: the esbuild bundle (npm run bench builds it first) on plain
  // node with the same heap setting; the child's pid is the one whose RSS counts.
  // BENCH_NODE_ARGS adds flags for a closer look, e.g. `--cpu-prof --cpu-prof-dir=/tmp/profiles`
  // (node refuses those in NODE_OPTIONS).
  const extra = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(
    process.execPath,
    ['--heap-growing-percent=20', ...extra, ...(options.nodeArgs ?? []), options.script ?? 'dist/server.mjs'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: process.env.NODE_ENV === 'test' ? '' : (process.env.NODE_ENV ?? ''),
        PORT: String(port),
        DATA_DIR: dataDir,
        PROCESSES_DIR: options.processesDir,
        CLIENT_DIR: options.clientDir ?? path.join(dataDir, 'no-client'),
        CASUSREGIE_MODE: 'demo',
        TEST_CLOCK: '',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.pipe(output);
  child.stderr!.pipe(output);
  const server: RunningServer = { child, pid: child.pid!, baseUrl: `http://127.0.0.1:${port}`, logFile, exited: false };
  child.once('exit', () => {
    server.exited = true;
  });
  return server;
}

/**
 * Polls `url` every `intervalMs` until it answers 2xx (with `cookie`, if given); throws when the
 * server exits or the deadline passes (and kills it, so it is not left running behind the benchmark).
 */
async function pollUntilOk(
  server: RunningServer,
  url: string,
  options: { deadline: number; timeoutMs: number; intervalMs: number; cookie?: string },
): Promise<void> {
  for (;;) {
    if (server.exited) throw new Error(`the server exited during start-up; see ${server.logFile}`);
    try {
      const response = await fetch(`${server.baseUrl}${url}`, {
        headers: options.cookie ? { cookie: options.cookie } : {},
      });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > options.deadline) {
      server.child.kill('SIGKILL');
      throw new Error(`the server did not answer ${url} within ${options.timeoutMs / 1000} s; see ${server.logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
}

export async function startServer(dataDir: string, options: ServerOptions): Promise<RunningServer> {
  const server = await spawnServer(dataDir, options);
  const timeoutMs = options.startupTimeoutMs ?? 60_000;
  await pollUntilOk(server, '/api/health', { deadline: Date.now() + timeoutMs, timeoutMs, intervalMs: 100 });
  return server;
}

export interface Restart {
  server: RunningServer;
  /** From the spawn until /api/health answered 200. */
  healthSeconds: number;
  /** From the spawn until a logged-in list request (`listUrl`) answered too: users are served. */
  servingSeconds: number;
  /** From SIGINT until the old process had exited. */
  stopSeconds: number;
}

/**
 * Restart to serving: SIGINT (as an operator or systemd stops it), wait for the exit, spawn the
 * server again on the same data and time, polling every 20 ms, until /api/health answers 200 and
 * then a list request with an existing session (`cookie`; sessions are stored) answers 2xx.
 */
export async function restartServer(
  old: RunningServer,
  dataDir: string,
  options: ServerOptions & { cookie: string; listUrl: string },
): Promise<Restart> {
  const stopStarted = performance.now();
  if (!old.exited) {
    const exited = once(old.child, 'exit');
    old.child.kill('SIGINT');
    const timeout = setTimeout(() => {
      if (!old.exited) old.child.kill('SIGKILL');
    }, 60_000);
    await exited;
    clearTimeout(timeout);
  }
  const stopSeconds = (performance.now() - stopStarted) / 1000;
  const spawned = performance.now();
  const server = await spawnServer(dataDir, { ...options, logFile: options.logFile ?? old.logFile });
  const timeoutMs = options.startupTimeoutMs ?? 600_000;
  const deadline = Date.now() + timeoutMs;
  await pollUntilOk(server, '/api/health', { deadline, timeoutMs, intervalMs: 20 });
  const healthSeconds = (performance.now() - spawned) / 1000;
  await pollUntilOk(server, options.listUrl, { deadline, timeoutMs, intervalMs: 20, cookie: options.cookie });
  const servingSeconds = (performance.now() - spawned) / 1000;
  return { server, healthSeconds, servingSeconds, stopSeconds };
}

export async function stopServer(server: RunningServer | undefined): Promise<void> {
  if (!server || server.exited) return;
  const exited = once(server.child, 'exit');
  server.child.kill('SIGTERM');
  const timeout = setTimeout(() => {
    if (!server.exited) server.child.kill('SIGKILL');
  }, 10_000);
  await exited;
  clearTimeout(timeout);
}

export async function readRssKb(pid: number): Promise<{ rss: number; hwm: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

// ---- API client --------------------------------------------------------------------------------

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Non-2xx answers (and transport errors) seen during the run, by "METHOD route status". */
export const failures = new Map<string, number>();
export function countFailure(key: string): void {
  failures.set(key, (failures.get(key) ?? 0) + 1);
}

export class Client {
  private cookie = '';
  private csrfToken = '';

  /** Settable: after a restart the same session (it is stored) talks to the new process. */
  constructor(public baseUrl: string) {}

  /** The session cookie, for requests made without this client (e.g. raw timing). */
  get cookieHeader(): string {
    return this.cookie;
  }

  async login(username: string, password: string): Promise<void> {
    const response = await fetch(`${this.baseUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!response.ok) throw new Error(`login as ${username} answered ${response.status}: ${await response.text()}`);
    this.cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
    this.csrfToken = ((await response.json()) as { csrfToken: string }).csrfToken;
  }

  async call<T>(method: string, url: string, route: string, body?: unknown): Promise<{ data: T; headers: Headers }> {
    const headers: Record<string, string> = { cookie: this.cookie, 'X-CSRF-Token': this.csrfToken };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(this.baseUrl + url, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      countFailure(`${method} ${route} (no answer)`);
      throw error;
    }
    if (!response.ok) {
      countFailure(`${method} ${route} ${response.status}`);
      throw new HttpError(
        response.status,
        `${method} ${url} answered ${response.status}: ${(await response.text()).slice(0, 300)}`,
      );
    }
    return { data: (await response.json()) as T, headers: response.headers };
  }
}

export interface TaskView {
  id: string;
  elementId: string;
  caseId: string;
  assignee?: string;
}

export interface InstanceSummaryView {
  id: string;
  caseId: string;
  state: string;
}
