import type { FormSchema, JsonValue, ProblemItem, Variables } from '../../../server/contract/api';

/**
 * Dates typed the Dutch way, never reinterpreted. form-js's date field hands what is typed to its
 * date picker, which rolls 31-02-2012 over into March and reads 2012-03-14 as a day in 2025
 * (issue 14). Here a date field becomes a plain text field that asks for dd-mm-jjjj; on submit the
 * page turns each value into the ISO date the server validates, and a day that does not exist is
 * refused next to its field instead of being moved. Fields inside a repeating list are left as
 * they are (the start form has none); the task forms can adopt this when issue 14 is done.
 */

export const DATE_HINT = 'Typ de datum als dd-mm-jjjj, bijvoorbeeld 14-03-2012.';
const TYPED = /^\s*(\d{1,2})-(\d{1,2})-(\d{4})\s*$/;

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
  /** Where each converted date lives in the form's data, e.g. ["jeugdige", "geboortedatum"]. */
  datePaths: string[][];
}

/** The schema with every date field (outside lists) as a dd-mm-jjjj text field. */
export function withTypedDates(schema: FormSchema): TypedDateForm {
  const datePaths: string[][] = [];
  const convert = (components: JsonValue | undefined, prefix: string[]): JsonValue | undefined => {
    if (!Array.isArray(components)) return components;
    return components.map((value) => {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
      const component = value as Component;
      if (component.type === 'dynamiclist') return value;
      if (component.type === 'datetime' && component.subtype === 'date' && component.key) {
        datePaths.push([...prefix, component.key]);
        const { subtype: _subtype, dateLabel, use24h: _use24h, disallowPassedDates: _past, ...rest } = component;
        return {
          ...rest,
          type: 'textfield',
          label: component.label ?? dateLabel ?? component.key,
          description: component.description ? `${component.description} ${DATE_HINT}` : DATE_HINT,
          validate: {
            ...(component.validate ?? {}),
            pattern: TYPED.source,
            patternErrorMessage: DATE_HINT,
          },
        } as JsonValue;
      }
      const inner = component.path ? [...prefix, ...component.path.split('.')] : prefix;
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
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The data with every typed date as its ISO date, and a problem (as the server would name it)
 * for each typed value that is not a real day. Empty values are left to the required check.
 */
export function toIsoDates(data: Variables, datePaths: string[][]): { data: Variables; problems: ProblemItem[] } {
  const copy = structuredClone(data);
  const problems: ProblemItem[] = [];
  for (const path of datePaths) {
    const parent = path.slice(0, -1).reduce<JsonValue | undefined>((node, step) => objectAt(node)?.[step], copy);
    const holder = objectAt(parent);
    const last = path[path.length - 1]!;
    const value = holder?.[last];
    if (!holder || typeof value !== 'string' || value.trim() === '') continue;
    const iso = isoFromTyped(value);
    if (iso) holder[last] = iso;
    else
      problems.push({
        path: `variables.${path.join('.')}`,
        code: 'date',
        message: `"${value.trim()}" is geen bestaande datum. ${DATE_HINT}`,
      });
  }
  return { data: copy, problems };
}

function objectAt(value: JsonValue | undefined): Record<string, JsonValue> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}
