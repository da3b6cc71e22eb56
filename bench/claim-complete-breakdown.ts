/**
 * A quick look at where claim+complete spends its time, for profiling between full bench runs:
 * one server on lowdb with `BENCH_SMALL` (100) active cases of bench/fixtures/drie-taken.bpmn,
 * `BENCH_SAMPLES` rounds one at a time (the first tenth discarded), and per round the claim's
 * round trip, the completion's round trip, the server's own completion time (Server-Timing) and
 * their sum. Prints one table; exits 0. Combine with BENCH_NODE_ARGS (see support.ts), e.g.
 * `BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/profiles"` or `"--trace-gc"`, and
 * ENGINE_CACHE_SIZE to try another cache.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ServerBench } from './server-bench';
import { Client, envInt, log, percentile, ROOT, startServer, stopServer } from './support';

const CASES = envInt('BENCH_SMALL', 100);
const ROUNDS = envInt('BENCH_SAMPLES', 1500);

const root = await mkdtemp(path.join(tmpdir(), 'casusregie-breakdown-'));
const server = await startServer(path.join(root, 'data'), {
  processesDir: path.join(ROOT, 'bench/fixtures'),
  env: process.env.ENGINE_CACHE_SIZE ? { ENGINE_CACHE_SIZE: process.env.ENGINE_CACHE_SIZE } : {},
});
try {
  const client = new Client(server.baseUrl);
  await client.login('slt', 'demo');
  const bench = new ServerBench(client, 4);
  await bench.growTo(CASES);
  log(`${CASES} active cases; ${ROUNDS} rounds`);
  const rows = { claim: [] as number[], complete: [] as number[], server: [] as number[], whole: [] as number[] };
  const warmup = Math.floor(ROUNDS / 10);
  for (let round = 0; round < ROUNDS; round++) {
    const picked = await bench.pickTask();
    const started = performance.now();
    await bench.claim(picked);
    const claim = performance.now() - started;
    const completed = await bench.completeClaimed(picked);
    if (round < warmup || !completed) continue;
    rows.claim.push(claim);
    rows.complete.push(completed.roundTrip);
    rows.server.push(completed.server);
    rows.whole.push(claim + completed.roundTrip);
  }
  const ms = (values: number[], p: number) => `${percentile(values, p).toFixed(2)} ms`;
  console.log(`| ${CASES} open cases, n=${rows.whole.length} | p50 | p90 | p99 |\n|---|---|---|---|`);
  for (const [name, values] of Object.entries(rows)) {
    console.log(`| ${name} | ${ms(values, 50)} | ${ms(values, 90)} | ${ms(values, 99)} |`);
  }
} finally {
  await stopServer(server);
  if (process.env.BENCH_KEEP_DATA === '1') log(`data and server.log kept in ${root}`);
  else await rm(root, { recursive: true, force: true });
}
