import type { ProblemItem } from '../contract/api';
import { evaluateFeel } from '../engine/expressions';
import { feelStaticLimitError } from '../engine/feel-limits';
import { feelSyntaxError, isFeel } from '../engine/feel-syntax';
import { isValidTemporalLiteral } from '../engine/temporal';
import { checkCycle } from '../engine/timer-cycle';
import { SystemClock } from '../time/clock';
import {
  child,
  children,
  extensions,
  flowElementsDeep,
  type ModdleElement,
  type ParseResult,
  text,
} from './bpmn-parser';

/**
 * Checks that a parsed diagram can run safely on this server. Diagrams come from browsers and are
 * untrusted: anything that would run code on the server (scripts, listeners, service classes) is
 * refused, and so is every pattern the engine is known to run wrongly. Messages are for process
 * owners, so they are Dutch; codes are stable identifiers.
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

  return { key, name: process.name ?? key, problems, warnings };
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

type Refuse = (code: string, message: string) => void;

/**
 * Shapes other modelling tools write that the engine's serializer cannot read (it throws an
 * "Unknown activity type"): global tasks beside the process, and typed process properties.
 */
function checkForeignShapes(parsed: ParseResult, process: ModdleElement, problems: ProblemItem[]): void {
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
function checkMessageFlows(parsed: ParseResult, problems: ProblemItem[]): void {
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

function checkTimer(definition: ModdleElement, refuse: Refuse): void {
  const values = ['timeDuration', 'timeDate', 'timeCycle']
    .map((property) => ({ property, value: text(child(definition, property), 'body') }))
    .filter((entry): entry is { property: string; value: string } => entry.value !== undefined);
  if (values.length === 0) {
    refuse('timer-missing', 'Een timer heeft een duur, datum of cyclus nodig.');
    return;
  }
  for (const { property, value } of values) {
    if (property === 'timeCycle') checkTimeCycle(value, refuse);
    else checkTemporal(value, refuse, 'timer');
  }
}

/**
 * A cycle must repeat at most once a minute. A FEEL cycle that is a constant (e.g. ="R/PT0S") is
 * evaluated here; one that depends on variables is checked again when the timer is armed.
 */
function checkTimeCycle(value: string, refuse: Refuse): void {
  let cycle = value.trim();
  if (isFeel(value)) {
    checkFeel(value, refuse, 'timercyclus');
    if (feelSyntaxError(value) || feelStaticLimitError(value.trimStart().slice(1))) return;
    let constant: unknown;
    try {
      constant = evaluateFeel(value, {}, DEPLOY_CLOCK);
    } catch {
      return;
    }
    if (typeof constant !== 'string') return;
    cycle = constant.trim();
  }
  if (!/^R/i.test(cycle)) {
    if (!isFeel(value)) checkTemporal(value, refuse, 'timer');
    return;
  }
  const checked = checkCycle(cycle);
  if (!checked.ok) {
    refuse('timer-cycle-invalid', `De timercyclus "${cycle.slice(0, 60)}" is ${checked.reason}.`);
  }
}

const DEPLOY_CLOCK = new SystemClock();

function checkTemporal(value: string, refuse: Refuse, what: string): void {
  if (isFeel(value)) {
    checkFeel(value, refuse, what);
    return;
  }
  if (!isValidTemporalLiteral(value)) {
    refuse(
      'temporal-invalid',
      `De ${what} "${value}" is geen ISO 8601-duur of -datum (bijvoorbeeld P5D, PT24H of 2026-12-01) en geen FEEL-expressie.`,
    );
  }
}

function checkFeel(expression: string, refuse: Refuse, what: string): void {
  const error = feelSyntaxError(expression);
  if (error) {
    refuse('feel-syntax', `De ${what} "${expression.slice(0, 80)}" is geen geldige FEEL: ${error}.`);
    return;
  }
  const unbounded = feelStaticLimitError(isFeel(expression) ? expression.trimStart().slice(1) : expression);
  if (unbounded) {
    refuse(
      'feel-unbounded',
      `De ${what} "${expression.slice(0, 80)}" ${unbounded}; zo’n expressie legt de server stil en is niet toegestaan.`,
    );
  }
}

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
function checkLoopsWithoutWaitState(elements: ModdleElement[], problems: ProblemItem[]): void {
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
function checkJoins(elements: ModdleElement[], byId: Map<string, ModdleElement>, problems: ProblemItem[]): void {
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
