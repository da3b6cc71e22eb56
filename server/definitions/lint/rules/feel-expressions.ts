import type { ModdleElement } from 'bpmn-moddle';
import type { Reporter, RuleFactory } from 'bpmnlint';
import { feelSyntaxError, isFeel } from '../../../engine/feel-syntax';
import { isValidTemporalLiteral } from '../../../engine/temporal';
import { child, children, extensions, is, label, owner, quote, text } from './moddle';

/**
 * Every value the engine evaluates is FEEL, written with a leading `=` (the Camunda 8 convention
 * the engine host follows). A value without `=` is taken literally, so a condition like
 * `urgentie = "crisis"` would silently be a non-empty string, i.e. always true. Due dates and
 * timers may also be a literal ISO 8601 duration or date (P5D, 2026-12-01).
 */
const feelExpressions: RuleFactory = () => ({
  check(node, reporter) {
    if (is(node, 'bpmn:SequenceFlow')) checkCondition(node, reporter);
    if (is(node, 'bpmn:TimerEventDefinition')) checkTimer(node, reporter);
    const dueDate = text(node, 'dueDate');
    if (dueDate !== undefined)
      checkTemporal(dueDate, `De vervaldatum (camunda:dueDate) van ${label(node)}`, node, reporter);
    checkMappings(node, reporter);
    checkOutputParameters(node, reporter);
  },
});

export default feelExpressions;

function checkCondition(flow: ModdleElement, reporter: Reporter): void {
  const condition = child(flow, 'conditionExpression');
  if (!condition) return;
  const language = text(condition, 'language')?.trim();
  if (language && !/^feel$/i.test(language)) return; // a script condition, named by no-code
  checkFeel(text(condition, 'body') ?? '', `De voorwaarde op ${label(flow)}`, flow, reporter, '=urgentie = "crisis"');
}

/** timeCycle is left to the deploy validator: cycles are not used by these processes. */
function checkTimer(definition: ModdleElement, reporter: Reporter): void {
  const event = owner(definition);
  const values = (['timeDuration', 'timeDate'] as const)
    .map((property) => text(child(definition, property), 'body'))
    .filter((value): value is string => value !== undefined);
  if (values.length === 0 && !child(definition, 'timeCycle')) {
    reporter.report(
      event.id,
      `De timer van ${label(event)} heeft geen duur of datum; vul bijvoorbeeld P5D of =werkdagen(5) in.`,
    );
  }
  for (const value of values) checkTemporal(value, `De timer van ${label(event)}`, event, reporter);
}

/** Variables passed to and from a called process: `source` names a variable, `sourceExpression` computes one. */
function checkMappings(node: ModdleElement, reporter: Reporter): void {
  for (const type of ['camunda:In', 'camunda:Out']) {
    for (const mapping of extensions(node, type)) {
      const expression = text(mapping, 'sourceExpression');
      if (expression === undefined) continue;
      const what = `De sourceExpression van ${type === 'camunda:In' ? 'camunda:in' : 'camunda:out'} "${text(mapping, 'target') ?? ''}" bij ${label(node)}`;
      checkFeel(expression, what, node, reporter, '="geen-overeenstemming-mdo"');
    }
  }
}

function checkOutputParameters(node: ModdleElement, reporter: Reporter): void {
  for (const io of extensions(node, 'camunda:InputOutput')) {
    for (const parameter of children(io, 'outputParameters')) {
      const what = `De uitvoerparameter "${text(parameter, 'name') ?? ''}" van ${label(node)}`;
      const definition = child(parameter, 'definition');
      if (definition?.$type === 'camunda:Script') continue; // named by no-code
      if (definition) {
        reporter.report(
          node.id,
          `${what} is een ${definition.$type}; schrijf de waarde als FEEL-expressie die met "=" begint.`,
        );
        continue;
      }
      checkFeel(text(parameter, 'value') ?? '', what, node, reporter, '=besluit.verblijfNodig');
    }
  }
}

function checkTemporal(value: string, what: string, element: ModdleElement, reporter: Reporter): void {
  if (isFeel(value)) {
    checkFeel(value, what, element, reporter, '=werkdagen(5)');
    return;
  }
  if (!isValidTemporalLiteral(value)) {
    reporter.report(
      element.id,
      `${what} ${quote(value)} is geen ISO 8601-duur of -datum (zoals P5D, PT24H of 2026-12-01) en geen FEEL-expressie (die begint met "=", zoals =werkdagen(5)).`,
    );
  }
}

function checkFeel(value: string, what: string, element: ModdleElement, reporter: Reporter, example: string): void {
  if (value.trim() === '') {
    reporter.report(element.id, `${what} is leeg; vul een FEEL-expressie in, zoals ${example}.`);
    return;
  }
  if (!isFeel(value)) {
    reporter.report(
      element.id,
      `${what} ${quote(value)} is geen FEEL-expressie: begin met "=", zoals ${example}. Zonder "=" geldt de tekst letterlijk.`,
    );
    return;
  }
  const error = feelSyntaxError(value);
  if (error) reporter.report(element.id, `${what} ${quote(value)} is geen geldige FEEL: ${error}.`);
}
