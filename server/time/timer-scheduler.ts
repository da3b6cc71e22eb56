import type { Clock } from './clock';

export interface DueTimer {
  caseId: string;
  timerId: string;
  dueAt: number;
}

/**
 * The server owns due times. All persisted timers of all cases sit in one min-heap; a single
 * real setTimeout waits for the earliest (capped, since Node cannot wait 2^31 ms or more), and
 * the test clock can drain everything that fell due. Entries are removed lazily: the heap may
 * hold stale entries, and `current` says which are still valid.
 */
export class TimerScheduler {
  private readonly heap: DueTimer[] = [];
  /** The valid timer per case and timer id; per case, so replacing one case costs only its own timers. */
  private readonly current = new Map<string, Map<string, DueTimer>>();
  private wakeTimer: NodeJS.Timeout | null = null;
  private running = false;
  private draining: Promise<void> | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly fire: (timer: DueTimer) => Promise<void>,
  ) {}

  /** Replaces the timers known for a case with its persisted ones. */
  replaceCase(caseId: string, timers: Array<{ id: string; dueAt: string }>): void {
    const previous = this.current.get(caseId);
    const next = new Map<string, DueTimer>();
    for (const timer of timers) {
      const dueAt = Date.parse(timer.dueAt);
      const existing = previous?.get(timer.id);
      if (existing?.dueAt === dueAt) {
        next.set(timer.id, existing);
        continue;
      }
      const entry = { caseId, timerId: timer.id, dueAt };
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

  private isCurrent(entry: DueTimer): boolean {
    return this.current.get(entry.caseId)?.get(entry.timerId) === entry;
  }

  private forget(entry: DueTimer): void {
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
    for (;;) {
      const next = this.peekValid();
      if (!next || next.dueAt > this.clock.now().getTime()) return;
      this.popTop();
      this.forget(next);
      try {
        await this.fire(next);
      } catch (error) {
        console.error(`timer ${next.timerId} of case ${next.caseId} could not fire`, error);
      }
    }
  }

  private rearm(): void {
    if (!this.running || this.draining) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    const next = this.peekValid();
    if (!next) return;
    const delay = Math.min(Math.max(next.dueAt - this.clock.now().getTime(), 0), 60 * 60 * 1000);
    this.wakeTimer = setTimeout(() => void this.drainDue(), delay);
    this.wakeTimer.unref();
  }

  private peekValid(): DueTimer | undefined {
    while (this.heap.length > 0) {
      const top = this.heap[0]!;
      if (this.isCurrent(top)) return top;
      this.popTop();
    }
    return undefined;
  }

  private push(entry: DueTimer): void {
    const heap = this.heap;
    heap.push(entry);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (heap[parent]!.dueAt <= heap[index]!.dueAt) break;
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
      if (left < heap.length && heap[left]!.dueAt < heap[smallest]!.dueAt) smallest = left;
      if (right < heap.length && heap[right]!.dueAt < heap[smallest]!.dueAt) smallest = right;
      if (smallest === index) return;
      [heap[smallest], heap[index]] = [heap[index]!, heap[smallest]!];
      index = smallest;
    }
  }
}
