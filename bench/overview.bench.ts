/**
 * Benchmark: does the process overview stay cheap as the number of active cases grows, and how
 * fast does a connected browser see a case move?
 *
 * For BENCH_SMALL and then BENCH_LARGE active cases of bench/fixtures/drie-taken.bpmn, on the
 * server bundle exactly as `npm start` runs it (with the built client):
 * 1. the statistics API the overview loads: time per request (p50/p99 over BENCH_REQUESTS) and
 *    payload size;
 * 2. the overview page in headless Chromium: from navigation until the count badges show;
 * 3. the live case diagram in headless Chromium: from sending a task completion through the API
 *    until the marker moved in the browser (BENCH_LIVE_SAMPLES completions, each on its own case).
 *
 * Prints one markdown table on stdout, progress on stderr; a measurement, not a test.
 * Environment: BENCH_SMALL (100), BENCH_LARGE (10000), BENCH_REQUESTS (200), BENCH_LIVE_SAMPLES (20),
 * BENCH_CONCURRENCY (8), CHROMIUM_PATH (/usr/bin/chromium), BENCH_KEEP_DATA=1.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import {
  Client,
  envInt,
  failures,
  log,
  percentile,
  ROOT,
  type RunningServer,
  startServer,
  stopServer,
  type TaskView,
} from './support';

const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));
const DEFINITION_KEY = 'drie-taken';
const TEAM = 'slt-breda-noord';
const SMALL = envInt('BENCH_SMALL', 100);
const LARGE = envInt('BENCH_LARGE', 10_000);
const REQUESTS = envInt('BENCH_REQUESTS', 200);
const LIVE_SAMPLES = envInt('BENCH_LIVE_SAMPLES', 20);
const CONCURRENCY = Math.max(1, envInt('BENCH_CONCURRENCY', 8));
const KEEP_DATA = process.env.BENCH_KEEP_DATA === '1';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const fmt = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'n/a');

interface PhaseResult {
  cases: number;
  apiMs: number[];
  payloadBytes: number;
  pageMs: number[];
  liveMs: number[];
}

async function growTo(client: Client, active: string[], target: number): Promise<void> {
  let next = active.length;
  const worker = async () => {
    while (next < target) {
      next++;
      const { data } = await client.call<{ caseId: string }>('POST', '/api/instances', 'POST /api/instances', {
        definitionKey: DEFINITION_KEY,
        team: TEAM,
      });
      active.push(data.caseId);
      if (active.length % 1000 === 0) log(`  ${active.length.toLocaleString('en')} active cases`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

async function measureApi(server: RunningServer, client: Client): Promise<{ times: number[]; bytes: number }> {
  const url = `/api/definitions/${DEFINITION_KEY}/versions/1/statistics`;
  const times: number[] = [];
  let bytes = 0;
  for (let index = 0; index < REQUESTS; index++) {
    const started = performance.now();
    const response = await fetch(server.baseUrl + url, { headers: { cookie: client.cookieHeader } });
    const body = await response.text();
    times.push(performance.now() - started);
    bytes = Buffer.byteLength(body);
  }
  return { times: times.slice(Math.min(10, times.length - 1)), bytes };
}

async function loggedInPage(browser: Browser, server: RunningServer): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/`);
  await page.getByLabel('Gebruikersnaam').fill('teamleider');
  await page.getByLabel('Wachtwoord').fill('demo');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
  return page;
}

/** From navigation until the overview's count badge on the first task shows. */
async function measureOverviewPage(page: Page, server: RunningServer): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < 5; index++) {
    const started = performance.now();
    await page.goto(`${server.baseUrl}/processen/${DEFINITION_KEY}`);
    await page.locator('.cr-count-badge').first().waitFor({ timeout: 60_000 });
    times.push(performance.now() - started);
  }
  return times;
}

/**
 * From sending a completion until the browser shows the next task as active. The browser is the
 * teamleider's (who sees the case); `worker` is the SLT colleague who does the task.
 */
async function measureLive(page: Page, server: RunningServer, worker: Client, active: string[]): Promise<number[]> {
  const client = worker;
  const times: number[] = [];
  for (let index = 0; index < LIVE_SAMPLES; index++) {
    const caseId = active[index]!;
    const { data: tasks } = await client.call<TaskView[]>(
      'GET',
      `/api/tasks?caseId=${encodeURIComponent(caseId)}`,
      'GET /api/tasks',
    );
    const task = tasks[0];
    if (!task) continue;
    const { data: instance } = await client.call<{ instanceId: string }>(
      'GET',
      `/api/tasks/${task.id}`,
      'GET /api/tasks/:id',
    );
    await page.goto(`${server.baseUrl}/instanties/${instance.instanceId}`);
    const current = page.locator(`.djs-element.cr-active[data-element-id="${task.elementId}"]`);
    await current.waitFor({ timeout: 30_000 });
    await client.call('POST', `/api/tasks/${task.id}/claim`, 'POST /api/tasks/:id/claim');
    const started = performance.now();
    await client.call('POST', `/api/tasks/${task.id}/complete`, 'POST /api/tasks/:id/complete', { variables: {} });
    await page.waitForFunction(
      (elementId) =>
        !document.querySelector(`.djs-element.cr-active[data-element-id="${elementId}"]`) &&
        document.querySelector('.djs-element.cr-active'),
      task.elementId,
      { timeout: 30_000 },
    );
    times.push(performance.now() - started);
  }
  return times;
}

async function phase(
  server: RunningServer,
  client: Client,
  worker: Client,
  browser: Browser,
  active: string[],
  target: number,
): Promise<PhaseResult> {
  log(`growing to ${target.toLocaleString('en')} active cases`);
  await growTo(client, active, target);
  log('statistics API');
  const api = await measureApi(server, client);
  const page = await loggedInPage(browser, server);
  log('overview page');
  const pageMs = await measureOverviewPage(page, server);
  log('live marker delay');
  // Cases from the end of the list: the first ones may have moved on in an earlier phase.
  const liveMs = await measureLive(page, server, worker, active.slice(-LIVE_SAMPLES));
  await page.context().close();
  return { cases: target, apiMs: api.times, payloadBytes: api.bytes, pageMs, liveMs };
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-bench-overview-'));
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const started = Date.now();
  try {
    server = await startServer(path.join(dataDir, 'data'), {
      processesDir: FIXTURES,
      clientDir: path.join(ROOT, 'client', 'dist'),
    });
    const client = new Client(server.baseUrl);
    await client.login('teamleider', 'demo');
    const worker = new Client(server.baseUrl);
    await worker.login('slt', 'demo');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const active: string[] = [];
    const small = await phase(server, client, worker, browser, active, SMALL);
    const large = await phase(server, client, worker, browser, active, LARGE);
    printTable([small, large], Math.round((Date.now() - started) / 1000));
  } finally {
    await browser?.close();
    await stopServer(server);
    if (!KEEP_DATA) await rm(dataDir, { recursive: true, force: true });
  }
}

function printTable(results: PhaseResult[], seconds: number): void {
  const rows = results.flatMap((result) => {
    const n = result.cases.toLocaleString('en');
    return [
      `| statistics API (what the overview loads), ${n} active cases | p50 ${fmt(percentile(result.apiMs, 50))} · p99 ${fmt(percentile(result.apiMs, 99))} (n=${result.apiMs.length}) | ${result.payloadBytes.toLocaleString('en')} bytes |`,
      `| overview page, navigation → badges shown, ${n} active cases | p50 ${fmt(percentile(result.pageMs, 50))} · max ${fmt(Math.max(...result.pageMs))} (n=${result.pageMs.length}) | – |`,
      `| completion via API → marker moved in a connected browser, ${n} active cases | p50 ${fmt(percentile(result.liveMs, 50))} · max ${fmt(Math.max(...result.liveMs))} (n=${result.liveMs.length}) | – |`,
    ];
  });
  const [small, large] = results;
  const growth = small && large ? percentile(large.apiMs, 50) / percentile(small.apiMs, 50) : Number.NaN;
  console.log(
    `Diagram \`${DEFINITION_KEY}\`; teamleider's session; Chromium headless at 1366x768. Times include the loopback network.\n`,
  );
  console.log('| Measurement | Time | Payload |');
  console.log('|---|---|---|');
  for (const row of rows) console.log(row);
  console.log(
    `| statistics API p50(${LARGE.toLocaleString('en')}) / p50(${SMALL.toLocaleString('en')}) | ${growth.toFixed(2)} | – |`,
  );
  console.log(
    `\nWhole run ${seconds} s. ${failures.size === 0 ? 'No non-2xx answers.' : `Non-2xx answers: ${JSON.stringify(Object.fromEntries(failures))}`}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
