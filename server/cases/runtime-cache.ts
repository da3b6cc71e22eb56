import type { LiveInstance } from '../engine/live-instance';
import type { CaseDocument } from '../store/store';

/** A case that is in memory: its document and the live engines of its active instances. */
export interface CaseRuntime {
  document: CaseDocument;
  engines: Map<string, LiveInstance>;
}

/**
 * A bounded LRU of case runtimes. Live engines are heavy (0.5-1 MB each), so only the most
 * recently used cases keep them; an evicted case is recovered from its stored state on demand.
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
  private readonly entries = new Map<string, CaseRuntime>();

  constructor(private readonly capacity: number) {}

  get(caseId: string): CaseRuntime | undefined {
    const runtime = this.entries.get(caseId);
    if (runtime) {
      this.entries.delete(caseId);
      this.entries.set(caseId, runtime);
    }
    return runtime;
  }

  set(caseId: string, runtime: CaseRuntime): void {
    this.entries.delete(caseId);
    this.entries.set(caseId, runtime);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.evict(oldest);
    }
  }

  /** Drops a case and its engines from memory; the store keeps the truth. */
  evict(caseId: string): void {
    this.entries.delete(caseId);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
