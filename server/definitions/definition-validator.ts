import type { ProblemItem } from '../contract/api';
import { guardedSteps } from '../decisions/step-guards';
import { isFeel } from '../engine/feel-syntax';
import {
  child,
  children,
  extensions,
  flowElementsDeep,
  type ModdleElement,
  type ParseResult,
  text,
} from './bpmn-parser';
import { checkFeel, checkTemporal, checkTimer, type Refuse } from './expression-checks';
import { checkJoins, checkLoopsWithoutWaitState } from './flow-graph-checks';
import { checkForeignShapes, checkMessageFlows } from './foreign-shape-checks';

/**
 * Checks that a parsed diagram can run safely on this server. Diagrams come from browsers and are
 * untrusted: anything that would run code on the server (scripts, listeners, service classes) is
 * refused, and so is every pattern the engine is known to run wrongly. Messages are for process
 * owners, so they are Dutch; codes are stable identifiers. The checks of FEEL and time values
 * (./expression-checks.ts), of the flow graph (./flow-graph-checks.ts) and of shapes from other
 * modelling tools (./foreign-shape-checks.ts) live beside this file.
 */
export interface ValidationResult {
  key?: string;
  name?: string;
  problems: ProblemItem[];
  warnings: ProblemItem[];
}

/** Element types that would execute code, or need a code hook this server does not offer. */
const CODE_ELEMENTS: Record<string, string> = {
  'bpmn:ScriptTask': 'Scripttaken zijn niet toegestaan: er draait geen code uit een diagram op de server.',
  'bpmn:ServiceTask': 'Servicetaken worden niet ondersteund: er draait geen code uit een diagram op de server.',
  'bpmn:BusinessRuleTask': 'Business-rule-taken worden niet ondersteund.',
  'bpmn:SendTask': 'Verzendtaken worden niet ondersteund.',
};

const CODE_EXTENSIONS: Record<string, string> = {
  'camunda:ExecutionListener': 'Execution listeners zijn niet toegestaan: ze voeren code uit.',
  'camunda:TaskListener': 'Task listeners zijn niet toegestaan: ze voeren code uit.',
  'camunda:Script': 'Scripts zijn niet toegestaan.',
  'camunda:Connector': 'Connectors worden niet ondersteund.',
};

/** The executable processes of a diagram; a deployable diagram has exactly one, whose id is its key. */
export function executableProcesses(parsed: ParseResult): ModdleElement[] {
  return children(parsed.rootElement, 'rootElements').filter(
    (element) => element.$type === 'bpmn:Process' && element.isExecutable !== false,
  );
}

export interface ValidationOptions {
  /**
   * The forms that exist. When given, every user task must name one of them (camunda:formKey),
   * and a start event's form key must exist too; when absent, form keys are not checked.
   */
  formKeys?: ReadonlySet<string>;
}

export function validateDefinition(
  parsed: ParseResult,
  knownKeys: ReadonlySet<string>,
  options: ValidationOptions = {},
): ValidationResult {
  const problems: ProblemItem[] = [];
  const warnings: ProblemItem[] = parsed.warnings.slice(0, 20).map((warning) => ({
    ...(warning.element?.id ? { elementId: warning.element.id } : {}),
    code: 'bpmn-warning',
    message: `Onbekend of ongeldig onderdeel genegeerd: ${warning.message.split('\n')[0]}`,
  }));

  const executable = executableProcesses(parsed);
  if (executable.length === 0) {
    // Documentation models (and pools drawn for context) are marked not executable: say so.
    const drawn = children(parsed.rootElement, 'rootElements').filter((element) => element.$type === 'bpmn:Process');
    problems.push({
      code: 'no-process',
      message:
        drawn.length > 0
          ? `Het diagram bevat geen uitvoerbaar proces: ${drawn.length === 1 ? 'het proces staat' : `alle ${drawn.length} processen staan`} op niet-uitvoerbaar (isExecutable="false").`
          : 'Het diagram bevat geen uitvoerbaar proces.',
    });
    return { problems, warnings };
  }
  if (executable.length > 1) {
    problems.push({
      code: 'multiple-processes',
      message: `Het diagram bevat ${executable.length} processen (${executable.map((p) => p.id).join(', ')}); zet elk proces in een eigen diagram.`,
    });
    return { problems, warnings };
  }
  const process = executable[0]!;
  const key = process.id ?? '';
  if (!/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(key)) {
    problems.push({
      elementId: key,
      code: 'process-id',
      message:
        'Het proces-id moet met een letter beginnen en mag alleen letters, cijfers, - en _ bevatten (maximaal 64 tekens).',
    });
  }

  checkMessageFlows(parsed, problems);
  checkForeignShapes(parsed, process, problems);
  const elements = flowElementsDeep(process);
  const byId = new Map(elements.map((element) => [element.id ?? '', element]));
  for (const element of [process, ...elements]) {
    checkElement(element, problems, knownKeys, key);
    if (options.formKeys) checkForm(element, problems, options.formKeys);
  }
  checkJoins(elements, byId, problems);
  checkLoopsWithoutWaitState(elements, problems);
  checkGuardedStepsKept(key, byId, problems);

  return { key, name: process.name ?? key, problems, warnings };
}

/**
 * The municipality's safeguards (server/decisions/step-guards.ts) hang on steps of the product's
 * processes; a version without such a step, or with it as another kind of element, would quietly
 * drop the safeguard, so it is refused.
 */
function checkGuardedStepsKept(key: string, byId: Map<string, ModdleElement>, problems: ProblemItem[]): void {
  for (const elementId of guardedSteps(key)) {
    if (byId.get(elementId)?.$type === 'bpmn:UserTask') continue;
    problems.push({
      elementId,
      code: 'guarded-step-missing',
      message: `De gebruikerstaak ${elementId} ontbreekt of is geen gebruikerstaak meer. De server controleert bij deze stap een waarborg uit de regels (zoals: geen plaatsing zonder MDO en verklarende analyse); laat de taak met dit id in het proces staan.`,
    });
  }
}

function checkElement(
  element: ModdleElement,
  problems: ProblemItem[],
  knownKeys: ReadonlySet<string>,
  ownKey: string,
): void {
  const elementId = element.id ?? '';
  const refuse = (code: string, message: string) => problems.push({ elementId, code, message });

  const codeMessage = CODE_ELEMENTS[element.$type];
  if (codeMessage) refuse(element.$type === 'bpmn:ScriptTask' ? 'script-task' : 'unsupported-task', codeMessage);

  for (const [type, message] of Object.entries(CODE_EXTENSIONS)) {
    if (extensions(element, type).length > 0) refuse('code-extension', message);
  }
  for (const io of extensions(element, 'camunda:InputOutput')) {
    const parameters = [...children(io, 'inputParameters'), ...children(io, 'outputParameters')];
    if (parameters.some((parameter) => child(parameter, 'definition')?.$type === 'camunda:Script')) {
      refuse('code-extension', 'Scripts in invoer/uitvoer-parameters zijn niet toegestaan.');
    }
    for (const parameter of children(io, 'outputParameters')) checkOutputParameter(parameter, refuse);
  }

  switch (element.$type) {
    case 'bpmn:SequenceFlow':
      checkCondition(element, refuse);
      break;
    case 'bpmn:UserTask':
      checkUserTask(element, refuse);
      break;
    case 'bpmn:CallActivity':
      checkCallActivity(element, refuse, knownKeys, ownKey);
      break;
  }
  for (const definition of children(element, 'eventDefinitions')) {
    if (definition.$type === 'bpmn:TimerEventDefinition') checkTimer(definition, refuse);
    if (definition.$type === 'bpmn:ConditionalEventDefinition') {
      refuse('unsupported-event', 'Voorwaardelijke gebeurtenissen worden niet ondersteund.');
    }
  }
}

function checkCondition(flow: ModdleElement, refuse: Refuse): void {
  const condition = child(flow, 'conditionExpression');
  if (!condition) return;
  const language = text(condition, 'language');
  const body = (text(condition, 'body') ?? '').trim();
  if (language && !/^feel$/i.test(language)) {
    refuse('script-condition', `Voorwaarden in ${language} zijn niet toegestaan; gebruik FEEL, beginnend met "=".`);
    return;
  }
  if (!isFeel(body)) {
    refuse(
      'condition-not-feel',
      `De voorwaarde "${body.slice(0, 60)}" is geen FEEL-expressie; begin met "=", bijvoorbeeld =urgentie = "crisis".`,
    );
    return;
  }
  checkFeel(body, refuse, 'voorwaarde');
}

function checkUserTask(task: ModdleElement, refuse: Refuse): void {
  const groups = text(task, 'candidateGroups');
  if (!groups || groups.split(',').every((group) => group.trim() === '')) {
    refuse('candidate-groups-missing', 'Een gebruikerstaak heeft een kandidaatgroep nodig (camunda:candidateGroups).');
  }
  const dueDate = text(task, 'dueDate');
  if (dueDate) checkTemporal(dueDate, refuse, 'vervaldatum');
  const priority = text(task, 'priority');
  if (priority && !isFeel(priority) && !/^\d{1,3}$/.test(priority.trim())) {
    refuse('priority-invalid', `De prioriteit "${priority}" moet een geheel getal zijn.`);
  }
}

/**
 * The product's rule: the worklist opens a task's form, so every user task names a form that
 * exists; without one the task could only be completed blind. A start form, where given, must
 * exist as well (a new case has to provide what it asks).
 */
function checkForm(element: ModdleElement, problems: ProblemItem[], formKeys: ReadonlySet<string>): void {
  if (element.$type !== 'bpmn:UserTask' && element.$type !== 'bpmn:StartEvent') return;
  const elementId = element.id ?? '';
  const formKey = (text(element, 'formKey') ?? '').trim();
  if (formKey === '') {
    if (element.$type === 'bpmn:UserTask') {
      problems.push({
        elementId,
        code: 'form-missing',
        message:
          'Een gebruikerstaak heeft een formulier nodig (camunda:formKey): kies het formulier dat de medewerker bij deze taak invult.',
      });
    }
    return;
  }
  if (!formKeys.has(formKey)) {
    problems.push({
      elementId,
      code: 'form-unknown',
      message: `Het formulier "${formKey.slice(0, 80)}" bestaat niet; kies een formulier dat al bestaat of voeg het eerst toe.`,
    });
  }
}

function checkCallActivity(
  activity: ModdleElement,
  refuse: Refuse,
  knownKeys: ReadonlySet<string>,
  ownKey: string,
): void {
  const called = text(activity, 'calledElement');
  if (!called) {
    refuse('called-element-missing', 'Een aanroep-activiteit moet het aangeroepen proces noemen (calledElement).');
  } else if (isFeel(called)) {
    refuse('called-element-dynamic', 'Het aangeroepen proces moet een vaste naam zijn, geen expressie.');
  } else if (called === ownKey) {
    // Every instance would start another at once: an endless chain of cases.
    refuse(
      'called-element-self',
      `Deze aanroep-activiteit roept het eigen proces "${called.slice(0, 64)}" aan; dat start zonder einde nieuwe casussen.`,
    );
  } else if (!knownKeys.has(called)) {
    refuse('called-element-unknown', `Het aangeroepen proces "${called}" is niet uitgerold.`);
  }
  for (const mapping of [...extensions(activity, 'camunda:In'), ...extensions(activity, 'camunda:Out')]) {
    const expression = text(mapping, 'sourceExpression');
    if (expression) checkFeel(expression, refuse, 'variabele-koppeling');
    if (!text(mapping, 'target') && text(mapping, 'variables') !== 'all') {
      refuse('mapping-target-missing', 'Een variabele-koppeling (camunda:in/out) heeft een doel (target) nodig.');
    }
  }
}

/** Output parameters derive variables when a task completes, e.g. besluitNiveau = 2. */
function checkOutputParameter(parameter: ModdleElement, refuse: Refuse): void {
  const name = text(parameter, 'name') ?? '';
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) {
    refuse('output-parameter-name', `De uitvoerparameter "${name}" heeft geen geldige variabelenaam.`);
  }
  const value = (text(parameter, 'value') ?? '').trim();
  const definition = child(parameter, 'definition');
  if (definition) {
    // Scripts are refused above; lists and maps would be ignored by the server, so say so.
    if (definition.$type !== 'camunda:Script') {
      refuse(
        'output-parameter-unsupported',
        `De uitvoerparameter "${name}" moet een FEEL-expressie zijn; lijsten en maps in de parameter worden niet ondersteund.`,
      );
    }
    return;
  }
  if (!isFeel(value)) {
    refuse(
      'output-parameter-not-feel',
      `De uitvoerparameter "${name}" moet een FEEL-expressie zijn, beginnend met "=".`,
    );
    return;
  }
  checkFeel(value, refuse, `uitvoerparameter ${name}`);
}
