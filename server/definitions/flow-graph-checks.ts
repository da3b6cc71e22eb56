import type { ProblemItem } from '../contract/api';
import { children, flowElementsDeep, type ModdleElement } from './bpmn-parser';

/**
 * Deploy checks on the graph of sequence flows: joins the engine runs wrongly, and loops it would
 * run for ever because nothing in them waits.
 */

/** Elements where a token stops until someone or something outside the engine moves it on. */
const WAIT_STATES = new Set(['bpmn:UserTask', 'bpmn:ManualTask', 'bpmn:ReceiveTask', 'bpmn:CallActivity']);
const CONTAINERS = new Set(['bpmn:SubProcess', 'bpmn:Transaction', 'bpmn:AdHocSubProcess']);

function waits(element: ModdleElement): boolean {
  if (WAIT_STATES.has(element.$type)) return true;
  if (element.$type === 'bpmn:IntermediateCatchEvent') {
    // A link event only jumps; every other catch event waits for its timer, message or signal.
    const definitions = children(element, 'eventDefinitions');
    return definitions.length > 0 && definitions.every((definition) => definition.$type !== 'bpmn:LinkEventDefinition');
  }
  if (CONTAINERS.has(element.$type)) return flowElementsDeep(element).some(waits);
  return false;
}

/**
 * A cycle of sequence flows through elements that never wait runs for ever within one action:
 * the engine recurses until the stack overflows. Every cycle must pass a wait state.
 */
export function checkLoopsWithoutWaitState(elements: ModdleElement[], problems: ProblemItem[]): void {
  const next = new Map<string, string[]>();
  const moving = new Map<string, ModdleElement>();
  for (const element of elements) {
    if (element.$type !== 'bpmn:SequenceFlow' && !waits(element) && element.id) moving.set(element.id, element);
  }
  for (const flow of elements.filter((element) => element.$type === 'bpmn:SequenceFlow')) {
    const source = (flow.sourceRef as ModdleElement | undefined)?.id;
    const target = (flow.targetRef as ModdleElement | undefined)?.id;
    if (!source || !target || !moving.has(source) || !moving.has(target)) continue;
    next.set(source, [...(next.get(source) ?? []), target]);
  }
  // Depth-first search over the elements that do not wait; a back edge closes a cycle.
  const state = new Map<string, 'open' | 'done'>();
  const reported = new Set<string>();
  for (const start of moving.keys()) {
    if (state.has(start)) continue;
    const path: string[] = [];
    const stack: Array<{ id: string; index: number }> = [{ id: start, index: 0 }];
    state.set(start, 'open');
    path.push(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const targets = next.get(top.id) ?? [];
      if (top.index >= targets.length) {
        state.set(top.id, 'done');
        stack.pop();
        path.pop();
        continue;
      }
      const target = targets[top.index]!;
      top.index += 1;
      const seen = state.get(target);
      if (seen === 'open') {
        const cycle = path.slice(path.indexOf(target));
        const key = [...cycle].sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          problems.push({
            elementId: target,
            code: 'loop-without-wait-state',
            message: `De lus ${[...cycle, target]
              .map((id) => id.slice(0, 40))
              .join(' → ')
              .slice(
                0,
                300,
              )} bevat geen wachtmoment (gebruikerstaak, timer, ontvangst of aanroep); de engine zou er zonder einde in rondgaan.`,
          });
        }
      } else if (seen === undefined) {
        state.set(target, 'open');
        path.push(target);
        stack.push({ id: target, index: 0 });
      }
    }
  }
}

/**
 * bpmn-elements cannot join an inclusive gateway (bpmn-elements#46), and a parallel join does not
 * wait for a token that arrives through a converging exclusive gateway (bpmn-engine#200).
 */
export function checkJoins(elements: ModdleElement[], byId: Map<string, ModdleElement>, problems: ProblemItem[]): void {
  const incoming = new Map<string, ModdleElement[]>();
  for (const flow of elements.filter((element) => element.$type === 'bpmn:SequenceFlow')) {
    const target = (flow.targetRef as ModdleElement | undefined)?.id;
    if (target) incoming.set(target, [...(incoming.get(target) ?? []), flow]);
  }
  for (const element of elements) {
    const into = incoming.get(element.id ?? '') ?? [];
    if (into.length < 2) continue;
    if (element.$type === 'bpmn:InclusiveGateway') {
      problems.push({
        elementId: element.id ?? '',
        code: 'inclusive-join',
        message:
          'Een samenvoegende inclusieve gateway wordt door de engine niet goed uitgevoerd; gebruik een parallelle of exclusieve gateway.',
      });
    }
    if (element.$type === 'bpmn:ParallelGateway') {
      for (const flow of into) {
        const source = byId.get((flow.sourceRef as ModdleElement | undefined)?.id ?? '');
        if (source?.$type === 'bpmn:ExclusiveGateway' && (incoming.get(source.id ?? '')?.length ?? 0) > 1) {
          problems.push({
            elementId: element.id ?? '',
            code: 'parallel-join-after-exclusive-merge',
            message: `Deze parallelle samenvoeging volgt op de samenvoegende exclusieve gateway "${source.id}"; de engine wacht daar niet goed. Voeg de takken direct samen.`,
          });
        }
      }
    }
  }
}
