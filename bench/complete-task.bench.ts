/**
 * Benchmark: what does completing a user task cost, and does it stay cheap as the store grows?
 *
 * 1. bare bpmn-engine: signal + getState on live engines of bench/fixtures/drie-taken.bpmn;
 * 2-3. the real server (spawned as a child process) completing tasks with BENCH_SMALL and then
 *      BENCH_LARGE active cases, timed by the server itself (`Server-Timing: complete;dur=`);
 * 4-5. ratios against the goals;
 * 6. the server's resident memory (VmRSS) with BENCH_LARGE active cases;
 * 7-9. the case list's first page (GET /api/cases) at BENCH_SMALL and BENCH_LARGE cases, and the
 *      ratio of the two (flat: the list reads an ordered in-memory index, never the case files).
 * Then the stores side by side (lowdb and PostgreSQL), with the goals of issue 18: claim+complete
 * over HTTP at BENCH_SMALL, BENCH_LARGE and BENCH_HUGE open cases (the last reached by seeding copies
 * of open cases through the store's interface while the server is stopped, bench/seed-cases.ts),
 * the flatness ratio, the server's RSS and its restart to serving at BENCH_LARGE and BENCH_HUGE.
 *
 * Prints one markdown table on stdout, progress on stderr, and always exits 0 once it has measured:
 * it reports whether the goals are met (✓/✗), it does not fail on slowness.
 *
 * Environment: BENCH_SMALL (100), BENCH_LARGE (10000), BENCH_SAMPLES (400), BENCH_ENGINES (500),
 * BENCH_CONCURRENCY (8), BENCH_WARMUP (25, completions discarded before each server phase),
 * BENCH_LIST_REQUESTS (200, case-list requests per phase), BENCH_HUGE (100000, 0 skips that phase),
 * BENCH_SEED_CONCURRENCY (16), BENCH_TEMPLATES (40), BENCH_KEEP_DATA=1 keeps the temporary data folder.
 */
import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from 'bpmn-engine';
import camunda from 'camunda-bpmn-moddle/resources/camunda.json' with { type: 'json' };
import { benchPostgres, type PostgresResults } from './postgres-phase';
import { DEFINITION_KEY, measureThroughput, type Sample, ServerBench } from './server-bench';
import { type HugeResults, hugePhase, SERVING_URL, type StoreTarget, timedRestart } from './size-phases';
import {
  Client,
  countFailure,
  envInt,
  failures,
  log,
  percentile,
  type Restart,
  type RunningServer,
  readRssKb,
  startServer,
  stopServer,
} from './support';

const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));
const DIAGRAM = path.join(FIXTURES, 'drie-taken.bpmn');

const SMALL = envInt('BENCH_SMALL', 100);
const LARGE = envInt('BENCH_LARGE', 10_000);
/** Reached by seeding (bench/seed-cases.ts), not over HTTP; 0 (or not above BENCH_LARGE) skips it. */
const HUGE = envInt('BENCH_HUGE', 100_000);
const SEED_CONCURRENCY = Math.max(1, envInt('BENCH_SEED_CONCURRENCY', 16));
const TEMPLATES = Math.max(1, envInt('BENCH_TEMPLATES', 40));
const SAMPLES = envInt('BENCH_SAMPLES', 400);
const ENGINES = envInt('BENCH_ENGINES', 500);
const CONCURRENCY = Math.max(1, envInt('BENCH_CONCURRENCY', 8));
const WARMUP = envInt('BENCH_WARMUP', 25);
const KEEP_DATA = process.env.BENCH_KEEP_DATA === '1';
/** Pause between claim and completion in row 3c: a person filling in the form, the machine idle. */
const THINK_MS = envInt('BENCH_THINK_MS', 20);

const LIST_REQUESTS = Math.max(20, envInt('BENCH_LIST_REQUESTS', 200));

/** BENCH_POSTGRES=0 leaves out the PostgreSQL column (e.g. where PostgreSQL is not installed). */
const WITH_POSTGRES = process.env.BENCH_POSTGRES !== '0';
const THROUGHPUT_CLIENTS = envInt('BENCH_CLIENTS', 12);
const THROUGHPUT_SECONDS = envInt('BENCH_THROUGHPUT_SECONDS', 15);

/** Issue 18: claim+complete over HTTP no slower than the in-memory peer's single signal. */
const GOAL_WHOLE_P50_MS = 3.5;
const GOAL_WHOLE_P99_MS = 15;
const GOAL_RATIO_GROWTH = 1.5;
const GOAL_RATIO_BARE = 2;
const GOAL_RSS_MB = 300;
const GOAL_RSS_HUGE_MB = 500;
const GOAL_FLAT_RATIO = 1.1;
const GOAL_RESTART_LARGE_S = 3;
const GOAL_RESTART_HUGE_S = 10;

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)} ms` : 'n/a');

// ---- 1. Bare bpmn-engine ----------------------------------------------------------------------

interface WaitingTask {
  id: string;
  executionId: string;
}

async function benchBareEngine(source: string): Promise<{ samples: number[]; warmup: number }> {
  log(`bare bpmn-engine: starting ${ENGINES} engines of ${DEFINITION_KEY}`);
  const live: Array<{ engine: Engine; execution: Awaited<ReturnType<Engine['execute']>>; task: WaitingTask }> = [];
  for (let index = 0; index < ENGINES; index++) {
    const engine = new Engine({ name: `bench-${index}`, source, moddleOptions: { camunda } });
    const listener = new EventEmitter();
    const execution = await engine.execute({ listener });
    const [postponed] = execution.getPostponed();
    if (postponed?.id !== 'Task_1') throw new Error(`engine ${index} does not wait in Task_1 (${postponed?.id})`);
    live.push({ engine, execution, task: { id: postponed.id, executionId: postponed.executionId } });
  }
  const warmup = Math.min(Math.max(25, Math.round(ENGINES / 10)), Math.floor(ENGINES / 2));
  const samples: number[] = [];
  for (let index = 0; index < live.length; index++) {
    const { engine, execution, task } = live[index]!;
    const started = performance.now();
    execution.signal({ id: task.id, executionId: task.executionId });
    await engine.getState();
    const elapsed = performance.now() - started;
    if (index >= warmup) samples.push(elapsed);
    const [next] = execution.getPostponed();
    if (next?.id !== 'Task_2') throw new Error(`engine ${index} did not move on to Task_2 (${next?.id})`);
  }
  for (const { engine } of live) engine.stop();
  live.length = 0;
  return { samples, warmup };
}

// ---- 7-9. The case list ------------------------------------------------------------------------

/**
 * Round trips of the case list's first page over loopback, one at a time, the first ten discarded:
 * the default page (50 newest) and a search that matches no case, which walks the whole index.
 */
async function measureCaseList(
  baseUrl: string,
  cookie: string,
): Promise<{ firstPage: number[]; fullScan: number[]; items: number }> {
  const time = async (query: string) => {
    const samples: number[] = [];
    let items = 0;
    for (let index = 0; index < LIST_REQUESTS; index++) {
      const started = performance.now();
      const response = await fetch(`${baseUrl}/api/cases${query}`, { headers: { cookie } });
      const body = (await response.json()) as { items: unknown[] };
      const duration = performance.now() - started;
      if (!response.ok) {
        countFailure(`GET /api/cases ${response.status}`);
        continue;
      }
      items = body.items.length;
      if (index >= 10) samples.push(duration);
    }
    return { samples, items };
  };
  const firstPage = await time('');
  const fullScan = await time('?q=zz');
  return { firstPage: firstPage.samples, fullScan: fullScan.samples, items: firstPage.items };
}

// ---- Main --------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const benchStarted = performance.now();
  const source = await readFile(DIAGRAM, 'utf8');

  const bare = await benchBareEngine(source);
  const bareP50 = percentile(bare.samples, 50);
  log(`bare bpmn-engine: p50 ${ms(bareP50)}, p99 ${ms(percentile(bare.samples, 99))} (n=${bare.samples.length})`);
  (globalThis as { gc?: () => void }).gc?.();

  const tempRoot = await mkdtemp(path.join(os.tmpdir(), 'casusregie-bench-'));
  const dataDir = path.join(tempRoot, 'data');
  let server: RunningServer | undefined;
  const cleanup = async () => {
    await stopServer(server);
    if (!KEEP_DATA) await rm(tempRoot, { recursive: true, force: true });
  };
  const onSignal = () => {
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    log(`starting the server (data in ${dataDir})`);
    const target: StoreTarget = { dataDir, server: { processesDir: FIXTURES } };
    server = await startServer(dataDir, target.server);
    log(`server pid ${server.pid} at ${server.baseUrl}`);
    const client = new Client(server.baseUrl);
    await client.login('slt', 'demo');
    const rssIdle = await readRssKb(server.pid);
    const bench = new ServerBench(client, CONCURRENCY);

    log(`creating ${SMALL} cases (concurrency ${CONCURRENCY})`);
    await bench.growTo(SMALL);
    const smallSamples = await bench.measure(`${SMALL} active`, { samples: SAMPLES, warmup: WARMUP, thinkMs: 0 });
    const small = smallSamples.map((sample) => sample.server);
    const rssSmall = await readRssKb(server.pid);
    const casesSmall = bench.started;
    log(`case list with ${casesSmall} cases: ${LIST_REQUESTS} first pages`);
    const listSmall = await measureCaseList(server.baseUrl, client.cookieHeader);
    log(
      `${SMALL} active: p50 ${ms(percentile(small, 50))}, p99 ${ms(percentile(small, 99))}; VmRSS ${(rssSmall.rss / 1024).toFixed(0)} MB`,
    );

    log(`growing the store to ${LARGE.toLocaleString('en')} active cases (concurrency ${CONCURRENCY})`);
    const growStarted = performance.now();
    await bench.growTo(LARGE, 1000);
    const growSeconds = (performance.now() - growStarted) / 1000;
    log(`  grown in ${growSeconds.toFixed(1)} s`);
    const largeSamples = await bench.measure(`${LARGE} active`, { samples: SAMPLES, warmup: WARMUP, thinkMs: 0 });
    const large = largeSamples.map((sample) => sample.server);
    log(`${LARGE} active, cold path: completing tasks claimed long before`);
    const cold = await bench.measureCold(`${LARGE} active, cold`, SAMPLES);
    log(`${LARGE} active, with ${THINK_MS} ms between claim and completion`);
    const thinking = (
      await bench.measure(`${LARGE} active, think time`, { samples: SAMPLES, warmup: WARMUP, thinkMs: THINK_MS })
    ).map((sample) => sample.server);
    const rssLarge = await readRssKb(server.pid);
    const casesLarge = bench.started;
    log(`case list with ${casesLarge} cases: ${LIST_REQUESTS} first pages`);
    const listLarge = await measureCaseList(server.baseUrl, client.cookieHeader);
    log(
      `${LARGE} active: p50 ${ms(percentile(large, 50))}, p99 ${ms(percentile(large, 99))}; VmRSS ${(rssLarge.rss / 1024).toFixed(0)} MB`,
    );
    const restartLarge = await timedRestart(`lowdb, ${LARGE.toLocaleString('en')} open`, server, target, client);
    server = restartLarge.server;

    // Throughput through the restarted server: the clients act at once, so their commits overlap
    // and share the commit log's syncs (group commit).
    const openCases = [...bench.active];
    log(`lowdb: ${THROUGHPUT_CLIENTS} clients for ${THROUGHPUT_SECONDS} s`);
    const throughput = await measureThroughput([server.baseUrl], openCases, {
      clients: THROUGHPUT_CLIENTS,
      seconds: THROUGHPUT_SECONDS,
    });
    // The throughput clients finished some cases and started others in their place.
    bench.active.splice(0, bench.active.length, ...openCases);

    let huge: HugeResults | undefined;
    let hugeFailure: string | undefined;
    if (HUGE > bench.active.length) {
      const running = server;
      server = undefined; // hugePhase stops it and starts its own
      huge = await hugePhase({
        label: 'lowdb',
        server: running,
        target,
        client,
        bench,
        open: HUGE,
        samples: SAMPLES,
        warmup: WARMUP,
        concurrency: SEED_CONCURRENCY,
        templates: TEMPLATES,
        reference: async () => ({ dataDir: path.join(tempRoot, 'reference'), server: { processesDir: FIXTURES } }),
        referenceOpen: SMALL,
      }).catch((error: unknown) => {
        // A start-up that never serves is a result (✗), not a reason to lose the rest of the table.
        hugeFailure = (error as Error).message;
        log(`lowdb: the phase at ${HUGE.toLocaleString('en')} open cases failed: ${hugeFailure}`);
        return undefined;
      });
      server = huge?.server;
    }
    const lowdbSeeded = { completed: bench.seededCompleted, failed: bench.seededFailed };

    await stopServer(server);

    let postgres: PostgresResults | undefined;
    if (WITH_POSTGRES) {
      postgres = await benchPostgres({
        tempRoot,
        processesDir: FIXTURES,
        small: SMALL,
        large: LARGE,
        huge: HUGE,
        samples: SAMPLES,
        warmup: WARMUP,
        concurrency: CONCURRENCY,
        seedConcurrency: SEED_CONCURRENCY,
        templates: TEMPLATES,
        clients: THROUGHPUT_CLIENTS,
        seconds: THROUGHPUT_SECONDS,
      });
    }

    // ---- Report ----
    const smallP50 = percentile(small, 50);
    const largeP50 = percentile(large, 50);
    const growth = largeP50 / smallP50;
    const vsBare = largeP50 / bareP50;
    const rssMb = rssLarge.rss / 1024;
    const met = (ok: boolean) => (ok ? '✓' : '✗');
    const listGrowth = percentile(listLarge.firstPage, 50) / percentile(listSmall.firstPage, 50);
    const listRow = (cases: number, list: { firstPage: number[]; fullScan: number[]; items: number }) =>
      `GET /api/cases first page p50, ${fmt(cases)} cases (${list.items} shown, n=${list.firstPage.length}) | p50 ${ms(percentile(list.firstPage, 50))} · p99 ${ms(percentile(list.firstPage, 99))}; a search matching nothing (walks every case): p50 ${ms(percentile(list.fullScan, 50))}`;
    const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
    const fmt = (n: number) => n.toLocaleString('en');

    const lines = [
      `## Complete-task benchmark`,
      '',
      `Machine: ${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GB RAM, Node ${process.version}, ${os.platform()} ${os.release()}.`,
      `Diagram \`${DEFINITION_KEY}\` (three sequential user tasks). Server completions one at a time on random active cases, ` +
        `${WARMUP} warm-up completions discarded per phase; times are the server's own \`Server-Timing: complete\`. ` +
        `Rows 2 and 3 claim a task and complete it right away, back to back like the bare loop in row 1; the server ` +
        `recovers a case's engine when its task is claimed, and a completion that arrives before that is done waits ` +
        `for it (the wait is in the time). Row 3b completes tasks claimed long before, whose engines the bounded cache ` +
        `has dropped (recovery inside the completion). Row 3c pauses ${THINK_MS} ms between claim and completion (idle machine).`,
      '',
      '| # | Measurement | Result | Goal | Met |',
      '|---|---|---|---|---|',
      `| 1 | bare bpmn-engine: \`signal\` + \`getState\` on ${fmt(ENGINES)} live engines (n=${bare.samples.length}, ${bare.warmup} warm-up discarded) | p50 ${ms(bareP50)} · p99 ${ms(percentile(bare.samples, 99))} | – | – |`,
      `| 2 | server complete-task, ${fmt(SMALL)} active cases (n=${small.length}) | p50 ${ms(smallP50)} · p99 ${ms(percentile(small, 99))} | – | – |`,
      `| 3 | server complete-task, ${fmt(LARGE)} active cases (n=${large.length}) | p50 ${ms(largeP50)} · p99 ${ms(percentile(large, 99))} | – | – |`,
      `| 3b | cold path: ${fmt(LARGE)} active cases, tasks claimed long before (n=${cold.length}) | p50 ${ms(percentile(cold, 50))} · p99 ${ms(percentile(cold, 99))} | – | – |`,
      `| 3c | ${fmt(LARGE)} active cases, ${THINK_MS} ms between claim and completion (n=${thinking.length}) | p50 ${ms(percentile(thinking, 50))} · p99 ${ms(percentile(thinking, 99))} | – | – |`,
      `| 4 | p50(${fmt(LARGE)}) / p50(${fmt(SMALL)}) | ${growth.toFixed(2)} | ≤ ${GOAL_RATIO_GROWTH} | ${met(growth <= GOAL_RATIO_GROWTH)} |`,
      `| 5 | p50(${fmt(LARGE)}) / bare p50 | ${vsBare.toFixed(2)} | ≤ ${GOAL_RATIO_BARE} | ${met(vsBare <= GOAL_RATIO_BARE)} |`,
      `| 6 | server VmRSS with ${fmt(LARGE)} active cases, after the completions | ${rssMb.toFixed(0)} MB (peak VmHWM ${(rssLarge.hwm / 1024).toFixed(0)} MB; ${(rssIdle.rss / 1024).toFixed(0)} MB after start-up, ${(rssSmall.rss / 1024).toFixed(0)} MB at ${fmt(SMALL)}) | < ${GOAL_RSS_MB} MB | ${met(rssMb < GOAL_RSS_MB)} |`,
      `| 7 | ${listRow(casesSmall, listSmall)} | – | – |`,
      `| 8 | ${listRow(casesLarge, listLarge)} | – | – |`,
      `| 9 | GET /api/cases first page: p50(${fmt(casesLarge)}) / p50(${fmt(casesSmall)}) | ${listGrowth.toFixed(2)} | ≤ ${GOAL_RATIO_GROWTH} (flat) | ${met(listGrowth <= GOAL_RATIO_GROWTH)} |`,
      '',
      `Rows 7-9: round trips over loopback as \`slt\` (the first ten discarded), every page written to the access log as in production. Cases started ${fmt(bench.started)}, finished ${fmt(bench.finished)}; growing to ${fmt(LARGE)} took ${growSeconds.toFixed(0)} s; ` +
        `whole run ${((performance.now() - benchStarted) / 1000).toFixed(0)} s.` +
        (failures.size === 0
          ? ' No non-2xx answers.'
          : ` Non-2xx answers / errors: ${[...failures].map(([key, count]) => `${key} ×${count}`).join(', ')}.`),
    ];
    const lowdb: StoreColumn = {
      small: smallSamples,
      large: largeSamples,
      rssLargeKb: rssLarge.rss,
      restartLarge,
      throughput,
      openCasesUnderLoad: openCases.length,
      huge,
      seededCompleted: lowdbSeeded.completed,
      seededFailed: lowdbSeeded.failed,
      ...(hugeFailure ? { hugeFailure } : {}),
    };
    lines.push('', ...storeTable(lowdb, postgres));
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch (error) {
    if (server) {
      try {
        const serverLog = await readFile(server.logFile, 'utf8');
        log(`server log (last lines):\n${serverLog.split('\n').slice(-30).join('\n')}`);
      } catch {
        // no log
      }
    }
    throw error;
  } finally {
    await cleanup();
  }
}

/** One store's column of the side-by-side table. */
interface StoreColumn {
  small: Sample[];
  large: Sample[];
  rssLargeKb: number;
  restartLarge: Restart;
  /** Completions per second of BENCH_CLIENTS users at once, and the open cases they worked on. */
  throughput: PostgresResults['throughput'];
  openCasesUnderLoad: number;
  huge: HugeResults | undefined;
  /** Why the phase at BENCH_HUGE gave no results (e.g. the server did not serve in time). */
  hugeFailure?: string;
  seededCompleted: number;
  seededFailed: number;
}

/**
 * The stores side by side: claim+complete as the user waits for it (both requests, whole), the
 * server's memory and its restart to serving, with the goals of issue 18, and the throughput of one
 * node of each store and of three PostgreSQL nodes.
 */
function storeTable(lowdb: StoreColumn, postgres: PostgresResults | undefined): string[] {
  const fmt = (n: number) => n.toLocaleString('en');
  const stores: Array<StoreColumn | undefined> = [lowdb, postgres];
  const wholeOf = (samples: Sample[]) => samples.map((sample) => sample.whole);
  const p50 = (samples: Sample[] | undefined) =>
    samples && samples.length > 0 ? percentile(wholeOf(samples), 50) : Number.NaN;
  const mark = (ok: boolean | undefined) => (ok === undefined ? '–' : ok ? '✓' : '✗');
  /** A row: per store a result text and whether its goal is met (undefined: not measured / no goal). */
  const row = (
    measurement: string,
    goal: string,
    cell: (store: StoreColumn) => { text: string; ok?: boolean } | undefined,
  ) => {
    const cells = stores.map((store) => (store ? cell(store) : undefined));
    const texts = cells.map((value, index) =>
      value ? value.text : index === 1 && !postgres ? 'not measured (BENCH_POSTGRES=0)' : 'not measured',
    );
    const met = goal === '–' ? '–' : cells.map((value) => mark(value?.ok)).join(' / ');
    return `| ${measurement} | ${texts[0]} | ${texts[1]} | ${goal} | ${met} |`;
  };
  const latencyGoal = `p50 ≤ ${GOAL_WHOLE_P50_MS} ms · p99 < ${GOAL_WHOLE_P99_MS} ms`;
  const latency = (samples: Sample[] | undefined, withGoal: boolean) => {
    if (!samples || samples.length === 0) return undefined;
    const values = wholeOf(samples);
    const median = percentile(values, 50);
    const p99 = percentile(values, 99);
    return {
      text: `p50 ${ms(median)} · p99 ${ms(p99)} (n=${values.length})`,
      ...(withGoal ? { ok: median <= GOAL_WHOLE_P50_MS && p99 < GOAL_WHOLE_P99_MS } : {}),
    };
  };
  const seconds = (value: number) => `${value.toFixed(2)} s`;
  const restart = (result: Restart | undefined, goal: number) =>
    result
      ? {
          text: `${seconds(result.servingSeconds)} (health ${seconds(result.healthSeconds)}; stopping took ${seconds(result.stopSeconds)})`,
          ok: result.servingSeconds < goal,
        }
      : undefined;
  const mb = (kb: number, goal: number) => ({ text: `${(kb / 1024).toFixed(0)} MB`, ok: kb / 1024 < goal });
  const throughput = (result: PostgresResults['throughput'] | undefined) =>
    result
      ? `${result.perSecond.toFixed(0)} completions/s (${fmt(result.completions)} in ${THROUGHPUT_SECONDS} s; ${result.conflicts} claim races lost, ${result.failures} failed)`
      : 'not measured';
  /** The phase at BENCH_HUGE failed: the reason, and the goal not met. */
  const failed = (store: StoreColumn) =>
    store.hugeFailure ? { text: `failed: ${store.hugeFailure}`, ok: false } : undefined;
  const hugeLabel = HUGE > LARGE ? fmt(HUGE) : '100,000';
  const skipped = HUGE > LARGE ? '' : ` (skipped: BENCH_HUGE=${HUGE})`;
  const seedingNote = (name: string, store: StoreColumn | undefined) =>
    store?.huge
      ? `${name}: ${fmt(store.huge.seeded)} copies of ${store.huge.templates} open cases committed in ${store.huge.seedSeconds.toFixed(0)} s (${SEED_CONCURRENCY} in flight), first start on them ${store.huge.firstStartSeconds.toFixed(1)} s.`
      : '';
  return [
    '## The stores side by side',
    '',
    `Claim+complete as the user waits for it: the claim request and the completion request over loopback, each timed from sending to the last byte received (the task look-up before it not counted), one user at a time, ${WARMUP} warm-up rounds discarded. ` +
      `${fmt(SMALL)} and ${fmt(LARGE)} open cases are started over HTTP; the ${hugeLabel} are reached by seeding copies of open cases through the store's interface while the server is stopped (bench/README.md), then everything timed is over HTTP again. ` +
      `RSS is the server process's VmRSS after the rounds. Restart to serving: SIGINT, wait for the exit, start on the same data, time from the spawn until /api/health answers 200 and then \`GET ${SERVING_URL}\` with the existing session answers (both polled every 20 ms). ` +
      (postgres
        ? `PostgreSQL: ${postgres.version}, a throwaway cluster on this machine with fsync on (durable, like lowdb's fsync), the server's pool of 10 connections; its own memory is not in the RSS.`
        : 'PostgreSQL: not measured (BENCH_POSTGRES=0).'),
    '',
    '| Measurement | lowdb | PostgreSQL | Goal (issue 18) | Met (lowdb / PostgreSQL) |',
    '|---|---|---|---|---|',
    row(`claim+complete over HTTP, ${fmt(SMALL)} open cases`, latencyGoal, (store) => latency(store.small, true)),
    row(`claim+complete over HTTP, ${fmt(LARGE)} open cases`, latencyGoal, (store) => latency(store.large, true)),
    row(
      `claim+complete over HTTP, ${hugeLabel} open cases (seeded), in turn with a reference server at ${fmt(SMALL)}${skipped}`,
      'flat (next row)',
      (store) => {
        const huge = failed(store) ?? latency(store.huge?.samples, false);
        const reference = store.huge && latency(store.huge.reference, false);
        return huge && reference ? { ...huge, text: `${huge.text}; reference ${reference.text}` } : huge;
      },
    ),
    row(
      `flatness: p50(${hugeLabel}) / p50(${fmt(SMALL)}), the rounds of the row above`,
      `≤ ${GOAL_FLAT_RATIO.toFixed(2)}`,
      (store) => {
        if (!store.huge) return failed(store);
        const ratio = p50(store.huge.samples) / p50(store.huge.reference);
        return { text: ratio.toFixed(2), ok: ratio <= GOAL_FLAT_RATIO };
      },
    ),
    row(`server VmRSS, ${fmt(LARGE)} open cases`, `< ${GOAL_RSS_MB} MB`, (store) => mb(store.rssLargeKb, GOAL_RSS_MB)),
    row(`server VmRSS, ${hugeLabel} open cases${skipped}`, `< ${GOAL_RSS_HUGE_MB} MB`, (store) =>
      store.huge ? mb(store.huge.rssKb, GOAL_RSS_HUGE_MB) : failed(store),
    ),
    row(`restart to serving, ${fmt(LARGE)} open cases`, `< ${GOAL_RESTART_LARGE_S} s`, (store) =>
      restart(store.restartLarge, GOAL_RESTART_LARGE_S),
    ),
    row(
      `restart to serving, ${hugeLabel} open cases${skipped}`,
      `< ${GOAL_RESTART_HUGE_S} s`,
      (store) => failed(store) ?? restart(store.huge?.restart, GOAL_RESTART_HUGE_S),
    ),
    row('seeded copies work: their tasks claimed and completed over HTTP', 'no failures', (store) =>
      store.huge
        ? {
            text: `${fmt(store.seededCompleted)} completed, ${fmt(store.seededFailed)} failed`,
            ok: store.seededFailed === 0 && store.seededCompleted > 0,
          }
        : undefined,
    ),
    row(
      `throughput, one node, ${THROUGHPUT_CLIENTS} concurrent clients, ${fmt(lowdb.openCasesUnderLoad)} open cases`,
      '–',
      (store) => ({ text: throughput(store.throughput) }),
    ),
    `| throughput, three nodes on one database, the same clients spread over them | – | ${throughput(postgres?.threeNodes)} | – | – |`,
    '',
    [seedingNote('Seeding, lowdb', lowdb), seedingNote('PostgreSQL', postgres)].filter(Boolean).join(' '),
    '',
    `Three nodes share this machine's ${os.cpus().length} cores with PostgreSQL and the clients, so their throughput shows that nodes work together on one database, not how far they scale on machines of their own.`,
  ];
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('[bench] failed:', error);
    process.exit(1);
  },
);
