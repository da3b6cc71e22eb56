import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterEach, beforeEach } from 'vitest';
import { openPostgresStore } from '../../server/store/postgres/pg-store';
import type { Store } from '../../server/store/store';
import { connected as asAdmin, urlOf } from '../support/store';

export interface TestDatabase {
  name: string;
  url: string;
  /** Runs SQL as the superuser on this database. */
  sql<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  /** Runs SQL as the superuser on the cluster's `postgres` database, e.g. ALTER DATABASE for this one. */
  onCluster(text: string): Promise<void>;
  drop(): Promise<void>;
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

/**
 * For a describe block: an empty database for each test (`database` always stands for the current
 * test's), and `open()` for stores, the nodes of a cluster, on it. After each test the stores are
 * closed and the database is dropped.
 */
export function databasePerTest(): { database: TestDatabase; open: () => Promise<Store> } {
  let current: TestDatabase | undefined;
  const stores: Store[] = [];
  const now = (): TestDatabase => {
    if (!current) throw new Error('the test database exists only during a test');
    return current;
  };
  beforeEach(async () => {
    current = await createTestDatabase();
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await current?.drop();
    current = undefined;
  });
  const database: TestDatabase = {
    get name() {
      return now().name;
    },
    get url() {
      return now().url;
    },
    sql: (text, values) => now().sql(text, values),
    onCluster: (text) => now().onCluster(text),
    drop: () => now().drop(),
  };
  const open = async () => {
    const store = await openPostgresStore(database.url, { poolSize: 3 });
    stores.push(store);
    return store;
  };
  return { database, open };
}
