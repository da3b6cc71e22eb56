import type { FormSchema, JsonValue } from '../../../server/contract/api';

/**
 * The chair fills in attendance during the meeting, so each attendee from the preparation takes
 * one line (name, organisation, discipline, a checkbox "aanwezig") instead of four stacked
 * fields, and each checkbox says whose it is. Only layout and that label change: keys, validation and values stay the stored form's, which is
 * what the server validates against.
 */
const ATTENDEE_COLUMNS: Record<string, number> = { naam: 3, organisatie: 4, discipline: 6, aanwezig: 3 };

/** Each checkbox names its attendee ("Deelnemer 1 aanwezig"), not just "Aanwezig" three times. */
const PRESENT_LABEL = '{{#if this.naam}}{{this.naam}} {{/if}}aanwezig';

export function withCompactAttendees(schema: FormSchema): FormSchema {
  const components = Array.isArray(schema.components) ? schema.components : [];
  return { ...schema, components: components.map(compact) };
}

function compact(component: JsonValue): JsonValue {
  if (!isObject(component) || component.path !== 'deelnemers' || !Array.isArray(component.components)) return component;
  return {
    ...component,
    components: component.components.map((child) => {
      if (!isObject(child) || typeof child.key !== 'string') return child;
      const columns = ATTENDEE_COLUMNS[child.key];
      if (!columns) return child;
      return {
        ...child,
        ...(child.key === 'aanwezig' ? { label: PRESENT_LABEL } : {}),
        layout: { row: 'Row_deelnemer', columns },
      };
    }),
  };
}

function isObject(value: JsonValue): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
