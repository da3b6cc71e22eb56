import { feelVariableNames, isFeel } from '../../../server/engine/feel-syntax';
import { CONTAINER_TYPES, INPUT_TYPES } from '../../../server/forms/form-schema-rules';

/**
 * What the form editor tells the process owner about the diagram the form belongs to: which
 * variables the diagram's conditions and output parameters read, and whether this form sets each
 * one (and makes it required). Browser-safe and pure, so the modeler hands in plain expressions.
 */

/** One expression of the diagram that reads variables: a flow's condition or an output parameter. */
export interface DiagramExpression {
  /** The element that holds it (a sequence flow, or the task with the output parameter). */
  elementId: string;
  /** The element's name for people ("Ja", "Huisbezoek afleggen"), when it has one. */
  elementName?: string;
  expression: string;
}

/** A variable the diagram reads, with where it reads it. */
export interface RoutingVariable {
  name: string;
  readBy: { elementId: string; elementName?: string }[];
}

export type RoutingHint =
  | { kind: 'missing'; variable: RoutingVariable }
  | { kind: 'optional'; variable: RoutingVariable; label: string }
  | { kind: 'required'; variable: RoutingVariable; label: string };

/** FEEL that a process owner typed may not parse; such an expression reads nothing we can name. */
function safeNames(expression: string): string[] {
  try {
    return feelVariableNames(expression);
  } catch {
    return [];
  }
}

/** The variables the expressions read, each once, sorted by name. */
export function routingVariables(expressions: readonly DiagramExpression[]): RoutingVariable[] {
  const byName = new Map<string, RoutingVariable>();
  for (const { elementId, elementName, expression } of expressions) {
    // Camunda 7 style `${...}` expressions are not FEEL; the engine refuses them at deploy anyway.
    if (!isFeel(expression) && expression.includes('${')) continue;
    for (const name of safeNames(expression)) {
      const variable = byName.get(name) ?? { name, readBy: [] };
      if (!variable.readBy.some((reader) => reader.elementId === elementId))
        variable.readBy.push({ elementId, ...(elementName ? { elementName } : {}) });
      byName.set(name, variable);
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

interface SetField {
  label: string;
  required: boolean;
}

/** The variables a form sets (top-level keys and container paths) with their label and required flag. */
export function fieldsSet(schema: unknown): Map<string, SetField> {
  const fields = new Map<string, SetField>();
  const visit = (components: unknown) => {
    if (!Array.isArray(components)) return;
    for (const item of components) {
      if (typeof item !== 'object' || item === null) continue;
      const component = item as Record<string, unknown>;
      const type = typeof component.type === 'string' ? component.type : '';
      const label = typeof component.label === 'string' && component.label ? component.label : '';
      if (INPUT_TYPES.has(type) && typeof component.key === 'string') {
        const validate = component.validate as { required?: unknown } | undefined;
        fields.set(component.key, { label: label || component.key, required: validate?.required === true });
      }
      if (CONTAINER_TYPES.has(type)) {
        // A group with a path, or a dynamic list, sets one variable under its path.
        if (typeof component.path === 'string' && component.path)
          fields.set(component.path.split('.')[0]!, { label: label || component.path, required: false });
        else visit(component.components);
      }
    }
  };
  visit((schema as { components?: unknown } | null)?.components);
  return fields;
}

/** For each variable the diagram reads: whether this form sets it, and whether it is required. */
export function routingHints(variables: readonly RoutingVariable[], schema: unknown): RoutingHint[] {
  const fields = fieldsSet(schema);
  return variables.map((variable) => {
    const field = fields.get(variable.name);
    if (!field) return { kind: 'missing', variable };
    return { kind: field.required ? 'required' : 'optional', variable, label: field.label };
  });
}
