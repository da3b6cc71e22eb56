import type { ProblemItem } from '../contract/common';

/**
 * The project's rules for a form-js schema a process owner saves: what the server refuses with 422
 * (`POST /api/forms`) and what the form editor shows while the process owner edits. Browser-safe:
 * no Node imports, so the editor runs the very same rules. The checks that need the server (FEEL
 * syntax, pattern safety, size limits) are in form-schema-server-checks.ts.
 *
 * Issue 19: this is the seam the form-store and form-editor branches share. The form-store branch
 * owns it; the editor imports `formSchemaProblems` as it is.
 */

/** A form key: what a diagram's camunda:formKey names, and the schema's `id`. */
export const FORM_KEY = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** A field key or a group's path: a plain variable name that FEEL conditions can read. */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Component types the server validates on submission (form-validator.ts) and the client renders. */
export const INPUT_TYPES: ReadonlySet<string> = new Set([
  'textfield',
  'textarea',
  'number',
  'checkbox',
  'checklist',
  'taglist',
  'radio',
  'select',
  'datetime',
]);

/** Components that hold other components. */
export const CONTAINER_TYPES: ReadonlySet<string> = new Set(['group', 'dynamiclist']);

/** Components that only show something and set no variable. */
export const DISPLAY_TYPES: ReadonlySet<string> = new Set(['text', 'separator', 'spacer']);

/** Every component type a form may hold; anything else (html, iframe, buttons, ...) is refused. */
export const ALLOWED_TYPES: ReadonlySet<string> = new Set([...INPUT_TYPES, ...CONTAINER_TYPES, ...DISPLAY_TYPES]);

/** Input types whose value is one or more of a fixed list of options. */
export const OPTION_TYPES: ReadonlySet<string> = new Set(['radio', 'select', 'checklist', 'taglist']);

/**
 * Names a field or container may not have: what bpmn-engine keeps on an execution's environment
 * (the task API refuses them too, see contract/schema-parts.ts), FEEL's own words (a condition
 * could never read such a variable), the names form-js gives the scopes of a condition, and names
 * that would reach an object's prototype.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  'fields',
  'content',
  'properties',
  'environment',
  'services',
  'output',
  'true',
  'false',
  'null',
  'and',
  'or',
  'not',
  'in',
  'for',
  'some',
  'every',
  'if',
  'then',
  'else',
  'return',
  'satisfies',
  'between',
  'instance',
  'of',
  'function',
  'external',
  'this',
  'parent',
  '_this',
  '_parent',
  '__proto__',
  'constructor',
  'prototype',
]);

type Component = Record<string, unknown>;

/**
 * The problems of a schema, each naming the component (`path` is `components[<key, path or id>]...`,
 * nested as `components[group].components[field]`)
 * and the rule (`code`), with a Dutch message. Empty when the schema may be saved.
 */
export function formSchemaProblems(schema: unknown): ProblemItem[] {
  if (!isObject(schema)) {
    return [{ path: 'schema', code: 'not-a-form', message: 'Een formulier is een form-js-schema (een JSON-object).' }];
  }
  const problems: ProblemItem[] = [];
  if (typeof schema.id !== 'string' || !FORM_KEY.test(schema.id)) {
    problems.push({
      path: 'id',
      code: 'invalid-form-key',
      message:
        'De formuliersleutel (id) bestaat uit kleine letters, cijfers en streepjes, en begint met een letter of cijfer.',
    });
  }
  if (!Array.isArray(schema.components)) {
    problems.push({ path: 'components', code: 'no-components', message: 'Het formulier heeft geen lijst met velden.' });
    return problems;
  }
  walk(schema.components, 'components', new Map(), { problems, ids: new Set() });
  return problems;
}

interface WalkContext {
  problems: ProblemItem[];
  /** Component ids seen anywhere in the form: form-js needs them unique. */
  ids: Set<string>;
}

/**
 * One scope's components. `scope` maps the variable names set at this level (field keys, container
 * paths) to the component that set them: a group without a path adds its fields to the scope it is
 * in; a group with a path and a dynamic list open a scope of their own.
 */
function walk(components: unknown[], path: string, scope: Map<string, string>, context: WalkContext): void {
  components.forEach((item, index) => {
    const component: Component = isObject(item) ? item : {};
    const name = componentName(component, index);
    const here = `${path}[${name}]`;
    const problem = (code: string, message: string, at = here) =>
      context.problems.push({ path: at, code, message: `Veld "${name}": ${message}` });
    const type = typeof component.type === 'string' ? component.type : '';
    if (!ALLOWED_TYPES.has(type)) {
      problem(
        'unknown-component',
        type === '' ? 'het onderdeel heeft geen type.' : `het type "${type}" is niet toegestaan.`,
      );
      return;
    }
    if (component.id !== undefined) {
      if (typeof component.id !== 'string' || component.id.trim() === '') {
        problem('invalid-id', 'de id van het onderdeel moet een niet-lege tekst zijn.', `${here}.id`);
      } else if (context.ids.has(component.id)) {
        problem('duplicate-id', `de id "${component.id}" komt al eerder in het formulier voor.`, `${here}.id`);
      } else context.ids.add(component.id);
    }
    if (INPUT_TYPES.has(type)) {
      checkInput(component, type, here, scope, problem);
      return;
    }
    if (CONTAINER_TYPES.has(type)) checkContainer(component, type, here, scope, context, problem);
  });
}

type Report = (code: string, message: string, at?: string) => void;

function checkInput(component: Component, type: string, here: string, scope: Map<string, string>, problem: Report) {
  const key = component.key;
  if (typeof key !== 'string' || !VARIABLE_NAME.test(key)) {
    problem(
      'invalid-key',
      'de sleutel moet een geldige variabelenaam zijn (letters, cijfers en _, niet beginnend met een cijfer).',
      `${here}.key`,
    );
  } else claimName(key, here, scope, problem, `${here}.key`);
  if (!hasLabel(component, type)) {
    problem(
      'missing-label',
      'het veld heeft geen label; de gebruiker moet zien wat er gevraagd wordt.',
      `${here}.label`,
    );
  }
  if (OPTION_TYPES.has(type)) checkOptions(component, here, problem);
  checkValidation(component.validate, `${here}.validate`, problem);
}

/**
 * The field's `validate` as the server applies it on completion (form-validator.ts): `required` a
 * yes/no, lengths whole numbers from 0, bounds numbers, and no lower bound above its upper one
 * (a field nobody could ever fill in).
 */
function checkValidation(validate: unknown, at: string, problem: Report): void {
  if (validate === undefined) return;
  if (!isObject(validate)) {
    problem('invalid-validation', 'de validatie (validate) moet een object zijn.', at);
    return;
  }
  if (validate.required !== undefined && typeof validate.required !== 'boolean') {
    problem('invalid-validation', '"verplicht" (required) is ja of nee.', `${at}.required`);
  }
  for (const name of ['minLength', 'maxLength'] as const) {
    const value = validate[name];
    if (value !== undefined && !(typeof value === 'number' && Number.isInteger(value) && value >= 0)) {
      problem('invalid-validation', `${name} is een geheel getal vanaf 0.`, `${at}.${name}`);
    }
  }
  for (const name of ['min', 'max'] as const) {
    const value = validate[name];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value))) {
      problem('invalid-validation', `${name} is een getal.`, `${at}.${name}`);
    }
  }
  for (const [low, high] of [
    ['minLength', 'maxLength'],
    ['min', 'max'],
  ] as const) {
    const [lower, upper] = [validate[low], validate[high]];
    if (typeof lower === 'number' && typeof upper === 'number' && lower > upper) {
      problem('impossible-validation', `${low} (${lower}) is groter dan ${high} (${upper}).`, `${at}.${low}`);
    }
  }
}

function checkContainer(
  component: Component,
  type: string,
  here: string,
  scope: Map<string, string>,
  context: WalkContext,
  problem: Report,
) {
  const path = component.path;
  let ownScope = scope;
  if (path === undefined || path === '') {
    if (type === 'dynamiclist') {
      problem('missing-path', 'een herhaalbare lijst heeft een pad (variabelenaam) nodig.', `${here}.path`);
    }
  } else if (typeof path !== 'string' || !VARIABLE_NAME.test(path)) {
    problem(
      'invalid-path',
      'het pad moet een geldige variabelenaam zijn (letters, cijfers en _, niet beginnend met een cijfer).',
      `${here}.path`,
    );
  } else {
    claimName(path, here, scope, problem, `${here}.path`);
    ownScope = new Map();
  }
  if (type === 'dynamiclist' && !hasText(component.label)) {
    problem(
      'missing-label',
      'de lijst heeft geen label; de gebruiker moet zien wat er gevraagd wordt.',
      `${here}.label`,
    );
  }
  if (component.components === undefined) return;
  if (!Array.isArray(component.components)) {
    problem('no-components', 'de onderdelen van een groep of lijst staan in een lijst.', `${here}.components`);
    return;
  }
  walk(component.components, `${here}.components`, ownScope, context);
}

/** A variable name set twice in one scope: the second would overwrite the first on completion. */
function claimName(name: string, here: string, scope: Map<string, string>, problem: Report, at: string): void {
  if (RESERVED_NAMES.has(name)) {
    problem('reserved-name', `"${name}" is een gereserveerde naam en kan geen variabele zijn.`, at);
    return;
  }
  const earlier = scope.get(name);
  if (earlier !== undefined) {
    problem('duplicate-key', `de sleutel "${name}" wordt op dit niveau al gebruikt door ${earlier}.`, at);
    return;
  }
  scope.set(name, here);
}

function hasLabel(component: Component, type: string): boolean {
  if (hasText(component.label)) return true;
  if (type !== 'datetime') return false;
  const subtype = component.subtype ?? 'date';
  if (subtype === 'time') return hasText(component.timeLabel);
  if (subtype === 'datetime') return hasText(component.dateLabel) && hasText(component.timeLabel);
  return hasText(component.dateLabel);
}

/**
 * Radio, select, checklist and taglist need a fixed list of options: the server checks a submitted
 * value against it. Options from a variable or an expression cannot be checked, so are refused.
 */
function checkOptions(component: Component, here: string, problem: Report): void {
  if (component.valuesKey !== undefined || component.valuesExpression !== undefined) {
    problem(
      'dynamic-options',
      'keuzes uit een variabele of expressie worden niet ondersteund; geef een vaste lijst keuzes.',
      `${here}.values`,
    );
    return;
  }
  const values = component.values;
  if (!Array.isArray(values) || values.length === 0) {
    problem('missing-options', 'het veld heeft geen keuzes; geef minstens één keuze.', `${here}.values`);
    return;
  }
  const seen = new Set<string>();
  values.forEach((option, index) => {
    const at = `${here}.values[${index}]`;
    if (!isObject(option) || !hasText(option.label)) {
      problem('option-label', `keuze ${index + 1} heeft geen label.`, at);
    }
    const value = isObject(option) ? option.value : undefined;
    if (!((typeof value === 'string' && value !== '') || typeof value === 'number' || typeof value === 'boolean')) {
      problem('option-value', `keuze ${index + 1} heeft geen waarde (tekst, getal of ja/nee).`, at);
      return;
    }
    const identity = JSON.stringify(value);
    if (seen.has(identity)) problem('duplicate-option', `de waarde ${identity} komt twee keer voor in de keuzes.`, at);
    seen.add(identity);
  });
}

function componentName(component: Component, index: number): string {
  for (const candidate of [component.key, component.path, component.id]) {
    if (typeof candidate === 'string' && candidate !== '') return candidate.slice(0, 64);
  }
  return String(index + 1);
}

function hasText(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
