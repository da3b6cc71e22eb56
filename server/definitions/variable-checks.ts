import type { FormSchema, JsonValue, ProblemItem } from '../contract/api';
import { feelVariableNames } from '../engine/feel-syntax';
import { child, extensions, flowElementsDeep, type ModdleElement, text } from './bpmn-parser';
import { outputParameters } from './process-model';

/**
 * Variables a diagram's conditions read against the variables something sets: a form of the
 * diagram, an output parameter, a called process's outputs (camunda:out) or a calling process's
 * inputs (camunda:in). A condition that reads a variable nothing sets is always false (or null),
 * which a process owner who renamed a form field rarely means: a warning, not a refusal, because
 * a variable may also come from where a deploy cannot see (a start request's variables).
 */

/** The variables a form sets: the first name of each field key, and of each group's or list's path. */
export function formVariables(schema: FormSchema): string[] {
  const names = new Set<string>();
  collect(schema.components, names, 0);
  return [...names];
}

/** Deep enough for any form the rules accept; a hostile nesting is cut off, not followed. */
const MAX_DEPTH = 32;

function collect(components: JsonValue | undefined, names: Set<string>, depth: number): void {
  if (!Array.isArray(components) || depth > MAX_DEPTH) return;
  for (const component of components) {
    if (typeof component !== 'object' || component === null || Array.isArray(component)) continue;
    const first = (value: JsonValue | undefined) =>
      typeof value === 'string' && value.trim() !== '' ? value.split('.')[0]!.trim() : undefined;
    const key = first(component.key);
    if (key) names.add(key);
    const containerPath = first(component.path);
    // What a container with a path holds is stored under that path: its own keys are not variables.
    if (containerPath) names.add(containerPath);
    else collect(component.components, names, depth + 1);
  }
}

/** What a process itself sets besides its forms: output parameters and its calls' camunda:out targets. */
export function variablesSetByProcess(process: ModdleElement): { names: Set<string>; all: boolean } {
  const names = new Set<string>();
  let all = false;
  for (const element of flowElementsDeep(process)) {
    for (const parameter of outputParameters(element)) if (parameter.name) names.add(parameter.name);
    for (const mapping of extensions(element, 'camunda:Out')) {
      if (text(mapping, 'variables') === 'all') all = true;
      const target = text(mapping, 'target') ?? text(mapping, 'source');
      if (target) names.add(target);
    }
  }
  return { names, all };
}

/** One warning per condition and variable that nothing known sets, naming both. */
export function unsetConditionVariables(process: ModdleElement, known: ReadonlySet<string>): ProblemItem[] {
  const warnings: ProblemItem[] = [];
  for (const flow of flowElementsDeep(process)) {
    if (flow.$type !== 'bpmn:SequenceFlow') continue;
    const body = text(child(flow, 'conditionExpression'), 'body');
    if (!body) continue;
    let names: string[];
    try {
      names = feelVariableNames(body);
    } catch {
      continue; // a condition that does not parse is refused or reported by the FEEL checks
    }
    const label = flow.name ? `"${flow.name}" (${flow.id})` : `"${flow.id}"`;
    for (const name of names.filter((candidate) => !known.has(candidate)).sort()) {
      warnings.push({
        elementId: flow.id ?? '',
        code: 'variable-not-set',
        message: `De voorwaarde op stroom ${label} leest de variabele "${name.slice(0, 80)}", maar geen formulier van dit diagram, geen uitvoerparameter en geen aanroepend of aangeroepen proces zet die; controleer de naam in de voorwaarde en in het formulier.`,
      });
    }
  }
  return warnings;
}
