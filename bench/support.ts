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

export async function startServer(
  dataDir: string,
  options: {
    processesDir: string;
    clientDir?: string;
    startupTimeoutMs?: number;
    /** More settings, e.g. DATABASE_URL for the PostgreSQL store. */
    env?: Record<string, string>;
    /** The server's log file (default: server.log beside the data folder). */
    logFile?: string;
  },
): Promise<RunningServer> {
  const port = await freePort();
  const logFile = options.logFile ?? path.join(path.dirname(dataDir), 'server.log');
  const output = createWriteStream(logFile);
  // Exactly as `npm start` runs it: the esbuild bundle (npm run bench builds it first) on plain
  // node with the same heap setting; the child's pid is the one whose RSS counts.
  const child = spawn(process.execPath, ['--heap-growing-percent=20', 'dist/server.mjs'], {
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
  });
  child.stdout!.pipe(output);
  child.stderr!.pipe(output);
  const server: RunningServer = { child, pid: child.pid!, baseUrl: `http://127.0.0.1:${port}`, logFile, exited: false };
  child.once('exit', () => {
    server.exited = true;
  });
  const timeoutMs = options.startupTimeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.exited) throw new Error(`the server exited during start-up; see ${logFile}`);
    try {
      const response = await fetch(`${server.baseUrl}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      // Not left running behind the benchmark.
      child.kill('SIGKILL');
      throw new Error(`the server did not answer /api/health within ${timeoutMs / 1000} s; see ${logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return server;
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

  constructor(private readonly baseUrl: string) {}

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
