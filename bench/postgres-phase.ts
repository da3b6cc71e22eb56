/**
 * The PostgreSQL column of `npm run bench`: the same claim+complete rounds on a server whose store
 * is PostgreSQL (a throwaway cluster of Debian's postgresql, as the tests use), at BENCH_SMALL,
 * BENCH_LARGE and (seeded) BENCH_HUGE open cases, the server's RSS and its restart to serving, and
 * the throughput of one node and of three nodes on one database under concurrent clients.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { startThrowawayPostgres } from '../tests/support/postgres-cluster';
import { measureThroughput, type Sample, ServerBench } from './server-bench';
import { type HugeResults, hugePhase, type StoreTarget, timedRestart } from './size-phases';
import { Client, log, type Restart, type RunningServer, readRssKb, startServer, stopServer } from './support';

export interface PostgresResults {
  version: string;
  small: Sample[];
  large: Sample[];
  /** VmRSS of the server process (PostgreSQL's own memory not counted) with `large` open cases. */
  rssLargeKb: number;
  restartLarge: Restart;
  huge: HugeResults | undefined;
  hugeFailure?: string;
  /** One node's throughput (the stores' shared row). */
  throughput: Awaited<ReturnType<typeof measureThroughput>>;
  threeNodes: Awaited<ReturnType<typeof measureThroughput>>;
  openCasesUnderLoad: number;
  seededCompleted: number;
  seededFailed: number;
}

export async function benchPostgres(options: {
  tempRoot: string;
  processesDir: string;
  small: number;
  large: number;
  /** 0 or not above `large`: no phase at that size. */
  huge: number;
  samples: number;
  warmup: number;
  concurrency: number;
  seedConcurrency: number;
  templates: number;
  clients: number;
  seconds: number;
}): Promise<PostgresResults> {
  const cluster = await startThrowawayPostgres({ durable: true });
  log(`PostgreSQL: ${cluster.version} on ${cluster.url}`);
  const servers: RunningServer[] = [];
  try {
    const targetOf = async (name: string, url: string): Promise<StoreTarget> => {
      const dataDir = path.join(options.tempRoot, `pg-${name}`);
      await mkdir(dataDir, { recursive: true });
      return {
        dataDir,
        databaseUrl: url,
        server: {
          processesDir: options.processesDir,
          env: { DATABASE_URL: url },
          logFile: path.join(options.tempRoot, `server-${name}.log`),
        },
      };
    };
    const start = async (target: StoreTarget) => {
      const server = await startServer(target.dataDir, target.server);
      servers.push(server);
      return server;
    };

    // Latency: one node, one request at a time, as in the lowdb rows.
    const latencyDb = await cluster.createDatabase('bench_latency');
    const target = await targetOf('latency', latencyDb);
    let node = await start(target);
    const client = new Client(node.baseUrl);
    await client.login('slt', 'demo');
    const bench = new ServerBench(client, options.concurrency);
    log(`PostgreSQL: creating ${options.small} cases`);
    await bench.growTo(options.small);
    const small = await bench.measure(`PostgreSQL, ${options.small} active`, {
      samples: options.samples,
      warmup: options.warmup,
      thinkMs: 0,
    });
    log(`PostgreSQL: growing to ${options.large.toLocaleString('en')} active cases`);
    await bench.growTo(options.large, 2000);
    const large = await bench.measure(`PostgreSQL, ${options.large} active`, {
      samples: options.samples,
      warmup: options.warmup,
      thinkMs: 0,
    });
    const rssLarge = await readRssKb(node.pid);
    const restartLarge = await timedRestart(
      `PostgreSQL, ${options.large.toLocaleString('en')} open`,
      node,
      target,
      client,
    );
    node = restartLarge.server;
    servers.push(node);

    // Throughput: the same database and cases, first through the restarted node, then through three.
    const openCases = [...bench.active];
    log(`PostgreSQL: ${options.clients} clients on one node for ${options.seconds} s`);
    const oneNode = await measureThroughput([node.baseUrl], openCases, options);
    const others = await Promise.all([
      start(await targetOf('node-2', latencyDb)),
      start(await targetOf('node-3', latencyDb)),
    ]);
    log(`PostgreSQL: ${options.clients} clients spread over three nodes for ${options.seconds} s`);
    const threeNodes = await measureThroughput(
      [node.baseUrl, ...others.map((server) => server.baseUrl)],
      openCases,
      options,
    );
    await Promise.all(others.map((server) => stopServer(server)));
    // The throughput clients finished some cases and started others in their place.
    bench.active.splice(0, bench.active.length, ...openCases);

    let huge: HugeResults | undefined;
    let hugeFailure: string | undefined;
    if (options.huge > bench.active.length) {
      huge = await hugePhase({
        label: 'PostgreSQL',
        server: node,
        target,
        client,
        bench,
        open: options.huge,
        samples: options.samples,
        warmup: options.warmup,
        concurrency: options.seedConcurrency,
        templates: options.templates,
        reference: async () => targetOf('reference', await cluster.createDatabase('bench_reference')),
        referenceOpen: options.small,
      }).catch((error: unknown) => {
        // A start-up that never serves is a result (✗), not a reason to lose the rest of the table.
        hugeFailure = (error as Error).message;
        log(`PostgreSQL: the phase at ${options.huge.toLocaleString('en')} open cases failed: ${hugeFailure}`);
        return undefined;
      });
      if (huge) servers.push(huge.server);
    }
    return {
      version: cluster.version,
      small,
      large,
      rssLargeKb: rssLarge.rss,
      restartLarge,
      huge,
      ...(hugeFailure ? { hugeFailure } : {}),
      throughput: oneNode,
      threeNodes,
      openCasesUnderLoad: openCases.length,
      seededCompleted: bench.seededCompleted,
      seededFailed: bench.seededFailed,
    };
  } finally {
    await Promise.all(servers.map((server) => stopServer(server)));
    await cluster.stop();
  }
}
