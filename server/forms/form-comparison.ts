/**
 * What changed between two versions of a form, field by field: the answer of
 * `GET /api/forms/:key/compare` and what the form versions screen shows. Browser-safe: no Node
 * imports and no contract imports, so the client can compare a draft with a stored version too.
 */

/** A JSON value as a form-js schema holds it. */
export type FormJson = string | number | boolean | null | FormJson[] | { [key: string]: FormJson };

/** One component of a form as the comparison names it. */
export interface ComparedField {
  /** The field's key, a container's path (nested: `jeugdige.naam`), or a display component's id. */
  key: string;
  label: string;
  type: string;
}

/** One property of a component that differs; `from` or `to` is absent where the property is. */
export interface PropertyChange {
  /** The property, dotted for nested ones (`validate.required`, `conditional.hide`). */
  property: string;
  from?: FormJson;
  to?: FormJson;
}

export interface FieldChange {
  /** The field as it is in the newer version. */
  field: ComparedField;
  changes: PropertyChange[];
}

export interface FormComparison {
  added: ComparedField[];
  removed: ComparedField[];
  changed: FieldChange[];
}

/** Properties that are no change a user would notice: form-js's own bookkeeping. */
const IGNORED = new Set(['id', 'components', 'layout']);

interface Flattened {
  field: ComparedField;
  properties: Map<string, FormJson>;
}

/**
 * Compares two schemas. Fields are matched by their key (inside a group with a path or a list:
 * the full path), containers by their path, and components without either (display components,
 * groups without a path) by their id; a field whose key changed is one removed and one added.
 */
export function compareFormSchemas(from: unknown, to: unknown): FormComparison {
  const before = flatten(from);
  const after = flatten(to);
  const added: ComparedField[] = [];
  const removed: ComparedField[] = [];
  const changed: FieldChange[] = [];
  for (const [key, entry] of after) {
    const earlier = before.get(key);
    if (!earlier) {
      added.push(entry.field);
      continue;
    }
    const changes = propertyChanges(earlier.properties, entry.properties);
    if (changes.length > 0) changed.push({ field: entry.field, changes });
  }
  for (const [key, entry] of before) if (!after.has(key)) removed.push(entry.field);
  return { added, removed, changed };
}

function propertyChanges(before: Map<string, FormJson>, after: Map<string, FormJson>): PropertyChange[] {
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  const changes: PropertyChange[] = [];
  for (const property of names) {
    const from = before.get(property);
    const to = after.get(property);
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    changes.push({ property, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });
  }
  return changes;
}

/** Every component of a schema by its comparison key, in the order of the form. */
function flatten(schema: unknown): Map<string, Flattened> {
  const result = new Map<string, Flattened>();
  if (isObject(schema) && Array.isArray(schema.components)) visit(schema.components, '', result);
  return result;
}

function visit(components: FormJson[], prefix: string, result: Map<string, Flattened>): void {
  components.forEach((item, index) => {
    if (!isObject(item)) return;
    const type = typeof item.type === 'string' ? item.type : '';
    const name = fieldName(item, index);
    const key = `${prefix}${name}`;
    // The first of two components with one key wins: a stored schema has unique keys per scope.
    if (!result.has(key)) {
      result.set(key, { field: { key, label: labelOf(item, name), type }, properties: properties(item) });
    }
    if (Array.isArray(item.components)) {
      const path = typeof item.path === 'string' && item.path !== '' ? item.path : undefined;
      visit(item.components, path ? `${prefix}${path}.` : prefix, result);
    }
  });
}

function fieldName(component: { [key: string]: FormJson }, index: number): string {
  for (const candidate of [component.key, component.path, component.id]) {
    if (typeof candidate === 'string' && candidate !== '') return candidate;
  }
  return `#${index + 1}`;
}

function labelOf(component: { [key: string]: FormJson }, name: string): string {
  for (const candidate of [component.label, component.dateLabel, component.timeLabel, component.text]) {
    if (typeof candidate === 'string' && candidate.trim() !== '') return firstLine(candidate);
  }
  return name;
}

/** A text component's first line, without markdown's heading marks, as its label. */
function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.replace(/^#+\s*/, '').slice(0, 120);
}

/** The component's own properties, nested objects dotted; lists (options) compared whole. */
function properties(component: { [key: string]: FormJson }): Map<string, FormJson> {
  const result = new Map<string, FormJson>();
  const add = (value: FormJson, prefix: string) => {
    for (const [name, inner] of Object.entries(isObject(value) ? value : {})) {
      if (prefix === '' && IGNORED.has(name)) continue;
      const property = `${prefix}${name}`;
      if (isObject(inner)) add(inner, `${property}.`);
      else result.set(property, inner);
    }
  };
  add(component, '');
  return result;
}

function isObject(value: unknown): value is { [key: string]: FormJson } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
