import type pg from 'pg';
import type { CaseDocument, StoredHistoryEntry, StoredSession } from '../store';
import { type ChainedRow, insertRows } from './access-log';
import { createPool, inTransaction, json, query } from './database';
import { migrateDatabase } from './migrate';

/** Every table that holds data: a target for an import must have none of it. */
const DATA_TABLES = [
  'cases',
  'case_history',
  'case_decisions',
  'access_log',
  'access_log_legacy',
  'definitions',
  'form_versions',
  'users',
  'teams',
  'sessions',
  'notifications',
  'notification_settings',
  'overdue_notified',
  'settings',
] as const;

/**
 * What `npm run migrate-store` needs beyond the Store interfaces: writing stored things as they
 * are (a case at its revision with its history's sequence numbers, access log lines with their
 * seq, prev and hash, sessions whatever their expiry) and reading them back the same way to
 * compare. Not for the server: a running node only appends through the store.
 */
export class PgImporter {
  private constructor(private readonly pool: pg.Pool) {}

  static async open(url: string): Promise<PgImporter> {
    await migrateDatabase(url);
    return new PgImporter(createPool(url, 2));
  }

  /** The data tables that hold rows already. */
  async nonEmptyTables(): Promise<string[]> {
    const found: string[] = [];
    for (const table of DATA_TABLES) {
      const { rows } = await query<{ any: boolean }>(
        this.pool,
        `reading ${table}`,
        `SELECT EXISTS (SELECT 1 FROM ${table}) AS any`,
      );
      if (rows[0]?.any) found.push(table);
    }
    return found;
  }

  /** A case at its stored revision, with its history and decisions, in one transaction. */
  async importCase(document: CaseDocument, history: StoredHistoryEntry[]): Promise<void> {
    const stored: CaseDocument = { ...document, revision: document.revision ?? 0, pendingHistory: [] };
    await inTransaction(this.pool, `importing case ${document.caseId}`, async (client) => {
      await client.query(
        'INSERT INTO cases (case_id, team, revision, closed_at, document) VALUES ($1, $2, $3, $4, $5::jsonb)',
        [document.caseId, document.team, stored.revision, document.closed?.at ?? null, json(stored)],
      );
      if (history.length > 0)
        await client.query(
          `INSERT INTO case_history (case_id, seq, entry)
           SELECT $1, (entry->>'seq')::bigint, entry FROM jsonb_array_elements($2::jsonb) AS entry`,
          [document.caseId, json(history)],
        );
      if ((document.decisions ?? []).length > 0)
        await client.query(
          `INSERT INTO case_decisions (case_id, decision_id, record)
           SELECT $1, record->>'id', record FROM jsonb_array_elements($2::jsonb) AS record`,
          [document.caseId, json(document.decisions)],
        );
    });
  }

  async importSessions(sessions: StoredSession[]): Promise<void> {
    if (sessions.length === 0) return;
    await query(
      this.pool,
      'importing sessions',
      `INSERT INTO sessions (id_hash, user_id, expires_at, record)
       SELECT s->>'idHash', s->>'userId', (s->>'expiresAt')::timestamptz, s
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(s, n) ORDER BY n`,
      [json(sessions)],
    );
  }

  /** The lowdb access log from before its hash chain: the chain's first line links to its SHA-256. */
  async importLegacyAccessLog(content: Buffer): Promise<void> {
    await query(this.pool, 'importing the legacy access log', 'INSERT INTO access_log_legacy (content) VALUES ($1)', [
      content,
    ]);
  }

  /** Access log lines exactly as they are: their seq, prev and hash are kept, so verify still holds. */
  async importAccessLog(lines: ChainedRow[]): Promise<void> {
    await inTransaction(this.pool, 'importing the access log', (client) => insertRows(client, lines));
  }

  /** The access log's lines in order, in pages, as stored. */
  async *accessLog(): AsyncIterable<ChainedRow> {
    let after = 0;
    for (;;) {
      const { rows } = await query<{ seq: string; record: Record<string, unknown>; prev: string; hash: string }>(
        this.pool,
        'reading the access log',
        'SELECT seq, record, prev, hash FROM access_log WHERE seq > $1 ORDER BY seq LIMIT 1000',
        [after],
      );
      for (const row of rows) yield { seq: Number(row.seq), record: row.record, prev: row.prev, hash: row.hash };
      if (rows.length < 1000) return;
      after = Number(rows[rows.length - 1]!.seq);
    }
  }

  async legacyAccessLog(): Promise<Buffer | undefined> {
    const { rows } = await query<{ content: Buffer }>(
      this.pool,
      'reading the legacy access log',
      'SELECT content FROM access_log_legacy',
    );
    return rows[0]?.content;
  }

  /** The decisions kept in case_decisions, per case. */
  async decisions(): Promise<Array<{ caseId: string; record: unknown }>> {
    const { rows } = await query<{ case_id: string; record: unknown }>(
      this.pool,
      'reading decisions',
      'SELECT case_id, record FROM case_decisions ORDER BY case_id, decision_id',
    );
    return rows.map((row) => ({ caseId: row.case_id, record: row.record }));
  }

  async settingNames(): Promise<string[]> {
    const { rows } = await query<{ name: string }>(
      this.pool,
      'reading settings',
      'SELECT name FROM settings ORDER BY name',
    );
    return rows.map((row) => row.name);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
