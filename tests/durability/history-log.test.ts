import { createHash } from 'node:crypto';
import { cpSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LowdbCaseStore } from '../../server/store/lowdb/case-store';
import { HistoryLogs } from '../../server/store/lowdb/history-log';
import type { StoredHistoryEntry } from '../../server/store/store';
import { emptyCase, writtenBehind } from '../support/case-documents';

/**
 * lowdb's history logs across restarts (server/store/lowdb/history-log.ts): a case's first load in
 * a run repairs its log from the entries its document carries, unless the last run closed the store
 * with every log complete; a crash of the run after that still gets the repair.
 */
const historyFile = (dataDir: string, caseId: string) => {
  const shard = createHash('sha1').update(caseId).digest('hex').slice(0, 2);
  return path.join(dataDir, 'cases', shard, `${caseId}.history.jsonl`);
};

function entry(seq: number, type: StoredHistoryEntry['type']): StoredHistoryEntry {
  return { seq, instanceId: 'i1', at: '2026-12-01T09:00:00.000Z', actor: 'slt', type, data: {} };
}

const seqs = (entries: StoredHistoryEntry[]) => entries.map((stored) => stored.seq);

describe('the lowdb history logs after a restart', () => {
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

  /** A case with entries 1 and 2, committed and closed cleanly: its document still carries both. */
  async function closedCleanly(dir: string): Promise<void> {
    const store = new LowdbCaseStore(dir);
    const document = emptyCase('C-1');
    document.historySeq = 2;
    await store.commit(document, [entry(1, 'instance.started'), entry(2, 'task.created')]);
    await writtenBehind();
    await store.close();
  }

  it('given a clean close, when a case is first loaded again, then its log is not read and its history is whole', async () => {
    const dir = await dataDir();
    await closedCleanly(dir);
    const reads = vi.spyOn(HistoryLogs.prototype, 'read');

    const store = new LowdbCaseStore(dir);
    const loaded = await store.load('C-1');
    expect(loaded?.pendingHistory.map((carried) => carried.seq)).toEqual([1, 2]);
    expect(reads).not.toHaveBeenCalled();

    // The log is trusted as synced: the next commit no longer carries the old entries.
    loaded!.historySeq = 3;
    await store.commit(loaded!, [entry(3, 'task.claimed')]);
    await writtenBehind();
    expect(seqs(await store.readHistory('C-1'))).toEqual([1, 2, 3]);
    expect(seqs((await store.load('C-1'))!.pendingHistory)).toEqual([3]);
    await store.close();
  });

  it('given no clean close (a crash), when a case is first loaded, then its log is read and repaired', async () => {
    const dir = await dataDir();
    const store = new LowdbCaseStore(dir);
    const document = emptyCase('C-1');
    document.historySeq = 2;
    await store.commit(document, [entry(1, 'instance.started'), entry(2, 'task.created')]);
    await writtenBehind();
    // The crash: a copy of the folder as it is now, the second entry's append lost with the page cache.
    const crashed = await dataDir();
    cpSync(dir, crashed, { recursive: true });
    const log = historyFile(crashed, 'C-1');
    truncateSync(log, readFileSync(log, 'utf8').indexOf('\n') + 1);
    const reads = vi.spyOn(HistoryLogs.prototype, 'read');

    const restarted = new LowdbCaseStore(crashed);
    await restarted.load('C-1');
    expect(reads).toHaveBeenCalled();
    expect(seqs(await restarted.readHistory('C-1'))).toEqual([1, 2]);
    await restarted.close();
    await store.close();
  });

  it('given a clean close and then a crash of the next run, when the case is loaded after that, then its log is repaired', async () => {
    const dir = await dataDir();
    await closedCleanly(dir);

    // The next run trusts the logs, and commits an entry whose append a crash then loses.
    const store = new LowdbCaseStore(dir);
    const loaded = (await store.load('C-1'))!;
    const log = historyFile(dir, 'C-1');
    const sizeBefore = statSync(log).size;
    loaded.historySeq = 3;
    await store.commit(loaded, [entry(3, 'task.claimed')]);
    await writtenBehind();
    const crashed = await dataDir();
    cpSync(dir, crashed, { recursive: true });
    truncateSync(historyFile(crashed, 'C-1'), sizeBefore);

    // The marker of the clean close was taken at the start of the run that crashed: this start repairs.
    const restarted = new LowdbCaseStore(crashed);
    expect(seqs(await restarted.readHistory('C-1'))).toEqual([1, 2, 3]);
    const reloaded = (await restarted.load('C-1'))!;
    reloaded.historySeq = 4;
    await restarted.commit(reloaded, [entry(4, 'task.completed')]);
    await writtenBehind();
    expect(seqs(await restarted.readHistory('C-1'))).toEqual([1, 2, 3, 4]);
    await restarted.close();
    await store.close();
  });

  it('given a close whose history sync fails, then the next start repairs the logs rather than trusting them', async () => {
    const dir = await dataDir();
    const store = new LowdbCaseStore(dir);
    const document = emptyCase('C-1');
    document.historySeq = 1;
    await store.commit(document, [entry(1, 'instance.started')]);
    await writtenBehind();
    vi.spyOn(HistoryLogs.prototype, 'flush').mockRejectedValue(new Error('EIO'));
    vi.spyOn(console, 'error').mockImplementation(() => {});
    await store.close();
    vi.restoreAllMocks();
    const reads = vi.spyOn(HistoryLogs.prototype, 'read');

    const restarted = new LowdbCaseStore(dir);
    await restarted.load('C-1');
    expect(reads).toHaveBeenCalled();
    await restarted.close();
  });
});
