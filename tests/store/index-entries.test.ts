import path from 'node:path';
import { runner } from 'node-pg-migrate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseList, Task } from '../../server/contract/api';
import { openLowdbStore } from '../../server/store/lowdb/lowdb-store';
import { migrationsDirectory } from '../../server/store/postgres/migrate';
import { type CaseDocument, type CaseIndexEntry, indexEntryOf } from '../../server/store/store';
import { PROJECT_ROOT } from '../support/process';
import { ApiClient, removeDataDir, startServer } from '../support/server';
import { databasePerTest, type TestDatabase } from './pg-test-database';

const PRODUCT_PROCESSES = path.join(PROJECT_ROOT, 'processes');

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** The entry a document of `revision` has, as indexEntryOf derives it. */
function expectedEntry(document: CaseDocument, revision: number): CaseIndexEntry {
  return indexEntryOf({ ...document, revision });
}

/** Brings a database to the schema before the index entry column: the first migration only. */
async function migrateToInitialSchema(url: string): Promise<void> {
  await runner({
    databaseUrl: url,
    dir: migrationsDirectory(),
    direction: 'up',
    count: 1,
    migrationsTable: 'pgmigrations',
    singleTransaction: true,
    checkOrder: true,
    log: () => {},
  });
}

/** Stores a case as the store before the index entry column did: the document alone. */
async function insertAsBefore(database: TestDatabase, document: CaseDocument, revision: number): Promise<void> {
  await database.sql(
    'INSERT INTO cases (case_id, team, revision, closed_at, document) VALUES ($1, $2, $3, $4, $5::jsonb)',
    [
      document.caseId,
      document.team,
      revision,
      document.closed?.at ?? null,
      JSON.stringify({ ...document, revision, pendingHistory: [] }),
    ],
  );
}

/**
 * Start-up reads each case's index entry instead of its document. These tests hold the entries
 * against indexEntryOf on real documents: those of a demo region (cases in every state, with their
 * engines' states) that users worked in, made by a lowdb server.
 */
describe('the index entries a PostgreSQL node reads at start-up', () => {
  let documents: CaseDocument[];
  const { database, open } = databasePerTest();

  beforeAll(async () => {
    const server = await startServer({ processesDir: PRODUCT_PROCESSES, env: { DATABASE_URL: '' } });
    try {
      const regisseur = await ApiClient.login(server.baseUrl, 'regisseur');
      const [open] = (await regisseur.get<Task[]>('/api/tasks')).filter((task) => !task.assignee);
      if (open) await regisseur.post(`/api/tasks/${open.id}/claim`);
      const cases = await regisseur.get<CaseList>('/api/cases');
      const closing = cases.items.find((item) => item.state === 'open');
      if (closing) await regisseur.post(`/api/cases/${closing.caseId}/close`, { reden: 'Teruggetrokken' });
    } finally {
      await server.stop();
    }
    const lowdb = await openLowdbStore(server.dataDir);
    try {
      documents = await collect(lowdb.cases.all());
    } finally {
      await lowdb.close();
      await removeDataDir(server.dataDir);
    }
    // The demo region has what the entries must keep and what they must leave out.
    expect(documents.length).toBeGreaterThan(5);
    expect(documents.some((document) => document.closed !== undefined)).toBe(true);
    expect(
      documents.some((document) => Object.values(document.instances).some((instance) => instance.engineState)),
    ).toBe(true);
  }, 180_000);
  it('given cases stored before the index entry column existed, when a node of this version opens the database, then each entry equals the one derived from its document', async () => {
    await migrateToInitialSchema(database.url);
    for (const [index, document] of documents.entries()) await insertAsBefore(database, document, index + 1);

    const store = await open();
    const entries = await collect(store.cases.indexEntries());

    const byId = new Map(documents.map((document, index) => [document.caseId, expectedEntry(document, index + 1)]));
    expect(entries.map((entry) => entry.caseId).sort()).toEqual([...byId.keys()].sort());
    for (const entry of entries) expect(entry).toEqual(byId.get(entry.caseId));
    // And as the store reads the documents back: the same entry, no engine state, no pending history.
    const stored = await collect(store.cases.all());
    expect(entries).toEqual(stored.map((document) => indexEntryOf(document)));
    for (const entry of entries) {
      expect(entry).not.toHaveProperty('pendingHistory');
      for (const instance of Object.values(entry.instances)) expect(instance).not.toHaveProperty('engineState');
    }
  });

  it('given cases committed by this store, then the entries follow every commit, also a change of the document made outside the store', async () => {
    const store = await open();
    for (const document of documents)
      await store.cases.commit(structuredClone({ ...document, revision: undefined }), []);
    // The node sends each entry; PostgreSQL's own function, which fills in the entry wherever a
    // write sends none, derives the same one from every stored document.
    const disagreeing = await database.sql(
      'SELECT case_id FROM cases WHERE index_entry IS DISTINCT FROM casusregie_index_entry(document)',
    );
    expect(disagreeing).toEqual([]);
    // A later action on one case, and a row changed by hand (or by an older node) on another.
    const [first, second] = documents;
    const changed = (await store.cases.load(first!.caseId))!;
    changed.regisseur = 'regisseur';
    changed.historySeq += 1;
    await store.cases.commit(changed, []);
    await database.sql(
      `UPDATE cases SET document = jsonb_set(document, '{regisseur}', '"iemand-anders"'), revision = revision + 1
       WHERE case_id = $1`,
      [second!.caseId],
    );

    const entries = await collect(store.cases.indexEntries());
    const stored = await collect(store.cases.all());
    expect(entries).toEqual(stored.map((document) => indexEntryOf(document)));
    expect(entries.find((entry) => entry.caseId === first!.caseId)).toMatchObject({
      regisseur: 'regisseur',
      revision: 2,
    });
    expect(entries.find((entry) => entry.caseId === second!.caseId)).toMatchObject({
      regisseur: 'iemand-anders',
      revision: 2,
    });
  });

  it('given more cases than are read in one page, then every entry comes once, in case id order', async () => {
    const store = await open();
    const template = documents.find((document) => Object.keys(document.instances).length > 0)!;
    await database.sql(
      `INSERT INTO cases (case_id, team, revision, document)
       SELECT format('C-%s', lpad(n::text, 5, '0')), $1, 1, jsonb_set($2::jsonb, '{caseId}', to_jsonb(format('C-%s', lpad(n::text, 5, '0'))))
       FROM generate_series(1, 1234) AS n`,
      [template.team, JSON.stringify({ ...template, revision: 1, pendingHistory: [] })],
    );
    const entries = await collect(store.cases.indexEntries());
    expect(entries.map((entry) => entry.caseId)).toEqual(
      Array.from({ length: 1234 }, (_, index) => `C-${String(index + 1).padStart(5, '0')}`),
    );
    expect(entries[1111]).toEqual(expectedEntry({ ...template, caseId: 'C-01112' }, 1));
  }, 60_000);
});
