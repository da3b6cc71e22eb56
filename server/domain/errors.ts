import type { ProblemItem } from '../contract/api';

export type DomainErrorCode = 'not-found' | 'forbidden' | 'conflict' | 'invalid-input' | 'rule-violation';

/**
 * Errors of the domain: a request the domain refuses, said in the domain's terms. They know
 * nothing of HTTP; the HTTP edge (server/http/domain-problems.ts) turns each into its problem+json
 * answer. `message` is shown to users, so it is Dutch; `code` is stable and English; `problems`
 * name the field or element each problem is about.
 */
export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;

  constructor(
    message: string,
    readonly problems?: ProblemItem[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** What is asked for does not exist, or the user may not know it exists (need-to-know). */
export class NotFoundError extends DomainError {
  readonly code = 'not-found';
}

/** The user is known, but this is not theirs to do. */
export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
}

/** The request meets a state that does not allow it (already done, held by someone else). */
export class ConflictError extends DomainError {
  readonly code = 'conflict';
}

/** The input is not what the action takes: its shape, or the value of one or more fields. */
export class InvalidInputError extends DomainError {
  readonly code = 'invalid-input';
}

/** Which rules a well-formed request broke: a diagram's, a form's, a migration mapping's, or a decision's. */
export type RuleSet = 'diagram' | 'form' | 'mapping' | 'decision';

/** A well-formed request that breaks rules of the domain; every problem names its element or field. */
export class RuleViolationError extends DomainError {
  readonly code = 'rule-violation';

  constructor(
    readonly rules: RuleSet,
    message: string,
    override readonly problems: ProblemItem[],
  ) {
    super(message, problems);
  }
}

/** Every domain error there is; `code` tells them apart. */
export type AnyDomainError = NotFoundError | ForbiddenError | ConflictError | InvalidInputError | RuleViolationError;

export function isDomainError(error: unknown): error is AnyDomainError {
  return error instanceof DomainError;
}
