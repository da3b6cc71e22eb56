/**
 * The PostgreSQL column of `npm run bench`: the same claim+complete rounds on a server whose store
 * is PostgreSQL (a throwaway cluster of Debian's postgresql, as the tests use), at BENCH_SMALL and
 * BENCH_LARGE open cases, and the throughput of one node and of three nodes on one database under
 * concurrent clients.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { startThrowawayPostgres } from '../tests/support/postgres-cluster';
import { measureThroughput, type Sample, ServerBench } from './server-bench';
import { Client, log, type RunningServer, startServer, stopServer } from './support';

export interface PostgresResults {
  version: string;
  small: Sample[];
  large: Sample[];
  oneNode: Awaited<ReturnType<typeof measureThroughput>>;
  threeNodes: Awaited<ReturnType<typeof measureThroughput>>;
  openCasesUnderLoad: number;
}

export async function benchPostgres(options: {
  tempRoot: string;
  processesDir: string;
  small: number;
  large: number;
  samples: number;
  warmup: number;
  concurrency: number;
  clients: number;
  seconds: number;
}): Promise<PostgresResults> {
  const cluster = await startThrowawayPostgres({ durable: true });
  log(`PostgreSQL: ${cluster.version} on ${cluster.url}`);
  const servers: RunningServer[] = [];
  try {
    const databaseUrl = async (name: string) => {
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE "${name}"`);
      } finally {
        await admin.end();
      }
      const url = new URL(cluster.url);
      url.pathname = `/${name}`;
      return url.toString();
    };
    const start = async (name: string, env: Record<string, string>) => {
      const dataDir = path.join(options.tempRoot, `pg-${name}`);
      await mkdir(dataDir, { recursive: true });
      const server = await startServer(dataDir, {
        processesDir: options.processesDir,
        env,
        logFile: path.join(options.tempRoot, `server-${name}.log`),
      });
      servers.push(server);
      return server;
    };

    // Latency: one node, one request at a time, as in the lowdb rows.
    const latencyDb = await databaseUrl('bench_latency');
    const node = await start('latency', { DATABASE_URL: latencyDb });
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
    await stopServer(node);

    // Throughput: the same database and cases, first through one node, then through three.
    const openCases = [...bench.active];
    const one = await start('node-1', { DATABASE_URL: latencyDb });
    log(`PostgreSQL: ${options.clients} clients on one node for ${options.seconds} s`);
    const oneNode = await measureThroughput([one.baseUrl], openCases, options);
    const others = await Promise.all([
      start('node-2', { DATABASE_URL: latencyDb }),
      start('node-3', { DATABASE_URL: latencyDb }),
    ]);
    log(`PostgreSQL: ${options.clients} clients spread over three nodes for ${options.seconds} s`);
    const threeNodes = await measureThroughput(
      [one.baseUrl, ...others.map((server) => server.baseUrl)],
      openCases,
      options,
    );
    return { version: cluster.version, small, large, oneNode, threeNodes, openCasesUnderLoad: openCases.length };
  } finally {
    await Promise.all(servers.map((server) => stopServer(server)));
    await cluster.stop();
  }
}
