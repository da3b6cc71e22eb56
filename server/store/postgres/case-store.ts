import type pg from 'pg';
import type { ClusterChange } from '../cluster';
import { StaleCaseError } from '../storage-error';
import {
  type CaseDocument,
  type CaseIndexEntry,
  type CaseStore,
  indexView,
  type QuarantinedFile,
  type StoredHistoryEntry,
} from '../store';
import { CHANNEL, json, type PreparedStatement, type Queryable, query } from './database';

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
 * The history rows and the new decisions of a commit, and the NOTIFY that tells the other nodes,
 * each only where `written` (the case row, updated or inserted) holds a row: a refused commit
 * stores nothing and tells nobody. Data-modifying WITH clauses run to completion whether or not
 * the final SELECT reads them; all of it is one statement, so one implicit transaction, committed
 * (and the NOTIFY delivered) only as a whole. $4 is the document, $5 the history, $6 the payload,
 * $7 the document's index entry (indexView: computed here, not by PostgreSQL, see the migration
 * index-entry-from-node).
 */
const WRITE_REST = `,
history AS (
  INSERT INTO case_history (case_id, seq, entry)
  SELECT written.case_id, (entry->>'seq')::bigint, entry FROM written, jsonb_array_elements($5::jsonb) AS entry
),
decisions AS (
  -- Only the new ones are inserted; a stored decision is never touched (the table refuses it).
  INSERT INTO case_decisions (case_id, decision_id, record)
  SELECT written.case_id, record->>'id', record
  FROM written, jsonb_array_elements(COALESCE($4::jsonb -> 'decisions', '[]'::jsonb)) AS record
  ON CONFLICT (case_id, decision_id) DO NOTHING
)
SELECT written.revision, pg_notify('${CHANNEL}', $6) FROM written`;

/** A new case: stored unless another node stored one with its id first. */
const CREATE: PreparedStatement = {
  name: 'casusregie-case-create',
  text: `WITH written AS (
  INSERT INTO cases (case_id, team, revision, closed_at, document, index_entry)
  VALUES ($1, $2, 1, $3, $4::jsonb, $7::jsonb)
  ON CONFLICT (case_id) DO NOTHING
  RETURNING case_id, revision
)${WRITE_REST}`,
};

/** A change: stored only where the row is still at the revision its copy was loaded at ($8). */
const UPDATE: PreparedStatement = {
  name: 'casusregie-case-update',
  text: `WITH written AS (
  UPDATE cases SET team = $2, revision = revision + 1, closed_at = $3, document = $4::jsonb,
    index_entry = $7::jsonb, updated_at = now()
  WHERE case_id = $1 AND revision = $8
  RETURNING case_id, revision
)${WRITE_REST}`,
};

const LOAD: PreparedStatement = {
  name: 'casusregie-case-load',
  text: 'SELECT case_id, revision, document FROM cases WHERE case_id = $1',
};

const REVISION: PreparedStatement = {
  name: 'casusregie-case-revision',
  text: 'SELECT revision FROM cases WHERE case_id = $1',
};

const ENTRIES: PreparedStatement = {
  name: 'casusregie-case-entries',
  text: 'SELECT case_id, revision, index_entry FROM cases WHERE case_id > $1 ORDER BY case_id LIMIT $2',
};

/**
 * Cases as rows (document as JSONB, with its index entry beside it), their history and
 * decisions in append-only tables. The revision is the lock across nodes: a commit updates the row
 * only where the revision is still the one its copy was loaded at, in the same statement as its
 * history and its NOTIFY.
 */
export class PgCaseStore implements CaseStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly nodeId: string,
  ) {}

  /**
   * Every case's index entry, from its own column (see the migrations case-index-entry and
   * index-entry-from-node): no document crosses the wire, and no more than a page of entries is
   * held here at once.
   */
  async *indexEntries(): AsyncIterable<CaseIndexEntry> {
    let after = '';
    for (;;) {
      const { rows } = await query<EntryRow>(this.pool, 'reading the index entries of the cases', ENTRIES, [
        after,
        ENTRY_PAGE,
      ]);
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
    const { rows } = await query<CaseRow>(this.pool, `reading case ${caseId}`, LOAD, [caseId]);
    return rows[0] ? documentOf(rows[0]) : undefined;
  }

  /**
   * One statement, so one round trip: the row (with its revision check), the history, the new
   * decisions and the NOTIFY, committed together or not at all. Only a refused commit asks again,
   * for the revision it met.
   */
  async commit(document: CaseDocument, history: StoredHistoryEntry[]): Promise<void> {
    const caseId = document.caseId;
    const expected = document.revision;
    const next = (expected ?? 0) + 1;
    // History goes into case_history in this same statement: nothing waits in the document.
    const stored: CaseDocument = { ...document, revision: next, pendingHistory: [] };
    const change: ClusterChange = { kind: 'case', caseId, revision: next };
    const values: unknown[] = [
      caseId,
      document.team,
      document.closed?.at ?? null,
      json(stored),
      json(history),
      JSON.stringify({ node: this.nodeId, change }),
      json(indexView(stored)),
    ];
    const what = `committing case ${caseId}`;
    const { rows } =
      expected === undefined
        ? await query<{ revision: string }>(this.pool, what, CREATE, values)
        : await query<{ revision: string }>(this.pool, what, UPDATE, [...values, expected]);
    if (rows.length !== 1) throw new StaleCaseError(caseId, expected, await storedRevision(this.pool, caseId));
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
  const { rows } = await query<{ revision: string }>(client, `reading the revision of case ${caseId}`, REVISION, [
    caseId,
  ]);
  return rows[0] ? Number(rows[0].revision) : undefined;
}

function documentOf(row: CaseRow): CaseDocument {
  return { ...row.document, revision: Number(row.revision), pendingHistory: [] };
}
