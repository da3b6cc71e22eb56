import type { ProblemItem } from '../contract/api';
import { child, children, type ModdleElement, type ParseResult } from './bpmn-parser';

/**
 * Deploy checks for diagrams drawn in other modelling tools: shapes the engine's serializer cannot
 * read, named so the process owner can redraw them.
 */

/**
 * Shapes other modelling tools write that the engine's serializer cannot read (it throws an
 * "Unknown activity type"): global tasks beside the process, and typed process properties.
 */
export function checkForeignShapes(parsed: ParseResult, process: ModdleElement, problems: ProblemItem[]): void {
  for (const root of children(parsed.rootElement, 'rootElements')) {
    if (/^bpmn:Global\w*Task$/.test(root.$type)) {
      problems.push({
        elementId: root.id ?? '',
        code: 'global-task-unsupported',
        message: 'Globale taken (buiten het proces gedefinieerd) worden niet ondersteund; zet de taak in het proces.',
      });
    }
  }
  for (const property of children(process, 'properties')) {
    if (property.itemSubjectRef === undefined) continue;
    problems.push({
      elementId: property.id ?? process.id ?? '',
      code: 'process-property-unsupported',
      message:
        'Een getypeerde proceseigenschap (property met itemSubjectRef) wordt niet ondersteund; gebruik procesvariabelen.',
    });
  }
}

/**
 * The engine's serializer resolves both ends of a message flow to a pool, a process, or an element
 * directly in a process; an end inside a sub-process, or a pool without a process, makes it throw.
 * Other modelling tools draw such flows (e.g. to a task in a collapsed sub-process): name them.
 */
export function checkMessageFlows(parsed: ParseResult, problems: ProblemItem[]): void {
  const roots = children(parsed.rootElement, 'rootElements');
  const direct = new Set<string>();
  for (const root of roots.filter((element) => element.$type === 'bpmn:Process')) {
    for (const element of children(root, 'flowElements')) if (element.id) direct.add(element.id);
  }
  for (const collaboration of roots.filter((element) => element.$type === 'bpmn:Collaboration')) {
    for (const flow of children(collaboration, 'messageFlows')) {
      for (const end of [flow.sourceRef, flow.targetRef] as Array<ModdleElement | undefined>) {
        const reachable =
          end === undefined ||
          end.$type === 'bpmn:Process' ||
          (end.$type === 'bpmn:Participant' ? child(end, 'processRef') !== undefined : direct.has(end.id ?? ''));
        if (reachable) continue;
        problems.push({
          elementId: flow.id ?? '',
          code: 'message-flow-unsupported',
          message: `Deze berichtstroom verbindt "${(end?.id ?? '').slice(0, 64)}", ${
            end?.$type === 'bpmn:Participant' ? 'een pool zonder proces' : 'een element binnen een subproces'
          }; dat kan de engine niet uitvoeren. Verbind pools of elementen direct in een proces.`,
        });
        break;
      }
    }
  }
}
