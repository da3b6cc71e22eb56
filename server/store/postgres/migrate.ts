import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';

/** Where the SQL migrations live, relative to the project root. */
const MIGRATIONS = path.join('server', 'store', 'postgres', 'migrations');

/**
 * The project root: the first folder upwards from this module that holds the migrations. From the
 * sources that is three levels up; from the production bundle (dist/server.mjs) one level up, so the
 * bundle finds the SQL files of the checkout it was built in without copying them.
 */
export function migrationsDirectory(): string {
  const override = process.env.PG_MIGRATIONS_DIR;
  if (override) return path.resolve(override);
  const starts = [path.dirname(fileURLToPath(import.meta.url)), process.cwd()];
  for (const start of starts) {
    let directory = start;
    for (;;) {
      const candidate = path.join(directory, MIGRATIONS);
      if (existsSync(candidate)) return candidate;
      const parent = path.dirname(directory);
      if (parent === directory) break;
      directory = parent;
    }
  }
  throw new Error(`the PostgreSQL migrations (${MIGRATIONS}) were not found above ${starts.join(' or ')}`);
}

/**
 * Brings the database's schema up to date. node-pg-migrate takes a session advisory lock for the
 * run; with `wait`, a second node starting at the same time waits for the first to finish and then
 * finds nothing left to do, instead of failing its start-up.
 */
export async function migrateDatabase(url: string): Promise<string[]> {
  const applied = await runner({
    databaseUrl: url,
    dir: migrationsDirectory(),
    direction: 'up',
    migrationsTable: 'pgmigrations',
    advisoryLockMode: 'wait',
    singleTransaction: true,
    checkOrder: true,
    logger: {
      debug: () => {},
      info: () => {},
      warn: (message: string) => console.warn(message),
      error: (message: string) => console.error(message),
    },
  });
  return applied.map((migration) => migration.name);
}
