import type { FormSchema, Variables } from '../contract/api';
import { decisionProblems } from '../decisions/decision-rules';
import type { DefinitionRegistry } from '../definitions/definition-registry';
import type { ElementModel } from '../definitions/process-model';
import { InvalidInputError, RuleViolationError } from '../domain/errors';
import { evaluateFeel, feelToJson } from '../engine/expressions';
import type { FormRepository } from '../forms/form-repository';
import { validateForm } from '../forms/form-validator';
import type { InstanceRecord } from '../store/store';
import type { Clock } from '../time/clock';

export interface StepInputDeps {
  definitions: DefinitionRegistry;
  forms: FormRepository;
  clock: Clock;
}

/**
 * Accepts a submission for one step of an instance (completing its task, or correcting the
 * decision it recorded): the step's form and its element on the instance's version decide.
 */
export async function acceptStepInput(
  deps: StepInputDeps,
  step: { instance: InstanceRecord; elementId: string; formKey?: string | undefined },
  submitted: Variables,
): Promise<{ accepted: Variables; element: ElementModel | undefined }> {
  const model = await deps.definitions.model(step.instance.definitionKey, step.instance.version);
  const element = model.elements.get(step.elementId);
  const accepted = acceptTaskInput({
    form: step.formKey ? await deps.forms.get(step.formKey) : null,
    element,
    submitted,
    known: step.instance.variables,
    clock: deps.clock,
  });
  return { accepted, element };
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
}): Variables {
  const { form, element, submitted, known, clock } = input;
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
  if (element?.decisionKind) {
    const problems = decisionProblems(element.decisionKind, merged);
    if (problems.length > 0) {
      throw new RuleViolationError(
        'decision',
        summary(problems.length, 'regel staat dit besluit niet toe', 'regels staan dit besluit niet toe'),
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

function summary(count: number, one: string, many: string): string {
  return count === 1 ? `1 ${one}.` : `${count} ${many}.`;
}
