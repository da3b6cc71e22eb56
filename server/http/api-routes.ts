import type { Static, TObject, TProperties, TSchema } from '@sinclair/typebox';
import express, { type Request, type Response, Router } from 'express';
import type { AccountService } from '../accounts/account-service';
import { hasRole } from '../auth/access';
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
  Health,
  PossibleDuplicates,
  QuarantinedFile,
  StartForm,
  StartInstanceRequest,
  User,
} from '../contract/api';
import { expressPath, ROUTES, type RouteName, type RouteSpec } from '../contract/routes';
import type { DefinitionRegistry } from '../definitions/definition-registry';
import type { FiguresService } from '../figures/figures-service';
import type { FormRegistry } from '../forms/form-registry';
import type { NotificationService } from '../notifications/notification-service';
import type { AccessLog } from '../store/store';
import { isCalendarDay } from '../time/calendar-day';
import type { Clock } from '../time/clock';
import { accessLogHandlers } from './access-log-routes';
import { accountHandlers } from './account-routes';
import { definitionHandlers } from './definition-routes';
import { figureHandlers } from './figures-routes';
import { type FormRouteDeps, formHandlers } from './form-routes';
import { jsonBody, noStore, requireUser, route } from './middleware';
import { notificationHandlers } from './notification-routes';
import { oidcHandlers } from './oidc-routes';
import { createOpenApiDocument } from './openapi';
import { badRequest, forbidden, notFound, ProblemError } from './problem';
import { sessionHandlers } from './session-routes';
import { taskHandlers } from './task-routes';
import { queryOf, validate } from './validation';

export interface ApiDeps {
  sessions: SessionService;
  cases: CaseService;
  queries: CaseQueries;
  definitions: DefinitionRegistry;
  /** The versioned forms (issue 19): listed, read, saved and compared through /api/forms. */
  formVersions: FormRegistry;
  /** The diagram versions that pin a form version (the pinning fills it in); none when absent. */
  formUsedBy?: FormRouteDeps['usedBy'];
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
  const parsers = {
    'application/json': jsonBody('1mb'),
    'application/xml': express.text({ type: ['application/xml', 'text/xml', 'application/bpmn+xml'], limit: '5mb' }),
  };

  const advanceClock = deps.advanceClock;

  const handlers: Handlers = {
    // ---- Session ----
    ...sessionHandlers({
      sessions: deps.sessions,
      clock: deps.clock,
      secureCookies: deps.secureCookies,
      sessionHours: deps.sessionHours,
      onLogout: deps.onLogout,
    }),
    ...oidcHandlers({
      oidc: deps.oidc,
      sessions: deps.sessions,
      secureCookies: deps.secureCookies,
      sessionHours: deps.sessionHours,
    }),

    // ---- Definitions, and migration to a newer version ----
    ...definitionHandlers({
      definitions: deps.definitions,
      cases: deps.cases,
      queries: deps.queries,
      clock: deps.clock,
    }),

    // ---- Forms ----
    ...formHandlers({
      forms: deps.formVersions,
      ...(deps.formUsedBy ? { usedBy: deps.formUsedBy } : {}),
    }),

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
      // The start form a new case gets: the one the latest version pinned.
      const form =
        definition && model?.startFormKey
          ? await deps.definitions.form(definition.key, definition.version, model.startFormKey)
          : null;
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
    ...taskHandlers({ cases: deps.cases, queries: deps.queries, sessions: deps.sessions }),

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
  return isCalendarDay(year, month, day);
}

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
