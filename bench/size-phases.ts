/**
 * What both stores' columns measure beyond the claim+complete rounds: the restart to serving, and
 * the phase at BENCH_HUGE open cases, reached by seeding (bench/seed-cases.ts) while the server is
 * stopped, then measured over HTTP like the others.
 */
import { seedCases } from './seed-cases';
import { measureInterleaved, type Sample, ServerBench } from './server-bench';
import {
  Client,
  log,
  type Restart,
  type RunningServer,
  readRssKb,
  restartServer,
  type ServerOptions,
  startServer,
  stopServer,
} from './support';

/** A logged-in list that needs the task index but stays small at any size: the user's own worklist. */
export const SERVING_URL = '/api/tasks?scope=mine';

/** Where one store's data lives and how its server is started. */
export interface StoreTarget {
  dataDir: string;
  /** The PostgreSQL store (also passed to the server in `server.env`); absent: lowdb in dataDir. */
  databaseUrl?: string;
  server: ServerOptions;
}

/** SIGINT, start again on the same data, time until users are served; the client follows the new process. */
export async function timedRestart(
  label: string,
  server: RunningServer,
  target: StoreTarget,
  client: Client,
): Promise<Restart> {
  log(`${label}: restarting the server (SIGINT, then start on the same data)`);
  const restart = await restartServer(server, target.dataDir, {
    ...target.server,
    cookie: client.cookieHeader,
    listUrl: SERVING_URL,
  });
  client.baseUrl = restart.server.baseUrl;
  log(
    `${label}: serving ${restart.servingSeconds.toFixed(2)} s after the spawn (health ${restart.healthSeconds.toFixed(2)} s; the old process took ${restart.stopSeconds.toFixed(2)} s to stop)`,
  );
  return restart;
}

export interface HugeResults {
  open: number;
  /** Rounds at `open` cases, measured in turn with `reference`'s. */
  samples: Sample[];
  /** Rounds on the reference server (`referenceOpen` active cases), in turn with `samples`. */
  reference: Sample[];
  referenceOpen: number;
  rssKb: number;
  restart: Restart;
  seeded: number;
  seedSeconds: number;
  templates: number;
  /** The first start on the seeded store, until /api/health answered (polled every 100 ms). */
  firstStartSeconds: number;
  server: RunningServer;
}

/**
 * Stops the server, seeds copies of its open cases until `open` cases are open, starts it again,
 * measures claim+complete rounds and the RSS, and times a restart. Answers the running server.
 *
 * The rounds run in turn with those of a reference server: a second server, on a store of its own
 * (`reference()`) grown over HTTP to `referenceOpen` active cases, stopped before the RSS and the
 * restart are read. The flatness row divides the two p50s, which then met the same minutes of
 * this machine; measured minutes apart, the ratio followed the machine's drift (±0.2) more than
 * the store's size.
 */
export async function hugePhase(options: {
  label: string;
  server: RunningServer;
  target: StoreTarget;
  client: Client;
  bench: ServerBench;
  open: number;
  samples: number;
  warmup: number;
  concurrency: number;
  templates: number;
  reference: () => Promise<StoreTarget>;
  referenceOpen: number;
}): Promise<HugeResults> {
  const { label, target, client, bench } = options;
  await stopServer(options.server);
  const count = options.open - bench.active.length;
  // Random open cases as templates: they are spread over the diagram's tasks as the cases are.
  const pool = [...bench.active];
  const templateIds: string[] = [];
  while (templateIds.length < options.templates && pool.length > 0) {
    templateIds.push(pool.splice(Math.floor(Math.random() * pool.length), 1)[0]!);
  }
  log(`${label}: seeding ${count.toLocaleString('en')} copies of open cases (server stopped)`);
  const seeding = await seedCases({
    dataDir: target.dataDir,
    ...(target.databaseUrl ? { databaseUrl: target.databaseUrl } : {}),
    templateIds,
    count,
    taken: bench.known,
    concurrency: options.concurrency,
  });
  bench.addSeeded(seeding.caseIds);
  log(`${label}: seeded ${seeding.caseIds.length.toLocaleString('en')} cases in ${seeding.seconds.toFixed(1)} s`);
  const startStarted = performance.now();
  const server = await startServer(target.dataDir, { startupTimeoutMs: 20 * 60_000, ...target.server });
  const firstStartSeconds = (performance.now() - startStarted) / 1000;
  client.baseUrl = server.baseUrl;
  log(
    `${label}: the server answers on ${bench.active.length.toLocaleString('en')} open cases after ${firstStartSeconds.toFixed(1)} s`,
  );
  try {
    const reference = await startReference(`${label}, reference`, await options.reference(), options.referenceOpen);
    let samples: Sample[];
    let referenceSamples: Sample[];
    try {
      [samples, referenceSamples] = await measureInterleaved(
        `${label}, ${options.open} and ${options.referenceOpen} active in turn`,
        [bench, reference.bench],
        { samples: options.samples, warmup: options.warmup },
      );
    } finally {
      await stopServer(reference.server);
    }
    const rss = await readRssKb(server.pid);
    log(`${label}: VmRSS ${(rss.rss / 1024).toFixed(0)} MB with ${options.open.toLocaleString('en')} open cases`);
    const restart = await timedRestart(`${label}, ${options.open.toLocaleString('en')} open`, server, target, client);
    return {
      open: options.open,
      samples,
      reference: referenceSamples,
      referenceOpen: options.referenceOpen,
      rssKb: rss.rss,
      restart,
      seeded: seeding.caseIds.length,
      seedSeconds: seeding.seconds,
      templates: seeding.templates,
      firstStartSeconds,
      server: restart.server,
    };
  } catch (error) {
    await stopServer(server);
    throw error;
  }
}

/** A server on a fresh store of its own with `open` active cases, started over HTTP. */
async function startReference(
  label: string,
  target: StoreTarget,
  open: number,
): Promise<{ server: RunningServer; bench: ServerBench }> {
  const server = await startServer(target.dataDir, target.server);
  try {
    const client = new Client(server.baseUrl);
    await client.login('slt', 'demo');
    const bench = new ServerBench(client, 8);
    log(`${label}: creating ${open} cases on a store of its own`);
    await bench.growTo(open);
    return { server, bench };
  } catch (error) {
    await stopServer(server);
    throw error;
  }
}
