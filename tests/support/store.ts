import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { FileAccessLog } from '../../server/store/lowdb/access-log';
import type { AccessLogRecord } from '../../server/store/store';
import type { TestServer } from './server';

/**
 * Which store the tests run against: the vitest project sets TEST_STORE (see vitest.config.ts).
 * Without it, lowdb, as a plain `npx vitest run --project lowdb` or an older checkout runs.
 */
export type TestStoreKind = 'lowdb' | 'postgres';
export const TEST_STORE: TestStoreKind = process.env.TEST_STORE === 'postgres' ? 'postgres' : 'lowdb';

/** Connections each test server opens for its queries: dozens of servers run at once on one cluster. */
export const TEST_POOL_SIZE = '4';

/**
 * The superuser URL of the run's throwaway cluster (tests/support/postgres-cluster.ts), or
 * TEST_DATABASE_URL when tests run against a cluster of one's own.
 */
export function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL || inject('pgAdminUrl');
  if (!url)
    throw new Error(
      'No PostgreSQL cluster was provided: run the tests through the vitest project `postgres` (tests/support/postgres-cluster.ts), or set TEST_DATABASE_URL to a superuser URL',
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

/** The URL of one database of that cluster, as its superuser. */
export function urlOf(database: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs `work` on a connection of its own to one database, as the superuser. */
export async function connected<T>(database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
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

/** A line of the access log as stored: the record and its links in the hash chain. */
export type StoredAccessLine = AccessLogRecord & { prev: string; hash: string };

const ACCESS_LOG_FILE = 'access-log.jsonl';

function parseLines(text: string): StoredAccessLine[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as StoredAccessLine);
}

/**
 * The access log as the store holds it, oldest first: what an auditor reads from the data folder's
 * access-log.jsonl, or from the `access_log` table. Empty when nothing was logged yet.
 */
export async function readAccessLog(dataDir: string): Promise<StoredAccessLine[]> {
  if (TEST_STORE === 'lowdb')
    return parseLines(await readFile(path.join(dataDir, ACCESS_LOG_FILE), 'utf8').catch(() => ''));
  return inDatabase(dataDir, async (client) => {
    const { rows } = await client.query<{ line: StoredAccessLine }>(
      `SELECT record || jsonb_build_object('seq', seq, 'prev', prev, 'hash', hash) AS line FROM access_log ORDER BY seq`,
    );
    return rows.map((row) => row.line);
  });
}

/**
 * Changes the first stored access log line that `pick` chooses, behind the server's back, as a
 * forger with access to the data folder or the database would (on PostgreSQL past the
 * append-only triggers, as its superuser can). Answers the changed line's seq.
 */
export async function tamperWithAccessLog(
  dataDir: string,
  pick: (line: StoredAccessLine) => boolean,
  change: (line: StoredAccessLine) => void,
): Promise<number> {
  const lines = await readAccessLog(dataDir);
  const line = lines.find(pick);
  if (!line) throw new Error('no access log line to tamper with');
  change(line);
  if (TEST_STORE === 'lowdb') {
    await writeFile(path.join(dataDir, ACCESS_LOG_FILE), lines.map((each) => `${JSON.stringify(each)}\n`).join(''));
    return line.seq;
  }
  const { prev, hash, ...record } = line;
  await inDatabase(dataDir, async (client) => {
    await client.query('BEGIN');
    // Triggers (the append-only guard) do not fire for a replica; only a superuser may say so.
    await client.query(`SET LOCAL session_replication_role = replica`);
    await client.query(
      'UPDATE access_log SET record = $2::jsonb, at = $3, user_id = $4, case_id = $5, prev = $6, hash = $7 WHERE seq = $1',
      [line.seq, JSON.stringify(record), record.at, record.userId, record.caseId ?? null, prev, hash],
    );
    await client.query('COMMIT');
  });
  return line.seq;
}

/**
 * Replaces the whole stored access log, while no server runs on it, with what `rewrite` makes of its
 * lines (undefined: leave it), as a forger who knows the format would: lines changed, deleted or
 * re-hashed. On PostgreSQL past the append-only triggers, as its superuser can.
 */
export async function rewriteAccessLog(
  dataDir: string,
  rewrite: (lines: StoredAccessLine[]) => StoredAccessLine[] | undefined,
): Promise<void> {
  const lines = rewrite(await readAccessLog(dataDir));
  if (!lines) return;
  if (TEST_STORE === 'lowdb') {
    await writeFile(path.join(dataDir, ACCESS_LOG_FILE), lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
    return;
  }
  const rows = lines.map(({ prev, hash, ...record }) => ({ record, prev, hash }));
  await inDatabase(dataDir, async (client) => {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    await client.query('DELETE FROM access_log');
    await client.query(
      `INSERT INTO access_log (seq, at, user_id, case_id, record, prev, hash)
       SELECT (row->'record'->>'seq')::bigint, (row->'record'->>'at')::timestamptz, row->'record'->>'userId',
              row->'record'->>'caseId', row->'record', row->>'prev', row->>'hash'
       FROM jsonb_array_elements($1::jsonb) AS row`,
      [JSON.stringify(rows)],
    );
    await client.query('COMMIT');
  });
}

/**
 * A copy of a data folder and its store, made while no server runs on it: the folder, and on
 * PostgreSQL a copy of its database for the copy's path.
 */
export async function copyDataDir(from: string, to: string): Promise<void> {
  await cp(from, to, { recursive: true });
  if (TEST_STORE === 'lowdb') return;
  await connected('postgres', (client) =>
    client.query(`CREATE DATABASE "${databaseName(to)}" TEMPLATE "${databaseName(from)}"`),
  );
}

/**
 * Makes the access log of a running server impossible to append to, as a failing disk or database
 * would; answers how to make it writable again. For lowdb a directory takes the log file's place;
 * for PostgreSQL the `access_log` table is renamed away.
 */
export async function breakAccessLog(server: TestServer): Promise<() => Promise<void>> {
  if (TEST_STORE === 'postgres') {
    await inDatabase(server.dataDir, (client) => client.query('ALTER TABLE access_log RENAME TO access_log_away'));
    return async () => {
      await inDatabase(server.dataDir, (client) => client.query('ALTER TABLE access_log_away RENAME TO access_log'));
    };
  }
  const file = path.join(server.dataDir, ACCESS_LOG_FILE);
  const log = server.app.store.accessLog;
  if (!(log instanceof FileAccessLog)) throw new Error('the lowdb test server logs to a file');
  await rename(file, `${file}.away`);
  await mkdir(file);
  // The log keeps its file open; closing makes the next append open the path again.
  log.close();
  return async () => {
    await rmdir(file);
    await rename(`${file}.away`, file);
    log.close();
  };
}

/**
 * Forgets the stored teams, as a data folder from before teams were registered has none: for
 * lowdb without teams.json, for PostgreSQL an empty `teams` table.
 */
export async function forgetTeams(dataDir: string): Promise<void> {
  if (TEST_STORE === 'lowdb') await rm(path.join(dataDir, 'teams.json'), { force: true });
  else await inDatabase(dataDir, (client) => client.query('DELETE FROM teams'));
}

/** Changes a stored setting (Store.settings) while no server runs, e.g. the persisted test clock offset. */
export async function changeSetting(dataDir: string, name: string, change: (value: unknown) => unknown): Promise<void> {
  if (TEST_STORE === 'lowdb') {
    const file = path.join(dataDir, 'settings.json');
    const settings = JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as Record<string, unknown>;
    // 0600, as the server writes its data files.
    await writeFile(file, JSON.stringify({ ...settings, [name]: change(settings[name]) }), { mode: 0o600 });
    return;
  }
  await inDatabase(dataDir, async (client) => {
    const { rows } = await client.query<{ value: unknown }>('SELECT value FROM settings WHERE name = $1', [name]);
    await client.query(
      'INSERT INTO settings (name, value) VALUES ($1, $2::jsonb) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value',
      [name, JSON.stringify(change(rows[0]?.value))],
    );
  });
}

/**
 * Everything the store holds about sessions, as text, to look for secrets in: sessions.json, or the
 * rows of the `sessions` table.
 */
export async function storedSessionsText(dataDir: string): Promise<string> {
  if (TEST_STORE === 'lowdb') return readFile(path.join(dataDir, 'sessions.json'), 'utf8');
  return inDatabase(dataDir, async (client) => {
    const { rows } = await client.query<{ text: string | null }>(
      'SELECT json_agg(sessions)::text AS text FROM sessions',
    );
    return rows[0]?.text ?? '';
  });
}
