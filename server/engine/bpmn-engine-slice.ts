import type { EventEmitter } from 'node:events';
import * as Elements from 'bpmn-elements';
import { Engine } from 'bpmn-engine';
import type { ParseResult } from 'bpmn-moddle';
import serialize, { TypeResolver } from 'moddle-context-serializer';
import type { Variables } from '../contract/api';
import type { EngineSnapshot } from './engine-types';

/**
 * The one module that imports bpmn-engine and bpmn-elements. It states the narrow slice of their
 * API the server relies on, as interfaces, and hands out typed handles to it; the rest of
 * server/engine/ is written against this slice, so an engine upgrade is checked here.
 */

export interface ElementApi {
  id: string;
  type: string;
  executionId: string;
  name?: string;
  content: { executionId?: string; output?: unknown; calledElement?: string; state?: string; [key: string]: unknown };
  environment: { variables: Record<string, unknown> };
  owner: { behaviour?: Record<string, unknown> };
}

export interface EngineExecution {
  signal(message: Record<string, unknown>): void;
  getPostponed(): Array<{ id: string; type: string }>;
}

export interface EngineLike extends EventEmitter {
  execution: EngineExecution | null;
  execute(options: { listener: EventEmitter; variables: Variables }): Promise<unknown>;
  recover(state: EngineSnapshot): EngineLike;
  resume(options: { listener: EventEmitter }): Promise<unknown>;
  getState(): Promise<EngineSnapshot>;
  stop(): void;
}

export type TimerCallback = (...args: unknown[]) => void;

/** The `timers` option: the engine asks it for every timeout it needs. */
export interface EngineTimers {
  readonly executing: Array<{ timerId: string }>;
  register(owner: TimerOwner): {
    setTimeout(callback: TimerCallback, delay: number, ...args: unknown[]): unknown;
    clearTimeout(ref: unknown): void;
  };
  setTimeout(callback: TimerCallback, delay: number, ...args: unknown[]): unknown;
  clearTimeout(ref: unknown): void;
}

export interface TimerOwner {
  id: string;
  executionId: string;
  expireAt?: Date | string;
}

export interface TimerEventDefinitionLike {
  parse(timerType: string, value: unknown): { expireAt?: Date; delay?: number; repeat?: number };
  /** Resolves the timer of an execution: its due time and `timeout`, the delay from now. */
  _getTimers(executeMessage: unknown): { expireAt?: Date; timeout?: number };
}

export type TimerEventDefinitionConstructor = {
  new (activity: unknown, eventDefinition: unknown): TimerEventDefinitionLike;
  prototype: TimerEventDefinitionLike;
  call(self: unknown, activity: unknown, eventDefinition: unknown): void;
};

type EngineConstructor = new (options: Record<string, unknown>) => EngineLike;

export const BpmnEngine = Engine as unknown as EngineConstructor;

export const BaseTimerEventDefinition = (
  Elements as unknown as { TimerEventDefinition: TimerEventDefinitionConstructor }
).TimerEventDefinition;

/**
 * A serializer of parsed diagrams into the engine's source context, with bpmn-elements' element
 * types of which `overrides` replace some (the clocked timer definition). The type resolver is
 * built once and shared by every diagram.
 */
export function diagramSerializer(overrides: Record<string, unknown>): (parsed: ParseResult) => unknown {
  const typeResolver = (TypeResolver as unknown as (types: Record<string, unknown>) => unknown)({
    ...(Elements as unknown as Record<string, unknown>),
    ...overrides,
  });
  const toContext = serialize as unknown as (moddle: unknown, typeResolver: unknown) => unknown;
  return (parsed) => toContext(parsed, typeResolver);
}
