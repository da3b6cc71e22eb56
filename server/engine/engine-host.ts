import { EventEmitter } from 'node:events';
import * as Elements from 'bpmn-elements';
import { Engine } from 'bpmn-engine';
import type { ParseResult } from 'bpmn-moddle';
import serialize, { TypeResolver } from 'moddle-context-serializer';
import type { Variables } from '../contract/api';
import { camundaDescriptor } from '../definitions/bpmn-parser';
import type { Clock } from '../time/clock';
import { createEngineExpressions } from './expressions';
import { resolveMoment } from './temporal';

/**
 * The one module that owns bpmn-engine. Everything else sees compiled processes, live instances
 * and plain engine events; none of the engine's types or quirks leak past this file:
 * - it runs one Engine per process instance and turns its listener events into EngineEvents;
 * - it merges the variables a signal carries into the process variables (the engine does not);
 * - it replaces the engine's in-memory setTimeout timers with callbacks the server fires itself,
 *   so due times are the server's (persisted, any length, test clock aware);
 * - it never lets a diagram run code: the script handler knows no language.
 */

/** An engine-ready, validated diagram; shared by every instance of that version. */
export interface CompiledProcess {
  readonly key: string;
  readonly sourceContext: unknown;
}

/** The engine's own JSON state, without the diagram (which lives with the definition version). */
export type EngineSnapshot = { [key: string]: unknown };

export interface VariableMapping {
  source?: string;
  sourceExpression?: string;
  target?: string;
  all?: boolean;
}

export type EngineEvent =
  | {
      kind: 'task-waiting';
      elementId: string;
      executionId: string;
      name: string;
      candidateGroups: string[];
      assignee?: string;
      dueDate?: string;
      priority?: string;
      formKey?: string;
    }
  | {
      kind: 'call';
      elementId: string;
      executionId: string;
      calledElement: string;
      inputs: VariableMapping[];
      outputs: VariableMapping[];
    }
  | { kind: 'element-completed'; elementId: string; elementType: string }
  | { kind: 'task-left'; elementId: string; executionId: string }
  | { kind: 'call-left'; elementId: string; executionId: string }
  | { kind: 'flow-taken'; flowId: string }
  | { kind: 'timer-set'; timerId: string; elementId: string; dueAt: Date }
  | { kind: 'timer-cleared'; timerId: string }
  | { kind: 'timer-fired'; timerId: string; elementId: string }
  | { kind: 'ended' }
  | { kind: 'failed'; message: string; elementId?: string };

export type EngineEventSink = (event: EngineEvent) => void;

// ---- The narrow slice of bpmn-engine / bpmn-elements this module relies on ----------------

interface ElementApi {
  id: string;
  type: string;
  executionId: string;
  name?: string;
  content: { executionId?: string; output?: unknown; calledElement?: string; state?: string; [key: string]: unknown };
  environment: { variables: Record<string, unknown> };
  owner: { behaviour?: Record<string, unknown> };
}

interface EngineExecution {
  signal(message: Record<string, unknown>): void;
  getPostponed(): Array<{ id: string; type: string }>;
}

interface EngineLike extends EventEmitter {
  execution: EngineExecution | null;
  execute(options: { listener: EventEmitter; variables: Variables }): Promise<unknown>;
  recover(state: EngineSnapshot): EngineLike;
  resume(options: { listener: EventEmitter }): Promise<unknown>;
  getState(): Promise<EngineSnapshot>;
  stop(): void;
}

type TimerCallback = (...args: unknown[]) => void;

interface EngineTimers {
  readonly executing: Array<{ timerId: string }>;
  register(owner: TimerOwner): {
    setTimeout(callback: TimerCallback, delay: number, ...args: unknown[]): unknown;
    clearTimeout(ref: unknown): void;
  };
  setTimeout(callback: TimerCallback, delay: number, ...args: unknown[]): unknown;
  clearTimeout(ref: unknown): void;
}

type EngineConstructor = new (options: Record<string, unknown>) => EngineLike;

interface TimerOwner {
  id: string;
  executionId: string;
  expireAt?: Date | string;
}

interface TimerEventDefinitionLike {
  parse(timerType: string, value: unknown): { expireAt?: Date; delay?: number; repeat?: number };
}

type TimerEventDefinitionConstructor = {
  new (activity: unknown, eventDefinition: unknown): TimerEventDefinitionLike;
  prototype: TimerEventDefinitionLike;
  call(self: unknown, activity: unknown, eventDefinition: unknown): void;
};

const BpmnEngine = Engine as unknown as EngineConstructor;
const BaseTimerEventDefinition = (Elements as unknown as { TimerEventDefinition: TimerEventDefinitionConstructor })
  .TimerEventDefinition;

/** No script language is known, so nothing a diagram carries can ever run (validation refuses them earlier). */
const noScripts = {
  register(): void {},
  getScript(): undefined {
    return undefined;
  },
};

/** The engine's debug chatter is dropped; its warnings and errors reach the server log. */
function engineLogger(scope: string) {
  const noop = () => {};
  return {
    debug: noop,
    warn: (...args: unknown[]) => console.warn(`[bpmn-engine ${scope}]`, ...args),
    error: (...args: unknown[]) => console.error(`[bpmn-engine ${scope}]`, ...args),
  };
}

export class EngineHost {
  private readonly elementTypes: Record<string, unknown>;
  private readonly typeResolver: unknown;
  private readonly expressions;

  constructor(clock: Clock) {
    this.expressions = createEngineExpressions(clock);
    this.elementTypes = { TimerEventDefinition: clockedTimerEventDefinition(clock) };
    this.typeResolver = (TypeResolver as unknown as (types: Record<string, unknown>) => unknown)({
      ...(Elements as unknown as Record<string, unknown>),
      ...this.elementTypes,
    });
  }

  /** Serializes a parsed, validated diagram into the form every engine of that version shares. */
  compile(key: string, parsed: ParseResult): CompiledProcess {
    const toContext = serialize as unknown as (moddle: unknown, typeResolver: unknown) => unknown;
    return { key, sourceContext: toContext(parsed, this.typeResolver) };
  }

  async start(process: CompiledProcess, variables: Variables, sink: EngineEventSink): Promise<LiveInstance> {
    const live = new LiveInstance((timers) => this.createEngine(process, timers), sink);
    await live.engine.execute({ listener: live.listener, variables });
    return live;
  }

  async recover(process: CompiledProcess, snapshot: EngineSnapshot, sink: EngineEventSink): Promise<LiveInstance> {
    const live = new LiveInstance((timers) => this.createEngine(process, timers), sink);
    // No defensive copy: the caller replaces the stored snapshot after every action anyway.
    live.engine.recover(snapshot);
    await live.engine.resume({ listener: live.listener });
    return live;
  }

  /**
   * Re-targets a stored snapshot at another version of the same process, for migrating a running
   * instance. bpmn-engine has no migration of its own; its maintainer's advice (bpmn-engine#32,
   * #181) is to recover a saved state onto the new source, which works where the element ids and
   * their states are still present in the new version. So:
   * - every element id named in `mapping` is renamed wherever the state refers to an element
   *   (activity states, the queued messages of waiting activities, a boundary event's attachedTo,
   *   flows' source and target); variables and outputs are user data and are left alone;
   * - the definitions id is set to the new version's, because recover() finds the (stripped)
   *   diagram source by that id.
   * On recovery, bpmn-elements restores each activity by id and skips states whose element the
   * new version no longer has; an activity the new version adds starts without state. Due times
   * survive: an armed timer's message keeps its expireAt and the timer value it was armed with, and
   * on resume the earlier of that expireAt and one recomputed from that same value wins; a timer
   * the new version defines differently applies from the next time it is armed. The caller checks
   * the instance's active elements before and after, because a state that does not fit the new
   * version is skipped silently, not refused (tests/engine/retarget.test.ts pins this).
   */
  retarget(snapshot: EngineSnapshot, target: CompiledProcess, mapping: ReadonlyMap<string, string>): EngineSnapshot {
    const state = structuredClone(snapshot);
    const definitions = state.definitions;
    if (!Array.isArray(definitions) || definitions.length !== 1)
      throw new Error('an instance snapshot holds exactly one definition');
    const definition = definitions[0] as Record<string, unknown>;
    const renames = new Map(mapping);
    const fromId = definition.id;
    const toId = (target.sourceContext as { id?: unknown }).id;
    if (typeof fromId === 'string' && typeof toId === 'string' && fromId !== toId) renames.set(fromId, toId);
    if (renames.size > 0) renameElementIds(state, renames);
    return state;
  }

  private createEngine(process: CompiledProcess, timers: EngineTimers): EngineLike {
    return new BpmnEngine({
      name: process.key,
      sourceContext: process.sourceContext,
      moddleOptions: { camunda: camundaDescriptor },
      elements: this.elementTypes,
      expressions: this.expressions,
      scripts: noScripts,
      Logger: engineLogger,
      timers,
    });
  }
}

/**
 * One running process instance. Events are delivered to `sink`, which the caller swaps per
 * action so that every effect of an action is collected and persisted by that action.
 */
export class LiveInstance {
  readonly listener = new EventEmitter();
  readonly engine: EngineLike;
  private readonly timerCallbacks = new Map<string, () => void>();
  private stopping = false;

  constructor(
    createEngine: (timers: EngineTimers) => EngineLike,
    public sink: EngineEventSink | null,
  ) {
    this.engine = createEngine(this.createTimers());
    this.listen();
  }

  /** Completes a waiting user task or call activity; `variables` are merged into the process. */
  signal(elementId: string, executionId: string, variables: Variables): void {
    const execution = this.requireExecution();
    execution.signal({ id: elementId, executionId, variables });
  }

  /** Fires a timer the server found due. False when the engine no longer waits for it. */
  fireTimer(timerId: string): boolean {
    const callback = this.timerCallbacks.get(timerId);
    if (!callback) return false;
    this.timerCallbacks.delete(timerId);
    callback();
    return true;
  }

  activeElementIds(): string[] {
    return this.standing().activeElementIds;
  }

  /**
   * Where the instance stands, from one look at the engine: its active elements, and where it
   * waits (the same less armed boundary events, which wait on behalf of their task: counting them
   * would count the same case twice).
   */
  standing(): { activeElementIds: string[]; waitingElementIds: string[] } {
    const active = new Set<string>();
    const waiting = new Set<string>();
    for (const activity of this.activeElements()) {
      active.add(activity.id);
      if (activity.type !== 'bpmn:BoundaryEvent') waiting.add(activity.id);
    }
    return { activeElementIds: [...active], waitingElementIds: [...waiting] };
  }

  private activeElements(): Array<{ id: string; type: string }> {
    const execution = this.engine.execution;
    if (!execution) return [];
    // A token can sit on a sequence flow behind a merging gateway until the engine moves it on;
    // only elements count as where the case stands.
    return execution.getPostponed().filter((activity) => activity.type !== 'bpmn:SequenceFlow');
  }

  async snapshot(): Promise<EngineSnapshot> {
    const state = await this.engine.getState();
    // The diagram is stored once per version; keeping it out of every case keeps writes small.
    const definitions = state.definitions;
    if (Array.isArray(definitions)) {
      for (const definition of definitions as Array<Record<string, unknown>>) delete definition.source;
    }
    return state;
  }

  /** Stops the engine to free memory; the stored snapshot stays the truth. */
  stop(): void {
    this.sink = null;
    this.stopping = true;
    this.engine.stop();
  }

  private emit(event: EngineEvent): void {
    this.sink?.(event);
  }

  private requireExecution(): EngineExecution {
    const execution = this.engine.execution;
    if (!execution) throw new Error('engine has no execution');
    return execution;
  }

  /**
   * The engine asks for timeouts through `environment.timers`; instead of scheduling them in this
   * process, we report their due time and keep the callback for the server's scheduler to call.
   */
  private createTimers(): EngineTimers {
    const set = (owner: TimerOwner | undefined, callback: (...args: unknown[]) => void, args: unknown[]) => {
      const timerId = owner?.executionId ?? `anonymous-${this.timerCallbacks.size}`;
      this.timerCallbacks.set(timerId, () => callback(...args));
      if (owner?.expireAt) {
        this.emit({ kind: 'timer-set', timerId, elementId: owner.id, dueAt: new Date(owner.expireAt) });
      }
      return { timerId };
    };
    const clear = (ref: unknown) => {
      const timerId = (ref as { timerId?: string } | undefined)?.timerId;
      // A timer that is firing was already taken out; only a real cancellation is reported.
      if (!timerId || !this.timerCallbacks.delete(timerId)) return;
      if (!this.stopping) this.emit({ kind: 'timer-cleared', timerId });
    };
    const callbacks = this.timerCallbacks;
    return {
      // The engine clears every pending timer when it completes.
      get executing() {
        return [...callbacks.keys()].map((timerId) => ({ timerId }));
      },
      register: (owner: TimerOwner) => ({
        setTimeout: (callback: (...args: unknown[]) => void, _delay: number, ...args: unknown[]) =>
          set(owner, callback, args),
        clearTimeout: clear,
      }),
      setTimeout: (callback: (...args: unknown[]) => void, _delay: number, ...args: unknown[]) =>
        set(undefined, callback, args),
      clearTimeout: clear,
    };
  }

  private listen(): void {
    const listener = this.listener;
    listener.on('activity.wait', (api: ElementApi) => {
      if (api.type !== 'bpmn:UserTask') return;
      const behaviour = api.owner.behaviour ?? {};
      const attribute = (name: string) =>
        typeof behaviour[name] === 'string' ? (behaviour[name] as string) : undefined;
      this.emit({
        kind: 'task-waiting',
        elementId: api.id,
        executionId: api.executionId,
        name: api.name ?? attribute('name') ?? api.id,
        candidateGroups: (attribute('candidateGroups') ?? '')
          .split(',')
          .map((group) => group.trim())
          .filter(Boolean),
        ...optional('assignee', attribute('assignee')),
        ...optional('dueDate', attribute('dueDate')),
        ...optional('priority', attribute('priority')),
        ...optional('formKey', attribute('formKey')),
      });
    });
    listener.on('activity.call', (api: ElementApi) => {
      const extensionValues = ((
        api.owner.behaviour?.extensionElements as { values?: Array<Record<string, unknown>> } | undefined
      )?.values ?? []) as Array<Record<string, unknown>>;
      const mappings = (type: string): VariableMapping[] =>
        extensionValues
          .filter((value) => value.$type === type)
          .map((value) => ({
            ...optional('source', typeof value.source === 'string' ? value.source : undefined),
            ...optional(
              'sourceExpression',
              typeof value.sourceExpression === 'string' ? value.sourceExpression : undefined,
            ),
            ...optional('target', typeof value.target === 'string' ? value.target : undefined),
            ...(value.variables === 'all' ? { all: true } : {}),
          }));
      this.emit({
        kind: 'call',
        elementId: api.id,
        executionId: api.executionId,
        calledElement: String(api.content.calledElement ?? ''),
        inputs: mappings('camunda:In'),
        outputs: mappings('camunda:Out'),
      });
    });
    listener.on('activity.end', (api: ElementApi) => {
      // A signal's payload becomes the activity's output; merging it is what makes a submitted
      // form visible to the conditions that follow.
      const output = api.content.output as { variables?: unknown } | undefined;
      const variables = output?.variables;
      if (variables && typeof variables === 'object' && !Array.isArray(variables)) {
        Object.assign(api.environment.variables, variables);
      }
      this.emit({ kind: 'element-completed', elementId: api.id, elementType: api.type });
    });
    listener.on('activity.leave', (api: ElementApi) => {
      if (api.type === 'bpmn:UserTask')
        this.emit({ kind: 'task-left', elementId: api.id, executionId: api.executionId });
      if (api.type === 'bpmn:CallActivity')
        this.emit({ kind: 'call-left', elementId: api.id, executionId: api.executionId });
    });
    listener.on('flow.take', (api: ElementApi) => this.emit({ kind: 'flow-taken', flowId: api.id }));
    listener.on('activity.timeout', (api: ElementApi) => {
      const timerId = api.content.executionId ?? api.executionId;
      this.timerCallbacks.delete(timerId);
      this.emit({ kind: 'timer-fired', timerId, elementId: api.id });
    });
    this.engine.on('end', () => this.emit({ kind: 'ended' }));
    this.engine.on('error', (error: unknown) => {
      const source = error as { message?: string; source?: { content?: { id?: string } } };
      this.emit({
        kind: 'failed',
        message: source.message ?? String(error),
        ...optional('elementId', source.source?.content?.id),
      });
    });
  }
}

/** The properties through which bpmn-elements' state refers to elements by id. */
const ELEMENT_REFERENCES = new Set(['id', 'attachedTo', 'sourceId', 'targetId']);
/** Subtrees that hold user data (variables, outputs, signal payloads), never element references. */
const USER_DATA = new Set(['environment', 'variables', 'output', 'message']);

/** Renames element ids in place, throughout an engine state (an iterative walk: states can be deep). */
function renameElementIds(state: unknown, renames: ReadonlyMap<string, string>): void {
  const pending: unknown[] = [state];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (Array.isArray(node)) {
      pending.push(...(node as unknown[]));
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    const record = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(record)) {
      if (typeof value === 'string') {
        const renamed = ELEMENT_REFERENCES.has(key) ? renames.get(value) : undefined;
        if (renamed !== undefined) record[key] = renamed;
      } else if (value !== null && typeof value === 'object' && !USER_DATA.has(key)) {
        pending.push(value);
      }
    }
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/**
 * bpmn-elements computes timer due times with the real clock. This variant reads the server clock
 * and accepts durations and dates in both timeDuration and timeDate (FEEL may yield either).
 */
function clockedTimerEventDefinition(clock: Clock): TimerEventDefinitionConstructor {
  function ClockedTimerEventDefinition(this: unknown, activity: unknown, eventDefinition: unknown) {
    BaseTimerEventDefinition.call(this, activity, eventDefinition);
  }
  const prototype: TimerEventDefinitionLike = Object.create(BaseTimerEventDefinition.prototype);
  prototype.parse = function parse(this: TimerEventDefinitionLike, timerType: string, value: unknown) {
    if (timerType === 'timeCycle') return BaseTimerEventDefinition.prototype.parse.call(this, timerType, value);
    const now = clock.now();
    const expireAt = resolveMoment(value, now, 'start-of-day');
    return { expireAt, delay: expireAt.getTime() - now.getTime() };
  };
  ClockedTimerEventDefinition.prototype = prototype;
  return ClockedTimerEventDefinition as unknown as TimerEventDefinitionConstructor;
}
