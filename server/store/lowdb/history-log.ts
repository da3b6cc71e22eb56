import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { storageFailure } from '../storage-error';
import type { CaseDocument, StoredHistoryEntry } from '../store';
import { appendWhole } from './files';

/**
 * History lines are durable from the moment their case document is written (they ride along in
 * pendingHistory), so the history logs themselves are synced lazily: a case's log once it has
 * this many unsynced entries, and every log at least this often and at shutdown. Syncing each
 * log after each action would double the fsyncs per action.
 */
const HISTORY_SYNC_MS = 30_000;
const HISTORY_SYNC_ENTRIES = 32;

/**
 * The append-only history logs of the cases (<caseId>.history.jsonl beside each case document):
 * appending what a committed document holds and its log lacks, syncing lazily, and repairing a
 * log after a crash.
 */
export class HistoryLogs {
  /** Highest history sequence number appended per case, and the one known to be synced. */
  private readonly appendedSeq = new Map<string, number>();
  private readonly syncedSeq = new Map<string, number>();
  private readonly repairs = new Map<string, Promise<void>>();
  private flushTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  /** `fileOf` names the history log of a case. */
  constructor(private readonly fileOf: (caseId: string) => string) {}

  /** Whether this run appended to (or repaired) the case's log already. */
  known(caseId: string): boolean {
    return this.appendedSeq.has(caseId);
  }

  /** The highest sequence number known to be synced in the case's log; 0 when none. */
  synced(caseId: string): number {
    return this.syncedSeq.get(caseId) ?? 0;
  }

  /**
   * Appends to the case's history log what a committed document holds (`pending`, its
   * pendingHistory) and the log lacks. The document is durable already, so a failure here is
   * logged, not thrown: the action is stored, and its entries stay in pendingHistory until a later
   * commit (or start-up) appends them. For a case whose log this run does not know yet while it
   * carries entries, the end of the log is read first (see `needsRead`).
   */
  async append(caseId: string, pending: readonly StoredHistoryEntry[], carriedEntries: boolean): Promise<void> {
    if (pending.length === 0) return;
    let after = this.appendedSeq.get(caseId);
    if (after === undefined) {
      // Unknown only for a case whose repair at load failed (carried entries) or that has no log yet.
      after = carriedEntries ? this.lastSeqInLog(caseId) : pending[0]!.seq - 1;
    }
    const missing = pending.filter((entry) => entry.seq > after);
    if (missing.length === 0) return;
    try {
      // A small append to the page cache; synchronous for the same reason as the document write.
      appendWhole(this.fileOf(caseId), missing.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
    } catch (error) {
      console.error(`appending to the history log of case ${caseId} failed; the entries wait in its document`, error);
      return;
    }
    const appended = missing[missing.length - 1]!.seq;
    this.appendedSeq.set(caseId, appended);
    if (appended - (this.syncedSeq.get(caseId) ?? 0) >= HISTORY_SYNC_ENTRIES) {
      void this.flush(caseId).catch((error: unknown) => console.error('history sync failed', error));
    } else {
      this.scheduleFlush();
    }
  }

  /**
   * Whether append must read the end of the case's log first (lastSeqInLog). The case store then
   * appends with the commit instead of behind it, so a log it cannot read fails that commit.
   */
  needsRead(caseId: string, carriedEntries: boolean): boolean {
    return carriedEntries && !this.appendedSeq.has(caseId);
  }

  /**
   * The highest sequence number in the case's log, 0 when it has none, from the log's last
   * TAIL_BYTES: each append ends with the document's newest entry, so the highest number is on one
   * of the last whole lines. Synchronous, like the append it precedes: a case's first load after a
   * start pays a few system calls, not a read of its whole log through the thread pool. A tail
   * without one whole entry (a single entry longer than the tail) is read whole.
   */
  private lastSeqInLog(caseId: string): number {
    let descriptor: number;
    try {
      descriptor = openSync(this.fileOf(caseId), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    let tail: string;
    let whole: boolean;
    try {
      const size = fstatSync(descriptor).size;
      const length = Math.min(size, TAIL_BYTES);
      const buffer = Buffer.alloc(length);
      let read = 0;
      while (read < length) {
        const bytes = readSync(descriptor, buffer, read, length - read, size - length + read);
        if (bytes === 0) break;
        read += bytes;
      }
      tail = buffer.subarray(0, read).toString('utf8');
      whole = length === size;
    } finally {
      closeSync(descriptor);
    }
    // The first line of a partial tail is cut off; the last may be torn (see read).
    const lines = tail.split('\n').slice(whole ? 0 : 1);
    let highest = -1;
    for (const line of lines) {
      if (line.trim() === '') continue;
      try {
        highest = Math.max(highest, (JSON.parse(line) as StoredHistoryEntry).seq);
      } catch {
        // A torn line: its entry is still in the document, and is appended again.
      }
    }
    if (highest >= 0) return highest;
    if (whole) return 0;
    const entries = this.readWhole(caseId);
    return entries.length > 0 ? entries[entries.length - 1]!.seq : 0;
  }

  /**
   * The case's history log. A line that cannot be parsed (the torn tail of an append that failed
   * and could not be cut off) is skipped: its entry is still in the case document's pendingHistory
   * and is appended again.
   */
  async read(caseId: string): Promise<StoredHistoryEntry[]> {
    let content: string;
    try {
      content = await readFile(this.fileOf(caseId), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return parseLog(caseId, content);
  }

  /** The same as read, synchronously. */
  private readWhole(caseId: string): StoredHistoryEntry[] {
    return parseLog(caseId, readFileSync(this.fileOf(caseId), 'utf8'));
  }

  /** Syncs the history logs appended since their last sync: of one case, or of all. */
  flush(onlyCaseId?: string): Promise<void> {
    if (this.flushTimer && !onlyCaseId) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    // A failed sync must not stop every later one: each run starts whatever the previous did.
    const run = this.flushing
      .catch(() => undefined)
      .then(async () => {
        const candidates: Array<[string, number]> = onlyCaseId
          ? [[onlyCaseId, this.appendedSeq.get(onlyCaseId) ?? 0]]
          : [...this.appendedSeq];
        const pending = candidates.filter(([caseId, seq]) => (this.syncedSeq.get(caseId) ?? 0) < seq);
        let failure: unknown;
        for (const [caseId, seq] of pending) {
          try {
            const handle = await open(this.fileOf(caseId), 'r');
            try {
              await handle.datasync();
            } finally {
              await handle.close();
            }
            this.syncedSeq.set(caseId, seq);
          } catch (error) {
            // Not synced: the entries stay in the case's pendingHistory, so nothing is lost.
            failure ??= error;
          }
        }
        if (failure !== undefined) throw storageFailure('syncing history logs', failure);
      });
    this.flushing = run;
    return run;
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.flush().catch((error: unknown) => console.error('history sync failed', error));
    }, HISTORY_SYNC_MS);
    this.flushTimer.unref();
  }

  /**
   * After a crash: append the entries the document holds but the log lacks, by sequence number.
   * Runs on a case's first load in a run, which may come from two callers at once (an action and a
   * history read): they share one repair, so nothing is appended twice.
   */
  repair(document: CaseDocument): Promise<void> {
    const caseId = document.caseId;
    const running = this.repairs.get(caseId);
    if (running) return running;
    const run = this.repairNow(document).finally(() => this.repairs.delete(caseId));
    this.repairs.set(caseId, run);
    return run;
  }

  private async repairNow(document: CaseDocument): Promise<void> {
    const caseId = document.caseId;
    if (this.appendedSeq.has(caseId)) return;
    const lastSeq = this.lastSeqInLog(caseId);
    const missing = document.pendingHistory.filter((entry) => entry.seq > lastSeq);
    if (missing.length > 0)
      appendWhole(this.fileOf(caseId), missing.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
    this.appendedSeq.set(caseId, document.pendingHistory[document.pendingHistory.length - 1]!.seq);
    // Synced on the logs' own schedule, not awaited here: until then the document keeps carrying
    // the entries (the log is not known to be synced), so nothing is lost if it never happens.
    this.scheduleFlush();
  }
}

/** The entries of a history log's text, in order; a torn line is skipped, an entry appended twice shown once. */
function parseLog(caseId: string, content: string): StoredHistoryEntry[] {
  const entries: StoredHistoryEntry[] = [];
  let lastSeq = -1;
  for (const line of content.split('\n')) {
    if (line.trim() === '') continue;
    let entry: StoredHistoryEntry;
    try {
      entry = JSON.parse(line) as StoredHistoryEntry;
    } catch {
      console.warn(`skipping a torn line in the history log of case ${caseId}`);
      continue;
    }
    // An entry appended twice (a repair racing an append after a failed one) is shown once.
    if (entry.seq <= lastSeq) continue;
    lastSeq = entry.seq;
    entries.push(entry);
  }
  return entries;
}

/** How much of a history log's end is read to find its last entry: several entries' worth. */
const TAIL_BYTES = 16 * 1024;
