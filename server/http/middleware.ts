import { parseCookie } from 'cookie';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { origin, runWithOrigin } from '../audit/request-context';
import type { SessionService } from '../auth/session-service';
import type { Problem, User } from '../contract/api';
import { isDomainError } from '../domain/errors';
import { StorageUnavailableError } from '../store/storage-error';
import { problemOfDomainError } from './domain-problems';
import { badRequest, forbidden, ProblemError, unauthorized } from './problem';

export const SESSION_COOKIE = 'casusregie.sid';

/**
 * Hands a new session to the browser, the same way for every login (password or the municipality's
 * identity provider): httpOnly and SameSite=Strict, so scripts and other sites cannot use it.
 */
export function setSessionCookie(
  response: Response,
  sessionId: string,
  options: { secureCookies: boolean; sessionHours: number },
): void {
  response.cookie(SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: 'strict',
    secure: options.secureCookies,
    path: '/',
    maxAge: options.sessionHours * 3600_000,
  });
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: User;
    csrfToken?: string;
    sessionId?: string;
    /** The session's user logged in with a one-time password that must change first. */
    mustChangePassword?: boolean;
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
    const attach = () => {
      const resolved = sessions.resolve(sessionId);
      if (resolved && sessionId) {
        request.user = resolved.user;
        request.csrfToken = resolved.csrfToken;
        request.sessionId = sessionId;
        if (resolved.mustChangePassword) request.mustChangePassword = true;
      }
      next();
    };
    // A login on another node of the same store counts here too: its session is in the store.
    if (sessions.mustRecall(sessionId)) sessions.recall(sessionId).then(attach, next);
    else attach();
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

/**
 * Wraps an async route so its errors reach the problem handler. The route runs with its request's
 * origin (client address as TRUST_PROXY allows, session reference) for the access log; set here,
 * after any body parser, because a parser's stream events would lose an earlier context.
 */
export function route(handler: (request: Request, response: Response) => Promise<unknown> | unknown): RequestHandler {
  return (request, response, next) => {
    runWithOrigin(origin(request.ip, request.sessionId), () =>
      Promise.resolve()
        .then(() => handler(request, response))
        .catch(next),
    );
  };
}

/** How deep a JSON body may nest: far beyond any form, and shallow enough for every recursion over it. */
export const MAX_JSON_DEPTH = 32;

/**
 * Parses a JSON body and refuses one nested deeper than MAX_JSON_DEPTH with 400, before any
 * code recurses over it (a body nested 10,000 deep would overflow the stack further on).
 */
export function jsonBody(limit: string): RequestHandler[] {
  return [
    express.json({ limit }),
    (request, _response, next) => {
      const tooDeep = findTooDeep(request.body);
      if (tooDeep === undefined) return next();
      next(
        badRequest(`De inhoud van het verzoek is dieper genest dan ${MAX_JSON_DEPTH} niveaus.`, [
          { path: tooDeep, code: 'depth', message: `Hoogstens ${MAX_JSON_DEPTH} niveaus diep.` },
        ]),
      );
    },
  ];
}

/** The top-level path under which a value nests too deep, or undefined; iterative, so never itself too deep. */
function findTooDeep(body: unknown): string | undefined {
  const stack: Array<{ value: unknown; depth: number; top: string }> = [{ value: body, depth: 0, top: '' }];
  while (stack.length > 0) {
    const { value, depth, top } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) return top;
    for (const [key, child] of Object.entries(value)) {
      stack.push({ value: child, depth: depth + 1, top: depth === 0 ? key : top });
    }
  }
  return undefined;
}

/** Case data must not linger in browser or proxy caches. */
export const noStore: RequestHandler = (_request, response, next) => {
  response.setHeader('Cache-Control', 'no-store');
  next();
};

const CLIENT_ERROR_TITLES: Record<number, string> = {
  400: 'Ongeldige invoer',
  401: 'Niet ingelogd',
  403: 'Niet toegestaan',
  404: 'Niet gevonden',
  405: 'Methode niet toegestaan',
  406: 'Niet aanvaardbaar',
  409: 'Conflict',
  411: 'Lengte ontbreekt',
  413: 'Te groot',
  414: 'Adres te lang',
  415: 'Niet-ondersteund formaat',
  429: 'Te veel pogingen',
  431: 'Headers te groot',
};

/**
 * No id, search or other part of an address ever holds a NUL character, and PostgreSQL cannot
 * even compare text with one: an address with `%00` is refused as bad input before any route.
 */
export function refuseNulInAddress(request: Request, _response: Response, next: NextFunction): void {
  if (/%00/i.test(request.originalUrl)) {
    next(
      new ProblemError(
        400,
        'Ongeldig verzoek',
        'Het adres bevat een NUL-teken (%00); dat komt in geen enkel adres voor.',
      ),
    );
    return;
  }
  next();
}

/**
 * Turns every error into problem+json. Client errors (a ProblemError, a URIError from decoding
 * client input, any error of express, body-parser or http-errors that carries a 4xx status) get
 * their 4xx; unknown errors are logged and never shown to clients.
 */
export function problemHandler(error: unknown, request: Request, response: Response, next: NextFunction): void {
  if (response.headersSent) {
    next(error);
    return;
  }
  const problem = toProblem(request, error);
  if (problem.status >= 500 && problem.status !== 503)
    console.error(`${request.method} ${request.originalUrl.slice(0, 500)} failed`, error);
  response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

function toProblem(request: Request, error: unknown): Problem {
  // The domain refuses in its own terms; here, at the edge, each refusal gets its HTTP status.
  const known = isDomainError(error)
    ? problemOfDomainError(error)
    : StorageUnavailableError.is(error)
      ? storageProblem(request, error)
      : ProblemError.isProblem(error)
        ? error
        : undefined;
  if (known) {
    return {
      type: 'about:blank',
      title: known.title,
      status: known.status,
      ...(known.detail ? { detail: known.detail } : {}),
      ...(known.problems ? { problems: known.problems } : {}),
    };
  }
  const status = clientErrorStatus(error);
  if (status === undefined) {
    return {
      type: 'about:blank',
      title: 'Interne fout',
      status: 500,
      detail: 'Er ging iets mis op de server. Probeer het opnieuw.',
    };
  }
  return {
    type: 'about:blank',
    title: CLIENT_ERROR_TITLES[status] ?? 'Ongeldig verzoek',
    status,
    detail: clientErrorDetail(error, status),
  };
}

function clientErrorStatus(error: unknown): number | undefined {
  if (error instanceof URIError) return 400;
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  const found = typeof status === 'number' ? status : statusCode;
  return typeof found === 'number' && Number.isInteger(found) && found >= 400 && found < 500 ? found : undefined;
}

function clientErrorDetail(error: unknown, status: number): string {
  if (error instanceof URIError) return 'Het adres of de invoer bevat een ongeldige %-codering.';
  const { type, limit } = error as { type?: unknown; limit?: unknown };
  switch (type) {
    case 'entity.too.large':
      return `Het verzoek is te groot${typeof limit === 'number' ? ` (hoogstens ${formatBytes(limit)})` : ''}.`;
    case 'entity.parse.failed':
      return 'De inhoud van het verzoek kan niet worden gelezen (ongeldige JSON?).';
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return 'De tekenset of compressie van het verzoek wordt niet ondersteund.';
    case 'request.aborted':
    case 'request.size.invalid':
      return 'Het verzoek kwam niet volledig aan.';
    default:
      return status === 413 ? 'Het verzoek is te groot.' : 'Het verzoek kan niet worden verwerkt.';
  }
}

/** Not the client's fault and not a bug: nothing was stored, and trying again later may work. */
function storageProblem(request: Request, error: StorageUnavailableError): ProblemError {
  console.error(`${request.method} ${request.originalUrl}: storage unavailable`, error);
  return new ProblemError(503, 'Opslag niet beschikbaar', error.userDetail);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} kB`;
}
