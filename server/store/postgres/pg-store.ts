import type { Store } from '../store';
import { PgAccessLog } from './access-log';
import { PgCaseStore } from './case-store';
import { createPool } from './database';
import { migrateDatabase } from './migrate';
import { PgCluster } from './pg-cluster';
import {
  PgDefinitionStore,
  PgFormStore,
  PgNotificationStore,
  PgSessionStore,
  PgSettings,
  PgTeamStore,
  PgUserStore,
} from './small-stores';

export interface PostgresStoreOptions {
  /** Connections in the pool (PG_POOL_SIZE). @default 10 */
  poolSize?: number;
}

/**
 * The PostgreSQL store, for one or several nodes on one database (DATABASE_URL): the schema is
 * brought up to date first (once, whichever node starts first), then the node listens to the others.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  try {
    await migrateDatabase(url);
  } catch (error) {
    throw new Error(`PostgreSQL (DATABASE_URL) could not be prepared: ${(error as Error).message}`, { cause: error });
  }
  const pool = createPool(url, options.poolSize ?? 10);
  const cluster = new PgCluster(url, pool);
  try {
    await cluster.start();
  } catch (error) {
    await cluster.close();
    await pool.end().catch(() => undefined);
    throw new Error(`PostgreSQL (DATABASE_URL) cannot be reached: ${(error as Error).message}`, { cause: error });
  }
  let closing: Promise<void> | undefined;
  return {
    kind: 'postgres',
    cases: new PgCaseStore(pool, cluster.nodeId),
    notifications: new PgNotificationStore(pool),
    definitions: new PgDefinitionStore(pool),
    forms: new PgFormStore(pool),
    users: new PgUserStore(pool),
    teams: new PgTeamStore(pool),
    sessions: new PgSessionStore(pool),
    accessLog: new PgAccessLog(pool),
    settings: new PgSettings(pool),
    cluster,
    // Once: a server whose start failed half-way closes its store, and may be closed again later.
    close: () => {
      closing ??= (async () => {
        await cluster.close();
        await pool.end();
      })();
      return closing;
    },
  };
}
