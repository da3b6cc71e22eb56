/**
 * Two builds of the server side by side, for judging a change on a machine whose speed drifts
 * between runs (this one's does, by half): the bundle at `BENCH_BASELINE` (built from another
 * commit) and dist/server.mjs, each on its own lowdb data folder with `BENCH_SMALL` (100) active
 * cases of bench/fixtures/drie-taken.bpmn. Their rounds of claim+complete alternate, A B B A, one
 * at a time, so both meet the same drift; the first tenth is discarded. Prints one table, with each
 * server's VmRSS after the rounds; exits 0. Without BENCH_BASELINE both run dist/server.mjs, and
 * BENCH_THIS_NODE_ARGS (node flags for this build only) tries a setting, e.g. of the collector.
 * BENCH_STORE=postgres puts each build on its own database of one throwaway cluster instead.
 *
 *   git worktree add /tmp/baseline <commit> && ln -s "$PWD/node_modules" /tmp/baseline/
 *   (cd /tmp/baseline && npm run build:server)
 *   BENCH_BASELINE=/tmp/baseline/dist/server.mjs npm run bench:compare
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../tests/support/postgres-cluster';
import { ServerBench } from './server-bench';
import {
  Client,
  envInt,
  log,
  percentile,
  ROOT,
  type RunningServer,
  readRssKb,
  startServer,
  stopServer,
} from './support';

const CASES = envInt('BENCH_SMALL', 100);
const ROUNDS = envInt('BENCH_SAMPLES', 3000);
const baseline = process.env.BENCH_BASELINE ?? 'dist/server.mjs';
const thisNodeArgs = (process.env.BENCH_THIS_NODE_ARGS ?? '').split(' ').filter(Boolean);
const onPostgres = process.env.BENCH_STORE === 'postgres';

interface Build {
  name: string;
  script: string;
  nodeArgs: string[];
  server?: RunningServer;
  bench?: ServerBench;
  whole: number[];
  claim: number[];
  server_: number[];
}

const builds: Build[] = [
  { name: `baseline (${baseline})`, script: path.resolve(baseline), nodeArgs: [], whole: [], claim: [], server_: [] },
  {
    name: `this build (dist/server.mjs${thisNodeArgs.length > 0 ? ` ${thisNodeArgs.join(' ')}` : ''})`,
    script: 'dist/server.mjs',
    nodeArgs: thisNodeArgs,
    whole: [],
    claim: [],
    server_: [],
  },
];
const root = await mkdtemp(path.join(tmpdir(), 'casusregie-compare-'));
let cluster: ThrowawayPostgres | undefined;
try {
  if (onPostgres) {
    cluster = await startThrowawayPostgres({ durable: true });
    log(`PostgreSQL ${cluster.version}: one database per build`);
  }
  for (const [index, build] of builds.entries()) {
    const folder = path.join(root, String(index));
    await mkdir(folder);
    build.server = await startServer(path.join(folder, 'data'), {
      processesDir: path.join(ROOT, 'bench/fixtures'),
      script: build.script,
      nodeArgs: build.nodeArgs,
      ...(cluster ? { env: { DATABASE_URL: await cluster.createDatabase(`compare_${index}`) } } : {}),
    });
    const client = new Client(build.server.baseUrl);
    await client.login('slt', 'demo');
    build.bench = new ServerBench(client, 4);
    await build.bench.growTo(CASES);
  }
  log(`${CASES} active cases each; ${ROUNDS} rounds per build, alternating`);
  for (let round = 0; round < ROUNDS; round++) {
    for (const build of round % 2 === 0 ? builds : [...builds].reverse()) {
      const bench = build.bench!;
      const picked = await bench.pickTask();
      const started = performance.now();
      await bench.claim(picked);
      const claim = performance.now() - started;
      const completed = await bench.completeClaimed(picked);
      if (round < ROUNDS / 10 || !completed) continue;
      build.whole.push(claim + completed.roundTrip);
      build.claim.push(claim);
      build.server_.push(completed.server);
    }
    if ((round + 1) % 500 === 0) log(`  ${round + 1}/${ROUNDS} rounds`);
  }
  const ms = (values: number[], p: number) => `${percentile(values, p).toFixed(2)} ms`;
  console.log(
    `| ${CASES} open cases, n=${builds[0]!.whole.length} | claim+complete p50 | p90 | p99 | claim p50 | server's completion p50 | p99 | VmRSS |`,
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const build of builds) {
    const { whole, claim, server_: server } = build;
    const { rss } = await readRssKb(build.server!.pid);
    console.log(
      `| ${build.name} | ${ms(whole, 50)} | ${ms(whole, 90)} | ${ms(whole, 99)} | ${ms(claim, 50)} | ${ms(server, 50)} | ${ms(server, 99)} | ${(rss / 1024).toFixed(0)} MB |`,
    );
  }
} finally {
  for (const build of builds) await stopServer(build.server);
  await cluster?.stop();
  await rm(root, { recursive: true, force: true });
}
