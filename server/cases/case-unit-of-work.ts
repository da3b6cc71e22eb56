import type { DefinitionRegistry } from '../definitions/definition-registry';
import { ConflictError, NotFoundError, RuleViolationError } from '../domain/errors';
import type { EngineHost } from '../engine/engine-host';
import type { LiveEvents } from '../live/live-events';
import { StaleCaseError } from '../store/storage-error';
import {
  type CaseDocument,
  type CaseIndexEntry,
  newCaseDocument,
  type Store,
  type StoredHistoryEntry,
  type TimerRecord,
} from '../store/store';
import type { Clock } from '../time/clock';
import { TimerScheduler } from '../time/timer-scheduler';
import { CaseIndex } from './case-index';
import { CaseTransaction, SYSTEM_ACTOR } from './case-transaction';
import { calendarDay, withYouth } from './case-youth';
import { KeyedLock } from './keyed-lock';
import { type CaseRuntime, RuntimeCache } from './runtime-cache';
import { fireDueTimer } from './timer-firing';

/**
 * How often an action is run again on the stored case when another node committed the case
 * between loading and committing it. Each retry starts from a fresh load, so only a case that
 * other nodes change continuously exhausts them.
 */
export const STALE_RETRIES = 5;

/** Told about each durable action on a case: the document as committed and the history it wrote. */
export type CommittedListener = (document: Readonly<CaseDocument>, history: readonly StoredHistoryEntry[]) => void;

export interface CaseUnitOfWorkDeps {
  store: Store;
  engine: EngineHost;
  definitions: DefinitionRegistry;
  clock: Clock;
  events: LiveEvents;
  /** At most this many cases keep their live engines in memory (RuntimeCache)... */
  engineCacheSize: number;
  /** ...and their engines at most this many megabytes, by estimate. */
  engineCacheMegabytes: number;
}

/**
 * How every action on a case runs: under that case's lock, in a transaction that is durable
 * (store.commit) before the indexes, the timer schedule and live clients see it, and before the
 * caller answers. It keeps what follows from committed cases (the index, the timer schedule)
 * and the bounded cache of cases in memory with their live engines.
 */
export class CaseUnitOfWork {
  readonly index = new CaseIndex();
  readonly scheduler: TimerScheduler;
  private readonly locks = new KeyedLock();
  private readonly cache: RuntimeCache;
  private readonly committedListeners: CommittedListener[] = [];
  /**
   * On a shared store: the revision of each case as the index and the timer schedule know it, so a
   * change heard from another node is applied once and never replaced by an older copy.
   */
  private readonly known = new Map<string, number>();

  constructor(private readonly deps: CaseUnitOfWorkDeps) {
    this.cache = new RuntimeCache(Math.max(1, deps.engineCacheSize), deps.engineCacheMegabytes * 1024 * 1024);
    const cluster = deps.store.cluster;
    // Several nodes: one fires the timers (the revision check keeps a timer from firing twice
    // anyway, when the lead passes to another node mid-way).
    this.scheduler = new TimerScheduler(
      deps.clock,
      (timer) => fireDueTimer(this, timer),
      cluster.shared ? () => cluster.leads('timers') : undefined,
    );
  }

  /** Rebuilds the indexes and the timer schedule from the store. */
  async load(): Promise<void> {
    for await (const entry of this.deps.store.cases.indexEntries()) this.follow(entry);
  }

  private get shared(): boolean {
    return this.deps.store.cluster.shared;
  }

  /**
   * Makes the index and the timer schedule follow a stored document. On a shared store a document
   * older than the one they follow already (read while a newer change was heard) is ignored.
   */
  private follow(document: CaseIndexEntry): void {
    if (this.shared) {
      const revision = document.revision ?? 0;
      if ((this.known.get(document.caseId) ?? -1) >= revision) return;
      this.known.set(document.caseId, revision);
    }
    this.index.update(document);
    this.scheduler.replaceCase(document.caseId, schedulableTimers(document));
  }

  /**
   * Another node committed a case (store.cluster.onChange): unless this node knows that revision
   * already, the cached copy and its engines are dropped and the index and the timer schedule
   * follow the stored document. Live clients are not told again: the node that acted told them
   * all, through the socket.io adapter. Runs under the case's lock, so it never interleaves with
   * an action on this node.
   */
  changedElsewhere(caseId: string, revision: number): Promise<void> {
    if ((this.known.get(caseId) ?? -1) >= revision) return Promise.resolve();
    return this.locks.run(caseId, async () => {
      if ((this.known.get(caseId) ?? -1) >= revision) return;
      const cached = this.cache.get(caseId);
      if (cached && cached.document.revision !== revision) this.cache.evict(caseId);
      const document =
        cached?.document.revision === revision ? cached.document : await this.deps.store.cases.load(caseId);
      if (!document) return;
      const definitions = (instances: Iterable<{ definitionKey: string; version: number }>) =>
        [...instances].map((instance) => `${instance.definitionKey}@${instance.version}`);
      const before = definitions(this.index.instancesOfCase(caseId));
      this.follow(document);
      // Statistics are counted from this node's index, so this node tells its own watchers.
      this.deps.events.statisticsChanged(new Set([...before, ...definitions(Object.values(document.instances))]));
    });
  }

  /**
   * Hears every action once it is durable, with the history it wrote (e.g. notifications). It runs
   * synchronously before the next action on the case, so it reads the document as committed; it
   * must not change it, nor make the action wait.
   */
  onCommitted(listener: CommittedListener): void {
    this.committedListeners.push(listener);
  }

  get cachedCases(): number {
    return this.cache.size;
  }

  /** The estimated heap of the live engines kept in memory. */
  get cachedEngineBytes(): number {
    return this.cache.engineBytes;
  }

  /** Frees every live engine (their state is stored); used at shutdown and by benchmarks. */
  dropCache(): void {
    this.cache.clear();
  }

  /**
   * Reads a case document: the cached one if the case is in memory (on a shared store: and still
   * the stored revision), else the stored one. Under the case's lock, like an action: the cached
   * document holds an action's changes before its commit is durable (lowdb's commit log syncs at
   * the end of the event loop's turn, and other requests are read in that turn), so a read waits
   * for the action's outcome and never shows a change that is then refused.
   */
  readDocument<T>(caseId: string, read: (document: CaseDocument) => T | Promise<T>): Promise<T> {
    return this.locks.run(caseId, async () => {
      const cached = this.cache.get(caseId);
      if (cached && (!this.shared || (await this.isCurrent(cached)))) return read(cached.document);
      const document = await this.deps.store.cases.load(caseId);
      if (!document) throw new NotFoundError('Deze casus bestaat niet.');
      return read(document);
    });
  }

  /**
   * Runs one action on a case: lock, load (or create), work, commit durably, then update the
   * indexes and timers and tell the live clients. A failed action leaves nothing behind: its
   * in-memory state is dropped and the stored state stays as it was.
   */
  act<T>(caseId: string, actor: string, team: string, work: (tx: CaseTransaction) => Promise<T>): Promise<T> {
    return this.run(caseId, actor, team, work, 'answer');
  }

  /**
   * Recovers the engine of an active instance ahead of the action that will need it (a completion
   * follows a claim), as an action of the system. Nobody reads its answer, so a cached copy is not
   * checked against the store afterwards: a stale one is refused by the next commit anyway.
   */
  async warm(caseId: string, instanceId: string): Promise<void> {
    const meta = this.index.caseOf(caseId);
    if (!meta) return;
    await this.run(
      caseId,
      SYSTEM_ACTOR,
      meta.team,
      async (tx) => {
        if (tx.document.instances[instanceId]?.state === 'active') await tx.live(instanceId);
      },
      'warm',
    );
  }

  private run<T>(
    caseId: string,
    actor: string,
    team: string,
    work: (tx: CaseTransaction) => Promise<T>,
    purpose: Purpose,
  ): Promise<T> {
    return this.locks.run(caseId, async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.actOnce(caseId, actor, team, work, purpose);
        } catch (error) {
          if (!(error instanceof StaleCaseError)) throw error;
          // Another node committed the case meanwhile: nothing of this attempt was stored, and its
          // runtime is gone. The action runs again on what is stored now, where it may well be
          // refused (e.g. the task it claims was claimed there).
          if (attempt >= STALE_RETRIES) {
            console.warn(`case ${caseId} kept changing on other nodes; ${actor}'s action gave up`, error);
            throw new ConflictError('De casus is intussen gewijzigd; probeer het opnieuw.');
          }
        }
      }
    });
  }

  private async actOnce<T>(
    caseId: string,
    actor: string,
    team: string,
    work: (tx: CaseTransaction) => Promise<T>,
    purpose: Purpose,
  ): Promise<T> {
    const fetched = await this.runtimeOf(caseId, team);
    const runtime = fetched.runtime;
    // Only an answer someone reads needs a copy known to be current.
    const unverified = fetched.unverified && purpose === 'answer';
    const tx = new CaseTransaction(runtime, actor, this.deps);
    const previousAssignees = new Map(Object.values(runtime.document.tasks).map((task) => [task.id, task.assignee]));
    let result: T;
    try {
      result = await work(tx);
      // A recovered engine that did nothing stands where its stored snapshot says: taking a new
      // one (a walk over its whole broker) would only replace that in memory.
      const idle = purpose === 'warm' && tx.history.length === 0 && tx.taskChanges.size === 0;
      for (const instanceId of idle ? [] : tx.touchedInstances) {
        const instance = runtime.document.instances[instanceId];
        const live = runtime.engines.get(instanceId);
        if (instance?.state !== 'active' || !live) continue;
        instance.engineState = await live.snapshot();
        const standing = live.standing();
        instance.activeElementIds = standing.activeElementIds;
        instance.waitingElementIds = standing.waitingElementIds;
        instance.activeSince = waitingSince(instance.activeSince, instance.activeElementIds, tx.now);
      }
      if (tx.history.length === 0 && tx.taskChanges.size === 0) {
        // Nothing to commit, so no revision check either: an answer read from an unchecked copy
        // is checked now.
        await this.refuseStale(runtime, unverified);
        // Nothing changed: memory still equals the store, so the case (and any engine it
        // recovered) may stay cached.
        this.cache.set(caseId, runtime);
        return result;
      }
      await this.deps.store.cases.commit(runtime.document, tx.history);
    } catch (caught) {
      // A refusal (e.g. a lost claim race) read from an unchecked copy holds only if the copy is current.
      const error = await this.staleInstead(caught, runtime, unverified);
      const changed = tx.history.length > 0 || tx.touchedInstances.size > 0 || tx.taskChanges.size > 0;
      // Refused before anything changed (e.g. a lost claim race): the case in memory is intact.
      // Otherwise (a failed write included) memory holds what the store does not: drop it all,
      // so the next action on this case starts again from what is stored. A stale copy goes too.
      if (error instanceof StaleCaseError || changed) this.discard(caseId, runtime);
      throw asEngineOverflow(error);
    }
    this.cache.set(caseId, runtime);
    this.follow(runtime.document);
    this.announce(runtime, tx, previousAssignees);
    for (const listener of this.committedListeners) {
      try {
        listener(runtime.document, tx.history);
      } catch (error) {
        // The action is stored and answered either way; a listener's fault is only logged.
        console.error(`a listener of committed actions failed on case ${caseId}`, error);
      }
    }
    return result;
  }

  /**
   * Runs an action of the system itself (a timer, warming an engine) on an existing case; a case
   * that no longer exists has nothing to do.
   */
  async actAsSystem(caseId: string, work: (tx: CaseTransaction) => Promise<void>): Promise<void> {
    const meta = this.index.caseOf(caseId);
    if (!meta) return;
    await this.act(caseId, SYSTEM_ACTOR, meta.team, work);
  }

  /** Forgets a case's in-memory document and its live engines (see RuntimeCache); the store keeps the truth. */
  private discard(caseId: string, runtime: CaseRuntime): void {
    if (this.cache.get(caseId) === runtime) this.cache.evict(caseId);
  }

  /** Whether a cached case is still the stored revision (on a shared store, another node may have moved it). */
  private async isCurrent(runtime: CaseRuntime): Promise<boolean> {
    return (await this.deps.store.cases.revision(runtime.document.caseId)) === (runtime.document.revision ?? 0);
  }

  /**
   * Throws a StaleCaseError (the action then runs again on a fresh load) when an unchecked copy
   * is no longer the stored revision.
   */
  private async refuseStale(runtime: CaseRuntime, unverified: boolean): Promise<void> {
    if (!unverified || (await this.isCurrent(runtime))) return;
    const { caseId, revision } = runtime.document;
    throw new StaleCaseError(caseId, revision, await this.deps.store.cases.revision(caseId));
  }

  /** The StaleCaseError to answer instead of `error` when it came from an unchecked copy that is stale. */
  private async staleInstead(error: unknown, runtime: CaseRuntime, unverified: boolean): Promise<unknown> {
    if (!unverified || error instanceof StaleCaseError) return error;
    try {
      await this.refuseStale(runtime, true);
    } catch (stale) {
      if (stale instanceof StaleCaseError) return stale;
      // The revision cannot be read (the store is down): the original error says more.
    }
    return error;
  }

  /**
   * The case to act on. A cached copy is taken without reading the stored revision first (on a
   * shared store another node may have moved it): a commit refuses a stale copy by its revision
   * check, and an action that commits nothing checks it afterwards (refuseStale). One node alone
   * (lowdb) owns its cases: its cache is the truth.
   */
  private async runtimeOf(caseId: string, team: string): Promise<{ runtime: CaseRuntime; unverified: boolean }> {
    const cached = this.cache.get(caseId);
    if (cached) return { runtime: cached, unverified: this.shared };
    const stored = await this.deps.store.cases.load(caseId);
    // A newer copy than the index follows (its change not heard yet): lists and timers catch up now.
    if (stored && this.shared) this.follow(stored);
    const document = stored ?? newCaseDocument(caseId, team, this.deps.clock.now().toISOString());
    return { runtime: { document, engines: new Map() }, unverified: false };
  }

  private announce(
    runtime: CaseRuntime,
    tx: CaseTransaction,
    previousAssignees: Map<string, string | undefined>,
  ): void {
    const instances = Object.values(runtime.document.instances);
    this.deps.events.statisticsChanged(
      new Set([...instances.map((instance) => `${instance.definitionKey}@${instance.version}`), ...tx.leftDefinitions]),
    );
    // Every task row names its youth, also when it arrives live (case-youth.ts).
    const youth = this.index.summaries.youth(runtime.document.caseId);
    const today = calendarDay(tx.now);
    for (const change of tx.taskChanges.values()) {
      this.deps.events.task(change.kind, withYouth(change.task, youth, today), previousAssignees.get(change.task.id));
    }
    // Case lists on screen follow a new case and steps that moved, also for people who are not
    // in the candidate groups of its tasks (the team's procesregisseurs, its regievoerder).
    if (tx.touchedInstances.size > 0) {
      const { caseId, team, regionalGroups, regisseur } = runtime.document;
      this.deps.events.caseUpdated({ caseId, team, regionalGroups }, regisseur ? [regisseur] : []);
    }
    for (const instanceId of tx.touchedInstances) {
      const instance = runtime.document.instances[instanceId];
      if (!instance) continue;
      this.deps.events.instanceUpdated({
        id: instance.id,
        state: instance.state,
        activeElementIds: instance.activeElementIds,
        completedElementIds: instance.completedElementIds,
        takenFlowIds: instance.takenFlowIds,
      });
    }
  }
}

/** Why an action runs: to answer someone, or to recover an engine ahead of an action (nobody reads it). */
type Purpose = 'answer' | 'warm';

/** Keeps when each active element was reached; elements left are forgotten. */
function waitingSince(
  previous: Record<string, string> | undefined,
  active: string[],
  now: Date,
): Record<string, string> {
  const since: Record<string, string> = {};
  for (const elementId of active) since[elementId] = previous?.[elementId] ?? now.toISOString();
  return since;
}

/**
 * The timers the scheduler may fire: a timer whose firing failed has an open incident and waits
 * for a retry, so it is neither fired again in a loop nor at every start-up.
 */
export function schedulableTimers(document: CaseIndexEntry): TimerRecord[] {
  const held = new Set(
    (document.incidents ?? []).filter((incident) => incident.state === 'open').map((i) => i.timerId),
  );
  return Object.values(document.timers).filter((timer) => !held.has(timer.id));
}

/**
 * A diagram that recurses without end (a loop deployed before loops without a wait state were
 * refused) overflows the stack inside the engine. The action is refused and the case stays as it
 * was; that is the diagram's rule broken, not a server fault.
 */
function asEngineOverflow(error: unknown): unknown {
  if (!(error instanceof RangeError) || !/call stack/i.test(error.message)) return error;
  const message =
    'De engine liep vast in een herhaling zonder einde (een lus zonder wachtmoment in het diagram); de actie is niet uitgevoerd.';
  return new RuleViolationError('diagram', message, [{ code: 'engine-overflow', message }]);
}
