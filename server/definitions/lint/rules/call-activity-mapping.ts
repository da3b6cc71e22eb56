import type { ModdleElement } from 'bpmn-moddle';
import type { Reporter, RuleFactory } from 'bpmnlint';
import { isFeel } from '../../../engine/feel-syntax';
import { extensions, is, label, text } from './moddle';

/**
 * A call activity starts another process of the case. Which one must be fixed in the diagram
 * (calledElement), and which variables cross over must be listed one by one: a child that gets
 * "all" variables sees, and may overwrite, case data it has no business with, and nobody can
 * tell from the diagram what it depends on.
 */
const callActivityMapping: RuleFactory = () => ({
  check(node, reporter) {
    if (!is(node, 'bpmn:CallActivity')) return;
    checkCalledElement(node, reporter);
    const inputs = extensions(node, 'camunda:In');
    const outputs = extensions(node, 'camunda:Out');
    if (inputs.length === 0 && outputs.length === 0) {
      reporter.report(
        node.id,
        `Aanroep ${label(node)} geeft geen variabelen door; noem elke variabele die het aangeroepen proces nodig heeft met camunda:in en elke uitkomst met camunda:out.`,
      );
    }
    for (const mapping of inputs) checkMapping(node, mapping, 'camunda:in', reporter);
    for (const mapping of outputs) checkMapping(node, mapping, 'camunda:out', reporter);
  },
});

export default callActivityMapping;

function checkCalledElement(node: ModdleElement, reporter: Reporter): void {
  const called = (text(node, 'calledElement') ?? '').trim();
  if (called === '') {
    reporter.report(
      node.id,
      `Aanroep ${label(node)} noemt geen aan te roepen proces; vul calledElement in met het proces-id, bijvoorbeeld escalatieladder.`,
    );
  } else if (isFeel(called)) {
    reporter.report(
      node.id,
      `Aanroep ${label(node)} kiest het aangeroepen proces met een expressie (${called}); noem een vast proces-id.`,
    );
  }
}

function checkMapping(node: ModdleElement, mapping: ModdleElement, kind: string, reporter: Reporter): void {
  if (text(mapping, 'variables') === 'all') {
    reporter.report(
      node.id,
      `Aanroep ${label(node)} geeft met ${kind} variables="all" alle variabelen door; noem elke variabele apart met source (of sourceExpression) en target.`,
    );
    return;
  }
  const target = (text(mapping, 'target') ?? '').trim();
  const hasSource =
    (text(mapping, 'source') ?? '').trim() !== '' || (text(mapping, 'sourceExpression') ?? '').trim() !== '';
  if (target === '') {
    reporter.report(
      node.id,
      `Aanroep ${label(node)} heeft een ${kind} zonder target; noem de variabele waarin de waarde terechtkomt.`,
    );
  }
  if (!hasSource) {
    reporter.report(
      node.id,
      `Aanroep ${label(node)} heeft een ${kind}${target ? ` naar "${target}"` : ''} zonder source of sourceExpression; noem waar de waarde vandaan komt.`,
    );
  }
}
