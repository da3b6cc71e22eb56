import vm from 'node:vm';
import { parseExpression } from 'feelin';
import { RuleViolationError } from '../domain/errors';

/**
 * Limits on one FEEL evaluation. feelin interprets FEEL synchronously on the server's only
 * thread, and diagrams come from process owners' browsers: a `for` over `1..100000000` or a
 * string doubled into hundreds of megabytes would stall every case, or fill the heap and the
 * case file. So every evaluation is bounded in time, and what it yields is bounded in size.
 *
 * Time: an evaluation that may loop runs as the callee of a precompiled script in a vm context
 * with `timeout`. Node's watchdog terminates the isolate's running JavaScript when the time is up,
 * also the feelin code that lives outside the context, and runInContext throws
 * ERR_SCRIPT_EXECUTION_TIMEOUT. The watchdog is a thread per call (about 80 µs), so expressions
 * that cannot loop (no `for`, `some`, `every`, filter, function definition, and calls only to
 * functions that take constant time) skip it; they are bounded by their length instead.
 */

/**
 * A FEEL evaluation in a diagram takes microseconds; this is far beyond any honest one, also on a
 * busy machine with a cold JIT (a `for` over 10,000 items took 210 ms at a load of 12 on 2 cores).
 */
export const FEEL_TIME_LIMIT_MS = 1_000;
/** Items in all lists of one result together (a list of lists counts every item). */
export const FEEL_LIST_LIMIT = 10_000;
/** Characters in all strings of one result together. */
export const FEEL_STRING_LIMIT = 100_000;
/** Longer expressions always run under the watchdog: their length alone could make them slow. */
const SHORT_EXPRESSION = 2_000;

export type FeelLimit = 'tijd' | 'lijst' | 'tekst' | 'stapel';

/**
 * A FEEL evaluation that broke a limit; the message is Dutch and names the expression. It is the
 * diagram's rule that is broken, not the request's, so an action that meets it is refused as a
 * whole (422) and leaves the case as it was.
 */
export class FeelLimitError extends RuleViolationError {
  constructor(
    readonly expression: string,
    readonly limit: FeelLimit,
    detail: string,
  ) {
    const message = `De FEEL-expressie "${abbreviate(expression)}" ${detail}`;
    super('diagram', message, [{ code: 'feel-limit', message }]);
  }
}

export function abbreviate(expression: string): string {
  const single = expression.replace(/\s+/g, ' ').trim();
  return single.length > 80 ? `${single.slice(0, 77)}...` : single;
}

/** Functions whose cost does not depend on their arguments beyond a small constant. */
const CONSTANT_TIME_FUNCTIONS = new Set([
  'werkdagen',
  'now',
  'today',
  'date',
  'time',
  'date and time',
  'duration',
  'years and months duration',
  'number',
  'not',
  'is defined',
  'get or else',
  'abs',
  'floor',
  'ceiling',
  'round up',
  'round down',
  'round half up',
  'round half down',
  'decimal',
  'odd',
  'even',
  'day of week',
  'day of year',
  'week of year',
  'month of year',
]);

/** Node types that iterate or define functions (which may recurse). */
const LOOPING_NODES = new Set([
  'ForExpression',
  'QuantifiedExpression',
  'FunctionDefinition',
  'IterationContext',
  'FilterExpression',
]);

interface Analysis {
  /** True when the expression may take time that does not follow from its length. */
  mayLoop: boolean;
  /** A numeric range literal longer than the list limit, e.g. `1..100000000`. */
  hugeRange?: string;
}

const analyses = new Map<string, Analysis>();
const MAX_CACHED_ANALYSES = 2_000;

/**
 * What an expression's syntax tells about its cost, cached per source text: the same few
 * expressions of the deployed diagrams are evaluated over and over.
 */
export function analyseFeel(source: string): Analysis {
  const cached = analyses.get(source);
  if (cached) return cached;
  const analysis: Analysis = { mayLoop: source.length > SHORT_EXPRESSION };
  parseExpression(source, {}, undefined).iterate({
    enter(node) {
      const type = node.type.name;
      if (LOOPING_NODES.has(type)) analysis.mayLoop = true;
      if (type === 'FunctionInvocation' && !analysis.mayLoop) {
        const name = /^\s*([A-Za-z][A-Za-z ]*?)\s*\(/.exec(source.slice(node.from, node.to))?.[1];
        if (!name || !CONSTANT_TIME_FUNCTIONS.has(name)) analysis.mayLoop = true;
      }
      if (type === 'IterationContext' && analysis.hugeRange === undefined) {
        const text = source.slice(node.from, node.to);
        const bounds = /(-?\d+(?:\.\d+)?)\s*\.\.\s*(-?\d+(?:\.\d+)?)/.exec(text);
        if (bounds && Math.abs(Number(bounds[2]) - Number(bounds[1])) + 1 > FEEL_LIST_LIMIT) {
          analysis.hugeRange = `${bounds[1]}..${bounds[2]}`;
        }
      }
    },
  });
  if (analyses.size >= MAX_CACHED_ANALYSES) analyses.clear();
  analyses.set(source, analysis);
  return analysis;
}

/** The message of a statically unbounded expression, or null; for deploy checks. */
export function feelStaticLimitError(source: string): string | null {
  const { hugeRange } = analyseFeel(source);
  return hugeRange
    ? `bevat het bereik ${hugeRange}: meer dan ${FEEL_LIST_LIMIT.toLocaleString('nl-NL')} waarden`
    : null;
}

// One context and one script for every evaluation: creating either costs far more than the call.
const sandbox = vm.createContext({ job: undefined as (() => void) | undefined });
const runJob = new vm.Script('job()', { filename: 'feel-evaluation' });

/**
 * Runs `evaluate` (feelin over `source`) within the limits and returns its result, or throws a
 * FeelLimitError naming the expression. Errors of the expression itself pass through.
 */
export function withinFeelLimits<T>(source: string, evaluate: () => T): T {
  const analysis = analyseFeel(source);
  if (analysis.hugeRange) {
    throw new FeelLimitError(source, 'lijst', `${feelStaticLimitError(source)}; dat is niet toegestaan.`);
  }
  let result: T;
  try {
    if (analysis.mayLoop) {
      let outcome: { value: T } | undefined;
      sandbox.job = () => {
        outcome = { value: evaluate() };
      };
      try {
        runJob.runInContext(sandbox, { timeout: FEEL_TIME_LIMIT_MS });
      } finally {
        sandbox.job = undefined;
      }
      if (!outcome) throw new Error('FEEL evaluation returned nothing');
      result = outcome.value;
    } else {
      result = evaluate();
    }
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      throw new FeelLimitError(source, 'tijd', `duurt langer dan ${FEEL_TIME_LIMIT_MS} ms en is afgebroken.`);
    }
    if (error instanceof RangeError) {
      // Deep recursion or a string beyond V8's maximum length: both are limits, not bugs.
      throw new FeelLimitError(source, 'stapel', `gaat over een grens van de server (${error.message}).`);
    }
    throw error;
  }
  checkSize(source, result);
  return result;
}

/** Counts lists and strings of a result, stopping as soon as one limit is passed. */
function checkSize(source: string, value: unknown): void {
  let items = 0;
  let characters = 0;
  const visit = (current: unknown): void => {
    if (typeof current === 'string') {
      characters += current.length;
      if (characters > FEEL_STRING_LIMIT) {
        throw new FeelLimitError(
          source,
          'tekst',
          `levert meer dan ${FEEL_STRING_LIMIT.toLocaleString('nl-NL')} tekens op; dat is niet toegestaan.`,
        );
      }
      return;
    }
    if (current === null || typeof current !== 'object') return;
    if (Array.isArray(current)) {
      items += current.length;
      if (items > FEEL_LIST_LIMIT) {
        throw new FeelLimitError(
          source,
          'lijst',
          `levert meer dan ${FEEL_LIST_LIMIT.toLocaleString('nl-NL')} lijstwaarden op; dat is niet toegestaan.`,
        );
      }
      for (const item of current) visit(item);
      return;
    }
    if (Object.getPrototypeOf(current) === Object.prototype) {
      for (const [key, item] of Object.entries(current)) {
        characters += key.length;
        visit(item);
      }
    }
  };
  visit(value);
}
