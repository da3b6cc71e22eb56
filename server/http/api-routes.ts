import express, { type Request, Router } from 'express';
import { canWorkOnTask, hasRole } from '../auth/access';
import { LoginThrottle } from '../auth/login-throttle';
import type { SessionService } from '../auth/session-service';
import type { CaseQueries } from '../cases/case-queries';
import type { CaseService } from '../cases/case-service';
import type {
  DefinitionVersion,
  ElementInstances,
  Health,
  InstanceState,
  LoginRequest,
  MigrationCheck,
  MigrationResult,
  QuarantinedFile,
  SessionInfo,
  StartInstanceRequest,
  TaskDetail,
  TaskScope,
  Variables,
} from '../contract/api';
import type { DefinitionRegistry } from '../definitions/definition-registry';
import type { FormRepository } from '../forms/form-repository';
import type { Clock } from '../time/clock';
import { jsonBody, noStore, requireUser, route, SESSION_COOKIE } from './middleware';
import { createOpenApiDocument } from './openapi';
import { badRequest, forbidden, notFound, tooManyRequests, unauthorized } from './problem';

export interface ApiDeps {
  sessions: SessionService;
  cases: CaseService;
  queries: CaseQueries;
  definitions: DefinitionRegistry;
  forms: FormRepository;
  clock: Clock;
  version: string;
  secureCookies: boolean;
  sessionHours: number;
  /** Called after a logout, to close the session's live connections. */
  onLogout: (sessionId: string) => void;
  /** Case files set aside at start-up; a beheerder sees them on the health check. */
  quarantined: () => QuarantinedFile[];
  /** Moves the test clock and fires due timers; undefined unless TEST_CLOCK=1. */
  advanceClock?: (durationIso: string) => Promise<string>;
}

/** The REST contract of ../shared/API.md. */
export function apiRoutes(deps: ApiDeps): Router {
  const api = Router();
  const throttle = new LoginThrottle();
  const json = jsonBody('1mb');
  const xml = express.text({ type: ['application/xml', 'text/xml', 'application/bpmn+xml'], limit: '5mb' });

  api.get('/health', (request, response) => {
    const health: Health = { status: 'ok', version: deps.version };
    // An operator's detail: anyone else learns no more than that the server runs.
    if (request.user && hasRole(request.user, 'beheerder')) health.quarantined = deps.quarantined();
    response.json(health);
  });
  api.get('/openapi.json', (_request, response) => {
    response.json(createOpenApiDocument(deps.version));
  });
  // Everything below may carry case data (or a session): never cached.
  api.use(noStore);

  // ---- Session ----
  api.post(
    '/session',
    json,
    route(async (request, response) => {
      const { username, password } = (request.body ?? {}) as Partial<LoginRequest>;
      if (typeof username !== 'string' || typeof password !== 'string' || !username || !password) {
        throw badRequest('Vul gebruikersnaam en wachtwoord in.', [
          ...(typeof username === 'string' && username
            ? []
            : [{ path: 'username', code: 'required', message: 'Gebruikersnaam is verplicht.' }]),
          ...(typeof password === 'string' && password
            ? []
            : [{ path: 'password', code: 'required', message: 'Wachtwoord is verplicht.' }]),
        ]);
      }
      if (username.length > throttle.maxUsernameLength || password.length > MAX_PASSWORD_LENGTH) {
        throw badRequest('Gebruikersnaam of wachtwoord is te lang.', [
          ...(username.length > throttle.maxUsernameLength
            ? [{ path: 'username', code: 'max-length', message: `Hoogstens ${throttle.maxUsernameLength} tekens.` }]
            : []),
          ...(password.length > MAX_PASSWORD_LENGTH
            ? [{ path: 'password', code: 'max-length', message: `Hoogstens ${MAX_PASSWORD_LENGTH} tekens.` }]
            : []),
        ]);
      }
      // Reserved before the password check, so parallel guesses are counted before they run.
      const attempt = throttle.reserve(username, request.ip ?? request.socket.remoteAddress ?? 'onbekend');
      if (!attempt.allowed) {
        const seconds = Math.ceil(attempt.retryAfterMs / 1000);
        response.setHeader('Retry-After', String(seconds));
        const minutes = Math.ceil(seconds / 60);
        throw tooManyRequests(
          attempt.scope === 'address'
            ? `Te veel mislukte pogingen vanaf dit adres. Probeer het over ${minutes} minuten opnieuw.`
            : `Te veel mislukte pogingen voor deze gebruiker. Probeer het over ${minutes} minuten opnieuw.`,
        );
      }
      if (attempt.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, attempt.delayMs));
      const result = await deps.sessions.login(username, password);
      if (!result) throw unauthorized('Gebruikersnaam of wachtwoord klopt niet.');
      attempt.succeeded();
      response.cookie(SESSION_COOKIE, result.sessionId, {
        httpOnly: true,
        sameSite: 'strict',
        secure: deps.secureCookies,
        path: '/',
        maxAge: deps.sessionHours * 3600_000,
      });
      response.json(result.info satisfies SessionInfo);
    }),
  );
  api.get('/session', (request, response) => {
    if (!request.user || !request.csrfToken) throw unauthorized();
    response.json({ user: request.user, csrfToken: request.csrfToken } satisfies SessionInfo);
  });
  api.delete(
    '/session',
    route(async (request, response) => {
      if (request.user) requireUser(request);
      await deps.sessions.logout(request.sessionId);
      if (request.sessionId) deps.onLogout(request.sessionId);
      response.clearCookie(SESSION_COOKIE, { path: '/' });
      response.status(204).end();
    }),
  );

  // ---- Definitions ----
  api.get('/definitions', (request, response) => {
    requireUser(request);
    response.json(deps.definitions.list(request.query.all === 'true'));
  });
  api.get(
    '/definitions/:key/versions/:version/xml',
    route(async (request, response) => {
      requireUser(request);
      const xmlText = await deps.definitions.xml(param(request, 'key'), Number(param(request, 'version')));
      if (xmlText === undefined) throw notFound('Deze diagramversie bestaat niet.');
      response.type('application/xml').send(xmlText);
    }),
  );
  api.get('/definitions/:key/versions/:version/statistics', (request, response) => {
    requireUser(request);
    const key = param(request, 'key');
    const version = Number(param(request, 'version'));
    if (!deps.definitions.version(key, version)) throw notFound('Deze diagramversie bestaat niet.');
    response.json(deps.cases.index.statisticsOf(key, version, deps.clock.now()));
  });
  api.get('/definitions/:key/versions/:version/elements/:elementId/instances', (request, response) => {
    const user = requireUser(request);
    const key = param(request, 'key');
    const version = Number(param(request, 'version'));
    if (!deps.definitions.version(key, version)) throw notFound('Deze diagramversie bestaat niet.');
    const limit = Math.min(500, Math.max(1, Number(queryString(request, 'limit') ?? 100) || 100));
    response.json(
      deps.queries.waitingAt(user, key, version, param(request, 'elementId'), limit) satisfies ElementInstances,
    );
  });

  api.get('/definitions/:key/versions', (request, response) => {
    requireUser(request);
    const versions = deps.definitions.versions(param(request, 'key'));
    if (!versions) throw notFound('Dit proces bestaat niet.');
    response.json(versions satisfies DefinitionVersion[]);
  });

  api.post(
    '/definitions',
    xml,
    route(async (request, response) => {
      const user = requireUser(request);
      if (!hasRole(user, 'proceseigenaar')) throw forbidden('Alleen een proceseigenaar kan diagrammen uitrollen.');
      if (typeof request.body !== 'string') throw badRequest('Stuur de BPMN-XML als application/xml.');
      const note = request.query.note;
      if (note !== undefined && (typeof note !== 'string' || note.length > MAX_NOTE_LENGTH)) {
        throw badRequest(`Een uitrolnotitie is één tekst van hoogstens ${MAX_NOTE_LENGTH} tekens.`, [
          { path: 'note', code: 'note', message: `Hoogstens ${MAX_NOTE_LENGTH} tekens.` },
        ]);
      }
      const trimmed = typeof note === 'string' ? note.trim() : '';
      const { created, ...result } = await deps.definitions.deploy(
        request.body,
        user.id,
        trimmed ? { note: trimmed } : {},
      );
      response.status(created ? 201 : 200).json(result);
    }),
  );

  // Migration of running instances to a newer version: process owners only, like deploying.
  api.post(
    '/definitions/:key/migrations/dry-run',
    json,
    route(async (request, response) => {
      requireProcessOwner(request, 'Alleen een proceseigenaar kan instanties migreren.');
      response.json((await deps.cases.dryRunMigration(param(request, 'key'), request.body)) satisfies MigrationCheck[]);
    }),
  );
  api.post(
    '/definitions/:key/migrations',
    json,
    route(async (request, response) => {
      const user = requireProcessOwner(request, 'Alleen een proceseigenaar kan instanties migreren.');
      response.json((await deps.cases.migrate(user, param(request, 'key'), request.body)) satisfies MigrationResult[]);
    }),
  );

  // ---- Instances and cases ----
  api.post(
    '/instances',
    json,
    route(async (request, response) => {
      const user = requireUser(request);
      const body = (request.body ?? {}) as Partial<StartInstanceRequest>;
      const problems = [
        ...(typeof body.definitionKey === 'string' && body.definitionKey
          ? []
          : [{ path: 'definitionKey', code: 'required', message: 'Kies een proces.' }]),
        ...(typeof body.team === 'string' && body.team
          ? []
          : [{ path: 'team', code: 'required', message: 'Kies een team.' }]),
        ...(body.caseId === undefined || typeof body.caseId === 'string'
          ? []
          : [{ path: 'caseId', code: 'type', message: 'caseId moet tekst zijn.' }]),
        ...(body.variables === undefined || isObject(body.variables)
          ? []
          : [{ path: 'variables', code: 'type', message: 'variables moet een object zijn.' }]),
      ];
      if (problems.length > 0) throw badRequest('De aanvraag is niet compleet.', problems);
      const result = await deps.cases.start(user, {
        definitionKey: body.definitionKey!,
        team: body.team!,
        ...(body.caseId ? { caseId: body.caseId } : {}),
        ...(body.variables ? { variables: body.variables } : {}),
      });
      response.status(201).json(result);
    }),
  );
  api.get('/instances', (request, response) => {
    const user = requireUser(request);
    const state = queryString(request, 'state');
    if (state && !['active', 'completed', 'cancelled', 'failed'].includes(state)) {
      throw badRequest(`Onbekende status "${state}".`, [
        { path: 'state', code: 'enum', message: 'Gebruik active of completed.' },
      ]);
    }
    response.json(
      deps.queries.listInstances(user, {
        ...optionalQuery(request, 'caseId'),
        ...optionalQuery(request, 'definitionKey'),
        ...(state ? { state: state as InstanceState } : {}),
      }),
    );
  });
  api.get(
    '/instances/:id',
    route(async (request, response) => {
      response.json(await deps.queries.instanceDetail(requireUser(request), param(request, 'id')));
    }),
  );
  api.get(
    '/instances/:id/xml',
    route(async (request, response) => {
      const summary = deps.queries.visibleInstance(requireUser(request), param(request, 'id'));
      const xmlText = await deps.definitions.xml(summary.definitionKey, summary.version);
      if (xmlText === undefined) throw notFound('Het diagram van deze instantie ontbreekt.');
      response.type('application/xml').send(xmlText);
    }),
  );
  api.get(
    '/instances/:id/history',
    route(async (request, response) => {
      response.json(await deps.queries.history(requireUser(request), param(request, 'id')));
    }),
  );
  api.get('/cases/:caseId', (request, response) => {
    response.json(deps.queries.caseView(requireUser(request), param(request, 'caseId')));
  });
  api.get(
    '/cases/:caseId/history',
    route(async (request, response) => {
      response.json(await deps.queries.caseHistory(requireUser(request), param(request, 'caseId')));
    }),
  );
  api.get(
    '/cases/:caseId/decisions',
    route(async (request, response) => {
      response.json(await deps.queries.decisions(requireUser(request), param(request, 'caseId')));
    }),
  );
  api.post(
    '/cases/:caseId/decisions/:decisionId/corrections',
    json,
    route(async (request, response) => {
      const user = requireUser(request);
      const record = await deps.cases.correctDecision(
        user,
        param(request, 'caseId'),
        param(request, 'decisionId'),
        request.body,
      );
      response.status(201).json(record);
    }),
  );

  // ---- Users ----
  api.get('/users', (request, response) => {
    requireUser(request);
    response.json(deps.sessions.directory());
  });

  // ---- Tasks ----
  api.get('/tasks', (request, response) => {
    const user = requireUser(request);
    const scope = queryString(request, 'scope') ?? 'all';
    if (!['mine', 'group', 'all'].includes(scope)) {
      throw badRequest(`Onbekende scope "${scope}".`, [
        { path: 'scope', code: 'enum', message: 'Gebruik mine, group of all.' },
      ]);
    }
    response.json(
      deps.queries.listTasks(user, {
        scope: scope as TaskScope,
        overdue: queryString(request, 'overdue') === 'true',
        ...optionalQuery(request, 'caseId'),
      }),
    );
  });
  api.get(
    '/tasks/:id',
    route(async (request, response) => {
      const { task, variables } = await deps.queries.taskDetail(requireUser(request), param(request, 'id'));
      const form = task.formKey ? await deps.forms.get(task.formKey) : null;
      response.json({ ...task, form, variables } satisfies TaskDetail);
    }),
  );
  api.get(
    '/tasks/:id/candidates',
    route(async (request, response) => {
      const user = requireUser(request);
      const { task } = await deps.queries.taskDetail(user, param(request, 'id'));
      response.json(deps.sessions.directory().filter((colleague) => canWorkOnTask(colleague, task)));
    }),
  );
  api.post(
    '/tasks/:id/claim',
    route(async (request, response) => {
      response.json(await deps.cases.claim(requireUser(request), param(request, 'id')));
    }),
  );
  api.post(
    '/tasks/:id/unclaim',
    route(async (request, response) => {
      response.json(await deps.cases.unclaim(requireUser(request), param(request, 'id')));
    }),
  );
  api.post(
    '/tasks/:id/assign',
    json,
    route(async (request, response) => {
      const body = (request.body ?? {}) as { userId?: unknown };
      response.json(await deps.cases.assign(requireUser(request), param(request, 'id'), body.userId));
    }),
  );
  api.post(
    '/tasks/:id/complete',
    json,
    route(async (request, response) => {
      const body = (request.body ?? {}) as { variables?: Variables };
      const started = performance.now();
      const summary = await deps.cases.complete(requireUser(request), param(request, 'id'), body.variables);
      // Server-side cost of the action (persisted and broadcast), for benchmarks and monitoring.
      response.setHeader('Server-Timing', `complete;dur=${(performance.now() - started).toFixed(3)}`);
      response.json(summary);
    }),
  );

  // ---- Test clock ----
  if (deps.advanceClock) {
    const advance = deps.advanceClock;
    api.post(
      '/test/clock',
      json,
      route(async (request, response) => {
        requireUser(request);
        const body = (request.body ?? {}) as { advance?: unknown };
        if (typeof body.advance !== 'string') {
          throw badRequest('Geef een ISO 8601-duur op in "advance", bijvoorbeeld P5D.', [
            { path: 'advance', code: 'required', message: 'advance is verplicht.' },
          ]);
        }
        response.json({ now: await advance(body.advance) });
      }),
    );
  }

  api.use((_request) => {
    throw notFound('Deze API-route bestaat niet.');
  });
  return api;
}

const MAX_NOTE_LENGTH = 500;
/** Far beyond any passphrase; keeps hashing cheap for whatever a client sends. */
const MAX_PASSWORD_LENGTH = 1024;

function requireProcessOwner(request: Request, refusal: string) {
  const user = requireUser(request);
  if (!hasRole(user, 'proceseigenaar')) throw forbidden(refusal);
  return user;
}

/** Ids, keys and versions are short; a longer path parameter is a wrong address, refused before any lookup. */
const MAX_PARAM_LENGTH = 200;

function param(request: Request, name: string): string {
  const value = request.params[name];
  if (typeof value !== 'string') return '';
  if (value.length > MAX_PARAM_LENGTH) {
    throw badRequest(`Het adres is ongeldig: "${name}" is langer dan ${MAX_PARAM_LENGTH} tekens.`, [
      { path: name, code: 'max-length', message: `Hoogstens ${MAX_PARAM_LENGTH} tekens.` },
    ]);
  }
  return value;
}

function queryString(request: Request, name: string): string | undefined {
  const value = request.query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function optionalQuery<K extends string>(request: Request, name: K): Partial<Record<K, string>> {
  const value = queryString(request, name);
  return value === undefined ? {} : ({ [name]: value } as Record<K, string>);
}

function isObject(value: unknown): value is Variables {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
