import type { ModdleElement } from 'bpmn-moddle';

/**
 * Small readers for moddle elements, for the lint rules. They repeat a few helpers of
 * ../../bpmn-parser.ts on purpose: that module loads the Camunda descriptor with node's require,
 * and the rules must stay free of node-only APIs so the browser modeler can bundle them.
 */

interface TypedElement {
  $instanceOf?: (type: string) => boolean;
}

/** True when the element is of the type or a subtype (bpmn:Task matches a bpmn:UserTask). */
export function is(element: ModdleElement, type: string): boolean {
  const instanceOf = (element as TypedElement).$instanceOf;
  return typeof instanceOf === 'function' ? instanceOf.call(element, type) : element.$type === type;
}

export function isAny(element: ModdleElement, types: readonly string[]): boolean {
  return types.some((type) => is(element, type));
}

export function text(element: ModdleElement | undefined, property: string): string | undefined {
  const value = element?.[property];
  return typeof value === 'string' ? value : undefined;
}

export function child(element: ModdleElement | undefined, property: string): ModdleElement | undefined {
  const value = element?.[property];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as ModdleElement) : undefined;
}

export function children(element: ModdleElement | undefined, property: string): ModdleElement[] {
  const value = element?.[property];
  return Array.isArray(value) ? (value as ModdleElement[]) : [];
}

/** Extension elements of one Camunda type, e.g. `camunda:In`. */
export function extensions(element: ModdleElement, type: string): ModdleElement[] {
  return children(child(element, 'extensionElements'), 'values').filter((value) => value.$type === type);
}

/** How an element is named in a message: its name if it has one, its id otherwise. */
export function label(element: ModdleElement): string {
  return element.name ? `"${element.name}"` : (element.id ?? element.$type);
}

/**
 * The element a finding about a part belongs on: the nearest ancestor with an id that is drawn in
 * the diagram. Event definitions and expressions may have ids of their own, but a process owner
 * can only click the event or the sequence flow.
 */
export function owner(element: ModdleElement): ModdleElement {
  let current: ModdleElement | undefined = element;
  while (current && (!current.id || isAny(current, ['bpmn:EventDefinition', 'bpmn:Expression'])))
    current = current.$parent;
  return current ?? element;
}

/**
 * A value for a message, in single quotes because FEEL values often hold double quotes, and
 * shortened so one long expression does not swamp the report.
 */
export function quote(value: string, length = 60): string {
  const trimmed = value.trim();
  return `'${trimmed.length > length ? `${trimmed.slice(0, length)}…` : trimmed}'`;
}
