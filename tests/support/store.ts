import { createHash } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';

/**
 * Which store the tests run against: the vitest project sets TEST_STORE (see vitest.config.ts).
 * Without it, lowdb, as a plain `npx vitest run --project lowdb` or an older checkout runs.
 */
export type TestStoreKind = 'lowdb' | 'postgres';
export const TEST_STORE: TestStoreKind = process.env.TEST_STORE === 'postgres' ? 'postgres' : 'lowdb';

/** Connections each test server opens for its queries: dozens of servers run at once on one cluster. */
export const TEST_POOL_SIZE = '4';

function adminUrl(): string {
  const url = inject('pgAdminUrl');
  if (!url)
    throw new Error(
      'TEST_STORE=postgres, but no PostgreSQL cluster was provided: run the tests through the vitest project `postgres` (tests/support/postgres-cluster.ts)',
    );
  return url;
}

/**
 * A data folder's own database: the same folder always gets the same one, so a restart (or a
 * crash and restart) on a data folder finds what the first server stored, as with lowdb files.
 */
export function databaseName(dataDir: string): string {
  return `casusregie_${createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 32)}`;
}

function urlOf(database: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

async function connected<T>(database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: urlOf(database) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function postgresCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/**
 * The environment that points a server at the store of `dataDir`: nothing for lowdb (DATA_DIR
 * says it all); for PostgreSQL the data folder's own database, created when it is missing.
 */
export async function storeEnv(dataDir: string): Promise<Record<string, string>> {
  if (TEST_STORE === 'lowdb') return {};
  const name = databaseName(dataDir);
  await connected('postgres', async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount !== 0) return;
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } catch (error) {
      // Two servers on one new data folder at once: the other one created it; that is fine.
      if (postgresCode(error) !== '42P04' && postgresCode(error) !== '23505') throw error;
    }
  });
  return { DATABASE_URL: urlOf(name), PG_POOL_SIZE: TEST_POOL_SIZE };
}

/** Drops the database of a data folder (for PostgreSQL), as removing the folder removes the lowdb store. */
export async function dropStore(dataDir: string): Promise<void> {
  if (TEST_STORE === 'lowdb') return;
  // FORCE: a server a failed test left running must not keep its database alive.
  await connected('postgres', (client) =>
    client.query(`DROP DATABASE IF EXISTS "${databaseName(dataDir)}" WITH (FORCE)`),
  );
}

/** Runs SQL on the database of a data folder (PostgreSQL only), for helpers that reach behind the server. */
export function inDatabase<T>(dataDir: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  if (TEST_STORE !== 'postgres') throw new Error('inDatabase is for the postgres store only');
  return connected(databaseName(dataDir), work);
}
