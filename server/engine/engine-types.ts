/**
 * What the rest of the server sees of the engine: compiled processes, stored snapshots and plain
 * engine events. None of bpmn-engine's own types appear here, so none leak past server/engine/.
 */

/** An engine-ready, validated diagram; shared by every instance of that version. */
export interface CompiledProcess {
  readonly key: string;
  readonly sourceContext: unknown;
  /** About how much heap one live engine of this version holds (see estimateEngineBytes). */
  readonly engineBytes: number;
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
  | {
      kind: 'failed';
      message: string;
      elementId?: string;
      /**
       * Set when the engine failed on a limit of ours (FEEL beyond its limits, a stack overflow):
       * the diagram's fault, which must not close the instance but refuse the action as a whole.
       */
      limit?: Error;
    };

export type EngineEventSink = (event: EngineEvent) => void;
