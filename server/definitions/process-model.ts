import { children, extensions, flowElementsDeep, type ModdleElement, type ParseResult, text } from './bpmn-parser';
import { executableProcesses } from './definition-validator';

/**
 * What the server (not the engine) needs to know about a diagram's elements: which form a task
 * shows, which variables it derives on completion, and whether completing it records a formal
 * decision. Read once per deployed version from the parsed diagram.
 */
export interface ElementModel {
  id: string;
  name: string;
  type: string;
  /** The types of its event definitions (e.g. bpmn:TimerEventDefinition); empty for most elements. */
  eventDefinitions: string[];
  /** The sub-process it lies in; absent for elements directly in the process. */
  parentId?: string;
  /** A boundary event's activity. */
  attachedTo?: string;
  /** A call activity's process. */
  calledElement?: string;
  /** A call activity's camunda:in targets: what the called process starts with (`all`: every variable). */
  passesIn?: { names: string[]; all: boolean };
  /** The sequence flows that lead into it. */
  incoming: string[];
  formKey?: string;
  /** camunda:outputParameter: FEEL expressions evaluated when the task completes. */
  outputParameters: Array<{ name: string; expression: string }>;
  /**
   * The kind of formal decision this task records (camunda:property name="besluit"), e.g. "mdo"
   * or "escalatie". Such a completion becomes an immutable decision record.
   */
  decisionKind?: string;
}

export interface ProcessModel {
  key: string;
  /** The form of the (blank) start event: what a new case must provide. */
  startFormKey?: string;
  /**
   * Only a call activity of another process may start it (`camunda:isStartableInTasklist="false"`
   * on the process, the "Startable" switch of the Camunda modeler): its input is what the caller
   * decided, so a client must not make it up (DOMAIN.md §3).
   */
  calledOnly?: true;
  elements: ReadonlyMap<string, ElementModel>;
}

/** Property name that marks a user task as a formal decision (see ElementModel.decisionKind). */
export const DECISION_PROPERTY = 'besluit';

export function processModel(parsed: ParseResult): ProcessModel {
  const process = executableProcesses(parsed)[0];
  const elements = new Map<string, ElementModel>();
  let startFormKey: string | undefined;
  const all = process ? flowElementsDeep(process) : [];
  // From the flows' targets: a diagram need not list <bpmn:incoming> on its elements.
  const incoming = new Map<string, string[]>();
  for (const flow of all.filter((element) => element.$type === 'bpmn:SequenceFlow')) {
    const target = (flow.targetRef as ModdleElement | undefined)?.id;
    if (target) incoming.set(target, [...(incoming.get(target) ?? []), flow.id ?? '']);
  }
  for (const element of all) {
    const id = element.id ?? '';
    const formKey = text(element, 'formKey');
    const decisionKind = camundaProperties(element).get(DECISION_PROPERTY);
    const parent = element.$parent as ModdleElement | undefined;
    const attachedTo = (element.attachedToRef as ModdleElement | undefined)?.id;
    const calledElement = text(element, 'calledElement');
    elements.set(id, {
      id,
      name: element.name ?? id,
      type: element.$type,
      eventDefinitions: children(element, 'eventDefinitions').map((definition) => definition.$type),
      ...(parent && parent !== process && parent.id ? { parentId: parent.id } : {}),
      ...(attachedTo ? { attachedTo } : {}),
      ...(calledElement ? { calledElement, passesIn: variablesPassedIn(element) } : {}),
      incoming: incoming.get(id) ?? [],
      ...(formKey ? { formKey } : {}),
      outputParameters: outputParameters(element),
      ...(decisionKind ? { decisionKind } : {}),
    });
    if (element.$type === 'bpmn:StartEvent' && formKey && element.$parent === process) startFormKey = formKey;
  }
  return {
    key: process?.id ?? '',
    ...(startFormKey ? { startFormKey } : {}),
    ...(process?.isStartableInTasklist === false ? { calledOnly: true as const } : {}),
    elements,
  };
}

export function outputParameters(element: ModdleElement): Array<{ name: string; expression: string }> {
  return extensions(element, 'camunda:InputOutput').flatMap((io) =>
    children(io, 'outputParameters').map((parameter) => ({
      name: text(parameter, 'name') ?? '',
      expression: text(parameter, 'value') ?? '',
    })),
  );
}

/** The variables a call activity hands to the process it calls (camunda:in targets). */
function variablesPassedIn(callActivity: ModdleElement): { names: string[]; all: boolean } {
  const mappings = extensions(callActivity, 'camunda:In');
  return {
    names: mappings.map((mapping) => text(mapping, 'target') ?? text(mapping, 'source') ?? '').filter(Boolean),
    all: mappings.some((mapping) => text(mapping, 'variables') === 'all'),
  };
}

export function camundaProperties(element: ModdleElement): Map<string, string> {
  const result = new Map<string, string>();
  for (const properties of extensions(element, 'camunda:Properties')) {
    for (const property of children(properties, 'values')) {
      const name = text(property, 'name');
      const value = text(property, 'value');
      if (name && value !== undefined) result.set(name, value);
    }
  }
  return result;
}
