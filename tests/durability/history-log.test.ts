import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LowdbCaseStore } from '../../server/store/lowdb/case-store';
import { HistoryLogs } from '../../server/store/lowdb/history-log';
import type { StoredHistoryEntry } from '../../server/store/store';
import { emptyCase, writtenBehind } from '../support/case-documents';

/**
 * lowdb's history logs after a crash (server/store/lowdb/history-log.ts): an entry whose append
 * was lost with the page cache is still in its case document, and the case's first load in the
 * next run appends it, finding where the log ends from its last lines, without waiting for a sync.
 */
const historyFile = (dataDir: string, caseId: string) => {
  const shard = createHash('sha1').update(caseId).digest('hex').slice(0, 2);
  return path.join(dataDir, 'cases', shard, `${caseId}.history.jsonl`);
};

function entry(seq: number, type: StoredHistoryEntry['type'], text = ''): StoredHistoryEntry {
  return { seq, instanceId: 'i1', at: '2026-12-01T09:00:00.000Z', actor: 'slt', type, data: { text } };
}

const seqs = (entries: StoredHistoryEntry[]) => entries.map((stored) => stored.seq);
const logLines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('the lowdb history logs after a crash', () => {
  const dirs: string[] = [];
  const dataDir = async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-history-log-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    vi.restoreAllMocks();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /**
   * A case committed with `entries`, then a copy of its folder as a crash would leave it: the
   * history log cut back to `keptLines` lines, its other appends lost with the page cache.
   */
  async function crashedWith(entries: StoredHistoryEntry[], keptLines: number): Promise<string> {
    const dir = await dataDir();
    const store = new LowdbCaseStore(dir);
    await store.commit(emptyCase('C-1', { historySeq: entries.length }), entries);
    await writtenBehind();
    const crashed = await dataDir();
    cpSync(dir, crashed, { recursive: true });
    await store.close();
    const log = historyFile(crashed, 'C-1');
    const kept = logLines(log).slice(0, keptLines);
    truncateSync(
      log,
      kept.reduce((length, line) => length + Buffer.byteLength(line) + 1, 0),
    );
    return crashed;
  }

  it('given an append lost in a crash, when the case is first loaded, then the entry is appended without waiting for a sync', async () => {
    const crashed = await crashedWith([entry(1, 'instance.started'), entry(2, 'task.created')], 1);
    const flush = vi.spyOn(HistoryLogs.prototype, 'flush');

    const restarted = new LowdbCaseStore(crashed);
    await restarted.load('C-1');

    expect(flush).not.toHaveBeenCalled();
    expect(logLines(historyFile(crashed, 'C-1'))).toHaveLength(2);
    expect(seqs(await restarted.readHistory('C-1'))).toEqual([1, 2]);
    await restarted.close();
  });

  it('given a run after a crash that stops cleanly without loading the case, then the run after it still repairs the log', async () => {
    const crashed = await crashedWith([entry(1, 'instance.started'), entry(2, 'task.created')], 1);
    const between = new LowdbCaseStore(crashed);
    await between.close();

    const restarted = new LowdbCaseStore(crashed);
    expect(seqs(await restarted.readHistory('C-1'))).toEqual([1, 2]);
    await restarted.close();
  });

  it('given a torn last line, when the case is first loaded, then the entry after the last whole one is appended', async () => {
    const crashed = await crashedWith([entry(1, 'instance.started'), entry(2, 'task.created')], 1);
    appendFileSync(historyFile(crashed, 'C-1'), '{"seq":2,"instanceId":"i1","at":"2026-12-0');
    vi.spyOn(console, 'warn').mockImplementation(() => {});

    const restarted = new LowdbCaseStore(crashed);
    await restarted.load('C-1');

    expect(seqs(await restarted.readHistory('C-1'))).toEqual([1, 2]);
    await restarted.close();
  });

  it('given a last entry longer than the tail that is read, then its number is still found and nothing is appended twice', async () => {
    const long = entry(1, 'instance.started', 'x'.repeat(40_000));
    const crashed = await crashedWith([long, entry(2, 'task.created')], 1);

    const restarted = new LowdbCaseStore(crashed);
    await restarted.load('C-1');

    expect(logLines(historyFile(crashed, 'C-1')).map((line) => JSON.parse(line).seq)).toEqual([1, 2]);
    await restarted.close();
  });
});
