import type { FormSchema, Variables } from '../contract/api';
import { decisionProblems } from '../decisions/decision-rules';
import type { ElementModel } from '../definitions/process-model';
import { evaluateFeel, feelToJson } from '../engine/expressions';
import { validateForm } from '../forms/form-validator';
import { badRequest, ruleBroken } from '../http/problem';
import type { Clock } from '../time/clock';

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
      throw badRequest(
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
      throw ruleBroken(
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
