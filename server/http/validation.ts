import type { Static, TSchema } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import { type ValueError, ValueErrorType } from '@sinclair/typebox/errors';
import type { ProblemItem } from '../contract/api';
import { FIELD_PROBLEM, type FieldProblem, REQUEST_DETAIL } from '../contract/field-problem';
import { badRequest } from './problem';

/**
 * Request validation derived from the contract's schemas: a request either matches its schema or
 * gets a 400 with one problem per field, in the Dutch the schema carries (`x-problem`). Fields
 * without their own message report through the nearest annotated parent, so a bad item in a
 * list is one problem for the list, as a user would fix it.
 */

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

function checker<T extends TSchema>(schema: T): TypeCheck<T> {
  let check = compiled.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    compiled.set(schema, check);
  }
  return check as TypeCheck<T>;
}

/** The value, typed by its schema; otherwise throws the 400 problem naming every invalid field. */
export function validate<T extends TSchema>(schema: T, value: unknown): Static<T> {
  const check = checker(schema);
  if (check.Check(value)) return value;
  throw requestProblem(schema, [...flatten(check.Errors(value))]);
}

/** Whether a value matches its schema, for client input that is refused without field problems. */
export function matches<T extends TSchema>(schema: T, value: unknown): value is Static<T> {
  return checker(schema).Check(value);
}

/**
 * Query strings as the routes read them: an empty value counts as absent. Anything else is left
 * for the schema to judge, so `?scope=a&scope=b` (an array) is refused rather than ignored.
 */
export function queryOf(query: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ''));
}

function requestProblem(root: TSchema, errors: ValueError[]) {
  const general = typeof root[REQUEST_DETAIL] === 'string' ? root[REQUEST_DETAIL] : 'De invoer is niet geldig.';
  const problems: ProblemItem[] = [];
  const details: Array<string | undefined> = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const segments = error.path === '' ? [] : error.path.slice(1).split('/').map(unescapePointer);
    const reported = reportingField(root, segments, ruleOf(error));
    const path = segments.slice(0, reported.depth).join('.');
    if (seen.has(path)) continue;
    seen.add(path);
    const key = segments[reported.depth - 1] ?? '';
    const spec = reported.problem ?? { code: 'invalid', message: 'Dit veld is niet geldig.' };
    const fill = (text: string) => text.replaceAll('{key}', key).replaceAll('{value}', () => shown(error.value));
    // The body as a whole has the wrong shape: there are no fields to name.
    if (reported.depth === 0) return badRequest(fill(spec.detail ?? spec.message));
    problems.push({ path, code: spec.code, message: fill(spec.message) });
    details.push(spec.detail === undefined ? undefined : fill(spec.detail));
  }
  const only = problems.length === 1 ? details[0] : undefined;
  return badRequest(only ?? general, problems);
}

/**
 * The offending value as text for a message. Never String() on a client's object: an object with a
 * "toString" key that is not a function makes it throw, and a 400 would become a 500.
 */
function shown(value: unknown): string {
  const text =
    value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : (JSON.stringify(value) ?? typeof value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * A union reports one error for all its variants; the variant meant is the one of the value's
 * JSON type (an object for `object | null`), and its errors are the useful ones.
 */
function* flatten(errors: Iterable<ValueError>): Generator<ValueError> {
  for (const error of errors) {
    const variants: TSchema[] = Array.isArray(error.schema.anyOf) ? error.schema.anyOf : [];
    const meant = variants.findIndex((variant) => variant.type === jsonType(error.value));
    const inner = error.type === ValueErrorType.Union && meant >= 0 ? error.errors[meant] : undefined;
    if (inner) yield* flatten(inner);
    else yield error;
  }
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** The deepest schema on the error's path that says how it is reported, and how deep it sits. */
function reportingField(
  root: TSchema,
  segments: string[],
  rule: string | undefined,
): { depth: number; problem: FieldProblem | undefined } {
  let schema: TSchema | undefined = root;
  let found = { depth: segments.length, problem: undefined as FieldProblem | undefined };
  const rootProblem = problemOf(root, '', rule);
  if (rootProblem) found = { depth: 0, problem: rootProblem };
  for (const [index, segment] of segments.entries()) {
    schema = schema && child(schema, segment);
    if (!schema) break;
    const problem = problemOf(schema, segment, rule);
    if (problem) found = { depth: index + 1, problem };
  }
  // A field no schema speaks for is still named on its own, never as the whole body.
  if (found.depth === 0 && segments.length > 0) return { depth: segments.length, problem: undefined };
  return found;
}

/** The schema keyword a value broke, where a field reports it in its own words. */
function ruleOf(error: ValueError): string | undefined {
  if (error.type === ValueErrorType.StringMaxLength) return 'maxLength';
  if (error.type === ValueErrorType.StringMinLength) return 'minLength';
  return undefined;
}

function problemOf(schema: TSchema, key: string, rule: string | undefined): FieldProblem | undefined {
  const annotation: FieldProblem | FieldProblem[] | undefined = schema[FIELD_PROBLEM];
  if (!annotation) return undefined;
  const specs = Array.isArray(annotation) ? annotation : [annotation];
  return specs.find(
    (spec) =>
      (spec.whenKey === undefined || new RegExp(spec.whenKey).test(key)) &&
      (spec.whenRule === undefined || spec.whenRule === rule),
  );
}

function child(schema: TSchema, segment: string): TSchema | undefined {
  if (Array.isArray(schema.anyOf)) {
    for (const variant of schema.anyOf as TSchema[]) {
      const found = child(variant, segment);
      if (found) return found;
    }
    return undefined;
  }
  if (schema.type === 'array') return typeof schema.items === 'object' ? schema.items : undefined;
  const property = schema.properties?.[segment];
  if (property) return property;
  for (const [pattern, value] of Object.entries<TSchema>(schema.patternProperties ?? {})) {
    if (new RegExp(pattern).test(segment)) return value;
  }
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}

function unescapePointer(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}
