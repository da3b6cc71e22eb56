import { createHash } from 'node:crypto';
import type pg from 'pg';
import { CLOCK_SKEW_MS, canonicalJson, chainHash, GENESIS } from '../../audit/chain';
import { StorageUnavailableError } from '../storage-error';
import type { AccessLog, AccessLogEntry, AccessLogFilter, AccessLogRecord } from '../store';
import { inTransaction, json, type PreparedStatement, query } from './database';

/** Searches and verify read the log in pages of this many rows: never the whole log at once. */
const PAGE = 500;

/** The advisory lock that serializes appends to the chain across every node of the database. */
export const ACCESS_LOG_LOCK = 7_513_000_001;

/**
 * Starts an append and reads the head of the chain, in one round trip: the lock first, so the head
 * read next (by a statement of its own, so with a snapshot taken after the lock) is the latest. A
 * logged read is not waited on to reach the disk (like the file log, which does not fsync each
 * line): a crash of the database server can lose the last moment's lines, as a suffix, so the
 * chain stays whole.
 */
const BEGIN_APPEND = `BEGIN; SET LOCAL synchronous_commit = off; SELECT pg_advisory_xact_lock(${ACCESS_LOG_LOCK});
SELECT seq, hash FROM access_log ORDER BY seq DESC LIMIT 1`;

const INSERT_LINES = `INSERT INTO access_log (seq, at, user_id, case_id, record, prev, hash)
SELECT (line->>'seq')::bigint, (line->'record'->>'at')::timestamptz, line->'record'->>'userId',
       line->'record'->>'caseId', line->'record', line->>'prev', line->>'hash'`;

/**
 * An append after the head this node knows, in one statement (one round trip, its own implicit
 * transaction): the same lock and the same commit without waiting for the disk as BEGIN_APPEND,
 * taken before the first line is inserted and held until the statement commits. The head is not
 * read: if another node appended since, the first line's seq is taken (seq is the primary key, and
 * lines are never changed or removed), the statement fails whole and the append starts over from
 * the head read under the lock. So a line is only ever stored right after the one it links to.
 */
const APPEND_AFTER_KNOWN_HEAD: PreparedStatement = {
  name: 'casusregie-access-log-append',
  text: `WITH unsynced AS (SELECT set_config('synchronous_commit', 'off', true)),
locked AS (SELECT pg_advisory_xact_lock(${ACCESS_LOG_LOCK}))
${INSERT_LINES}
FROM unsynced, locked, jsonb_array_elements($1::jsonb) AS line`,
};

const USER_DETAIL =
  'Het inzien kon niet worden vastgelegd, omdat de opslag van de server nu niet beschikbaar is; daarom wordt het niet getoond. Probeer het later opnieuw.';

interface LogRow {
  seq: string;
  record: Record<string, unknown>;
  prev: string;
  hash: string;
}

interface Waiting {
  entry: AccessLogEntry;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * The NEN 7513 access log in PostgreSQL, with the same hash chain as the file log
 * (../../audit/chain.ts): each row holds the fields the hash covers (`record`), its `prev` and
 * `hash`. Appends from all nodes are serialized by an advisory lock taken inside the inserting
 * transaction, so the chain has one order whatever node wrote a line.
 *
 * Entries recorded while an append is under way are written together in the next transaction,
 * in the order they were recorded: a page of a hundred cases costs a few transactions, not a hundred.
 */
export class PgAccessLog implements AccessLog {
  private queue: Waiting[] = [];
  private writing = false;
  /** The last line this node stored (undefined: not known), which its next append links to. */
  private head: { seq: number; hash: string } | undefined;

  constructor(private readonly pool: pg.Pool) {}

  record(entry: AccessLogEntry): Promise<void> {
    const recorded = new Promise<void>((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      if (!this.writing) void this.drain();
    });
    // A caller that does not await it must not bring the process down with an unhandled rejection;
    // one that awaits it still gets the failure.
    recorded.catch(() => undefined);
    return recorded;
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        try {
          await this.append(batch.map((waiting) => waiting.entry));
          for (const waiting of batch) waiting.resolve();
        } catch (error) {
          const cause = error instanceof StorageUnavailableError ? (error.cause ?? error) : error;
          const failure = new StorageUnavailableError('logging a read in the access log failed', {
            cause,
            userDetail: USER_DETAIL,
          });
          for (const waiting of batch) waiting.reject(failure);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private async append(entries: AccessLogEntry[]): Promise<void> {
    const known = this.head;
    // Unsure until this append is known to be stored (a failed commit may or may not have been).
    this.head = undefined;
    if (known) {
      const lines = chained(known, entries);
      try {
        await query(this.pool, 'logging reads', APPEND_AFTER_KNOWN_HEAD, [json(lines)]);
        this.head = headOf(lines);
        return;
      } catch (error) {
        // Another node appended since this one last did: read the head, under the lock (the
        // failed statement and this together take as many round trips as an append used to).
        if (!takenSeq(error)) throw error;
      }
    }
    const lines = await inTransaction(
      this.pool,
      'logging reads',
      async (client, begun) => {
        // Several statements answer with one result each; the head is the last one's.
        const results = (Array.isArray(begun) ? begun : [begun]) as Array<
          pg.QueryResult<{ seq: string; hash: string }>
        >;
        const rows = results[results.length - 1]?.rows ?? [];
        const head = {
          seq: rows[0] ? Number(rows[0].seq) : 0,
          hash: rows[0]?.hash ?? (await legacyDigest(client)) ?? GENESIS,
        };
        const lines = chained(head, entries);
        await insertRows(client, lines);
        return lines;
      },
      BEGIN_APPEND,
    );
    this.head = headOf(lines);
  }

  async *search(filter: AccessLogFilter, cursor?: string): AsyncIterable<{ record: AccessLogRecord; cursor: string }> {
    if (cursor !== undefined && !/^\d{1,15}$/.test(cursor)) return;
    let before = cursor === undefined ? Number.MAX_SAFE_INTEGER : Number(cursor);
    const conditions = ['seq < $1'];
    const values: unknown[] = [];
    const add = (condition: string, value: unknown) => {
      values.push(value);
      conditions.push(condition.replace('?', `$${values.length + 2}`));
    };
    if (filter.caseId !== undefined) add('case_id = ?', filter.caseId);
    if (filter.userId !== undefined) add('user_id = ?', filter.userId);
    if (filter.from !== undefined) {
      add('at >= ?', instant(filter.from));
      // Lines are in time order (verify checks it) up to clock corrections: nothing before the last
      // line well before `from` can match, so a search of a recent period never reads the whole log.
      const { rows } = await query<{ seq: string }>(
        this.pool,
        'searching the access log',
        'SELECT seq FROM access_log WHERE at < $1 ORDER BY at DESC LIMIT 1',
        [instant(filter.from - CLOCK_SKEW_MS)],
      );
      if (rows[0]) add('seq > ?', Number(rows[0].seq));
    }
    if (filter.to !== undefined) {
      add('at <= ?', instant(filter.to));
      const { rows } = await query<{ seq: string }>(
        this.pool,
        'searching the access log',
        'SELECT seq FROM access_log WHERE at > $1 ORDER BY at LIMIT 1',
        [instant(filter.to + CLOCK_SKEW_MS)],
      );
      if (rows[0]) add('seq < ?', Number(rows[0].seq));
    }
    const text = `SELECT seq, record FROM access_log WHERE ${conditions.join(' AND ')} ORDER BY seq DESC LIMIT $2`;
    for (;;) {
      const { rows } = await query<Pick<LogRow, 'seq' | 'record'>>(this.pool, 'searching the access log', text, [
        before,
        PAGE,
        ...values,
      ]);
      for (const row of rows) yield { record: recordOf(row.record), cursor: row.seq };
      if (rows.length < PAGE) return;
      before = Number(rows[rows.length - 1]!.seq);
    }
  }

  async verify(): Promise<{ entries: number; intact: boolean; firstBrokenAt?: number }> {
    let prev = (await legacyDigest(this.pool)) ?? GENESIS;
    let entries = 0;
    let firstBrokenAt: number | undefined;
    let latest = Number.NEGATIVE_INFINITY;
    let after = 0;
    for (;;) {
      const { rows } = await query<LogRow>(
        this.pool,
        'verifying the access log',
        'SELECT seq, record, prev, hash FROM access_log WHERE seq > $1 ORDER BY seq LIMIT $2',
        [after, PAGE],
      );
      for (const row of rows) {
        entries += 1;
        if (firstBrokenAt !== undefined) continue;
        const at = typeof row.record.at === 'string' ? Date.parse(row.record.at) : Number.NaN;
        if (
          Number(row.seq) !== entries ||
          row.record.seq !== entries ||
          row.prev !== prev ||
          chainHash(prev, row.record) !== row.hash ||
          Number.isNaN(at) ||
          at < latest - CLOCK_SKEW_MS
        ) {
          firstBrokenAt = entries;
          continue;
        }
        prev = row.hash;
        latest = Math.max(latest, at);
      }
      if (rows.length < PAGE) break;
      after = Number(rows[rows.length - 1]!.seq);
    }
    return firstBrokenAt === undefined ? { entries, intact: true } : { entries, intact: false, firstBrokenAt };
  }
}

/** A line of the chain as stored: the hashed fields, and its links. */
export interface ChainedRow {
  seq: number;
  record: Record<string, unknown>;
  prev: string;
  hash: string;
}

export async function insertRows(client: pg.PoolClient, lines: ChainedRow[]): Promise<void> {
  if (lines.length === 0) return;
  await client.query(`${INSERT_LINES} FROM jsonb_array_elements($1::jsonb) AS line`, [json(lines)]);
}

/** The lines of `entries`, numbered and linked on from `head`. */
function chained(head: { seq: number; hash: string }, entries: AccessLogEntry[]): ChainedRow[] {
  let seq = head.seq;
  let prev = head.hash;
  return entries.map((entry) => {
    seq += 1;
    const record: Record<string, unknown> = JSON.parse(json({ ...entry, seq }));
    const hash = chainHash(prev, record);
    const line = { seq, record, prev, hash };
    prev = hash;
    return line;
  });
}

function headOf(lines: ChainedRow[]): { seq: number; hash: string } | undefined {
  const last = lines[lines.length - 1];
  return last && { seq: last.seq, hash: last.hash };
}

/** Whether an append failed because a line with its seq is stored already (another node's). */
function takenSeq(error: unknown): boolean {
  const cause = error instanceof StorageUnavailableError ? error.cause : error;
  return (
    typeof cause === 'object' &&
    cause !== null &&
    'code' in cause &&
    cause.code === '23505' &&
    'constraint' in cause &&
    cause.constraint === 'access_log_pkey'
  );
}

/** The SHA-256 of the legacy log moved in by migrate-store, which the chain's first line links to. */
async function legacyDigest(client: Pick<pg.PoolClient, 'query'>): Promise<string | undefined> {
  const { rows } = await query<{ content: Buffer }>(
    client,
    'reading the legacy access log',
    'SELECT content FROM access_log_legacy',
  );
  return rows[0] ? createHash('sha256').update(rows[0].content).digest('hex') : undefined;
}

const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/** An epoch-milliseconds bound as an ISO instant PostgreSQL reads, clamped to years 1 to 9999. */
function instant(milliseconds: number): string {
  const clamped = Number.isNaN(milliseconds) ? LATEST : Math.min(LATEST, Math.max(EARLIEST, milliseconds));
  return new Date(clamped).toISOString();
}

function recordOf(fields: Record<string, unknown>): AccessLogRecord {
  const text = (name: string) => (typeof fields[name] === 'string' ? { [name]: fields[name] as string } : {});
  return {
    seq: Number(fields.seq),
    at: String(fields.at),
    userId: String(fields.userId),
    action: fields.action === 'refused' ? 'refused' : 'read',
    resource: String(fields.resource),
    ...text('caseId'),
    ...text('address'),
    ...text('session'),
  };
}

/** The canonical JSON of a line, for checksums that compare two stores. */
export function canonicalLine(row: ChainedRow): string {
  return `${canonicalJson(row.record)}|${row.prev}|${row.hash}`;
}
