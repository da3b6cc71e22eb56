import pg from 'pg';
import { StaleCaseError, StorageUnavailableError, storageFailure } from '../storage-error';

export type Queryable = Pick<pg.PoolClient, 'query'>;

/** The NOTIFY channel all nodes of one database listen on; payloads are `{ node, change }` as JSON. */
export const CHANNEL = 'casusregie';

/**
 * A pool that never throws a database failure at its callers as anything but a
 * StorageUnavailableError: a refused connection, a read-only database or a full disk is a 503
 * ("try again later") for the client, never a 500.
 */
export function createPool(url: string, size: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: size,
    // A database that does not answer is unavailable (503), not a request that hangs for ever.
    connectionTimeoutMillis: 10_000,
    statement_timeout: 30_000,
    // A node that stalls mid-transaction must not hold a case's row or the access log's lock for long.
    idle_in_transaction_session_timeout: 60_000,
  });
  // An idle client whose connection drops emits here; unhandled, it would end the process.
  pool.on('error', (error) => console.error('PostgreSQL: an idle connection failed', error.message));
  // A client that is checked out when its connection drops emits on itself, and the pool does not
  // forward that: the socket.io adapter holds one for LISTEN without a listener of its own, so an
  // administrator ending connections would otherwise end the process. Its query (if any) still
  // rejects, and the adapter reconnects on the client's "end".
  pool.on('connect', (client) => {
    client.on('error', (error) => console.error('PostgreSQL: a connection in use failed', error.message));
  });
  return pool;
}

/** Runs `work` in one transaction on a client of the pool; any failure rolls it back. */
export async function inTransaction<T>(
  pool: pg.Pool,
  what: string,
  /** `begun`: what the statements of `begin` answered (an array of results when there are several). */
  work: (client: pg.PoolClient, begun: unknown) => Promise<T>,
  /** Statements without parameters that start the transaction, sent in the same round trip. */
  begin = 'BEGIN',
): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw storageFailure(what, error);
  }
  let broken = false;
  try {
    const begun: unknown = await client.query(begin);
    const result = await work(client, begun);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch {
      // The connection itself failed: the server rolls the transaction back, and the client goes.
      broken = true;
    }
    // A StaleCaseError is the store's own answer; anything else the database did is a 503.
    throw error instanceof StaleCaseError ? error : storageFailure(what, error);
  } finally {
    client.release(broken);
  }
}

/**
 * A statement each connection prepares once (parsed and planned at its first use) and then runs by
 * name: for the statements of every action, which would otherwise be parsed again each time.
 */
export interface PreparedStatement {
  name: string;
  text: string;
}

/** One statement on the pool, with a failure mapped to a StorageUnavailableError. */
export async function query<R extends pg.QueryResultRow>(
  pool: Queryable,
  what: string,
  statement: string | PreparedStatement,
  values: unknown[] = [],
): Promise<pg.QueryResult<R>> {
  try {
    return typeof statement === 'string'
      ? await pool.query<R>(statement, values)
      : await pool.query<R>({ name: statement.name, text: statement.text, values });
  } catch (error) {
    throw storageFailure(what, error);
  }
}

/** Maps anything but the store's own errors (e.g. StaleCaseError) to a StorageUnavailableError. */
export function asStorageError(what: string, error: unknown, keep: (error: unknown) => boolean = () => false): unknown {
  if (keep(error) || error instanceof StorageUnavailableError) return error;
  return storageFailure(what, error);
}

/**
 * JSON for a jsonb parameter. PostgreSQL's jsonb cannot hold U+0000 (it refuses the whole value), so
 * that one character is stored as U+FFFD, the replacement character, instead of refusing the action.
 */
export function json(value: unknown): string {
  return JSON.stringify(value).replaceAll('\\u0000', '\\uFFFD');
}
