import type { ProblemItem } from '../contract/common';
import { feelSyntaxError } from '../engine/feel-syntax';
import { patternRisk } from './pattern-safety';

/**
 * The checks of a saved form that only the server makes, beside the browser-safe rules of
 * form-schema-rules.ts: sizes (a form is untrusted input that every task and every case list
 * reads again), the FEEL of `conditional.hide` (evaluated at every completion) and the `pattern`
 * of a text field (run on what users type, so it must not backtrack without bound).
 */

/** The stored schema as JSON: the product's largest form is about 10 KB. */
export const MAX_SCHEMA_CHARACTERS = 200_000;
/** Components in one form, containers and display components included. */
export const MAX_COMPONENTS = 300;
/** Containers inside containers: form-js nests a few levels, a case form needs two. */
export const MAX_CONTAINER_DEPTH = 4;
/** Options of one choice field. */
export const MAX_OPTIONS = 200;
/** A text component's markdown. */
export const MAX_TEXT_LENGTH = 10_000;
/** Any other text of a component: a label, a description, an option's label. */
export const MAX_LABEL_LENGTH = 500;
/** A `conditional.hide` expression. */
export const MAX_CONDITION_LENGTH = 1_000;
/** Longest input a field with a pattern may take: the pattern runs on at most this many characters. */
export const MAX_PATTERN_INPUT = 500;

type Component = Record<string, unknown>;

/** The server-only problems of a schema, in the shape (and naming) of formSchemaProblems. */
export function formSchemaServerProblems(schema: unknown): ProblemItem[] {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return [];
  const problems: ProblemItem[] = [];
  const size = JSON.stringify(schema).length;
  if (size > MAX_SCHEMA_CHARACTERS) {
    problems.push({
      path: 'schema',
      code: 'form-too-large',
      message: `Het formulier is te groot (${size} tekens, hoogstens ${MAX_SCHEMA_CHARACTERS}).`,
    });
    return problems;
  }
  const components = (schema as Component).components;
  if (!Array.isArray(components)) return problems;
  const counted = { components: 0 };
  walk(components, 'components', 0, counted, problems);
  if (counted.components > MAX_COMPONENTS) {
    problems.push({
      path: 'components',
      code: 'too-many-components',
      message: `Het formulier heeft ${counted.components} onderdelen; hoogstens ${MAX_COMPONENTS}.`,
    });
  }
  return problems;
}

function walk(
  components: unknown[],
  path: string,
  depth: number,
  counted: { components: number },
  problems: ProblemItem[],
): void {
  components.forEach((item, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return;
    const component = item as Component;
    counted.components += 1;
    const name = componentName(component, index);
    const here = `${path}[${name}]`;
    const problem = (code: string, message: string, at: string) =>
      problems.push({ path: at, code, message: `Veld "${name}": ${message}` });
    checkLengths(component, here, problem);
    checkCondition(component, here, problem);
    checkPattern(component, here, problem);
    if (Array.isArray(component.values) && component.values.length > MAX_OPTIONS) {
      problem('too-many-options', `${component.values.length} keuzes; hoogstens ${MAX_OPTIONS}.`, `${here}.values`);
    }
    if (!Array.isArray(component.components)) return;
    if (depth + 1 > MAX_CONTAINER_DEPTH) {
      problem(
        'too-deep',
        `groepen en lijsten gaan hoogstens ${MAX_CONTAINER_DEPTH} niveaus diep.`,
        `${here}.components`,
      );
      return;
    }
    walk(component.components, `${here}.components`, depth + 1, counted, problems);
  });
}

type Report = (code: string, message: string, at: string) => void;

function checkLengths(component: Component, here: string, problem: Report): void {
  for (const property of ['label', 'dateLabel', 'timeLabel', 'description', 'text'] as const) {
    const value = component[property];
    const limit = property === 'text' ? MAX_TEXT_LENGTH : MAX_LABEL_LENGTH;
    if (typeof value === 'string' && value.length > limit) {
      problem('too-long', `de ${property} is ${value.length} tekens lang; hoogstens ${limit}.`, `${here}.${property}`);
    }
  }
  if (!Array.isArray(component.values)) return;
  component.values.forEach((option, index) => {
    const label = typeof option === 'object' && option !== null ? (option as Component).label : undefined;
    const value = typeof option === 'object' && option !== null ? (option as Component).value : undefined;
    const longest = Math.max(
      typeof label === 'string' ? label.length : 0,
      typeof value === 'string' ? value.length : 0,
    );
    if (longest > MAX_LABEL_LENGTH) {
      problem('too-long', `keuze ${index + 1} is langer dan ${MAX_LABEL_LENGTH} tekens.`, `${here}.values[${index}]`);
    }
  });
}

/** `conditional.hide` is FEEL the server evaluates at every completion: it must parse. */
function checkCondition(component: Component, here: string, problem: Report): void {
  const conditional = component.conditional;
  if (conditional === undefined) return;
  const at = `${here}.conditional.hide`;
  if (typeof conditional !== 'object' || conditional === null || Array.isArray(conditional)) {
    problem('invalid-condition', 'de voorwaarde (conditional) moet een object met "hide" zijn.', `${here}.conditional`);
    return;
  }
  const hide = (conditional as Component).hide;
  if (hide === undefined || hide === '') return;
  if (typeof hide !== 'string') {
    problem('invalid-condition', 'de voorwaarde om te verbergen moet een FEEL-expressie zijn (tekst).', at);
    return;
  }
  if (hide.length > MAX_CONDITION_LENGTH) {
    problem('too-long', `de voorwaarde om te verbergen is langer dan ${MAX_CONDITION_LENGTH} tekens.`, at);
    return;
  }
  let error: string | null;
  try {
    error = feelSyntaxError(hide);
  } catch (caught) {
    error = (caught as Error).message;
  }
  if (error) problem('feel-syntax', `de voorwaarde om te verbergen is geen geldige FEEL (${error}).`, at);
}

/**
 * A text field's `validate.pattern` runs on what users type, on the server at every completion.
 * It must be a valid regular expression that cannot backtrack without bound (pattern-safety.ts),
 * and its field must cap the input's length, so even its bounded backtracking stays small.
 */
function checkPattern(component: Component, here: string, problem: Report): void {
  const validate = component.validate;
  if (typeof validate !== 'object' || validate === null || Array.isArray(validate)) return;
  const rules = validate as Component;
  const pattern = rules.pattern;
  if (pattern === undefined || pattern === '') return;
  const at = `${here}.validate.pattern`;
  if (typeof pattern !== 'string') {
    problem('invalid-pattern', 'het patroon moet een tekst zijn (een reguliere expressie).', at);
    return;
  }
  const risk = patternRisk(pattern);
  if (risk) {
    problem(risk.code, risk.message, at);
    return;
  }
  const maxLength = rules.maxLength;
  if (typeof maxLength !== 'number' || !Number.isInteger(maxLength) || maxLength > MAX_PATTERN_INPUT) {
    problem(
      'pattern-without-max-length',
      `een veld met een patroon heeft een maximale lengte van hoogstens ${MAX_PATTERN_INPUT} tekens nodig.`,
      `${here}.validate.maxLength`,
    );
  }
}

function componentName(component: Component, index: number): string {
  for (const candidate of [component.key, component.path, component.id]) {
    if (typeof candidate === 'string' && candidate !== '') return candidate.slice(0, 64);
  }
  return String(index + 1);
}
