import type { ProblemItem } from '../contract/common';

/**
 * The project's rules for a form-js schema a process owner saves: what the server refuses with 422
 * (`POST /api/forms`) and what the form editor shows while the process owner edits. Browser-safe:
 * no Node imports, so the editor runs the very same rules.
 *
 * Issue 19: this is the seam the form-store and form-editor branches share. The form-store branch
 * owns it and completes the rules; the editor imports `formSchemaProblems` as it is.
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

/**
 * The problems of a schema, each naming the component (`path` is `components[<id or key>]...`)
 * and the rule (`code`), with a Dutch message. Empty when the schema may be saved.
 */
export function formSchemaProblems(schema: unknown): ProblemItem[] {
  const problems: ProblemItem[] = [];
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return [{ path: 'schema', code: 'not-a-form', message: 'Een formulier is een form-js-schema (een JSON-object).' }];
  }
  const form = schema as Record<string, unknown>;
  if (typeof form.id !== 'string' || !FORM_KEY.test(form.id)) {
    problems.push({
      path: 'id',
      code: 'invalid-form-key',
      message:
        'De formuliersleutel (id) bestaat uit kleine letters, cijfers en streepjes, en begint met een letter of cijfer.',
    });
  }
  if (!Array.isArray(form.components)) {
    problems.push({ path: 'components', code: 'no-components', message: 'Het formulier heeft geen lijst met velden.' });
    return problems;
  }
  walk(form.components, 'components', problems);
  return problems;
}

function walk(components: unknown[], path: string, problems: ProblemItem[]): void {
  components.forEach((item, index) => {
    const component = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const name =
      typeof component.id === 'string'
        ? component.id
        : typeof component.key === 'string'
          ? component.key
          : String(index);
    const here = `${path}[${name}]`;
    const type = typeof component.type === 'string' ? component.type : '';
    if (!ALLOWED_TYPES.has(type)) {
      problems.push({
        path: here,
        code: 'unknown-component',
        message: `Veld "${name}": het type "${type}" is niet toegestaan.`,
      });
      return;
    }
    if (INPUT_TYPES.has(type) && (typeof component.key !== 'string' || !VARIABLE_NAME.test(component.key))) {
      problems.push({
        path: `${here}.key`,
        code: 'invalid-key',
        message: `Veld "${name}": de sleutel moet een geldige variabelenaam zijn (letters, cijfers en _, niet beginnend met een cijfer).`,
      });
    }
    if (CONTAINER_TYPES.has(type) && Array.isArray(component.components))
      walk(component.components, `${here}.components`, problems);
  });
}
