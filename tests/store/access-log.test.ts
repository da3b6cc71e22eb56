import { describe, expect, it } from 'vitest';
import type { AccessLogEntry, AccessLogFilter, AccessLogRecord, Store } from '../../server/store/store';
import { databasePerTest } from './pg-test-database';

const START = Date.parse('2026-12-01T08:00:00.000Z');

function read(index: number): AccessLogEntry {
  return {
    at: new Date(START + index * 60_000).toISOString(),
    userId: index % 3 === 0 ? 'privacy' : 'regisseur',
    action: index % 7 === 0 ? 'refused' : 'read',
    resource: `casus ${index}`,
    caseId: `C-${index % 5}`,
    address: '127.0.0.1',
    session: 'abcdef12',
  };
}

async function everything(store: Store, filter: AccessLogFilter, pageSize: number): Promise<AccessLogRecord[]> {
  const found: AccessLogRecord[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page: Array<{ record: AccessLogRecord; cursor: string }> = [];
    for await (const item of store.accessLog.search(filter, cursor)) {
      page.push(item);
      if (page.length === pageSize) break;
    }
    found.push(...page.map((item) => item.record));
    if (page.length < pageSize) return found;
    cursor = page[page.length - 1]!.cursor;
  }
}

describe('the PostgreSQL access log', () => {
  const { database, open } = databasePerTest();

  it('given two nodes logging reads at once, then the chain holds every read once, numbered without gaps, and verifies', async () => {
    const nodeA = await open();
    const nodeB = await open();
    await Promise.all(
      // Read at the same moment on both nodes, as concurrent reads are.
      Array.from({ length: 600 }, (_, index) =>
        (index % 2 === 0 ? nodeA : nodeB).accessLog.record({
          ...read(index),
          at: new Date(START + index).toISOString(),
        }),
      ),
    );
    expect(await nodeA.accessLog.verify()).toEqual({ entries: 600, intact: true });
    const rows = await database.sql<{ seq: string; resource: string }>(
      "SELECT seq, record->>'resource' AS resource FROM access_log ORDER BY seq",
    );
    expect(rows.map((row) => Number(row.seq))).toEqual(Array.from({ length: 600 }, (_, index) => index + 1));
    expect(new Set(rows.map((row) => row.resource)).size).toBe(600);
  });

  it('given two nodes logging reads in turn, then each read follows the one the other node logged before it, and the chain verifies', async () => {
    const nodeA = await open();
    const nodeB = await open();
    // Each node appends after the line it logged itself last, which the other node has since followed.
    const turns = [nodeA, nodeA, nodeB, nodeA, nodeB, nodeB, nodeB, nodeA, nodeB, nodeA];
    for (const [index, node] of turns.entries()) await node.accessLog.record(read(index));
    expect(await nodeB.accessLog.verify()).toEqual({ entries: turns.length, intact: true });
    const rows = await database.sql<{ seq: string; resource: string }>(
      "SELECT seq, record->>'resource' AS resource FROM access_log ORDER BY seq",
    );
    expect(rows.map((row) => row.resource)).toEqual(turns.map((_, index) => `casus ${index}`));
  });

  it('given a logged read changed in the database, then verify names the first broken line', async () => {
    const store = await open();
    for (let index = 0; index < 20; index++) await store.accessLog.record(read(index));
    // As a superuser could, past the append-only trigger.
    await database.sql(`BEGIN; SET LOCAL session_replication_role = replica;
      UPDATE access_log SET record = jsonb_set(record, '{userId}', '"iemand-anders"') WHERE seq = 12; COMMIT;`);
    expect(await store.accessLog.verify()).toEqual({ entries: 20, intact: false, firstBrokenAt: 12 });
  });

  it('given a long log, when it is searched page by page with the cursor, then every match comes once, newest first', async () => {
    const store = await open();
    const entries = Array.from({ length: 1200 }, (_, index) => read(index));
    for (let index = 0; index < entries.length; index += 100)
      await Promise.all(entries.slice(index, index + 100).map((entry) => store.accessLog.record(entry)));

    const all = await everything(store, {}, 250);
    expect(all.map((record) => record.seq)).toEqual(Array.from({ length: 1200 }, (_, index) => 1200 - index));
    expect(all[0]).toEqual({ ...entries[1199], seq: 1200 });

    const filter: AccessLogFilter = {
      caseId: 'C-2',
      userId: 'privacy',
      from: START + 100 * 60_000,
      to: START + 1000 * 60_000,
    };
    const expected = entries
      .map((entry, index) => ({ ...entry, seq: index + 1 }))
      .filter(
        (entry) =>
          entry.caseId === 'C-2' &&
          entry.userId === 'privacy' &&
          Date.parse(entry.at) >= filter.from! &&
          Date.parse(entry.at) <= filter.to!,
      )
      .reverse();
    expect(expected.length).toBeGreaterThan(20);
    expect(await everything(store, filter, 7)).toEqual(expected);
    expect(await everything(store, {}, 10)).toHaveLength(1200);
  });

  it('given a cursor that is not one the log gave, then the search finds nothing instead of failing', async () => {
    const store = await open();
    await store.accessLog.record(read(1));
    const found: AccessLogRecord[] = [];
    for await (const { record } of store.accessLog.search({}, '1; DROP TABLE access_log')) found.push(record);
    expect(found).toEqual([]);
  });
});
