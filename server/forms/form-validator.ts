import type { FormSchema, JsonValue, ProblemItem, Variables } from '../contract/api';
import { evaluateFeel } from '../engine/expressions';
import type { Clock } from '../time/clock';

/**
 * Server-side validation of a submitted form against its form-js schema. The browser validates
 * too, but a request can come from anywhere: the server is where the rules hold. Besides checking
 * required fields, types, allowed values and lengths, it keeps only what the form asks for, so a
 * task cannot overwrite variables that belong to another step (or that a diagram derives itself).
 *
 * Supported form-js components: textfield, textarea, number, checkbox, checklist, taglist, radio,
 * select, datetime, group (with or without `path`) and dynamiclist; display-only components are
 * skipped; `readonly` fields are not taken from the input. Keys the form does not define (also
 * inside a group or a list row) and values for fields hidden by `conditional.hide` are refused.
 */

interface Component {
  id?: string;
  type: string;
  key?: string;
  path?: string;
  label?: string;
  dateLabel?: string;
  readonly?: boolean | string;
  disabled?: boolean | string;
  subtype?: string;
  values?: Array<{ label?: string; value: JsonValue }>;
  components?: Component[];
  conditional?: { hide?: string };
  validate?: {
    required?: boolean;
    minLength?: number;
    maxLength?: number;
    pattern?: string;
    patternErrorMessage?: string;
    min?: number;
    max?: number;
  };
}

export interface FormValidation {
  /** The submitted values the form defines, normalised (unticked checkboxes are false). */
  values: Variables;
  problems: ProblemItem[];
}

const DISPLAY_ONLY = new Set([
  'text',
  'html',
  'separator',
  'spacer',
  'image',
  'button',
  'iframe',
  'table',
  'documentPreview',
]);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

type Scope = Record<string, JsonValue>;

export function validateForm(schema: FormSchema, submitted: Variables, known: Variables, clock: Clock): FormValidation {
  const problems: ProblemItem[] = [];
  const components = asComponents(schema.components);
  const values: Variables = {};
  const root = { ...known, ...submitted };
  collect(components, submitted, values, 'variables', { root, scopes: [] }, problems, clock);
  refuseUnknown(components, submitted, 'variables', problems);
  return { values, problems };
}

/** Keys the components at this level do not define: refused, at any depth, never silently dropped. */
function refuseUnknown(components: Component[], input: Scope, path: string, problems: ProblemItem[]): void {
  const allowed = new Set(topLevelKeys(components));
  for (const name of Object.keys(input)) {
    if (!allowed.has(name)) {
      problems.push({
        path: `${path}.${name}`,
        code: 'unknown-field',
        message: `Het veld "${name}" hoort niet bij dit formulier.`,
      });
    }
  }
}

/**
 * A hidden field is not asked, so a value for it is refused rather than dropped: the browser
 * never sends one (form-js submits only the fields it shows), so a value means the sender and
 * the form disagree about what was asked.
 */
function refuseHidden(component: Component, input: Scope, path: string, problems: ProblemItem[]): void {
  for (const name of topLevelKeys([component])) {
    if (input[name] === undefined) continue;
    problems.push({
      path: `${path}.${name}`,
      code: 'hidden-field',
      message: `"${labelOf(component)}" is verborgen in dit formulier en mag geen waarde hebben.`,
    });
  }
}

interface Context {
  root: Scope;
  scopes: Scope[];
}

function collect(
  components: Component[],
  input: Scope,
  output: Scope,
  path: string,
  context: Context,
  problems: ProblemItem[],
  clock: Clock,
): void {
  for (const component of components) {
    if (DISPLAY_ONLY.has(component.type)) continue;
    if (isHidden(component, context, clock)) {
      refuseHidden(component, input, path, problems);
      continue;
    }
    if (component.type === 'group' || component.type === 'dynamiclist') {
      collectContainer(component, input, output, path, context, problems, clock);
      continue;
    }
    if (!component.key) continue;
    if (component.readonly === true || component.disabled === true) continue;
    const fieldPath = `${path}.${component.key}`;
    const value = normalise(component, input[component.key]);
    const problem = checkField(component, value, fieldPath);
    if (problem) problems.push(problem);
    if (value !== undefined) output[component.key] = value;
  }
}

function collectContainer(
  component: Component,
  input: Scope,
  output: Scope,
  path: string,
  context: Context,
  problems: ProblemItem[],
  clock: Clock,
): void {
  const children = asComponents(component.components);
  if (!component.path) {
    // A group without a path only arranges fields; they live at this level.
    collect(children, input, output, path, context, problems, clock);
    return;
  }
  const name = component.path;
  const nestedPath = `${path}.${name}`;
  const raw = input[name];
  if (component.type === 'group') {
    if (raw !== undefined && raw !== null && !isObject(raw)) {
      problems.push({ path: nestedPath, code: 'type', message: `"${labelOf(component)}" heeft een onjuiste vorm.` });
      return;
    }
    const nestedInput = isObject(raw) ? raw : {};
    const nestedOutput: Scope = {};
    // As in form-js, a group is no new scope for conditions: they name its fields by full path.
    collect(children, nestedInput, nestedOutput, nestedPath, context, problems, clock);
    refuseUnknown(children, nestedInput, nestedPath, problems);
    if (Object.keys(nestedOutput).length > 0) output[name] = nestedOutput;
    return;
  }
  // dynamiclist: a list of items, each with the list's fields.
  if (raw !== undefined && raw !== null && !Array.isArray(raw)) {
    problems.push({ path: nestedPath, code: 'type', message: `"${labelOf(component)}" moet een lijst zijn.` });
    return;
  }
  const items = Array.isArray(raw) ? raw : [];
  output[name] = items.map((item, index) => {
    const itemPath = `${nestedPath}[${index}]`;
    if (!isObject(item)) {
      problems.push({
        path: itemPath,
        code: 'type',
        message: `Regel ${index + 1} van "${labelOf(component)}" heeft een onjuiste vorm.`,
      });
      return {};
    }
    const itemOutput: Scope = {};
    collect(
      children,
      item,
      itemOutput,
      itemPath,
      { root: context.root, scopes: [...context.scopes, item] },
      problems,
      clock,
    );
    refuseUnknown(children, item, itemPath, problems);
    return itemOutput;
  });
}

/**
 * `conditional.hide` is FEEL over the form's data, scoped as form-js scopes it: the whole form's
 * data by full path; inside a dynamic list also `this` (the current item) and `parent`.
 */
function isHidden(component: Component, context: Context, clock: Clock): boolean {
  const condition = component.conditional?.hide;
  if (typeof condition !== 'string' || condition.trim() === '') return false;
  const depth = context.scopes.length;
  const current = depth > 0 ? context.scopes[depth - 1]! : context.root;
  const parent = depth > 1 ? context.scopes[depth - 2]! : context.root;
  try {
    return evaluateFeel(condition, { ...context.root, this: current, parent }, clock) === true;
  } catch {
    return false; // a broken condition shows the field: better asked once too often than skipped
  }
}

function normalise(component: Component, value: JsonValue | undefined): JsonValue | undefined {
  if (component.type === 'checkbox' && (value === undefined || value === null)) return false;
  if (typeof value === 'string' && (component.type === 'textfield' || component.type === 'textarea')) {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : value;
  }
  if (value === null || value === '') return undefined;
  return value;
}

function checkField(component: Component, value: JsonValue | undefined, path: string): ProblemItem | undefined {
  const label = labelOf(component);
  const rules = component.validate ?? {};
  const problem = (code: string, message: string): ProblemItem => ({ path, code, message });
  const empty = value === undefined || (Array.isArray(value) && value.length === 0);
  if (empty)
    return rules.required && component.type !== 'checkbox'
      ? problem('required', `"${label}" is verplicht.`)
      : undefined;

  const allowed = (component.values ?? []).map((option) => option.value);
  switch (component.type) {
    case 'textfield':
    case 'textarea': {
      if (typeof value !== 'string') return problem('type', `"${label}" moet tekst zijn.`);
      if (rules.minLength !== undefined && value.trim().length < rules.minLength) {
        return problem('min-length', `"${label}" moet minstens ${rules.minLength} tekens hebben.`);
      }
      // Lengths count the trimmed text, as form-js does in the browser.
      const length = value.trim().length;
      if (rules.maxLength !== undefined && length > rules.maxLength) {
        return problem('max-length', `"${label}" mag hoogstens ${rules.maxLength} tekens hebben (nu ${length}).`);
      }
      if (rules.pattern && !safeTest(rules.pattern, value)) {
        return problem(
          'pattern',
          rules.patternErrorMessage
            ? `"${label}": ${rules.patternErrorMessage}`
            : `"${label}" heeft niet de juiste vorm.`,
        );
      }
      return undefined;
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value))
        return problem('type', `"${label}" moet een getal zijn.`);
      if (rules.min !== undefined && value < rules.min)
        return problem('min', `"${label}" moet minstens ${rules.min} zijn.`);
      if (rules.max !== undefined && value > rules.max)
        return problem('max', `"${label}" mag hoogstens ${rules.max} zijn.`);
      return undefined;
    }
    case 'checkbox':
      return typeof value === 'boolean' ? undefined : problem('type', `"${label}" moet ja of nee zijn.`);
    case 'radio':
    case 'select':
      if (allowed.length > 0 && !allowed.includes(value as JsonValue)) {
        return problem('not-allowed', `"${label}": kies een van de mogelijkheden (${allowed.join(', ')}).`);
      }
      return undefined;
    case 'checklist':
    case 'taglist': {
      if (!Array.isArray(value)) return problem('type', `"${label}" moet een lijst van keuzes zijn.`);
      const wrong = value.filter((item) => allowed.length > 0 && !allowed.includes(item));
      return wrong.length > 0
        ? problem('not-allowed', `"${label}": onbekende keuze ${wrong.map(String).join(', ')}.`)
        : undefined;
    }
    case 'datetime':
      return checkDateTime(component.subtype ?? 'date', value)
        ? undefined
        : problem('date', dateMessage(label, component.subtype ?? 'date'));
    default:
      return undefined;
  }
}

function checkDateTime(subtype: string, value: JsonValue): boolean {
  if (typeof value !== 'string') return false;
  if (subtype === 'time') return TIME.test(value);
  if (subtype === 'datetime') return /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function dateMessage(label: string, subtype: string): string {
  if (subtype === 'time') return `"${label}" moet een tijd zijn (UU:MM).`;
  if (subtype === 'datetime') return `"${label}" moet een datum met tijd zijn.`;
  return `"${label}" moet een bestaande datum zijn (JJJJ-MM-DD).`;
}

/**
 * form-js does not anchor patterns (the forms anchor them themselves). Patterns come from form
 * files the project owns; a broken one must not crash a completion.
 */
function safeTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return true;
  }
}

/** The variable names a form may set: its fields and the paths of its groups and lists. */
function topLevelKeys(components: Component[]): string[] {
  return components.flatMap((component) => {
    if (DISPLAY_ONLY.has(component.type)) return [];
    if ((component.type === 'group' || component.type === 'dynamiclist') && !component.path) {
      return topLevelKeys(asComponents(component.components));
    }
    const name = component.path ?? component.key;
    return name ? [name] : [];
  });
}

function labelOf(component: Component): string {
  return component.label ?? component.dateLabel ?? component.key ?? component.path ?? component.id ?? 'veld';
}

function asComponents(value: unknown): Component[] {
  return Array.isArray(value)
    ? value.filter((item): item is Component => isObject(item) && typeof item.type === 'string')
    : [];
}

function isObject(value: unknown): value is Scope {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
