import { EventEmitter } from 'node:events';
import type { Variables } from '../contract/api';
import type {
  ElementApi,
  EngineExecution,
  EngineLike,
  EngineTimers,
  TimerCallback,
  TimerOwner,
} from './bpmn-engine-slice';
import type { EngineEvent, EngineEventSink, EngineSnapshot, VariableMapping } from './engine-types';
import { FeelLimitError } from './feel-limits';

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
    /** About how much heap this engine holds (CompiledProcess.engineBytes). */
    readonly heapBytes: number,
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
    const set = (owner: TimerOwner | undefined, callback: TimerCallback, args: unknown[]) => {
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
        setTimeout: (callback: TimerCallback, _delay: number, ...args: unknown[]) => set(owner, callback, args),
        clearTimeout: clear,
      }),
      setTimeout: (callback: TimerCallback, _delay: number, ...args: unknown[]) => set(undefined, callback, args),
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
      const source = error as { message?: string; inner?: unknown; source?: { content?: { id?: string } } };
      const cause = source.inner ?? error;
      this.emit({
        kind: 'failed',
        message: source.message ?? String(error),
        ...optional('elementId', source.source?.content?.id),
        ...optional('limit', cause instanceof FeelLimitError || cause instanceof RangeError ? cause : undefined),
      });
    });
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
