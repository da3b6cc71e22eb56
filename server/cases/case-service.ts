import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { canSeeCase, canSeeTask, canStartCase, canWorkOnTask, isTeamleaderOf } from '../auth/access';
import type {
  DecisionRecord,
  InstanceSummary,
  MigrationCheck,
  MigrationResult,
  StartInstanceRequest,
  StartInstanceResponse,
  Task,
  User,
  Variables,
} from '../contract/api';
import type { DefinitionRegistry } from '../definitions/definition-registry';
import type { EngineHost } from '../engine/engine-host';
import type { FormRepository } from '../forms/form-repository';
import { badRequest, conflict, forbidden, notFound, ProblemError } from '../http/problem';
import type { LiveEvents } from '../live/live-events';
import type { CaseDocument, Store, TaskRecord } from '../store/store';
import type { Clock } from '../time/clock';
import { TimerScheduler } from '../time/timer-scheduler';
import { CaseIndex, toTask } from './case-index';
import { CaseTransaction, MigrationMismatch } from './case-transaction';
import { checkInstance, type MigrationPlan, parseMigrationRequest, planMigration } from './instance-migration';
import { KeyedLock } from './keyed-lock';
import { type CaseRuntime, RuntimeCache } from './runtime-cache';
import { acceptTaskInput } from './task-input';

export interface CaseServiceDeps {
  store: Store;
  engine: EngineHost;
  definitions: DefinitionRegistry;
  clock: Clock;
  events: LiveEvents;
  forms: FormRepository;
  engineCacheSize: number;
  /** Looks up users for assignment; the case service does not own users. */
  findUser: (userId: string) => User | undefined;
}

/** Variable names the engine uses itself; a form may not overwrite them. */
const RESERVED_VARIABLES = new Set(['fields', 'content', 'properties', 'environment', 'services', 'output']);

/**
 * Actions on cases and their tasks: every action runs under its case's lock, in a transaction
 * that is durable (store.commit) before indexes, timers and live events see it, and before the
 * caller answers. Reads live in CaseQueries.
 */
export class CaseService {
  readonly index = new CaseIndex();
  readonly scheduler: TimerScheduler;
  private readonly locks = new KeyedLock();
  private readonly cache: RuntimeCache;

  constructor(private readonly deps: CaseServiceDeps) {
    this.cache = new RuntimeCache(Math.max(1, deps.engineCacheSize));
    this.scheduler = new TimerScheduler(deps.clock, (timer) => this.fireTimer(timer.caseId, timer.timerId));
  }

  /** Rebuilds the indexes and the timer schedule from the store. */
  async load(): Promise<void> {
    for await (const document of this.deps.store.cases.all()) {
      this.index.update(document);
      this.scheduler.replaceCase(document.caseId, Object.values(document.timers));
    }
  }

  get cachedCases(): number {
    return this.cache.size;
  }

  /** Frees every live engine (their state is stored); used at shutdown and by benchmarks. */
  dropCache(): void {
    this.cache.clear();
  }

  // ---- Actions -------------------------------------------------------------------------------

  async start(user: User, request: StartInstanceRequest): Promise<StartInstanceResponse> {
    const definition = this.deps.definitions.latest(request.definitionKey);
    if (!definition) throw notFound(`Het proces "${request.definitionKey}" bestaat niet.`);
    if (!canStartCase(user, request.team)) {
      throw forbidden(`U kunt geen casus starten voor team "${request.team}".`);
    }
    let caseId = request.caseId;
    if (caseId !== undefined) {
      const existing = this.index.caseOf(caseId);
      if (!existing || !canSeeCase(user, existing))
        throw notFound(`Casus "${caseId}" bestaat niet of is niet zichtbaar voor u.`);
      if (existing.team !== request.team)
        throw badRequest(`Casus "${caseId}" hoort bij team "${existing.team}", niet bij "${request.team}".`);
    } else {
      caseId = this.newCaseId();
    }
    // A new case must provide what the start form asks for (e.g. the "Aanmelding").
    const model = await this.deps.definitions.model(definition.key, definition.version);
    const variables = acceptTaskInput({
      form: model.startFormKey ? await this.deps.forms.get(model.startFormKey) : null,
      element: undefined,
      submitted: validateVariables(request.variables),
      known: {},
      clock: this.deps.clock,
    });
    const id = await this.act(caseId, user.id, request.team, async (tx) => {
      const instance = await tx.startInstance(request.definitionKey, variables);
      return instance.id;
    });
    return { id, caseId };
  }

  async claim(user: User, taskId: string): Promise<Task> {
    const claimed = await this.taskAction(user, taskId, (task, tx) => {
      if (!canWorkOnTask(user, this.scope(task, tx.document))) {
        throw forbidden('U hoort niet bij een kandidaatgroep van deze taak in dit team.');
      }
      if (task.state !== 'open') throw conflict('Deze taak is al afgerond.');
      if (task.assignee === user.id) return;
      if (task.assignee) throw conflict(`Deze taak is al opgepakt door ${this.nameOf(task.assignee)}.`);
      task.assignee = user.id;
      tx.record('task.claimed', task.instanceId, { elementId: task.elementId, data: { taskId: task.id } });
      tx.changedTask('updated', task);
    });
    this.warm(claimed.caseId, claimed.instanceId);
    return claimed;
  }

  /**
   * Someone who claims a task usually completes it next: recover its engine now, after the claim
   * has answered, so the completion does not pay for recovery. Runs as a system action under the
   * case lock (recovery may fire an overdue timer, which is then committed like any action).
   */
  private warm(caseId: string, instanceId: string): void {
    const meta = this.index.caseOf(caseId);
    if (!meta) return;
    this.act(caseId, 'systeem', meta.team, async (tx) => {
      if (tx.document.instances[instanceId]?.state === 'active') await tx.live(instanceId);
    }).catch((error: unknown) => console.error(`warming case ${caseId} failed`, error));
  }

  async unclaim(user: User, taskId: string): Promise<Task> {
    return this.taskAction(user, taskId, (task, tx) => {
      if (task.state !== 'open') throw conflict('Deze taak is al afgerond.');
      if (task.assignee !== user.id && !isTeamleaderOf(user, tx.document.team)) {
        throw forbidden('Alleen wie de taak heeft, of de teamleider, kan haar vrijgeven.');
      }
      if (!task.assignee) return;
      const previous = task.assignee;
      delete task.assignee;
      tx.record('task.unclaimed', task.instanceId, {
        elementId: task.elementId,
        data: { taskId: task.id, was: previous },
      });
      tx.changedTask('updated', task);
    });
  }

  async assign(user: User, taskId: string, assigneeId: unknown): Promise<Task> {
    if (typeof assigneeId !== 'string' || assigneeId === '') {
      throw badRequest('Geef aan wie de taak krijgt.', [
        { path: 'userId', code: 'required', message: 'userId is verplicht.' },
      ]);
    }
    return this.taskAction(user, taskId, (task, tx) => {
      if (task.state !== 'open') throw conflict('Deze taak is al afgerond.');
      if (task.assignee !== user.id && !isTeamleaderOf(user, tx.document.team)) {
        throw forbidden('Alleen wie de taak heeft, of de teamleider, kan haar toewijzen.');
      }
      const assignee = this.deps.findUser(assigneeId);
      if (!assignee || !canWorkOnTask(assignee, this.scope(task, tx.document))) {
        throw badRequest('Deze collega kan deze taak niet krijgen.', [
          {
            path: 'userId',
            code: 'not-eligible',
            message: 'De collega hoort niet bij een kandidaatgroep van deze taak in dit team.',
          },
        ]);
      }
      const previous = task.assignee;
      task.assignee = assignee.id;
      tx.record('task.assigned', task.instanceId, {
        elementId: task.elementId,
        data: { taskId: task.id, aan: assignee.id, ...(previous ? { was: previous } : {}) },
      });
      tx.changedTask('updated', task);
    });
  }

  async complete(user: User, taskId: string, variables: unknown): Promise<InstanceSummary> {
    const submitted = validateVariables(variables);
    let instanceId = '';
    await this.taskAction(user, taskId, async (task, tx) => {
      if (task.state !== 'open') throw conflict('Deze taak is al afgerond.');
      if (task.assignee !== user.id) {
        throw conflict(
          task.assignee ? `Deze taak is opgepakt door ${this.nameOf(task.assignee)}.` : 'Pak de taak eerst op.',
        );
      }
      const instance = tx.document.instances[task.instanceId]!;
      const model = await this.deps.definitions.model(instance.definitionKey, instance.version);
      const element = model.elements.get(task.elementId);
      const accepted = acceptTaskInput({
        form: task.formKey ? await this.deps.forms.get(task.formKey) : null,
        element,
        submitted,
        known: instance.variables,
        clock: this.deps.clock,
      });
      // Recover the engine first, so that what it announces on recovery meets the task as it was.
      await tx.live(task.instanceId);
      task.state = 'completed';
      task.completedAt = tx.now.toISOString();
      task.completedBy = user.id;
      instanceId = task.instanceId;
      tx.record('task.completed', task.instanceId, {
        elementId: task.elementId,
        data: { taskId: task.id, variabelen: accepted },
      });
      tx.changedTask('completed', task);
      if (element?.decisionKind) {
        tx.recordDecision(
          sealDecision({
            id: randomUUID(),
            caseId: task.caseId,
            instanceId: task.instanceId,
            definitionKey: instance.definitionKey,
            elementId: task.elementId,
            taskId: task.id,
            kind: element.decisionKind,
            title: task.name,
            recordedAt: tx.now.toISOString(),
            recordedBy: { id: user.id, name: user.name },
            content: accepted,
          }),
        );
      }
      await tx.signal(task.instanceId, task.elementId, task.executionId, accepted);
    });
    const summary = this.index.instance(instanceId);
    if (!summary) throw notFound('De instantie bestaat niet meer.');
    return summary;
  }

  /**
   * Corrects a recorded decision: the record stays as it was, and a new record that names it is
   * added. Who may record the original decision may correct it; the correction meets the same
   * form and rules. The flow does not move: a correction fixes the record, not the route.
   */
  async correctDecision(user: User, caseId: string, decisionId: string, body: unknown): Promise<DecisionRecord> {
    const { content, reason } = (body ?? {}) as { content?: unknown; reason?: unknown };
    if (typeof reason !== 'string' || reason.trim() === '' || reason.length > 2000) {
      throw badRequest('Geef aan waarom het besluit wordt gecorrigeerd.', [
        { path: 'reason', code: 'required', message: 'Een reden (hoogstens 2000 tekens) is verplicht.' },
      ]);
    }
    const submitted = validateVariables(content);
    const meta = this.index.caseOf(caseId);
    if (!meta || !canSeeCase(user, meta)) throw notFound(`Casus "${caseId}" bestaat niet of is niet zichtbaar voor u.`);
    return this.act(caseId, user.id, meta.team, async (tx) => {
      const decisions = tx.document.decisions ?? [];
      const original = decisions.find((decision) => decision.id === decisionId);
      if (!original) throw notFound('Dit besluit bestaat niet in deze casus.');
      const correction = decisions.find((decision) => decision.corrects === original.id);
      if (correction)
        throw conflict(`Dit besluit is al gecorrigeerd; corrigeer de nieuwste versie (${correction.id}).`);
      const task = tx.document.tasks[original.taskId];
      if (!task || !canWorkOnTask(user, { team: tx.document.team, candidateGroups: task.candidateGroups })) {
        throw forbidden('Alleen wie dit besluit mag vastleggen, kan het corrigeren.');
      }
      const instance = tx.document.instances[original.instanceId]!;
      const model = await this.deps.definitions.model(instance.definitionKey, instance.version);
      const accepted = acceptTaskInput({
        form: task.formKey ? await this.deps.forms.get(task.formKey) : null,
        element: model.elements.get(original.elementId),
        submitted,
        known: instance.variables,
        clock: this.deps.clock,
      });
      const record = sealDecision({
        ...original,
        id: randomUUID(),
        recordedAt: tx.now.toISOString(),
        recordedBy: { id: user.id, name: user.name },
        content: accepted,
        corrects: original.id,
        reason: reason.trim(),
      });
      tx.recordDecision(record);
      return record;
    });
  }

  // ---- Migration to another version ---------------------------------------------------------

  /**
   * Checks, without changing anything, which instances could move from one version of a process
   * to a newer one. Without instanceIds, every active instance on the old version is checked.
   */
  async dryRunMigration(definitionKey: string, body: unknown): Promise<MigrationCheck[]> {
    const plan = await this.planMigration(definitionKey, body, { instanceIdsRequired: false });
    const ids = plan.instanceIds ?? this.activeInstancesOf(definitionKey, plan.fromVersion);
    return ids.map((id) => checkInstance(plan, id, this.index.instance(id)));
  }

  /**
   * Moves the instances that can move and reports the rest, each as it is afterwards. Every
   * instance moves in its own case transaction, under its case's lock, and is checked again
   * there: all-or-nothing across cases would need one transaction over many case documents,
   * which the store does not have, and one case that cannot move would hold up all the others.
   * An instance that does not move stays on its version, intact, with the reasons why.
   */
  async migrate(user: User, definitionKey: string, body: unknown): Promise<MigrationResult[]> {
    const plan = await this.planMigration(definitionKey, body, { instanceIdsRequired: true });
    const results: MigrationResult[] = [];
    // One at a time: each recovers an engine, and a large batch must not recover them all at once.
    for (const instanceId of plan.instanceIds ?? []) {
      results.push(await this.migrateOne(user, plan, instanceId));
    }
    return results;
  }

  private async planMigration(
    definitionKey: string,
    body: unknown,
    options: { instanceIdsRequired: boolean },
  ): Promise<MigrationPlan> {
    const request = parseMigrationRequest(body, options);
    for (const version of [request.fromVersion, request.toVersion]) {
      if (!this.deps.definitions.version(definitionKey, version)) {
        throw notFound(`Versie ${version} van proces "${definitionKey}" bestaat niet.`);
      }
    }
    const [from, to] = await Promise.all([
      this.deps.definitions.model(definitionKey, request.fromVersion),
      this.deps.definitions.model(definitionKey, request.toVersion),
    ]);
    return planMigration(definitionKey, request, from, to);
  }

  private activeInstancesOf(definitionKey: string, version: number): string[] {
    const ids: string[] = [];
    for (const summary of this.index.allInstances()) {
      if (summary.definitionKey === definitionKey && summary.version === version && summary.state === 'active')
        ids.push(summary.id);
    }
    return ids;
  }

  private async migrateOne(user: User, plan: MigrationPlan, instanceId: string): Promise<MigrationResult> {
    const summary = this.index.instance(instanceId);
    const meta = summary ? this.index.caseOf(summary.caseId) : undefined;
    const first = checkInstance(plan, instanceId, summary);
    if (!first.canMigrate || !summary || !meta) return { ...first, migrated: false };
    try {
      return await this.act(summary.caseId, user.id, meta.team, async (tx) => {
        // Checked again under the lock: the case may have moved on since the check above.
        const check = checkInstance(plan, instanceId, tx.document.instances[instanceId]);
        if (!check.canMigrate) return { ...check, migrated: false };
        await tx.migrate(instanceId, plan.toVersion, plan.mapping);
        return { ...check, migrated: true };
      });
    } catch (error) {
      // The action failed as a whole, so the stored case is as it was: report, and go on with the next.
      const reason =
        error instanceof MigrationMismatch
          ? {
              code: 'state-mismatch',
              message: `Op de nieuwe versie zou de instantie bij ${error.actual.join(', ') || 'niets'} staan in plaats van bij ${error.expected.join(', ')}; ze blijft op haar versie.`,
            }
          : ProblemError.isProblem(error)
            ? { code: 'refused', message: error.detail ?? error.title }
            : {
                code: 'migration-failed',
                message: 'De migratie van deze instantie is mislukt; ze blijft ongewijzigd op haar versie.',
              };
      if (!(error instanceof MigrationMismatch) && !ProblemError.isProblem(error))
        console.error(`migrating instance ${instanceId} failed`, error);
      return { ...first, canMigrate: false, reasons: [reason], migrated: false };
    }
  }

  /** Fires one due timer; called by the scheduler. */
  async fireTimer(caseId: string, timerId: string): Promise<void> {
    const meta = this.index.caseOf(caseId);
    if (!meta) return;
    await this.act(caseId, 'systeem', meta.team, async (tx) => {
      await tx.fireTimer(timerId);
    });
  }

  // ---- Internals -----------------------------------------------------------------------------

  private scope(task: TaskRecord, document: CaseDocument) {
    return {
      team: document.team,
      candidateGroups: task.candidateGroups,
      ...(task.assignee ? { assignee: task.assignee } : {}),
    };
  }

  private nameOf(userId: string): string {
    return this.deps.findUser(userId)?.name ?? userId;
  }

  private async taskAction(
    user: User,
    taskId: string,
    work: (task: TaskRecord, tx: CaseTransaction) => void | Promise<void>,
  ): Promise<Task> {
    const caseId = this.index.caseOfTask(taskId);
    const meta = caseId ? this.index.caseOf(caseId) : undefined;
    if (!caseId || !meta) throw notFound('Deze taak bestaat niet of is niet zichtbaar voor u.');
    return this.act(caseId, user.id, meta.team, async (tx) => {
      const task = tx.document.tasks[taskId]!;
      const definitionKey = tx.document.instances[task.instanceId]?.definitionKey ?? '';
      if (!canSeeTask(user, toTask(task, tx.document.team, definitionKey))) {
        throw notFound('Deze taak bestaat niet of is niet zichtbaar voor u.');
      }
      await work(task, tx);
      return toTask(task, tx.document.team, definitionKey);
    });
  }

  /** Reads a case document: the cached one if the case is in memory, else the stored one. */
  async readDocument<T>(caseId: string, read: (document: CaseDocument) => T): Promise<T> {
    const cached = this.cache.get(caseId);
    if (cached) return read(cached.document);
    const document = await this.deps.store.cases.load(caseId);
    if (!document) throw notFound('Deze casus bestaat niet.');
    return read(document);
  }

  /**
   * Runs one action on a case: lock, load (or create), work, commit durably, then update the
   * indexes and timers and tell the live clients. A failed action leaves nothing behind: its
   * in-memory state is dropped and the stored state stays as it was.
   */
  private act<T>(caseId: string, actor: string, team: string, work: (tx: CaseTransaction) => Promise<T>): Promise<T> {
    return this.locks.run(caseId, async () => {
      const runtime = await this.runtimeOf(caseId, team);
      const tx = new CaseTransaction(runtime, actor, this.deps);
      const previousAssignees = new Map(Object.values(runtime.document.tasks).map((task) => [task.id, task.assignee]));
      let result: T;
      try {
        result = await work(tx);
        for (const instanceId of tx.touchedInstances) {
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
          // Nothing changed: memory still equals the store, so the case (and any engine it
          // recovered) may stay cached.
          this.cache.set(caseId, runtime);
          return result;
        }
        await this.deps.store.cases.commit(runtime.document, tx.history);
      } catch (error) {
        // Refused before anything changed (e.g. a lost claim race): the case in memory is intact.
        if (tx.history.length > 0 || tx.touchedInstances.size > 0) this.cache.evict(caseId);
        throw error;
      }
      this.cache.set(caseId, runtime);
      this.index.update(runtime.document);
      this.scheduler.replaceCase(caseId, Object.values(runtime.document.timers));
      this.announce(runtime, tx, previousAssignees);
      return result;
    });
  }

  private async runtimeOf(caseId: string, team: string): Promise<CaseRuntime> {
    const cached = this.cache.get(caseId);
    if (cached) return cached;
    const stored = await this.deps.store.cases.load(caseId);
    const document: CaseDocument = stored ?? {
      caseId,
      team,
      createdAt: this.deps.clock.now().toISOString(),
      regionalGroups: [],
      instances: {},
      tasks: {},
      timers: {},
      historySeq: 0,
      pendingHistory: [],
    };
    return { document, engines: new Map() };
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
    for (const change of tx.taskChanges.values()) {
      this.deps.events.task(change.kind, change.task, previousAssignees.get(change.task.id));
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

  /** Short, readable case numbers (people read them out on the phone): C- and 8 unambiguous characters. */
  private newCaseId(): string {
    const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
    for (;;) {
      const bytes = randomBytes(8);
      const id = `C-${[...bytes].map((byte) => alphabet[byte % alphabet.length]).join('')}`;
      if (!this.index.caseOf(id)) return id;
    }
  }
}

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

/** Seals a decision record with the sha256 of everything it says, so later tampering shows. */
export function sealDecision(record: Omit<DecisionRecord, 'sha256'>): DecisionRecord {
  return { ...record, sha256: createHash('sha256').update(JSON.stringify(record)).digest('hex') };
}

/** Submitted variables: a JSON object whose names are plain identifiers the flow can read. */
function validateVariables(value: unknown): Variables {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest('De variabelen moeten een object zijn.', [
      { path: 'variables', code: 'type', message: 'Verwacht een object.' },
    ]);
  }
  const problems = Object.keys(value)
    .filter((name) => !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name) || RESERVED_VARIABLES.has(name))
    .map((name) => ({
      path: `variables.${name}`,
      code: RESERVED_VARIABLES.has(name) ? 'reserved' : 'name',
      message: RESERVED_VARIABLES.has(name)
        ? `"${name}" is een gereserveerde naam.`
        : `"${name}" is geen geldige variabelenaam (letters, cijfers en _, beginnend met een letter).`,
    }));
  if (problems.length > 0) throw badRequest('Sommige velden zijn ongeldig.', problems);
  return value as Variables;
}
