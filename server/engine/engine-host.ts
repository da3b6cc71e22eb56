import type { ParseResult } from 'bpmn-moddle';
import type { Variables } from '../contract/api';
import { camundaDescriptor, children, flowElementsDeep } from '../definitions/bpmn-parser';
import type { Clock } from '../time/clock';
import { BpmnEngine, diagramSerializer, type EngineLike, type EngineTimers } from './bpmn-engine-slice';
import { clockedTimerEventDefinition } from './clocked-timer';
import type { CompiledProcess, EngineEventSink, EngineSnapshot } from './engine-types';
import { createEngineExpressions } from './expressions';
import { LiveInstance } from './live-instance';
import { retargetSnapshot } from './snapshot-retarget';

/**
 * The host of the engine. Everything else sees compiled processes, live instances and plain
 * engine events (engine-types.ts); none of the engine's types or quirks leak past server/engine/:
 * - it runs one Engine per process instance (live-instance.ts turns its listener events into
 *   EngineEvents and merges the variables a signal carries into the process variables, which the
 *   engine does not);
 * - it replaces the engine's in-memory setTimeout timers with callbacks the server fires itself,
 *   so due times are the server's (persisted, any length, test clock aware; clocked-timer.ts);
 * - it never lets a diagram run code: the script handler knows no language.
 */

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
  private readonly serialize: (parsed: ParseResult) => unknown;
  private readonly expressions;

  constructor(clock: Clock) {
    this.expressions = createEngineExpressions(clock);
    this.elementTypes = { TimerEventDefinition: clockedTimerEventDefinition(clock) };
    this.serialize = diagramSerializer(this.elementTypes);
  }

  /** Serializes a parsed, validated diagram into the form every engine of that version shares. */
  compile(key: string, parsed: ParseResult): CompiledProcess {
    return { key, sourceContext: this.serialize(parsed), engineBytes: estimateEngineBytes(parsed) };
  }

  async start(process: CompiledProcess, variables: Variables, sink: EngineEventSink): Promise<LiveInstance> {
    const live = new LiveInstance((timers) => this.createEngine(process, timers), sink, process.engineBytes);
    await live.engine.execute({ listener: live.listener, variables });
    return live;
  }

  async recover(process: CompiledProcess, snapshot: EngineSnapshot, sink: EngineEventSink): Promise<LiveInstance> {
    const live = new LiveInstance((timers) => this.createEngine(process, timers), sink, process.engineBytes);
    // No defensive copy: the caller replaces the stored snapshot after every action anyway.
    live.engine.recover(snapshot);
    await live.engine.resume({ listener: live.listener });
    return live;
  }

  /** Re-targets a stored snapshot at another version of the same process (see retargetSnapshot). */
  retarget(snapshot: EngineSnapshot, target: CompiledProcess, mapping: ReadonlyMap<string, string>): EngineSnapshot {
    return retargetSnapshot(snapshot, target, mapping);
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
 * The heap one live engine of a diagram holds, estimated from its elements: bpmn-elements gives
 * every activity a broker of its own with exchanges, queues and consumers, and every sequence flow
 * a smaller one. Fitted to the heap that 200 recovered engines of each diagram added (after a full
 * collection; 2026-12-05): drie-taken 557 kB (5 activities, 4 flows), mdo 1,284 kB (14, 17),
 * escalatieladder 1,577 kB (18, 17), toeleiding 2,291 kB (27, 34), plaatsingscoordinatie
 * 3,411 kB (44, 45); the estimate is within 3 % of each.
 */
function estimateEngineBytes(parsed: ParseResult): number {
  let activities = 0;
  let flows = 0;
  for (const root of children(parsed.rootElement, 'rootElements')) {
    if (root.$type !== 'bpmn:Process') continue;
    for (const element of flowElementsDeep(root)) {
      if (element.$type === 'bpmn:SequenceFlow') flows++;
      else activities++;
    }
  }
  return (200 + 60 * activities + 15 * flows) * 1024;
}
