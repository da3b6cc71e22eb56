import type { ProblemItem } from '../contract/api';

/**
 * An error of the HTTP layer itself (session, CSRF, request shape at the routes): it becomes an
 * RFC 9457 problem+json answer. The domain throws its own errors (server/domain/errors.ts),
 * which domain-problems.ts maps onto this. `title` and `detail` are shown to users, so they are
 * Dutch; `code`s are stable and English.
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
export const forbidden = (detail: string, problems?: ProblemItem[]) =>
  new ProblemError(403, 'Niet toegestaan', detail, problems);
export const notFound = (detail: string, problems?: ProblemItem[]) =>
  new ProblemError(404, 'Niet gevonden', detail, problems);
export const conflict = (detail: string, problems?: ProblemItem[]) =>
  new ProblemError(409, 'Conflict', detail, problems);
export const tooManyRequests = (detail: string) => new ProblemError(429, 'Te veel pogingen', detail);
export const tooLarge = (detail: string) => new ProblemError(413, 'Te groot', detail);
