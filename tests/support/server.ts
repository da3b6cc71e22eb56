import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Application, createApplication } from '../../server/app';
import { readConfig } from '../../server/config';
import type { SessionInfo, Task } from '../../server/contract/api';
import { dropStore, storeEnv } from './store';

/** Fifty years: no test moves the test clock that far, so no session expires unless a test asks. */
export const TEST_SESSION_HOURS = String(50 * 365 * 24);

export const FIXTURE_PROCESSES = fileURLToPath(new URL('../fixtures/processes', import.meta.url));

export interface TestServer {
  app: Application;
  baseUrl: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * A real server on a free port, on its own data folder, in demo mode with the test clock. In the
 * `postgres` test project the data folder also has a database of its own (see ./store.ts).
 */
export async function startServer(
  options: {
    processesDir?: string;
    dataDir?: string;
    engineCacheSize?: number;
    clientDir?: string;
    /** More environment settings, as an operator would give them. */
    env?: Record<string, string>;
    /** Where the test clock starts (an ISO instant), to pin the calendar. */
    clockStart?: string;
  } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'casusregie-test-')));
  const config = readConfig({
    DATA_DIR: dataDir,
    TEST_CLOCK: '1',
    // Sessions expire on the server clock, which tests move by days; a test of expiry sets its own.
    SESSION_HOURS: TEST_SESSION_HOURS,
    PROCESSES_DIR: options.processesDir ?? FIXTURE_PROCESSES,
    CLIENT_DIR: options.clientDir ?? path.join(dataDir, 'no-client'),
    ...(await storeEnv(dataDir)),
    ...(options.engineCacheSize !== undefined ? { ENGINE_CACHE_SIZE: String(options.engineCacheSize) } : {}),
    ...options.env,
    ...(options.clockStart !== undefined ? { TEST_CLOCK_START: options.clockStart } : {}),
  });
  const app = await createApplication(config);
  const port = await app.listen(0);
  return { app, baseUrl: `http://127.0.0.1:${port}`, dataDir, stop: () => app.close() };
}

/** Removes a data folder and, in the `postgres` test project, its database. */
export async function removeDataDir(dataDir: string): Promise<void> {
  await rm(dataDir, { recursive: true, force: true });
  await dropStore(dataDir);
}

/** A logged-in user talking to the API as a browser would: session cookie plus CSRF header. */
export class ApiClient {
  cookie = '';
  csrfToken = '';

  constructor(readonly baseUrl: string) {}

  static async login(baseUrl: string, username: string, password = 'demo'): Promise<ApiClient> {
    const client = new ApiClient(baseUrl);
    const response = await client.request('POST', '/api/session', { username, password });
    if (response.status !== 200) throw new Error(`login as ${username} failed: ${response.status}`);
    return client;
  }

  async request(method: string, url: string, body?: unknown, contentType = 'application/json'): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;
    if (body !== undefined) headers['content-type'] = contentType;
    const response = await fetch(this.baseUrl + url, {
      method,
      headers,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    if (url === '/api/session' && method === 'POST' && response.ok) {
      this.csrfToken = ((await response.clone().json()) as SessionInfo).csrfToken;
    }
    return response;
  }

  async json<T>(method: string, url: string, body?: unknown): Promise<T> {
    const response = await this.request(method, url, body);
    if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  }

  get<T>(url: string): Promise<T> {
    return this.json<T>('GET', url);
  }

  post<T>(url: string, body?: unknown): Promise<T> {
    return this.json<T>('POST', url, body ?? {});
  }

  /** Claims and completes the open task at an element of a case. */
  async completeTask(caseId: string, elementId: string, variables: Record<string, unknown> = {}): Promise<Task> {
    const tasks = await this.get<Task[]>(`/api/tasks?caseId=${caseId}`);
    const task = tasks.find((candidate) => candidate.elementId === elementId);
    if (!task)
      throw new Error(`no open task ${elementId} in case ${caseId}: ${tasks.map((t) => t.elementId).join(', ')}`);
    await this.post(`/api/tasks/${task.id}/claim`);
    await this.post(`/api/tasks/${task.id}/complete`, { variables });
    return task;
  }
}
