/**
 * What both stores' columns measure beyond the claim+complete rounds: the restart to serving, and
 * the phase at BENCH_HUGE open cases, reached by seeding (bench/seed-cases.ts) while the server is
 * stopped, then measured over HTTP like the others.
 */
import { seedCases } from './seed-cases';
import type { Sample, ServerBench } from './server-bench';
import {
  type Client,
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
  samples: Sample[];
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
    const samples = await bench.measure(`${label}, ${options.open} active`, {
      samples: options.samples,
      warmup: options.warmup,
      thinkMs: 0,
    });
    const rss = await readRssKb(server.pid);
    log(`${label}: VmRSS ${(rss.rss / 1024).toFixed(0)} MB with ${options.open.toLocaleString('en')} open cases`);
    const restart = await timedRestart(`${label}, ${options.open.toLocaleString('en')} open`, server, target, client);
    return {
      open: options.open,
      samples,
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
