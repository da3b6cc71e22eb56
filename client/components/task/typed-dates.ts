import type { FormSchema, JsonValue, ProblemItem, Variables } from '../../../server/contract/api';

/**
 * Dates typed the Dutch way, never reinterpreted. form-js's date field hands what is typed to its
 * date picker, which rolls 31-02-2012 over into March and reads 2012-03-14 as a day in 2025
 * (issue 14). Every form (start form and task forms alike, see FormController) shows a date field
 * as a plain text field that asks for dd-mm-jjjj and keeps exactly what was typed; a value that is
 * not a real day in that form is refused next to its field instead of being moved. The server
 * keeps receiving and serving ISO dates (YYYY-MM-DD): they are turned into dd-mm-jjjj when a form
 * is filled in, and back when it is submitted.
 */

export const DATE_HINT = 'Typ de datum als dd-mm-jjjj, bijvoorbeeld 14-03-2012.';
const TYPED = /^\s*(\d{1,2})-(\d{1,2})-(\d{4})\s*$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A row of a repeating list in a date path: the date is in every row. */
export const EVERY_ROW = '*';
/** Marks a converted field in the schema, so the form's validator knows to check it as a date. */
export const TYPED_DATE_MARK = 'typedDate';

interface Component {
  type?: string;
  subtype?: string;
  key?: string;
  path?: string;
  label?: string;
  dateLabel?: string;
  description?: string;
  validate?: { required?: boolean };
  components?: JsonValue;
  [property: string]: JsonValue | undefined;
}

export interface TypedDateForm {
  schema: FormSchema;
  /**
   * Where each converted date lives in the form's data, e.g. ["jeugdige", "geboortedatum"], or
   * ["afspraken", "*", "wanneer"] for a date in each row of a list.
   */
  datePaths: string[][];
}

/** The schema with every date field as a dd-mm-jjjj text field. */
export function withTypedDates(schema: FormSchema): TypedDateForm {
  const datePaths: string[][] = [];
  const convert = (components: JsonValue | undefined, prefix: string[]): JsonValue | undefined => {
    if (!Array.isArray(components)) return components;
    return components.map((value) => {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
      const component = value as Component;
      if (component.type === 'datetime' && component.subtype === 'date' && component.key) {
        datePaths.push([...prefix, component.key]);
        const { subtype: _subtype, dateLabel, use24h: _use24h, defaultValue, ...rest } = component;
        return {
          ...rest,
          // A default from the form's author is an ISO date, like every stored date.
          ...(typeof defaultValue === 'string' ? { defaultValue: typedFromIso(defaultValue) } : {}),
          type: 'textfield',
          [TYPED_DATE_MARK]: true,
          label: component.label ?? dateLabel ?? component.key,
          description: component.description ? `${component.description} ${DATE_HINT}` : DATE_HINT,
          validate: { ...(component.validate ?? {}) },
        } as JsonValue;
      }
      const own = component.path ? component.path.split('.') : [];
      const inner = component.type === 'dynamiclist' ? [...prefix, ...own, EVERY_ROW] : [...prefix, ...own];
      return component.components
        ? ({ ...component, components: convert(component.components, inner) } as JsonValue)
        : value;
    });
  };
  return { schema: { ...schema, components: convert(schema.components, []) ?? [] }, datePaths };
}

/** "14-03-2012" (or "4-3-2012") → "2012-03-14"; undefined for anything else or a day that does not exist. */
export function isoFromTyped(text: string): string | undefined {
  const match = TYPED.exec(text);
  if (!match) return undefined;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!realDay(year, month, day)) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** "2012-03-14" → "14-03-2012"; anything that is not a real ISO day is left as it is. */
export function typedFromIso(value: string): string {
  const match = ISO.exec(value);
  if (!match || !realDay(Number(match[1]), Number(match[2]), Number(match[3]))) return value;
  return `${match[3]}-${match[2]}-${match[1]}`;
}

/**
 * Why a typed date is refused, in Dutch, or undefined when it is a real day typed as dd-mm-jjjj.
 * Empty values are left to the required check.
 */
export function typedDateProblem(value: unknown, options: { notBefore?: string } = {}): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  if (!TYPED.test(text)) return `"${text}" is geen datum in de vorm dd-mm-jjjj. ${DATE_HINT}`;
  const iso = isoFromTyped(text);
  if (!iso) return `"${text}" is geen bestaande datum. ${DATE_HINT}`;
  // The form's author said "no dates in the past" (form-js's disallowPassedDates).
  if (options.notBefore && iso < options.notBefore) return `Kies vandaag of een latere datum, niet ${text}.`;
  return undefined;
}

/** Today on this device's calendar, as an ISO date. */
export function todayIso(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** The data with every ISO date at a date path shown as dd-mm-jjjj, to fill a form with. */
export function toTypedDates(data: Variables, datePaths: string[][]): Variables {
  const copy = structuredClone(data);
  for (const path of datePaths) {
    visit(copy, path, [], (holder, key, value) => {
      if (typeof value === 'string') holder[key] = typedFromIso(value);
    });
  }
  return copy;
}

/**
 * The data with every typed date as its ISO date, and a problem (as the server would name it,
 * `variables.afspraken[0].wanneer`) for each typed value that is not a real day in dd-mm-jjjj.
 * With `dropInvalid`, such values become null instead: a live check then reads "no date yet".
 */
export function toIsoDates(
  data: Variables,
  datePaths: string[][],
  options: { dropInvalid?: boolean } = {},
): { data: Variables; problems: ProblemItem[] } {
  const copy = structuredClone(data);
  const problems: ProblemItem[] = [];
  for (const path of datePaths) {
    visit(copy, path, [], (holder, key, value, concrete) => {
      if (typeof value !== 'string' || value.trim() === '') return;
      const iso = isoFromTyped(value);
      if (iso) {
        holder[key] = iso;
        return;
      }
      if (options.dropInvalid) {
        holder[key] = null;
        return;
      }
      problems.push({ path: serverPath(concrete), code: 'date', message: typedDateProblem(value) ?? DATE_HINT });
    });
  }
  return { data: copy, problems };
}

/** Calls `found` for the value at `path` (every row where the path says EVERY_ROW) that has a holder. */
function visit(
  node: JsonValue | undefined,
  path: string[],
  concrete: Array<string | number>,
  found: (
    holder: Record<string, JsonValue>,
    key: string,
    value: JsonValue | undefined,
    at: Array<string | number>,
  ) => void,
): void {
  const [step, ...rest] = path;
  if (step === undefined) return;
  if (step === EVERY_ROW) {
    if (!Array.isArray(node)) return;
    node.forEach((row, index) => {
      visit(row, rest, [...concrete, index], found);
    });
    return;
  }
  const holder = objectAt(node);
  if (!holder) return;
  if (rest.length === 0) found(holder, step, holder[step], [...concrete, step]);
  else visit(holder[step], rest, [...concrete, step], found);
}

function serverPath(concrete: Array<string | number>): string {
  return concrete.reduce<string>(
    (path, step) => (typeof step === 'number' ? `${path}[${step}]` : `${path}.${step}`),
    'variables',
  );
}

function realDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function objectAt(value: JsonValue | undefined): Record<string, JsonValue> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}
