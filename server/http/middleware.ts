import { parseCookie } from 'cookie';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { SessionService } from '../auth/session-service';
import type { Problem, User } from '../contract/api';
import { isDomainError } from '../domain/errors';
import { StorageUnavailableError } from '../store/storage-error';
import { problemOfDomainError } from './domain-problems';
import { badRequest, forbidden, ProblemError, tooLarge, unauthorized } from './problem';

export const SESSION_COOKIE = 'casusregie.sid';

declare module 'express-serve-static-core' {
  interface Request {
    user?: User;
    csrfToken?: string;
    sessionId?: string;
  }
}

/**
 * The value of one cookie, or undefined when the header or the value is malformed: a cookie is
 * client input, and a broken one means "no session", never an error.
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (typeof header !== 'string' || header === '') return undefined;
  try {
    return parseCookie(header, { decode: decodeOrUndefined })[name];
  } catch {
    return undefined;
  }
}

function decodeOrUndefined(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** Attaches the session's user, if any, to the request. */
export function sessionMiddleware(sessions: SessionService): RequestHandler {
  return (request, _response, next) => {
    const sessionId = readCookie(request.headers.cookie, SESSION_COOKIE);
    const resolved = sessions.resolve(sessionId);
    if (resolved && sessionId) {
      request.user = resolved.user;
      request.csrfToken = resolved.csrfToken;
      request.sessionId = sessionId;
    }
    next();
  };
}

/** Every change needs a session and, against cross-site requests, the session's CSRF token. */
export function requireUser(request: Request): User {
  if (!request.user) throw unauthorized();
  if (request.method !== 'GET' && request.method !== 'HEAD' && request.get('X-CSRF-Token') !== request.csrfToken) {
    throw forbidden('Het CSRF-token ontbreekt of klopt niet; log opnieuw in.');
  }
  return request.user;
}

/** Wraps an async route so its errors reach the problem handler. */
export function route(handler: (request: Request, response: Response) => Promise<unknown> | unknown): RequestHandler {
  return (request, response, next) => {
    Promise.resolve()
      .then(() => handler(request, response))
      .catch(next);
  };
}

/** Turns every error into problem+json; unknown errors are logged and never shown to clients. */
export function problemHandler(error: unknown, request: Request, response: Response, _next: NextFunction): void {
  // The domain refuses in its own terms; here, at the edge, each refusal gets its HTTP status.
  const known = isDomainError(error)
    ? problemOfDomainError(error)
    : ProblemError.isProblem(error)
      ? error
      : isBodyParserError(error)
        ? problemOfBodyParserError(error)
        : StorageUnavailableError.is(error)
          ? storageProblem(request, error)
          : undefined;
  if (!known) console.error(`${request.method} ${request.originalUrl} failed`, error);
  const problem: Problem = known
    ? {
        type: 'about:blank',
        title: known.title,
        status: known.status,
        ...(known.detail ? { detail: known.detail } : {}),
        ...(known.problems ? { problems: known.problems } : {}),
      }
    : {
        type: 'about:blank',
        title: 'Interne fout',
        status: 500,
        detail: 'Er ging iets mis op de server. Probeer het opnieuw.',
      };
  response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

/** A body the parser refused: too large, or not readable (e.g. broken JSON). */
function problemOfBodyParserError(error: { type: string; limit?: unknown }): ProblemError {
  if (error.type !== 'entity.too.large') {
    return badRequest('De inhoud van het verzoek kan niet worden gelezen (ongeldige JSON?).');
  }
  const limit = typeof error.limit === 'number' ? ` (hoogstens ${formatBytes(error.limit)})` : '';
  return tooLarge(`Het verzoek is te groot${limit}.`);
}

/** Not the client's fault and not a bug: nothing was stored, and trying again later may work. */
function storageProblem(request: Request, error: StorageUnavailableError): ProblemError {
  console.error(`${request.method} ${request.originalUrl}: storage unavailable`, error);
  return new ProblemError(503, 'Opslag niet beschikbaar', error.userDetail);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} kB`;
}

function isBodyParserError(error: unknown): error is { type: string; status: number; limit?: unknown } {
  return (
    typeof error === 'object' &&
    error !== null &&
    'type' in error &&
    typeof (error as { type: unknown }).type === 'string' &&
    'status' in error
  );
}
