import type { ModdleElement } from 'bpmn-moddle';
import type { Reporter, RuleFactory } from 'bpmnlint';
import { child, children, extensions, is, label, owner, text } from './moddle';

/**
 * Diagrams come from browsers and may not run code on the server: the engine gets no script
 * language and no service hooks. This rule names every part that would need one, so a process
 * owner sees it while modelling rather than when the deploy is refused.
 */

/** Task types that only make sense with code behind them. */
const CODE_TASKS: ReadonlyArray<[type: string, message: string]> = [
  [
    'bpmn:ScriptTask',
    'is een scripttaak; er draait geen code uit een diagram op de server. Maak er een gebruikerstaak van of laat de stap weg.',
  ],
  [
    'bpmn:ServiceTask',
    'is een servicetaak; er draait geen code uit een diagram op de server. Maak er een gebruikerstaak van.',
  ],
  [
    'bpmn:SendTask',
    'is een verzendtaak; verzenden vraagt code en wordt niet ondersteund. Maak er een gebruikerstaak van.',
  ],
  [
    'bpmn:BusinessRuleTask',
    'is een business-rule-taak; die wordt niet ondersteund. Leg de beslissing vast in een formulier en een FEEL-voorwaarde.',
  ],
];

/** Camunda extensions that run code when the element is entered, left or completed. */
const CODE_EXTENSIONS: ReadonlyArray<[type: string, message: string]> = [
  ['camunda:ExecutionListener', 'heeft een execution listener; listeners voeren code uit en zijn niet toegestaan.'],
  ['camunda:TaskListener', 'heeft een task listener; listeners voeren code uit en zijn niet toegestaan.'],
  ['camunda:Connector', 'heeft een connector; connectors voeren code uit en worden niet ondersteund.'],
];

/** Attributes by which Camunda calls Java code or expressions from an element. */
const CODE_ATTRIBUTES = ['class', 'delegateExpression', 'expression'] as const;

const noCode: RuleFactory = () => ({
  check(node, reporter) {
    checkTaskType(node, reporter);
    checkExtensions(node, reporter);
    checkScriptExpression(node, reporter);
    checkCodeAttributes(node, reporter);
  },
});

export default noCode;

function checkTaskType(node: ModdleElement, reporter: Reporter): void {
  for (const [type, message] of CODE_TASKS) {
    if (is(node, type)) reporter.report(node.id, `Het element ${label(node)} ${message}`);
  }
}

function checkExtensions(node: ModdleElement, reporter: Reporter): void {
  for (const [type, message] of CODE_EXTENSIONS) {
    if (extensions(node, type).length > 0) reporter.report(node.id, `Het element ${label(node)} ${message}`);
  }
  for (const io of extensions(node, 'camunda:InputOutput')) {
    for (const parameter of [...children(io, 'inputParameters'), ...children(io, 'outputParameters')]) {
      if (child(parameter, 'definition')?.$type === 'camunda:Script') {
        reporter.report(
          node.id,
          `Het element ${label(node)} berekent parameter "${text(parameter, 'name') ?? ''}" met een script; scripts zijn niet toegestaan, gebruik een FEEL-expressie die met "=" begint.`,
        );
      }
    }
  }
}

/**
 * A condition or timer written in another language than FEEL (`language="javascript"`) is a
 * script. Checked on the expression itself, so conditional events and timers are covered too.
 */
function checkScriptExpression(node: ModdleElement, reporter: Reporter): void {
  if (!is(node, 'bpmn:FormalExpression')) return;
  const language = text(node, 'language')?.trim();
  if (!language || /^feel$/i.test(language)) return;
  const element = owner(node);
  const what = is(element, 'bpmn:SequenceFlow')
    ? `De voorwaarde op ${label(element)}`
    : `Een expressie van ${label(element)}`;
  reporter.report(
    element.id,
    `${what} is in "${language}" geschreven; scripts zijn niet toegestaan. Schrijf FEEL, beginnend met "=", zonder language-attribuut.`,
  );
}

/**
 * Camunda lets message event definitions call Java like a service task does. (The task types are
 * named by their type above, listeners by checkExtensions.)
 */
function checkCodeAttributes(node: ModdleElement, reporter: Reporter): void {
  if (!is(node, 'bpmn:EventDefinition')) return;
  const used = CODE_ATTRIBUTES.filter((attribute) => (text(node, attribute) ?? '').trim() !== '');
  if (used.length === 0) return;
  const element = owner(node);
  reporter.report(
    element.id,
    `Het element ${label(element)} roept code aan (camunda:${used.join(', camunda:')}); dat is niet toegestaan.`,
  );
}
