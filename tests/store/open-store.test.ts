import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config';
import { freePort, PROJECT_ROOT } from '../support/process';
import { removeDataDir, startServer } from '../support/server';
import { createTestDatabase, type TestDatabase } from './pg-test-database';

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(command, args, { cwd }, (error, stdout, stderr) =>
      error ? reject(new Error(`${command} ${args.join(' ')}: ${error.message}\n${stdout}${stderr}`)) : resolve(),
    ),
  );
}

describe('choosing the store', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('given DATABASE_URL that is not a postgres URL, then the start stops with a message naming the setting, without the password', () => {
    expect(() => readConfig({ DATABASE_URL: 'mysql://casus:geheim@db/casusregie' })).toThrow(
      /^DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/,
    );
    expect(() => readConfig({ DATABASE_URL: 'geen url met geheim' })).toThrow(/DATABASE_URL/);
    expect(() => readConfig({ DATABASE_URL: 'geen url met geheim' })).not.toThrow(/geheim/);
    expect(() => readConfig({ DATABASE_URL: 'postgres://db/casusregie', PG_POOL_SIZE: 'veel' })).toThrow(
      /PG_POOL_SIZE/,
    );
    expect(() => readConfig({ DATABASE_URL: 'postgres://db/casusregie', PG_POOL_SIZE: '0' })).toThrow(/PG_POOL_SIZE/);
    expect(readConfig({ DATABASE_URL: 'postgresql://db/casusregie' }).database).toEqual({
      url: 'postgresql://db/casusregie',
      poolSize: 10,
    });
  });

  it('given no DATABASE_URL, then the server keeps its data in the data folder, as before', async () => {
    const server = await startServer({ env: { DATABASE_URL: '' } });
    cleanups.push(async () => {
      await server.stop();
      await removeDataDir(server.dataDir);
    });
    expect(server.app.store.kind).toBe('lowdb');
  });

  it('given a database that cannot be reached, then the start stops with a message naming DATABASE_URL', async () => {
    const port = await freePort();
    await expect(
      startServer({ env: { DATABASE_URL: `postgres://casus:geheim@127.0.0.1:${port}/casusregie` } }),
    ).rejects.toThrow(/DATABASE_URL/);
  });

  it('given the production bundle started elsewhere than the project, then it migrates an empty database and serves', async () => {
    let database: TestDatabase | undefined;
    let child: ChildProcess | undefined;
    await mkdir(path.join(PROJECT_ROOT, 'dist'), { recursive: true });
    const bundleDir = await mkdtemp(path.join(PROJECT_ROOT, 'dist', 'test-bundle-'));
    cleanups.push(async () => {
      if (child && child.exitCode === null) {
        const gone = new Promise((resolve) => child!.once('exit', resolve));
        child.kill('SIGTERM');
        await gone;
      }
      await rm(bundleDir, { recursive: true, force: true });
      await database?.drop();
    });
    // As `npm run build:server` builds dist/server.mjs: the bundle has no SQL files of its own.
    await run(
      path.join(PROJECT_ROOT, 'node_modules', '.bin', 'esbuild'),
      [
        'server/main.ts',
        '--bundle',
        '--platform=node',
        '--format=esm',
        '--target=node20',
        '--packages=external',
        `--outfile=${path.join(bundleDir, 'server.mjs')}`,
        '--log-level=warning',
      ],
      PROJECT_ROOT,
    );
    database = await createTestDatabase();
    const port = await freePort();
    const started = spawn(process.execPath, [path.join(bundleDir, 'server.mjs')], {
      cwd: os.tmpdir(),
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        PG_POOL_SIZE: '3',
        PORT: String(port),
        CASUSREGIE_MODE: 'demo',
        PROCESSES_DIR: path.join(PROJECT_ROOT, 'tests', 'fixtures', 'processes'),
        DATA_DIR: path.join(bundleDir, 'data'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    let output = '';
    started.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await expect
      .poll(
        async () => {
          if (started.exitCode !== null) throw new Error(`the bundle exited: ${output}`);
          return (await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined))?.status;
        },
        { timeout: 60_000, interval: 200 },
      )
      .toBe(200);
    expect(output).toMatch(/data in PostgreSQL/);
    const migrations = await database.sql<{ name: string }>('SELECT name FROM pgmigrations');
    const shipped = (await readdir(path.join(PROJECT_ROOT, 'server', 'store', 'postgres', 'migrations')))
      .filter((file) => file.endsWith('.sql'))
      .map((file) => file.slice(0, -'.sql'.length))
      .sort();
    expect(shipped[0]).toBe('1764880000000_initial-schema');
    expect(migrations.map((row) => row.name)).toEqual(shipped);
    expect((await database.sql('SELECT id FROM users')).length).toBeGreaterThan(0);
  }, 120_000);
});
