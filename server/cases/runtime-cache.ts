import type { LiveInstance } from '../engine/live-instance';
import type { CaseDocument } from '../store/store';

/** A case that is in memory: its document and the live engines of its active instances. */
export interface CaseRuntime {
  document: CaseDocument;
  engines: Map<string, LiveInstance>;
}

/**
 * A bounded LRU of case runtimes. Live engines are heavy (0.5-3.5 MB each, by diagram), so only
 * the most recently used cases keep them; an evicted case is recovered from its stored state on
 * demand. Two bounds: at most `capacity` cases, and at most `budgetBytes` of engines by their
 * estimate (LiveInstance.heapBytes), so the cache's memory does not depend on which diagrams the
 * cases run (fifty cases of the toeleiding at the MDO hold about 180 MB, fifty of a three-task
 * diagram 28 MB). The case put last stays even when it alone is over the budget.
 *
 * An evicted engine is let go, not stopped: stopping walks the engine's whole broker (about 1 ms
 * per case, paid by whichever action pushed it out) to reach the state a dropped engine is in
 * anyway. Nothing outside the engine keeps it alive: its timers are callbacks in its own
 * LiveInstance (the server's TimerScheduler fires due timers through a recovered engine, never
 * through an evicted one), no bpmn-engine, bpmn-elements or smqp code sets a real timer or a
 * process-wide listener, and its listeners hang on its own emitters. A runtime still in use by an
 * action (pushed out while that action awaited the store) thus keeps working, where a stopped
 * engine would have lost the rest of that action; the action puts it back when it ends.
 */
export class RuntimeCache {
  /** Each case's runtime, and its engines' weight when it was put (engines come and go in actions). */
  private readonly entries = new Map<string, { runtime: CaseRuntime; bytes: number }>();
  private bytes = 0;

  constructor(
    private readonly capacity: number,
    private readonly budgetBytes: number,
  ) {}

  get(caseId: string): CaseRuntime | undefined {
    const entry = this.entries.get(caseId);
    if (entry) {
      this.entries.delete(caseId);
      this.entries.set(caseId, entry);
    }
    return entry?.runtime;
  }

  set(caseId: string, runtime: CaseRuntime): void {
    this.evict(caseId);
    let bytes = 0;
    for (const engine of runtime.engines.values()) bytes += engine.heapBytes;
    this.entries.set(caseId, { runtime, bytes });
    this.bytes += bytes;
    while (this.entries.size > 1 && (this.entries.size > this.capacity || this.bytes > this.budgetBytes)) {
      this.evict(this.entries.keys().next().value as string);
    }
  }

  /** Drops a case and its engines from memory; the store keeps the truth. */
  evict(caseId: string): void {
    const entry = this.entries.get(caseId);
    if (!entry) return;
    this.entries.delete(caseId);
    this.bytes -= entry.bytes;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The estimated heap of the engines held (LiveInstance.heapBytes). */
  get engineBytes(): number {
    return this.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}
