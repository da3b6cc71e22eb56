import { createRequire } from 'node:module';
import BpmnModdle, { type ModdleElement, type ParseResult } from 'bpmn-moddle';

// Loaded with require: it works the same from source (tsx) and from the esbuild bundle, where an
// external JSON import would lose its import attribute.
const camunda = createRequire(import.meta.url)('camunda-bpmn-moddle/resources/camunda.json') as Record<string, unknown>;

export type { ModdleElement, ParseResult };

/**
 * Parses BPMN XML with the Camunda extensions (candidateGroups, formKey, dueDate, in/out
 * mappings). The same descriptor is registered in the engine and, later, the browser modeler.
 */
export async function parseBpmn(xml: string): Promise<ParseResult> {
  const parsed = await new BpmnModdle({ camunda }).fromXML(xml);
  fillEmptyLaneSets(parsed.rootElement);
  return parsed;
}

/**
 * Other modelling tools write an empty `<laneSet/>`; moddle leaves its lanes undefined, and the
 * engine's serializer iterates them and throws. An empty lane set means no lanes, so say that.
 */
function fillEmptyLaneSets(element: ModdleElement | undefined, depth = 0): void {
  if (!element || depth > 200) return;
  for (const laneSet of [...children(element, 'laneSets'), ...[child(element, 'childLaneSet')].filter(isElement)]) {
    if (!Array.isArray(laneSet.lanes)) laneSet.lanes = [];
    for (const lane of children(laneSet, 'lanes')) fillEmptyLaneSets(lane, depth + 1);
  }
  for (const nested of [...children(element, 'rootElements'), ...children(element, 'flowElements')]) {
    fillEmptyLaneSets(nested, depth + 1);
  }
}

function isElement(value: ModdleElement | undefined): value is ModdleElement {
  return value !== undefined;
}

export const camundaDescriptor: Record<string, unknown> = camunda;

/** Reads a moddle property as an array of elements (moddle leaves unset collections undefined). */
export function children(element: ModdleElement | undefined, property: string): ModdleElement[] {
  const value = element?.[property];
  return Array.isArray(value) ? (value as ModdleElement[]) : [];
}

export function child(element: ModdleElement | undefined, property: string): ModdleElement | undefined {
  const value = element?.[property];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as ModdleElement) : undefined;
}

export function text(element: ModdleElement | undefined, property: string): string | undefined {
  const value = element?.[property];
  return typeof value === 'string' ? value : undefined;
}

/** Every flow element of a process, including those nested in sub-processes. */
export function flowElementsDeep(container: ModdleElement): ModdleElement[] {
  const result: ModdleElement[] = [];
  for (const element of children(container, 'flowElements')) {
    result.push(element);
    if (
      element.$type === 'bpmn:SubProcess' ||
      element.$type === 'bpmn:Transaction' ||
      element.$type === 'bpmn:AdHocSubProcess'
    ) {
      result.push(...flowElementsDeep(element));
    }
  }
  return result;
}

/** Extension elements of one Camunda type, e.g. `camunda:In`. */
export function extensions(element: ModdleElement, type: string): ModdleElement[] {
  return children(child(element, 'extensionElements'), 'values').filter((value) => value.$type === type);
}
