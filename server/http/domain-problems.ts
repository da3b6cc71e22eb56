import type { AnyDomainError, RuleSet } from '../domain/errors';
import { badRequest, conflict, forbidden, notFound, ProblemError } from './problem';

/** A broken rule is 422; the title says whose rules. */
const RULE_TITLES: Record<RuleSet, string> = {
  diagram: 'Diagram voldoet niet aan de regels',
  form: 'Formulier voldoet niet aan de regels',
  mapping: 'Koppeling voldoet niet aan de regels',
  decision: 'Voldoet niet aan de regels',
};

/**
 * The one place where the domain's refusals become HTTP: a status and a (Dutch) problem title per
 * kind of error; the error's message becomes the detail and its problems are passed on as they are.
 */
export function problemOfDomainError(error: AnyDomainError): ProblemError {
  switch (error.code) {
    case 'not-found':
      return notFound(error.message, error.problems);
    case 'forbidden':
      return forbidden(error.message, error.problems);
    case 'conflict':
      return conflict(error.message, error.problems);
    case 'invalid-input':
      return badRequest(error.message, error.problems);
    case 'rule-violation':
      return new ProblemError(422, RULE_TITLES[error.rules], error.message, error.problems);
  }
}
