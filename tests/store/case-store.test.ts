import { describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../server/contract/api';
import type { ClusterChange } from '../../server/store/cluster';
import { StaleCaseError } from '../../server/store/storage-error';
import type { CaseDocument, StoredHistoryEntry } from '../../server/store/store';
import { emptyCase } from '../support/case-documents';
import { databasePerTest } from './pg-test-database';

const newCase = (caseId: string) => emptyCase(caseId, { decisions: [] });

function decision(id: string, caseId: string): DecisionRecord {
  return {
    id,
    caseId,
    instanceId: 'i1',
    definitionKey: 'mdo',
    elementId: 'Task_Besluit',
    taskId: 't1',
    kind: 'mdo',
    title: 'Besluit',
    recordedAt: '2026-12-01T09:00:00.000Z',
    recordedBy: { id: 'voorzitter', name: 'Voorzitter' },
    content: { besluit: 'ja' },
    sha256: '0'.repeat(64),
  };
}

function entry(seq: number, text: string): StoredHistoryEntry {
  return { seq, instanceId: 'i1', at: '2026-12-01T09:00:00.000Z', actor: 'slt', type: 'task.claimed', data: { text } };
}

describe('the PostgreSQL case store', () => {
  const { database, open } = databasePerTest();

  it('given two copies of one case, when both are committed, then the second is refused as stale and nothing of it is stored', async () => {
    const nodeA = await open();
    const nodeB = await open();
    await nodeA.cases.commit(newCase('C-1'), [entry(1, 'aangemaakt')]);
    const copyA = (await nodeA.cases.load('C-1'))!;
    const copyB = (await nodeB.cases.load('C-1'))!;
    expect(copyA.revision).toBe(1);

    copyA.regisseur = 'regisseur-a';
    copyA.historySeq = 2;
    await nodeA.cases.commit(copyA, [entry(2, 'door A')]);
    expect(copyA.revision).toBe(2);

    copyB.regisseur = 'regisseur-b';
    copyB.historySeq = 2;
    const refused = await nodeB.cases.commit(copyB, [entry(2, 'door B')]).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StaleCaseError);
    expect(copyB.revision).toBe(1);

    const stored = (await nodeB.cases.load('C-1'))!;
    expect(stored.regisseur).toBe('regisseur-a');
    expect(stored.revision).toBe(2);
    expect(await nodeB.cases.revision('C-1')).toBe(2);
    expect((await nodeB.cases.readHistory('C-1')).map((item) => item.data?.text)).toEqual(['aangemaakt', 'door A']);
  });

  it('given two nodes, when both create the same new case at once, then one stores it and the other gets a stale case', async () => {
    const nodeA = await open();
    const nodeB = await open();
    const results = await Promise.allSettled([
      nodeA.cases.commit(newCase('C-2'), [entry(1, 'door A')]),
      nodeB.cases.commit(newCase('C-2'), [entry(1, 'door B')]),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((result) => result.status === 'rejected');
    expect(rejected?.status === 'rejected' && rejected.reason).toBeInstanceOf(StaleCaseError);
    expect(await nodeA.cases.readHistory('C-2')).toHaveLength(1);
  });

  it('given a committed case, when it is loaded again, then it has its revision and no history waiting in the document', async () => {
    const store = await open();
    const document = newCase('C-3');
    await store.cases.commit(document, [entry(1, 'aangemaakt'), entry(2, 'toegewezen')]);
    const loaded = (await store.cases.load('C-3'))!;
    expect(loaded).toMatchObject({ caseId: 'C-3', revision: 1, pendingHistory: [] });
    const all: CaseDocument[] = [];
    for await (const each of store.cases.all()) all.push(each);
    expect(all.map((each) => each.caseId)).toEqual(['C-3']);
    expect(await store.cases.revision('C-nope')).toBeUndefined();
    expect(store.cases.quarantined()).toEqual([]);
  });

  it('given stored history, decisions and access log lines, when someone updates or deletes them in SQL, then the database refuses', async () => {
    const store = await open();
    const document = newCase('C-4');
    document.decisions = [decision('D-1', 'C-4')];
    await store.cases.commit(document, [entry(1, 'aangemaakt')]);
    await store.accessLog.record({
      at: new Date().toISOString(),
      userId: 'privacy',
      action: 'read',
      resource: 'casus',
      caseId: 'C-4',
    });
    for (const statement of [
      `UPDATE case_history SET entry = '{}'::jsonb`,
      'DELETE FROM case_history',
      `UPDATE case_decisions SET record = '{}'::jsonb`,
      'DELETE FROM case_decisions',
      `UPDATE access_log SET user_id = 'iemand'`,
      'DELETE FROM access_log',
      'TRUNCATE access_log',
    ]) {
      await expect(database.sql(statement), statement).rejects.toThrow(/append-only/);
    }
    expect(await store.cases.readHistory('C-4')).toHaveLength(1);
    expect(await store.accessLog.verify()).toEqual({ entries: 1, intact: true });
  });

  it('given a new decision in a later commit, then it is added to the decisions kept beside the case', async () => {
    const store = await open();
    const document = newCase('C-5');
    document.decisions = [decision('D-1', 'C-5')];
    await store.cases.commit(document, []);
    document.decisions = [decision('D-1', 'C-5'), decision('D-2', 'C-5')];
    await store.cases.commit(document, []);
    const kept = await database.sql<{ decision_id: string }>(
      'SELECT decision_id FROM case_decisions ORDER BY decision_id',
    );
    expect(kept.map((row) => row.decision_id)).toEqual(['D-1', 'D-2']);
  });

  it('given two nodes, when one commits a case, then the other hears it with its revision and the committing node does not', async () => {
    const nodeA = await open();
    const nodeB = await open();
    const heardByA: ClusterChange[] = [];
    const heardByB: ClusterChange[] = [];
    nodeA.cluster.onChange((change) => heardByA.push(change));
    const heard = new Promise<void>((resolve) =>
      nodeB.cluster.onChange((change) => {
        heardByB.push(change);
        resolve();
      }),
    );
    await nodeA.cases.commit(newCase('C-6'), []);
    await heard;
    expect(heardByB).toEqual([{ kind: 'case', caseId: 'C-6', revision: 1 }]);
    await nodeA.cluster.publish({ kind: 'users' });
    await expect.poll(() => heardByB.length).toBe(2);
    expect(heardByA).toEqual([]);
  });

  it('given a refused commit, then the other nodes hear nothing of it', async () => {
    const nodeA = await open();
    const nodeB = await open();
    const heardByB: ClusterChange[] = [];
    nodeB.cluster.onChange((change) => heardByB.push(change));
    await nodeA.cases.commit(newCase('C-7'), []);
    const stale = (await nodeA.cases.load('C-7'))!;
    await nodeA.cases.commit((await nodeA.cases.load('C-7'))!, []);
    await expect(nodeA.cases.commit(stale, [])).rejects.toBeInstanceOf(StaleCaseError);
    // A message that follows the refused commit arrives after anything the commit could have sent.
    await nodeA.cluster.publish({ kind: 'teams' });
    await expect.poll(() => heardByB.length).toBe(3);
    expect(heardByB).toEqual([
      { kind: 'case', caseId: 'C-7', revision: 1 },
      { kind: 'case', caseId: 'C-7', revision: 2 },
      { kind: 'teams' },
    ]);
  });
});
