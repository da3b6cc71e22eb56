import { execFile, execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { appendFile, chown, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

/**
 * Vitest global setup of the `postgres` project: a throwaway PostgreSQL cluster for this run,
 * from Debian's `postgresql` package, on a free port and a socket folder of its own, so it never
 * meets the machine's own cluster or another engineer's run. Tests reach it through the admin URL
 * provided as `pgAdminUrl` (see tests/support/store.ts); each data folder gets its own database.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgresql://… of the run's throwaway cluster, as its superuser (only in the `postgres` project). */
    pgAdminUrl: string;
  }
}

const DEBIAN_POSTGRESQL = '/usr/lib/postgresql';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startThrowawayPostgres();
  console.log(`[postgres] ${cluster.version}: throwaway cluster on ${new URL(cluster.url).host} (${cluster.dataDir})`);
  project.provide('pgAdminUrl', cluster.url);
  return cluster.stop;
}

/** A PostgreSQL cluster of its own, thrown away by `stop` (or when the process exits). */
export interface ThrowawayPostgres {
  /** postgresql://… as the superuser, to the `postgres` database. */
  url: string;
  /** What `postgres --version` says. */
  version: string;
  dataDir: string;
  /** Creates an empty database; its URL, as the superuser. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts a throwaway cluster, for the tests or for `npm run bench`. `durable` keeps PostgreSQL's
 * defaults (fsync, synchronous commit), as in production, for measurements; the tests leave it off.
 */
export async function startThrowawayPostgres(options: { durable?: boolean } = {}): Promise<ThrowawayPostgres> {
  const bin = await postgresBinaries();
  // initdb refuses to run as root: as root (CI, this machine) the cluster belongs to the
  // `postgres` user that Debian's package creates; as anyone else it belongs to that user.
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]) =>
    asRoot
      ? exec('runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args])
      : exec(path.join(bin, command), args);

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-pg-data-'));
  const socketDir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-pg-sock-'));
  const removeFolders = () =>
    Promise.all([rm(dataDir, { recursive: true, force: true }), rm(socketDir, { recursive: true, force: true })]);
  const logFile = path.join(dataDir, 'server.log');
  let started = false;
  const pgCtlStop = ['-D', dataDir, '-m', 'immediate', '-w', 'stop'];
  // An interrupted run (Ctrl-C) exits without the teardown: the cluster must not outlive it.
  const stopAtExit = () => {
    if (!started) return;
    started = false;
    try {
      if (asRoot)
        execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, 'pg_ctl'), ...pgCtlStop], {
          cwd: os.tmpdir(),
          stdio: 'ignore',
        });
      else execFileSync(path.join(bin, 'pg_ctl'), pgCtlStop, { cwd: os.tmpdir(), stdio: 'ignore' });
    } catch {
      // Already gone.
    }
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(socketDir, { recursive: true, force: true });
  };
  process.once('exit', stopAtExit);
  const stop = async () => {
    process.removeListener('exit', stopAtExit);
    if (started) {
      started = false;
      // Immediate: the cluster and everything in it is thrown away next.
      await run('pg_ctl', pgCtlStop).catch(() => undefined);
    }
    await removeFolders();
  };
  try {
    if (asRoot) {
      const postgres = await userIds('postgres');
      await chown(dataDir, postgres.uid, postgres.gid);
      await chown(socketDir, postgres.uid, postgres.gid);
    }
    await run('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const port = await freePort();
    // A killed server process is what the tests exercise, not a crashed machine: durability to
    // the disk buys nothing here and costs the run's time. Parallel test servers each hold a small
    // pool (PG_POOL_SIZE) plus the listener and lock connections of the cluster services.
    await appendFile(
      path.join(dataDir, 'postgresql.conf'),
      [
        '',
        `port = ${port}`,
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${socketDir}'`,
        ...(options.durable ? [] : ['fsync = off', 'synchronous_commit = off', 'full_page_writes = off']),
        'max_connections = 400',
        'shared_buffers = 32MB',
        'max_wal_size = 1GB',
        "log_min_messages = 'warning'",
        '',
      ].join('\n'),
    );
    await run('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', 'start']).catch(async (error: unknown) => {
      const log = await readFile(logFile, 'utf8').catch(() => '');
      throw new Error(`the throwaway PostgreSQL cluster did not start:\n${String(error)}\n${log}`);
    });
    started = true;
    const version = (await exec(path.join(bin, 'postgres'), ['--version'])).trim();
    const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
    return { url, version, dataDir, createDatabase: (name) => createDatabase(url, name), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function createDatabase(clusterUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: clusterUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The newest installed version's binaries; a run of the `postgres` project without them fails, it never skips. */
async function postgresBinaries(): Promise<string> {
  const versions = existsSync(DEBIAN_POSTGRESQL)
    ? (await readdir(DEBIAN_POSTGRESQL))
        .filter((version) => existsSync(path.join(DEBIAN_POSTGRESQL, version, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0)
    throw new Error(
      `PostgreSQL is not installed (no ${DEBIAN_POSTGRESQL}/<version>/bin/initdb): the postgres test project needs Debian's postgresql package (apt-get install postgresql; .ci/run installs it)`,
    );
  return path.join(DEBIAN_POSTGRESQL, versions[0]!, 'bin');
}

async function userIds(name: string): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([exec('id', ['-u', name]), exec('id', ['-g', name])]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

function exec(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: os.tmpdir() }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}
