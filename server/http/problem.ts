import type { ProblemItem } from '../contract/api';

/**
 * An error meant for the client: it becomes an RFC 9457 problem+json answer. `title` and
 * `detail` are shown to users, so they are Dutch; `code`s are stable and English.
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly problems?: ProblemItem[],
  ) {
    super(detail ?? title);
    this.name = 'ProblemError';
  }

  static isProblem(error: unknown): error is ProblemError {
    return error instanceof ProblemError;
  }
}

export const badRequest = (detail: string, problems?: ProblemItem[]) =>
  new ProblemError(400, 'Ongeldige invoer', detail, problems);
export const unauthorized = (detail = 'Log eerst in.') => new ProblemError(401, 'Niet ingelogd', detail);
export const forbidden = (detail: string) => new ProblemError(403, 'Niet toegestaan', detail);
export const notFound = (detail: string) => new ProblemError(404, 'Niet gevonden', detail);
export const conflict = (detail: string) => new ProblemError(409, 'Conflict', detail);
export const tooManyRequests = (detail: string) => new ProblemError(429, 'Te veel pogingen', detail);
export const tooLarge = (detail: string) => new ProblemError(413, 'Te groot', detail);
export const unprocessable = (detail: string, problems: ProblemItem[]) =>
  new ProblemError(422, 'Diagram voldoet niet aan de regels', detail, problems);
/** A well-formed submission that breaks a rule of the domain, e.g. an MDO decision without consent. */
export const ruleBroken = (detail: string, problems: ProblemItem[]) =>
  new ProblemError(422, 'Voldoet niet aan de regels', detail, problems);
