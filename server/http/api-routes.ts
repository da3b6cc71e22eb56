import type { Static, TObject, TProperties, TSchema } from '@sinclair/typebox';
import express, { type Request, type Response, Router } from 'express';
import type { AccountService } from '../accounts/account-service';
import { canWorkOnTask, hasRole } from '../auth/access';
import { LoginThrottle } from '../auth/login-throttle';
import type { OidcLogin } from '../auth/oidc/oidc-login';
import type { SessionService } from '../auth/session-service';
import type { CaseQueries } from '../cases/case-queries';
import type { CaseService } from '../cases/case-service';
import type { TeamRegistry } from '../cases/team-registry';
import { retryIncident } from '../cases/timer-firing';
import type {
  CaseList,
  CaseSummary,
  ClockResponse,
  DefinitionVersion,
  ElementInstances,
  Health,
  MigrationCheck,
  MigrationResult,
  PossibleDuplicates,
  ProcessIncident,
  QuarantinedFile,
  SessionInfo,
  StartForm,
  StartInstanceRequest,
  TaskDetail,
  User,
} from '../contract/api';
import { expressPath, ROUTES, type RouteName, type RouteSpec } from '../contract/routes';
import type { DefinitionRegistry } from '../definitions/definition-registry';
import type { FiguresService } from '../figures/figures-service';
import type { FormRepository } from '../forms/form-repository';
import type { NotificationService } from '../notifications/notification-service';
import type { AccessLog } from '../store/store';
import type { Clock } from '../time/clock';
import { accessLogHandlers } from './access-log-routes';
import { accountHandlers } from './account-routes';
import { figureHandlers } from './figures-routes';
import { jsonBody, noStore, requireUser, route, SESSION_COOKIE } from './middleware';
import { notificationHandlers } from './notification-routes';
import { oidcHandlers } from './oidc-routes';
import { createOpenApiDocument } from './openapi';
import { badRequest, forbidden, notFound, ProblemError, tooManyRequests, unauthorized } from './problem';
import { queryOf, validate } from './validation';

export interface ApiDeps {
  sessions: SessionService;
  cases: CaseService;
  queries: CaseQueries;
  definitions: DefinitionRegistry;
  forms: FormRepository;
  teams: TeamRegistry;
  accounts: AccountService;
  figures: FiguresService;
  notifications: NotificationService;
  clock: Clock;
  /** The NEN 7513 access log, searched and checked by the privacy officer. */
  accessLog: AccessLog;
  version: string;
  secureCookies: boolean;
  sessionHours: number;
  /** Called after a logout, to close the session's live connections. */
  onLogout: (sessionId: string) => void;
  /** Case files set aside at start-up; a beheerder sees them on the health check. */
  quarantined: () => QuarantinedFile[];
  /** Login with the municipality's identity provider; undefined when not configured. */
  oidc?: OidcLogin;
  /** Moves the test clock and fires due timers; undefined unless TEST_CLOCK=1. */
  advanceClock?: (durationIso: string) => Promise<string>;
}

type Routes = typeof ROUTES;

/** What a handler gets: the caller and the request's parts, each checked against the route table. */
interface Input<R> {
  user: R extends { access: 'user' } ? User : User | undefined;
  params: R extends { params: TObject<infer P extends TProperties> }
    ? { [K in keyof P]: string }
    : Record<string, never>;
  query: R extends { query: infer Q extends TSchema } ? Static<Q> : Record<string, never>;
  body: R extends { body: { schema: infer B extends TSchema } } ? Static<B> : undefined;
}

export type Handler<R> = (input: Input<R>, request: Request, response: Response) => unknown;

/** One handler per route of the table; a test-clock route only when the clock can be moved. */
export type Handlers = {
  [N in RouteName]: Routes[N] extends { testClockOnly: true } ? Handler<Routes[N]> | undefined : Handler<Routes[N]>;
};

/** The REST contract of ../shared/API.md: the routes of server/contract/routes.ts, implemented. */
export function apiRoutes(deps: ApiDeps): Router {
  const api = Router();
  // On the server's clock, like sessions: the test clock moves both.
  const throttle = new LoginThrottle({ now: () => deps.clock.now().getTime() });
  const parsers = {
    'application/json': jsonBody('1mb'),
    'application/xml': express.text({ type: ['application/xml', 'text/xml', 'application/bpmn+xml'], limit: '5mb' }),
  };

  const advanceClock = deps.advanceClock;

  const handlers: Handlers = {
    // ---- Session ----
    login: async ({ body: { username, password } }, request, response) => {
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
    },
    getSession: ({ user }, request, response) => {
      if (!request.csrfToken) throw unauthorized();
      response.json({
        user,
        csrfToken: request.csrfToken,
        ...(request.mustChangePassword ? { mustChangePassword: true } : {}),
      } satisfies SessionInfo);
    },
    logout: async (_input, request, response) => {
      await deps.sessions.logout(request.sessionId);
      if (request.sessionId) deps.onLogout(request.sessionId);
      response.clearCookie(SESSION_COOKIE, { path: '/' });
      response.status(204).end();
    },
    ...oidcHandlers({
      oidc: deps.oidc,
      sessions: deps.sessions,
      secureCookies: deps.secureCookies,
      sessionHours: deps.sessionHours,
    }),

    // ---- Definitions ----
    listDefinitions: ({ query }, _request, response) => {
      response.json(deps.definitions.list(query.all === 'true') satisfies DefinitionVersion[]);
    },
    deployDefinition: async ({ user, query, body }, _request, response) => {
      const note = query.note?.trim();
      const { created, ...result } = await deps.definitions.deploy(body, user.id, note ? { note } : {});
      response.status(created ? 201 : 200).json(result);
    },
    listDefinitionVersions: ({ params }, _request, response) => {
      const versions = deps.definitions.versions(params.key);
      if (!versions) throw notFound('Dit proces bestaat niet.');
      response.json(versions satisfies DefinitionVersion[]);
    },
    getDefinitionXml: async ({ params }, _request, response) => {
      const xmlText = await deps.definitions.xml(params.key, Number(params.version));
      if (xmlText === undefined) throw notFound('Deze diagramversie bestaat niet.');
      response.type('application/xml').send(xmlText);
    },
    getDefinitionStatistics: ({ params }, _request, response) => {
      const version = Number(params.version);
      if (!deps.definitions.version(params.key, version)) throw notFound('Deze diagramversie bestaat niet.');
      response.json(deps.cases.index.statisticsOf(params.key, version, deps.clock.now()));
    },
    listInstancesAtElement: async ({ user, params, query }, _request, response) => {
      const version = Number(params.version);
      if (!deps.definitions.version(params.key, version)) throw notFound('Deze diagramversie bestaat niet.');
      const limit = Math.min(500, Math.max(1, Number(query.limit ?? 100) || 100));
      response.json(
        (await deps.queries.waitingAt(user, params.key, version, params.elementId, limit)) satisfies ElementInstances,
      );
    },
    listProcessIncidents: async ({ params }, _request, response) => {
      const versions = deps.definitions.versions(params.key);
      if (!versions) throw notFound('Dit proces bestaat niet.');
      const incidents = deps.cases.index.openIncidentsOf(params.key);
      // Names per version, read once per version listed (a version's model is cached after its first use).
      const names = new Map<number, ReadonlyMap<string, { name: string }>>();
      for (const version of new Set(incidents.map((incident) => incident.version))) {
        names.set(
          version,
          (await deps.definitions.model(params.key, version).catch(() => undefined))?.elements ?? new Map(),
        );
      }
      response.json(
        incidents.map((incident) => {
          const name = names.get(incident.version)?.get(incident.elementId)?.name;
          return name && name !== incident.elementId ? { ...incident, elementName: name } : incident;
        }) satisfies ProcessIncident[],
      );
    },
    // Migration of running instances to a newer version: process owners only, like deploying.
    checkMigration: async ({ params, body }, _request, response) => {
      response.json((await deps.cases.dryRunMigration(params.key, body)) satisfies MigrationCheck[]);
    },
    migrateInstances: async ({ user, params, body }, _request, response) => {
      response.json((await deps.cases.migrate(user, params.key, body)) satisfies MigrationResult[]);
    },

    // ---- Instances and cases ----
    startInstance: async ({ user, body }, _request, response) => {
      response.status(201).json(await deps.cases.start(user, startRequest(body)));
    },
    listInstances: async ({ user, query }, _request, response) => {
      response.json(
        await deps.queries.listInstances(user, {
          ...(query.caseId === undefined ? {} : { caseId: query.caseId }),
          ...(query.definitionKey === undefined ? {} : { definitionKey: query.definitionKey }),
          ...(query.state === undefined ? {} : { state: query.state }),
        }),
      );
    },
    getInstance: async ({ user, params }, _request, response) => {
      response.json(await deps.queries.instanceDetail(user, params.id));
    },
    retryIncident: async ({ user, params }, _request, response) => {
      if (!hasRole(user, 'proceseigenaar')) {
        // Whoever may not see the instance learns nothing about it (404); whoever may, is refused.
        await deps.queries.visibleInstance(user, params.id);
        throw forbidden('Alleen een proceseigenaar kan een incident opnieuw proberen.');
      }
      // A process owner answers for the diagrams, so for their incidents in every team's cases.
      const summary = deps.cases.work.index.instance(params.id);
      if (!summary) throw notFound('Deze procesinstantie bestaat niet.');
      response.json(await retryIncident(deps.cases.work, summary.caseId, params.incidentId, user.id));
    },
    getInstanceXml: async ({ user, params }, _request, response) => {
      const summary = await deps.queries.visibleInstance(user, params.id, `instance/${params.id}/xml`);
      const xmlText = await deps.definitions.xml(summary.definitionKey, summary.version);
      if (xmlText === undefined) throw notFound('Het diagram van deze instantie ontbreekt.');
      response.type('application/xml').send(xmlText);
    },
    getInstanceHistory: async ({ user, params }, _request, response) => {
      response.json(await deps.queries.history(user, params.id));
    },
    listCases: async ({ user, query }, _request, response) => {
      response.json(
        (await deps.cases.listCases(user, {
          ...(query.q === undefined ? {} : { q: query.q }),
          ...(query.team === undefined ? {} : { team: query.team }),
          ...(query.definitionKey === undefined ? {} : { definitionKey: query.definitionKey }),
          ...(query.state === undefined ? {} : { state: query.state }),
          overdue: query.overdue === 'true',
          regisseurMe: query.regisseur === 'me',
          ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
          ...(query.limit === undefined ? {} : { limit: query.limit }),
        })) satisfies CaseList,
      );
    },
    assignRegisseur: async ({ user, params, body }, _request, response) => {
      response.json((await deps.cases.assignRegisseur(user, params.caseId, body.userId)) satisfies CaseSummary);
    },
    closeCase: async ({ user, params, body }, _request, response) => {
      response.json((await deps.cases.closeCase(user, params.caseId, body.reden)) satisfies CaseSummary);
    },
    getCase: async ({ user, params }, _request, response) => {
      response.json(await deps.queries.caseView(user, params.caseId));
    },
    getCaseHistory: async ({ user, params }, _request, response) => {
      response.json(await deps.queries.caseHistory(user, params.caseId));
    },
    listDecisions: async ({ user, params }, _request, response) => {
      response.json(await deps.queries.decisions(user, params.caseId));
    },
    correctDecision: async ({ user, params, body }, _request, response) => {
      const record = await deps.cases.correctDecision(user, params.caseId, params.decisionId, body);
      response.status(201).json(record);
    },

    // ---- Intake ----
    listTeams: (_input, _request, response) => {
      response.json(deps.teams.all());
    },
    getStartForm: async ({ params }, _request, response) => {
      const definition = deps.definitions.latest(params.key);
      const model = definition && (await deps.definitions.model(definition.key, definition.version));
      const form = model?.startFormKey ? await deps.forms.get(model.startFormKey) : null;
      if (!definition || !model?.startFormKey || !form) throw notFound('Dit proces heeft geen startformulier.');
      response.json({
        key: definition.key,
        version: definition.version,
        formKey: model.startFormKey,
        form,
      } satisfies StartForm);
    },
    findPossibleDuplicates: async ({ user, query }, _request, response) => {
      if (!isCalendarDate(query.geboortedatum)) {
        throw badRequest(`"${query.geboortedatum}" is geen bestaande datum.`, [
          { path: 'geboortedatum', code: 'date', message: 'Deze datum bestaat niet.' },
        ]);
      }
      const possibleDuplicates = await deps.cases.possibleDuplicates(user, query);
      response.json({ possibleDuplicates } satisfies PossibleDuplicates);
    },

    // ---- Users ----
    listUsers: (_input, _request, response) => {
      response.json(deps.sessions.directory());
    },
    ...accountHandlers(deps.accounts),

    // ---- Tasks ----
    listTasks: async ({ user, query }, _request, response) => {
      response.json(
        await deps.queries.listTasks(user, {
          scope: query.scope ?? 'all',
          overdue: query.overdue === 'true',
          ...(query.caseId === undefined ? {} : { caseId: query.caseId }),
        }),
      );
    },
    getTask: async ({ user, params }, _request, response) => {
      const { task, variables } = await deps.queries.taskDetail(user, params.id);
      const form = task.formKey ? await deps.forms.get(task.formKey) : null;
      response.json({ ...task, form, variables } satisfies TaskDetail);
    },
    listTaskCandidates: async ({ user, params }, _request, response) => {
      const { task } = await deps.queries.taskDetail(user, params.id);
      response.json(
        deps.sessions
          .directory()
          .filter((colleague) => canWorkOnTask(colleague, task) && deps.sessions.isActiveUser(colleague.id)),
      );
    },
    claimTask: async ({ user, params }, _request, response) => {
      response.json(await deps.cases.claim(user, params.id));
    },
    unclaimTask: async ({ user, params }, _request, response) => {
      response.json(await deps.cases.unclaim(user, params.id));
    },
    assignTask: async ({ user, params, body }, _request, response) => {
      response.json(await deps.cases.assign(user, params.id, body.userId));
    },
    completeTask: async ({ user, params, body }, _request, response) => {
      const started = performance.now();
      const summary = await deps.cases.complete(user, params.id, body.variables ?? undefined);
      // Server-side cost of the action (persisted and broadcast), for benchmarks and monitoring.
      response.setHeader('Server-Timing', `complete;dur=${(performance.now() - started).toFixed(3)}`);
      response.json(summary);
    },

    // ---- Steering figures ----
    ...figureHandlers(deps.figures),

    // ---- Health ----
    getHealth: ({ user }, _request, response) => {
      const health: Health = { status: 'ok', version: deps.version };
      // An operator's detail: anyone else learns no more than that the server runs.
      if (user && hasRole(user, 'beheerder')) {
        health.quarantined = deps.quarantined();
        // The detail names cases set aside: like case data, never kept in a browser or proxy cache.
        response.setHeader('Cache-Control', 'no-store');
      }
      response.json(health);
    },
    getOpenApiDocument: (_input, _request, response) => {
      response.json(createOpenApiDocument(deps.version));
    },

    // ---- Access log (./access-log-routes.ts) ----
    ...accessLogHandlers({ accessLog: deps.accessLog, clock: deps.clock }),
    ...notificationHandlers(deps.notifications),

    // ---- Test clock ----
    advanceTestClock: advanceClock
      ? async ({ body }, _request, response) => {
          response.json({ now: await advanceClock(body.advance) } satisfies ClockResponse);
        }
      : undefined,
    startCalledProcess: advanceClock
      ? async ({ user, body }, _request, response) => {
          response.status(201).json(await deps.cases.start(user, startRequest(body), { asCaller: true }));
        }
      : undefined,
  };

  /** Registers one route of the table: its body parser, access check, validation and handler. */
  const register = <N extends RouteName>(name: N) => {
    const spec: RouteSpec = ROUTES[name];
    const handler: Handler<Routes[N]> | undefined = handlers[name];
    if (!handler) return;
    const media = spec.body?.media;
    api[spec.method](
      expressPath(spec),
      ...(media ? [parsers[media]] : []),
      route(async (request, response) => {
        const user = authorise(spec, request);
        checkParams(request.params);
        // An absent JSON body is an empty one, so each missing field gets its own message.
        const body =
          spec.body && validate(spec.body.schema, request.body ?? (media === 'application/json' ? {} : undefined));
        const query = spec.query ? validate(spec.query, queryOf(request.query)) : {};
        // Checked against the very schemas Input<> is derived from, just above.
        const input = { user, params: request.params, query, body } as Input<Routes[N]>;
        await handler(input, request, response);
      }),
    );
  };
  const names = Object.keys(ROUTES) as RouteName[];
  const cacheable = (name: RouteName) => 'cacheable' in ROUTES[name];
  for (const name of names.filter(cacheable)) register(name);
  // Everything below may carry case data (or a session): never cached.
  api.use(noStore);
  for (const name of names.filter((name) => !cacheable(name))) register(name);

  api.use((_request) => {
    throw notFound('Deze API-route bestaat niet.');
  });
  return api;
}

/** The route table's access rule: who must be logged in (with the CSRF token on changes), and in which role. */
function authorise(spec: RouteSpec, request: Request): User | undefined {
  // Until a one-time password is changed, the session is good for changing it and nothing else.
  if (spec.access === 'public') return request.mustChangePassword ? undefined : request.user;
  if (spec.access === 'user-if-any' && !request.user) return undefined;
  const user = requireUser(request);
  if (request.mustChangePassword && spec.access === 'user' && !spec.whilePasswordMustChange)
    throw new ProblemError(
      403,
      'Wijzig eerst uw wachtwoord',
      'U bent ingelogd met een eenmalig wachtwoord. Kies eerst een eigen wachtwoord; daarna kunt u verder.',
      [{ path: 'password', code: 'must-change-password', message: 'Wijzig eerst uw wachtwoord.' }],
    );
  if (spec.roles && !spec.roles.oneOf.some((role) => hasRole(user, role))) throw forbidden(spec.roles.refusal);
  return user;
}

/** The validated body as the domain takes it (no undefined optional fields). */
function startRequest(body: StartInstanceRequest): StartInstanceRequest {
  return {
    definitionKey: body.definitionKey,
    team: body.team,
    ...(body.caseId ? { caseId: body.caseId } : {}),
    ...(body.variables ? { variables: body.variables } : {}),
  };
}

/** YYYY-MM-DD that names a day of the calendar (not 2012-02-31). */
function isCalendarDate(value: string): boolean {
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Far beyond any passphrase; keeps hashing cheap for whatever a client sends. */

/** Ids, keys and versions are short; a longer path parameter is a wrong address, refused before any lookup. */
const MAX_PARAM_LENGTH = 200;

function checkParams(params: Record<string, string | string[]>): void {
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'string' && value.length > MAX_PARAM_LENGTH) {
      throw badRequest(`Het adres is ongeldig: "${name}" is langer dan ${MAX_PARAM_LENGTH} tekens.`, [
        { path: name, code: 'max-length', message: `Hoogstens ${MAX_PARAM_LENGTH} tekens.` },
      ]);
    }
  }
}
