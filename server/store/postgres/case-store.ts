import type pg from 'pg';
import type { ClusterChange } from '../cluster';
import { StaleCaseError, StorageUnavailableError, storageFailure } from '../storage-error';
import type { CaseDocument, CaseIndexEntry, CaseStore, QuarantinedFile, StoredHistoryEntry } from '../store';
import { CHANNEL, inTransaction, json, type Queryable, query } from './database';

/** Whole cases are read (e.g. by migrate-store) in pages of this many, so no node holds every document at once. */
const PAGE = 200;

/** Index entries are read at start-up in pages of this many: a few hundred kilobytes a page. */
const ENTRY_PAGE = 1000;

interface CaseRow {
  case_id: string;
  revision: string;
  document: CaseDocument;
}

interface EntryRow {
  case_id: string;
  revision: string;
  index_entry: CaseIndexEntry;
}

/**
 * Cases as rows (document as JSONB, with its index entry generated beside it), their history and
 * decisions in append-only tables. The
 * revision is the lock across nodes: a commit updates the row only where the revision is still the
 * one its copy was loaded at, in the same transaction as its history and its NOTIFY.
 */
export class PgCaseStore implements CaseStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly nodeId: string,
  ) {}

  /**
   * Every case's index entry, from the generated column (see the migration case-index-entry): no
   * document crosses the wire, and no more than a page of entries is held here at once.
   */
  async *indexEntries(): AsyncIterable<CaseIndexEntry> {
    let after = '';
    for (;;) {
      const { rows } = await query<EntryRow>(
        this.pool,
        'reading the index entries of the cases',
        'SELECT case_id, revision, index_entry FROM cases WHERE case_id > $1 ORDER BY case_id LIMIT $2',
        [after, ENTRY_PAGE],
      );
      for (const row of rows) yield { ...row.index_entry, revision: Number(row.revision) };
      if (rows.length < ENTRY_PAGE) return;
      after = rows[rows.length - 1]!.case_id;
    }
  }

  async *all(): AsyncIterable<CaseDocument> {
    let after = '';
    for (;;) {
      const { rows } = await query<CaseRow>(
        this.pool,
        'reading cases',
        'SELECT case_id, revision, document FROM cases WHERE case_id > $1 ORDER BY case_id LIMIT $2',
        [after, PAGE],
      );
      for (const row of rows) yield documentOf(row);
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1]!.case_id;
    }
  }

  async load(caseId: string): Promise<CaseDocument | undefined> {
    const { rows } = await query<CaseRow>(
      this.pool,
      `reading case ${caseId}`,
      'SELECT case_id, revision, document FROM cases WHERE case_id = $1',
      [caseId],
    );
    return rows[0] ? documentOf(rows[0]) : undefined;
  }

  async commit(document: CaseDocument, history: StoredHistoryEntry[]): Promise<void> {
    const caseId = document.caseId;
    const expected = document.revision;
    const next = (expected ?? 0) + 1;
    // History goes into case_history in this same transaction: nothing waits in the document.
    const stored: CaseDocument = { ...document, revision: next, pendingHistory: [] };
    const change: ClusterChange = { kind: 'case', caseId, revision: next };
    try {
      await inTransaction(this.pool, `committing case ${caseId}`, async (client) => {
        const written =
          expected === undefined
            ? await client.query(
                `INSERT INTO cases (case_id, team, revision, closed_at, document)
                 VALUES ($1, $2, 1, $3, $4::jsonb) ON CONFLICT (case_id) DO NOTHING`,
                [caseId, document.team, document.closed?.at ?? null, json(stored)],
              )
            : await client.query(
                `UPDATE cases SET team = $3, revision = revision + 1, closed_at = $4, document = $5::jsonb, updated_at = now()
                 WHERE case_id = $1 AND revision = $2`,
                [caseId, expected, document.team, document.closed?.at ?? null, json(stored)],
              );
        if (written.rowCount !== 1) throw new StaleCaseError(caseId, expected, await storedRevision(client, caseId));
        if (history.length > 0) {
          await client.query(
            `INSERT INTO case_history (case_id, seq, entry)
             SELECT $1, (entry->>'seq')::bigint, entry FROM jsonb_array_elements($2::jsonb) AS entry`,
            [caseId, json(history)],
          );
        }
        const decisions = document.decisions ?? [];
        if (decisions.length > 0) {
          // Only the new ones are inserted; a stored decision is never touched (the table refuses it).
          await client.query(
            `INSERT INTO case_decisions (case_id, decision_id, record)
             SELECT $1, record->>'id', record FROM jsonb_array_elements($2::jsonb) AS record
             ON CONFLICT (case_id, decision_id) DO NOTHING`,
            [caseId, json(decisions)],
          );
        }
        // Delivered by PostgreSQL only when this transaction commits, and then surely.
        await client.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify({ node: this.nodeId, change })]);
      });
    } catch (error) {
      if (error instanceof StaleCaseError || error instanceof StorageUnavailableError) throw error;
      throw storageFailure(`committing case ${caseId}`, error);
    }
    document.revision = next;
    document.pendingHistory = [];
  }

  async revision(caseId: string): Promise<number | undefined> {
    return storedRevision(this.pool, caseId);
  }

  async readHistory(caseId: string): Promise<StoredHistoryEntry[]> {
    const { rows } = await query<{ entry: StoredHistoryEntry }>(
      this.pool,
      `reading the history of case ${caseId}`,
      'SELECT entry FROM case_history WHERE case_id = $1 ORDER BY seq',
      [caseId],
    );
    return rows.map((row) => row.entry);
  }

  /** Nothing is set aside on PostgreSQL: a row is whole or absent. */
  quarantined(): QuarantinedFile[] {
    return [];
  }
}

async function storedRevision(client: Queryable, caseId: string): Promise<number | undefined> {
  const { rows } = await query<{ revision: string }>(
    client,
    `reading the revision of case ${caseId}`,
    'SELECT revision FROM cases WHERE case_id = $1',
    [caseId],
  );
  return rows[0] ? Number(rows[0].revision) : undefined;
}

function documentOf(row: CaseRow): CaseDocument {
  return { ...row.document, revision: Number(row.revision), pendingHistory: [] };
}
