import type { Config } from '../config';
import { openLowdbStore } from './lowdb/lowdb-store';
import { openPostgresStore } from './postgres/pg-store';
import type { Store } from './store';

/** PostgreSQL when DATABASE_URL is set (one or several nodes), else the embedded lowdb store in the data folder. */
export function openStore(config: Pick<Config, 'dataDir' | 'database'>): Promise<Store> {
  if (config.database) return openPostgresStore(config.database.url, { poolSize: config.database.poolSize });
  return openLowdbStore(config.dataDir);
}
