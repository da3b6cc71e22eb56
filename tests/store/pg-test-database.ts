import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgresql://… of the run's throwaway cluster, as its superuser (only in the `postgres` project). */
    pgAdminUrl: string;
  }
}

/**
 * The throwaway cluster of the `postgres` test project (tests/support/postgres-cluster.ts), or
 * TEST_DATABASE_URL (a superuser URL) when the tests here are run against a cluster of one's own.
 */
export function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL || inject('pgAdminUrl');
  if (!url)
    throw new Error(
      'The PostgreSQL store tests need a cluster: run them in the vitest project `postgres`, or set TEST_DATABASE_URL to a superuser URL',
    );
  return url;
}

export interface TestDatabase {
  name: string;
  url: string;
  /** Runs SQL as the superuser on this database. */
  sql<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  /** Runs SQL as the superuser on the cluster's `postgres` database, e.g. ALTER DATABASE for this one. */
  onCluster(text: string): Promise<void>;
  drop(): Promise<void>;
}

function urlOf(database: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

async function asAdmin<T>(database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: urlOf(database) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** An empty database of its own for one test. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `pgstore_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
  await asAdmin('postgres', (client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: urlOf(name),
    sql: async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []) =>
      asAdmin(name, async (client) => (await client.query<R>(text, values)).rows),
    onCluster: (text: string) => asAdmin('postgres', (client) => client.query(text)).then(() => undefined),
    drop: () =>
      asAdmin('postgres', (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

/** Connections already open keep their settings; these end, so the pool opens new ones. */
export async function endConnections(database: TestDatabase): Promise<void> {
  await asAdmin('postgres', (client) =>
    client.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database.name],
    ),
  );
}
