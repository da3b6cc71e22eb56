import type { Clock } from './clock';

export interface DueTimer {
  caseId: string;
  timerId: string;
  dueAt: number;
}

/** A timer in the heap: due at `dueAt`, next tried at `at` (later than dueAt after a failure). */
interface ScheduledTimer extends DueTimer {
  at: number;
  /** Failed attempts so far. */
  failures: number;
}

/**
 * A firing that failed (a full disk, a storage or engine fault) is tried again after a wait that
 * doubles from the first to the last, so a passing fault heals itself soon and a lasting one costs
 * one attempt every few minutes, not a busy loop.
 * @default 1 s doubling to 5 min
 */
export const RETRY_FIRST_MS = 1000;
export const RETRY_MAX_MS = 5 * 60 * 1000;

/**
 * A node that does not lead the timers (several nodes on one store) looks again this often
 * whether it leads now, while timers are due: the leader fires them meanwhile, or has died.
 */
export const FOLLOWER_POLL_MS = 2000;

/**
 * The server owns due times. All persisted timers of all cases sit in one min-heap; a single
 * real setTimeout waits for the earliest (capped, since Node cannot wait 2^31 ms or more), and
 * the test clock can drain everything that fell due. Entries are removed lazily: the heap may
 * hold stale entries, and `current` says which are still valid. A timer whose firing fails stays
 * scheduled and is tried again with backoff until it fires; it never holds up the others.
 */
export class TimerScheduler {
  private readonly heap: ScheduledTimer[] = [];
  /** The valid timer per case and timer id; per case, so replacing one case costs only its own timers. */
  private readonly current = new Map<string, Map<string, ScheduledTimer>>();
  private wakeTimer: NodeJS.Timeout | null = null;
  private running = false;
  private draining: Promise<void> | null = null;
  /** Timers are due, but another node leads them: look again after FOLLOWER_POLL_MS. */
  private following = false;

  /**
   * `leads`: whether this node fires timers now (asked before each round of due timers); absent,
   * it always does (one node on its own store).
   */
  constructor(
    private readonly clock: Clock,
    private readonly fire: (timer: DueTimer) => Promise<void>,
    private readonly leads?: () => Promise<boolean>,
  ) {}

  /** Replaces the timers known for a case with its persisted ones. */
  replaceCase(caseId: string, timers: Array<{ id: string; dueAt: string }>): void {
    const previous = this.current.get(caseId);
    const next = new Map<string, ScheduledTimer>();
    for (const timer of timers) {
      const dueAt = Date.parse(timer.dueAt);
      const existing = previous?.get(timer.id);
      // The same timer keeps its entry, and with it the wait of a retry after a failed firing.
      if (existing?.dueAt === dueAt) {
        next.set(timer.id, existing);
        continue;
      }
      const entry: ScheduledTimer = { caseId, timerId: timer.id, dueAt, at: dueAt, failures: 0 };
      next.set(timer.id, entry);
      this.push(entry);
    }
    if (next.size > 0) this.current.set(caseId, next);
    else this.current.delete(caseId);
    this.rearm();
  }

  get size(): number {
    let count = 0;
    for (const timers of this.current.values()) count += timers.size;
    return count;
  }

  private isCurrent(entry: ScheduledTimer): boolean {
    return this.current.get(entry.caseId)?.get(entry.timerId) === entry;
  }

  private forget(entry: ScheduledTimer): void {
    const timers = this.current.get(entry.caseId);
    timers?.delete(entry.timerId);
    if (timers?.size === 0) this.current.delete(entry.caseId);
  }

  start(): void {
    this.running = true;
    this.rearm();
  }

  stop(): void {
    this.running = false;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
  }

  /** Fires, one at a time and in due order, every timer due by the clock's now. */
  drainDue(): Promise<void> {
    if (!this.draining) {
      this.draining = this.drainLoop().finally(() => {
        this.draining = null;
        this.rearm();
      });
    }
    return this.draining;
  }

  private async drainLoop(): Promise<void> {
    let asked = false;
    this.following = false;
    for (;;) {
      const next = this.peekValid();
      if (!next || next.at > this.clock.now().getTime()) return;
      if (this.leads && !asked) {
        asked = true;
        this.following = !(await this.leads().catch((error: unknown) => {
          console.error('could not tell whether this node leads the timers', error);
          return false;
        }));
        if (this.following) return;
      }
      this.popTop();
      this.forget(next);
      try {
        await this.fire({ caseId: next.caseId, timerId: next.timerId, dueAt: next.dueAt });
      } catch (error) {
        this.retryLater(next, error);
      }
    }
  }

  /**
   * Schedules another attempt of a timer whose firing failed. Its case is as stored before the
   * attempt (a failed action leaves nothing behind), so the timer is still persisted there; unless
   * the case has moved on meanwhile (another action changed or removed the timer), it is tried again.
   */
  private retryLater(failed: ScheduledTimer, error: unknown): void {
    const failures = failed.failures + 1;
    const wait = Math.min(RETRY_FIRST_MS * 2 ** (failures - 1), RETRY_MAX_MS);
    console.error(
      `timer ${failed.timerId} of case ${failed.caseId} could not fire (attempt ${failures}); trying again in ${Math.round(wait / 1000)} s`,
      error,
    );
    const timers = this.current.get(failed.caseId) ?? new Map<string, ScheduledTimer>();
    const replaced = timers.get(failed.timerId);
    if (replaced && replaced.dueAt !== failed.dueAt) return;
    const retry: ScheduledTimer = { ...failed, at: this.clock.now().getTime() + wait, failures };
    timers.set(failed.timerId, retry);
    this.current.set(failed.caseId, timers);
    this.push(retry);
  }

  private rearm(): void {
    if (!this.running || this.draining) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    const next = this.peekValid();
    if (!next) return;
    const wait = Math.min(Math.max(next.at - this.clock.now().getTime(), 0), 60 * 60 * 1000);
    const delay = this.following ? Math.max(wait, FOLLOWER_POLL_MS) : wait;
    this.wakeTimer = setTimeout(() => void this.drainDue(), delay);
    this.wakeTimer.unref();
  }

  private peekValid(): ScheduledTimer | undefined {
    while (this.heap.length > 0) {
      const top = this.heap[0]!;
      if (this.isCurrent(top)) return top;
      this.popTop();
    }
    return undefined;
  }

  private push(entry: ScheduledTimer): void {
    const heap = this.heap;
    heap.push(entry);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (heap[parent]!.at <= heap[index]!.at) break;
      [heap[parent], heap[index]] = [heap[index]!, heap[parent]!];
      index = parent;
    }
  }

  private popTop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    let index = 0;
    for (;;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && heap[left]!.at < heap[smallest]!.at) smallest = left;
      if (right < heap.length && heap[right]!.at < heap[smallest]!.at) smallest = right;
      if (smallest === index) return;
      [heap[smallest], heap[index]] = [heap[index]!, heap[smallest]!];
      index = smallest;
    }
  }
}
