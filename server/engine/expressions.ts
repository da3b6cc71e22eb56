import { dateAndTime, duration, evaluate, FeelDate, FeelDateTime, FeelDuration } from 'feelin';
import type { JsonValue } from '../contract/api';
import type { Clock } from '../time/clock';
import { withinFeelLimits } from './feel-limits';
import { feelBody as body, isFeel } from './feel-syntax';
import { resolveMoment } from './temporal';
import { addWorkingDays } from './workdays';

/**
 * FEEL for diagrams, following the Camunda 8 convention: a value that starts with `=` is a FEEL
 * expression, anything else is a literal. FEEL has no side effects and can reach nothing but the
 * variables and the functions given here, which is why diagrams may carry it while scripts are refused.
 * Reading FEEL without running it lives in feel-syntax.ts, which the browser's modeler lints with too.
 */

/** Functions every expression can call; `now()` and `today()` follow the server clock. */
function builtins(clock: Clock): Record<string, unknown> {
  return {
    now: () => dateAndTime(clock.now().toISOString()),
    today: () => dateAndTime(clock.now().toISOString()),
    // werkdagen(n): the duration from now until the same time n Dutch working days later.
    werkdagen: (days: unknown) => {
      if (typeof days !== 'number' || !Number.isInteger(days) || days < 0) return null;
      const now = clock.now();
      const seconds = (addWorkingDays(now, days).getTime() - now.getTime()) / 1000;
      return duration(`PT${seconds}S`);
    },
  };
}

/**
 * Evaluates a FEEL expression (with or without its `=`) against variables, within the limits of
 * feel-limits.ts: one that runs too long or yields too much throws a FeelLimitError naming it.
 */
export function evaluateFeel(expression: string, variables: Record<string, unknown>, clock: Clock): unknown {
  const source = isFeel(expression) ? body(expression) : expression;
  return withinFeelLimits(source, () => evaluate(source, { ...variables, ...builtins(clock) }).value);
}

/**
 * A FEEL result as a plain JSON value, for storing it as a variable: durations and dates become
 * their ISO strings, date-times an ISO instant; functions and other non-data become null.
 */
export function feelToJson(value: unknown): JsonValue {
  if (value === undefined || value === null) return null;
  if (value instanceof FeelDuration || value instanceof FeelDate) return value.iso;
  if (value instanceof FeelDateTime) return resolveMoment(value, new Date(0), 'start-of-day').toISOString();
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(feelToJson);
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, feelToJson(item)]),
    );
  }
  return null;
}

/** Values the engine itself must handle are turned into plain strings it can parse. */
function toEngineValue(value: unknown): unknown {
  if (value instanceof FeelDuration || value instanceof FeelDate) return value.iso;
  if (value instanceof FeelDateTime) return resolveMoment(value, new Date(0), 'start-of-day').toISOString();
  return value;
}

/** The `expressions` handler passed to bpmn-engine. */
export interface EngineExpressions {
  resolveExpression(expression: unknown, context?: { environment?: { variables?: Record<string, unknown> } }): unknown;
  isExpression(text: unknown): boolean;
  hasExpression(text: unknown): boolean;
}

export function createEngineExpressions(clock: Clock): EngineExpressions {
  return {
    resolveExpression(expression, context) {
      if (typeof expression !== 'string' || !isFeel(expression)) return expression;
      const variables = context?.environment?.variables ?? {};
      return toEngineValue(evaluateFeel(expression, variables, clock));
    },
    isExpression: isFeel,
    hasExpression: isFeel,
  };
}
