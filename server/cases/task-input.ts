import type { FormSchema, JsonValue, Variables } from '../contract/api';
import type { CaseRecords } from '../decisions/case-records';
import { amsterdamDay } from '../decisions/days';
import { decisionFacts, decisionProblems, type RuleContext } from '../decisions/decision-rules';
import { stepFacts, stepProblems } from '../decisions/step-guards';
import type { DefinitionRegistry } from '../definitions/definition-registry';
import type { ElementModel } from '../definitions/process-model';
import { InvalidInputError, RuleViolationError } from '../domain/errors';
import { evaluateFeel, feelToJson } from '../engine/expressions';
import { validateForm } from '../forms/form-validator';
import type { CaseDocument, InstanceRecord } from '../store/store';
import type { Clock } from '../time/clock';

export interface StepInputDeps {
  definitions: DefinitionRegistry;
  clock: Clock;
}

/**
 * The form of a step as the instance's own diagram version pinned it: a running case keeps the
 * form its version was deployed with, however the form changed since (issue 19).
 */
export function stepForm(
  deps: Pick<StepInputDeps, 'definitions'>,
  instance: Pick<InstanceRecord, 'definitionKey' | 'version'>,
  formKey: string | undefined,
): Promise<FormSchema | null> {
  return formKey ? deps.definitions.form(instance.definitionKey, instance.version, formKey) : Promise.resolve(null);
}

/**
 * Accepts a submission for one step of an instance (completing its task, or correcting the
 * decision it recorded): the step's form and its element on the instance's version decide, and
 * the step's guards read the case's own records.
 */
export async function acceptStepInput(
  deps: StepInputDeps,
  step: { instance: InstanceRecord; elementId: string; formKey?: string | undefined; document: CaseDocument },
  submitted: Variables,
): Promise<{ accepted: Variables; element: ElementModel | undefined }> {
  const model = await deps.definitions.model(step.instance.definitionKey, step.instance.version);
  const element = model.elements.get(step.elementId);
  const accepted = acceptTaskInput({
    form: await stepForm(deps, step.instance, step.formKey),
    element,
    submitted,
    known: step.instance.variables,
    clock: deps.clock,
    step: { definitionKey: step.instance.definitionKey, records: caseRecords(step.document) },
  });
  return { accepted, element };
}

/**
 * The variables a task's form is filled with: the instance's, the values of read-only fields the
 * diagram derives for this step (its camunda:outputParameter, evaluated as if it completed now,
 * so the form shows what the diagram decides instead of repeating it), and as `dossier` what the
 * step's rules read from the case's records.
 */
export async function taskFormVariables(
  deps: StepInputDeps,
  step: { instance: InstanceRecord; elementId: string; formKey?: string | undefined; document: CaseDocument },
): Promise<{ form: FormSchema | null; variables: Variables }> {
  const { instance, elementId } = step;
  const known = instance.variables;
  const model = await deps.definitions.model(instance.definitionKey, instance.version);
  const element = model.elements.get(elementId);
  const form = await stepForm(deps, instance, step.formKey);
  const shown = new Set(form ? readonlyKeys(form.components) : []);
  const derived: Variables = {};
  for (const parameter of element?.outputParameters ?? []) {
    if (!shown.has(parameter.name)) continue;
    try {
      derived[parameter.name] = feelToJson(evaluateFeel(parameter.expression, { ...known, ...derived }, deps.clock));
    } catch {
      // A value the diagram can only derive from the form's input is shown once it is recorded.
    }
  }
  const context = ruleContext(deps.clock, known, {}, caseRecords(step.document));
  const dossier = {
    ...(element?.decisionKind ? decisionFacts(element.decisionKind, context) : {}),
    ...stepFacts(instance.definitionKey, elementId, context),
  };
  return { form, variables: { ...known, ...derived, ...(Object.keys(dossier).length > 0 ? { dossier } : {}) } };
}

/**
 * Turns what a user submitted into the variables a step hands to the engine: checked against the
 * step's form (400, one problem per field), then against the rules of the decision it records
 * (422), then completed with the variables the diagram derives (camunda:outputParameter).
 */
export function acceptTaskInput(input: {
  form: FormSchema | null;
  element: ElementModel | undefined;
  submitted: Variables;
  known: Variables;
  clock: Clock;
  /** The step's process and the case's records, for the step's guards; absent for a start form. */
  step?: { definitionKey: string; records: CaseRecords };
}): Variables {
  const { form, element, submitted, known, clock, step } = input;
  let accepted = submitted;
  if (form) {
    const validation = validateForm(form, submitted, known, clock);
    if (validation.problems.length > 0) {
      throw new InvalidInputError(
        summary(validation.problems.length, 'veld is niet goed ingevuld', 'velden zijn niet goed ingevuld'),
        validation.problems,
      );
    }
    accepted = validation.values;
  }
  const merged = { ...known, ...accepted };
  const context = ruleContext(clock, known, accepted, step?.records ?? NO_RECORDS);
  if (element?.decisionKind) {
    const problems = decisionProblems(element.decisionKind, context);
    if (problems.length > 0) {
      throw new RuleViolationError(
        'decision',
        summary(problems.length, 'regel staat dit besluit niet toe', 'regels staan dit besluit niet toe'),
        problems,
      );
    }
  }
  if (step && element) {
    const problems = stepProblems(step.definitionKey, element.id, context);
    if (problems.length > 0) {
      throw new RuleViolationError(
        'decision',
        summary(problems.length, 'regel staat deze stap niet toe', 'regels staan deze stap niet toe'),
        problems,
      );
    }
  }
  const derived: Variables = {};
  for (const parameter of element?.outputParameters ?? []) {
    derived[parameter.name] = feelToJson(evaluateFeel(parameter.expression, { ...merged, ...derived }, clock));
  }
  return { ...accepted, ...derived };
}

const NO_RECORDS: CaseRecords = { decisions: [], tasks: [], instances: {} };

function caseRecords(document: CaseDocument): CaseRecords {
  return { decisions: document.decisions ?? [], tasks: Object.values(document.tasks), instances: document.instances };
}

function ruleContext(clock: Clock, known: Variables, accepted: Variables, records: CaseRecords): RuleContext {
  return {
    variables: { ...known, ...accepted },
    recorded: known,
    submitted: accepted,
    records,
    today: amsterdamDay(clock.now()),
  };
}

/** Keys of a form's read-only top-level fields (also in groups without a path): what it shows but does not ask. */
function readonlyKeys(components: JsonValue | undefined): string[] {
  if (!Array.isArray(components)) return [];
  return components.flatMap((component) => {
    if (typeof component !== 'object' || component === null || Array.isArray(component)) return [];
    const own = component.readonly === true && typeof component.key === 'string' ? [component.key] : [];
    return [...own, ...(component.path === undefined ? readonlyKeys(component.components) : [])];
  });
}

function summary(count: number, one: string, many: string): string {
  return count === 1 ? `1 ${one}.` : `${count} ${many}.`;
}
