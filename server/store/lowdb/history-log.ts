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
  /** Appends reading their log before they append (see append). */
  private reading = 0;
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
   * commit (or start-up) appends them. Synchronous but for a case whose log this run does not know
   * yet while it carries entries (see `needsRead`).
   */
  async append(caseId: string, pending: readonly StoredHistoryEntry[], carriedEntries: boolean): Promise<void> {
    if (pending.length === 0) return;
    let after = this.appendedSeq.get(caseId);
    if (after === undefined) {
      // Unknown only for a case whose repair at load failed (carried entries) or that has no log yet.
      if (carriedEntries) {
        this.reading++;
        try {
          after = await this.lastSeqInLog(caseId);
        } finally {
          this.reading--;
        }
      } else {
        after = pending[0]!.seq - 1;
      }
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
   * The case's log holds every entry of `pending` (its document's pendingHistory), synced: the logs
   * were complete when the store was last closed and the case was not committed since. Its first
   * load then neither reads nor syncs the log, as a repair would.
   */
  trust(caseId: string, pending: readonly StoredHistoryEntry[]): void {
    const last = pending[pending.length - 1]!.seq;
    this.appendedSeq.set(caseId, last);
    this.syncedSeq.set(caseId, last);
  }

  /**
   * Whether every log holds, synced, every entry appended to it in this run, with no repair or
   * append still under way: then the logs lack nothing of what the documents hold.
   */
  complete(): boolean {
    if (this.repairs.size > 0 || this.reading > 0) return false;
    for (const [caseId, seq] of this.appendedSeq) if ((this.syncedSeq.get(caseId) ?? 0) < seq) return false;
    return true;
  }

  /** Whether append must read the case's log first (so is not done at once). */
  needsRead(caseId: string, carriedEntries: boolean): boolean {
    return carriedEntries && !this.appendedSeq.has(caseId);
  }

  private async lastSeqInLog(caseId: string): Promise<number> {
    const existing = await this.read(caseId);
    return existing.length > 0 ? existing[existing.length - 1]!.seq : 0;
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
    const lastSeq = await this.lastSeqInLog(caseId);
    const missing = document.pendingHistory.filter((entry) => entry.seq > lastSeq);
    if (missing.length > 0)
      appendWhole(this.fileOf(caseId), missing.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
    this.appendedSeq.set(caseId, document.pendingHistory[document.pendingHistory.length - 1]!.seq);
    // Only this case's log: the others are synced by their own schedule.
    await this.flush(caseId);
  }
}
