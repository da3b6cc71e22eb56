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

  /** Drops a case from memory, stopping its engines; the store keeps the truth. */
  evict(caseId: string): void {
    const runtime = this.entries.get(caseId);
    if (!runtime) return;
    this.entries.delete(caseId);
    for (const engine of runtime.engines.values()) engine.stop();
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    for (const caseId of [...this.entries.keys()]) this.evict(caseId);
  }
}
