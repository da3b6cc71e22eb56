import { randomUUID } from 'node:crypto';
import type { DecisionRecord, HistoryEntry, HistoryType, Task, Variables } from '../contract/api';
import type { DefinitionRegistry } from '../definitions/definition-registry';
import type { ProcessModel } from '../definitions/process-model';
import type { EngineHost } from '../engine/engine-host';
import type { EngineEvent, VariableMapping } from '../engine/engine-types';
import type { LiveInstance } from '../engine/live-instance';
import type { CaseDocument, InstanceRecord, StoredHistoryEntry, TaskRecord } from '../store/store';
import type { Clock } from '../time/clock';
import { mapVariables } from './call-variables';
import { toTask } from './case-index';
import { followMapping, MigrationMismatch } from './migration-records';
import type { CaseRuntime } from './runtime-cache';
import { newTaskRecord, noteRegionalGroups, type TaskWaiting } from './task-records';

export const SYSTEM_ACTOR = 'systeem';

export type TaskChange = { kind: 'created' | 'updated' | 'completed'; task: Task };

/**
 * One action on one case, run under the case's lock. Engine events are queued as they happen and
 * handled in order by drain(): they create tasks, schedule timers, start child instances and end
 * call activities, all within this action. Nothing is visible to others until the owner commits.
 */
export class CaseTransaction {
  readonly history: StoredHistoryEntry[] = [];
  readonly taskChanges = new Map<string, TaskChange>();
  readonly touchedInstances = new Set<string>();
  /** Definition versions (`key@version`) an instance left in this action: their statistics changed too. */
  readonly leftDefinitions = new Set<string>();
  private readonly queue: Array<{ instanceId: string; event: EngineEvent }> = [];
  /** Instances being moved to another version, with its model: their waiting tasks take its details. */
  private readonly migrating = new Map<string, ProcessModel>();
  readonly now: Date;

  constructor(
    readonly runtime: CaseRuntime,
    readonly actor: string,
    private readonly deps: { engine: EngineHost; definitions: DefinitionRegistry; clock: Clock },
  ) {
    this.now = deps.clock.now();
  }

  get document(): CaseDocument {
    return this.runtime.document;
  }

  record(
    type: HistoryType,
    instanceId: string,
    details: { elementId?: string; data?: Variables; actor?: string } = {},
  ): void {
    const entry: HistoryEntry = {
      at: this.deps.clock.now().toISOString(),
      actor: details.actor ?? this.actor,
      type,
      ...(details.elementId ? { elementId: details.elementId } : {}),
      ...(details.data ? { data: details.data } : {}),
    };
    this.history.push({ ...entry, seq: ++this.document.historySeq, instanceId });
  }

  changedTask(kind: TaskChange['kind'], task: TaskRecord): void {
    const instance = this.document.instances[task.instanceId];
    const previous = this.taskChanges.get(task.id);
    // A task created and completed in one action is announced once, as completed.
    const merged = previous?.kind === 'created' && kind === 'updated' ? 'created' : kind;
    this.taskChanges.set(task.id, {
      kind: merged,
      task: toTask(task, this.document.team, instance?.definitionKey ?? ''),
    });
  }

  /** Appends a formal decision to the case; records are never changed afterwards. */
  recordDecision(decision: DecisionRecord): void {
    this.document.decisions ??= [];
    this.document.decisions.push(decision);
    const type = decision.corrects ? 'decision.corrected' : 'decision.recorded';
    this.record(type, decision.instanceId, {
      elementId: decision.elementId,
      data: {
        besluitId: decision.id,
        soort: decision.kind,
        ...(decision.corrects ? { corrigeert: decision.corrects } : {}),
      },
    });
  }

  /** Starts a process instance in this case (a root, or a child of a call activity). */
  async startInstance(
    definitionKey: string,
    variables: Variables,
    parent?: { instanceId: string; elementId: string; executionId: string; outputs: VariableMapping[] },
  ): Promise<InstanceRecord> {
    const meta = this.deps.definitions.latest(definitionKey);
    if (!meta) throw new Error(`process ${definitionKey} is not deployed`);
    const instance: InstanceRecord = {
      id: randomUUID(),
      caseId: this.document.caseId,
      definitionKey,
      version: meta.version,
      state: 'active',
      startedAt: this.now.toISOString(),
      ...(parent
        ? {
            parentId: parent.instanceId,
            parentCall: { elementId: parent.elementId, executionId: parent.executionId, outputs: parent.outputs },
          }
        : {}),
      childIds: [],
      variables: { ...variables },
      activeElementIds: [],
      completedElementIds: [],
      takenFlowIds: [],
      engineState: null,
    };
    this.document.instances[instance.id] = instance;
    if (parent) this.document.instances[parent.instanceId]?.childIds.push(instance.id);
    this.touchedInstances.add(instance.id);
    // The start's variables are what the aanmelding (or the calling process) decided: they belong in the history.
    this.record('instance.started', instance.id, {
      data: { definitionKey, version: meta.version, variabelen: structuredClone(instance.variables) },
    });
    const compiled = await this.deps.definitions.compiled(definitionKey, meta.version);
    const live = await this.deps.engine.start(compiled, instance.variables, this.sinkFor(instance.id));
    this.runtime.engines.set(instance.id, live);
    await this.drain();
    return instance;
  }

  /** The live engine of an active instance, recovered from its stored state when not in memory. */
  async live(instanceId: string): Promise<LiveInstance> {
    this.touchedInstances.add(instanceId);
    const existing = this.runtime.engines.get(instanceId);
    if (existing) {
      existing.sink = this.sinkFor(instanceId);
      return existing;
    }
    const instance = this.document.instances[instanceId];
    if (!instance?.engineState) throw new Error(`instance ${instanceId} has no engine state to recover`);
    const compiled = await this.deps.definitions.compiled(instance.definitionKey, instance.version);
    const live = await this.deps.engine.recover(compiled, instance.engineState, this.sinkFor(instanceId));
    this.runtime.engines.set(instanceId, live);
    await this.drain();
    return live;
  }

  /** Completes a user task or call activity and lets the engine run on. */
  async signal(instanceId: string, elementId: string, executionId: string, variables: Variables): Promise<void> {
    const live = await this.live(instanceId);
    const instance = this.requireInstance(instanceId);
    Object.assign(instance.variables, variables);
    live.signal(elementId, executionId, variables);
    await this.drain();
  }

  async fireTimer(timerId: string): Promise<boolean> {
    const timer = this.document.timers[timerId];
    if (!timer) return false;
    const live = await this.live(timer.instanceId);
    // Recovery itself may have fired an overdue timer; then there is nothing left to do.
    if (!this.document.timers[timerId]) return true;
    const fired = live.fireTimer(timerId);
    if (!fired) {
      delete this.document.timers[timerId];
      this.record('timer.cancelled', timer.instanceId, {
        elementId: timer.elementId,
        actor: SYSTEM_ACTOR,
        data: { reden: 'niet meer actief' },
      });
    }
    await this.drain();
    return fired;
  }

  /**
   * Moves an active instance to another version of its process (see instance-migration.ts for
   * the rules, checked by the caller). The stored engine snapshot is re-targeted at the new
   * version with the element mapping and recovered onto it; the instance's tasks, timers and
   * call children follow the mapping; the recovered engine must stand exactly where the instance
   * stood, or the whole action fails and the stored case stays as it was.
   */
  async migrate(instanceId: string, toVersion: number, mapping: ReadonlyMap<string, string>): Promise<void> {
    const instance = this.requireInstance(instanceId);
    if (instance.state !== 'active' || !instance.engineState) throw new Error(`instance ${instanceId} is not active`);
    const rename = (elementId: string) => mapping.get(elementId) ?? elementId;
    const fromVersion = instance.version;
    const expected = new Set(instance.activeElementIds.map(rename));
    const target = await this.deps.definitions.compiled(instance.definitionKey, toVersion);
    const model = await this.deps.definitions.model(instance.definitionKey, toVersion);

    // The stored snapshot is the engine's state as of the last action (every action stores one);
    // the old version's live engine, if any, is let go.
    this.runtime.engines.get(instanceId)?.stop();
    this.runtime.engines.delete(instanceId);
    instance.engineState = this.deps.engine.retarget(instance.engineState, target, mapping);
    instance.version = toVersion;
    followMapping(this.document, instance, rename, model);

    this.migrating.set(instanceId, model);
    let live: LiveInstance;
    try {
      live = await this.live(instanceId);
    } finally {
      this.migrating.delete(instanceId);
    }
    const actual = live.activeElementIds();
    if (actual.length !== expected.size || !actual.every((elementId) => expected.has(elementId))) {
      throw new MigrationMismatch([...expected], actual);
    }
    this.leftDefinitions.add(`${instance.definitionKey}@${fromVersion}`);
    this.record('instance.migrated', instanceId, {
      data: { vanVersie: fromVersion, naarVersie: toVersion, mapping: Object.fromEntries(mapping) },
    });
  }

  private sinkFor(instanceId: string) {
    return (event: EngineEvent) => {
      this.queue.push({ instanceId, event });
    };
  }

  private requireInstance(instanceId: string): InstanceRecord {
    const instance = this.document.instances[instanceId];
    if (!instance) throw new Error(`instance ${instanceId} is not part of case ${this.document.caseId}`);
    return instance;
  }

  /** Handles queued engine events until none are left; handlers may cause more. */
  private async drain(): Promise<void> {
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      await this.handle(next.instanceId, next.event);
    }
  }

  private async handle(instanceId: string, event: EngineEvent): Promise<void> {
    const instance = this.requireInstance(instanceId);
    this.touchedInstances.add(instanceId);
    switch (event.kind) {
      case 'task-waiting':
        return this.createTask(instance, event);
      case 'call':
        return this.startCall(instance, event);
      case 'element-completed':
        addOnce(instance.completedElementIds, event.elementId);
        return;
      case 'flow-taken':
        addOnce(instance.takenFlowIds, event.flowId);
        return;
      case 'task-left':
        return this.cancelTask(instance, event.executionId);
      case 'call-left':
        return this.cancelChildOf(instance, event.executionId);
      case 'timer-set': {
        const existing = this.document.timers[event.timerId];
        const dueAt = event.dueAt.toISOString();
        if (existing?.dueAt === dueAt) return;
        this.document.timers[event.timerId] = { id: event.timerId, instanceId, elementId: event.elementId, dueAt };
        this.record('timer.scheduled', instanceId, {
          elementId: event.elementId,
          actor: SYSTEM_ACTOR,
          data: { dueAt },
        });
        return;
      }
      case 'timer-cleared': {
        const timer = this.document.timers[event.timerId];
        if (!timer) return;
        delete this.document.timers[event.timerId];
        this.record('timer.cancelled', instanceId, { elementId: timer.elementId, actor: SYSTEM_ACTOR });
        return;
      }
      case 'timer-fired': {
        const timer = this.document.timers[event.timerId];
        delete this.document.timers[event.timerId];
        this.record('timer.fired', instanceId, {
          elementId: event.elementId,
          actor: SYSTEM_ACTOR,
          ...(timer ? { data: { dueAt: timer.dueAt } } : {}),
        });
        return;
      }
      case 'ended':
        return this.endInstance(instance);
      case 'failed':
        // A broken limit fails the action, not the instance: the case stays where it was (and a
        // timer that met it becomes an incident, see timer-firing.ts).
        if (event.limit) throw event.limit;
        this.close(instance, 'failed');
        this.record('instance.failed', instanceId, {
          actor: SYSTEM_ACTOR,
          ...(event.elementId ? { elementId: event.elementId } : {}),
          data: { melding: event.message },
        });
        return;
    }
  }

  private createTask(instance: InstanceRecord, event: TaskWaiting): void {
    // A recovered engine announces its waiting tasks again. An execution id belongs to one visit
    // of a task (a loop back gets a new one), so whatever state our record has, it is that task.
    const known = Object.values(this.document.tasks).find(
      (task) => task.executionId === event.executionId && task.instanceId === instance.id,
    );
    if (known) {
      const migratingTo = this.migrating.get(instance.id);
      if (migratingTo && known.state === 'open') this.refreshTask(known, event, migratingTo);
      return;
    }
    const { task, problems } = newTaskRecord(this.document.caseId, instance, event, this.now, this.deps.clock);
    this.document.tasks[task.id] = task;
    noteRegionalGroups(this.document, task.candidateGroups);
    this.record('task.created', instance.id, {
      elementId: task.elementId,
      actor: SYSTEM_ACTOR,
      data: { taskId: task.id, naam: task.name, ...(task.dueAt ? { dueAt: task.dueAt } : {}), ...problems },
    });
    this.changedTask('created', task);
  }

  /**
   * A task that waits on, after its instance moved to another version, shows what the new version
   * says of it: name, candidate groups and form. Its holder, due date and priority stay as they
   * were: they were given to someone already, and the due date is a promise made.
   */
  private refreshTask(task: TaskRecord, event: TaskWaiting, model: ProcessModel): void {
    task.elementId = event.elementId;
    // The name from the diagram: the recovered engine repeats the name its state was saved with.
    task.name = model.elements.get(event.elementId)?.name ?? event.name;
    task.candidateGroups = event.candidateGroups;
    if (event.formKey) task.formKey = event.formKey;
    else delete task.formKey;
    noteRegionalGroups(this.document, task.candidateGroups);
    this.changedTask('updated', task);
  }

  private cancelTask(instance: InstanceRecord, executionId: string): void {
    const task = Object.values(this.document.tasks).find(
      (candidate) =>
        candidate.instanceId === instance.id && candidate.executionId === executionId && candidate.state === 'open',
    );
    if (!task) return;
    task.state = 'cancelled';
    task.completedAt = this.now.toISOString();
    this.record('task.cancelled', instance.id, {
      elementId: task.elementId,
      actor: SYSTEM_ACTOR,
      data: { taskId: task.id },
    });
    this.changedTask('updated', task);
  }

  private async startCall(instance: InstanceRecord, event: Extract<EngineEvent, { kind: 'call' }>): Promise<void> {
    const running = instance.childIds.some(
      (id) => this.document.instances[id]?.parentCall?.executionId === event.executionId,
    );
    if (running) return; // a recovered engine announces its waiting call again
    const variables: Variables = {};
    for (const mapping of event.inputs)
      Object.assign(variables, mapVariables(mapping, instance.variables, this.deps.clock));
    this.record('call.started', instance.id, { elementId: event.elementId, data: { proces: event.calledElement } });
    const child = await this.startInstance(event.calledElement, variables, {
      instanceId: instance.id,
      elementId: event.elementId,
      executionId: event.executionId,
      outputs: event.outputs,
    });
    if (child.state === 'failed') {
      this.record('instance.failed', instance.id, {
        elementId: event.elementId,
        actor: SYSTEM_ACTOR,
        data: { melding: 'aangeroepen proces mislukt' },
      });
    }
  }

  private async endInstance(instance: InstanceRecord): Promise<void> {
    if (instance.state !== 'active') return;
    this.close(instance, 'completed');
    this.record('instance.completed', instance.id, { actor: SYSTEM_ACTOR });
    const call = instance.parentCall;
    if (!instance.parentId || !call) return;
    const outputs: Variables = {};
    for (const mapping of call.outputs)
      Object.assign(outputs, mapVariables(mapping, instance.variables, this.deps.clock));
    this.record('call.completed', instance.parentId, {
      elementId: call.elementId,
      actor: SYSTEM_ACTOR,
      data: { variabelen: Object.keys(outputs) },
    });
    await this.signal(instance.parentId, call.elementId, call.executionId, outputs);
  }

  /** A call activity left without its child ending (e.g. an escalation timer): the child is cancelled. */
  private cancelChildOf(instance: InstanceRecord, executionId: string): void {
    const child = instance.childIds
      .map((id) => this.document.instances[id])
      .find((candidate) => candidate?.parentCall?.executionId === executionId && candidate.state === 'active');
    if (child) this.cancelInstance(child);
  }

  /** Ends an instance in this case: no more active elements, and its live engine is released. */
  private close(instance: InstanceRecord, state: 'completed' | 'cancelled' | 'failed'): void {
    instance.state = state;
    instance.endedAt = this.now.toISOString();
    instance.activeElementIds = [];
    instance.waitingElementIds = [];
    // A failed instance keeps its last engine state, for diagnosis; an ended one needs none.
    if (state !== 'failed') instance.engineState = null;
    this.runtime.engines.get(instance.id)?.stop();
    this.runtime.engines.delete(instance.id);
    this.touchedInstances.add(instance.id);
  }

  /**
   * Cancels an active instance and, first-to-last, its active children: its engine is stopped, its
   * open tasks are cancelled and its timers dropped (the scheduler follows the committed document).
   * `actor` is the system when the flow left a call activity, or the user who closed the case.
   */
  cancelInstance(instance: InstanceRecord, actor: string = SYSTEM_ACTOR): void {
    this.close(instance, 'cancelled');
    for (const task of Object.values(this.document.tasks)) {
      if (task.instanceId === instance.id && task.state === 'open') {
        task.state = 'cancelled';
        task.completedAt = this.now.toISOString();
        this.changedTask('updated', task);
      }
    }
    for (const [timerId, timer] of Object.entries(this.document.timers)) {
      if (timer.instanceId === instance.id) delete this.document.timers[timerId];
    }
    this.record('instance.cancelled', instance.id, { actor });
    for (const childId of instance.childIds) {
      const child = this.document.instances[childId];
      if (child?.state === 'active') this.cancelInstance(child, actor);
    }
  }
}

function addOnce(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}
