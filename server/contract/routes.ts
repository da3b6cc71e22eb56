import { type TObject, type TProperties, type TSchema, Type } from '@sinclair/typebox';
import {
  AssignTaskRequest,
  CaseHistoryEntry,
  CaseView,
  ClockAdvanceRequest,
  ClockResponse,
  CompleteTaskRequest,
  CorrectDecisionRequest,
  DecisionRecord,
  DecisionView,
  DefinitionVersion,
  DeployResult,
  ElementInstances,
  ElementStatistics,
  Health,
  HistoryEntry,
  Incident,
  InstanceDetail,
  InstanceState,
  InstanceSummary,
  LoginRequest,
  MAX_NOTE_LENGTH,
  MigrationCheck,
  MigrationDryRunRequest,
  MigrationRequest,
  MigrationResult,
  ProcessIncident,
  type Role,
  SessionInfo,
  StartInstanceRequest,
  StartInstanceResponse,
  Task,
  TaskDetail,
  TaskScope,
  User,
} from './api';
import { fieldProblem } from './field-problem';

/**
 * The route table: every REST route once, with who may call it, what it takes and what it
 * answers. The server registers its express routes from it (server/http/api-routes.ts), so a
 * route cannot exist without its description, and the OpenAPI document is generated from it
 * (server/http/openapi.ts). Paths are relative to `/api`, in OpenAPI's `{param}` style.
 */

/** The error statuses the contract names; each answers with `application/problem+json`. */
export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429;

export interface Answer {
  description: string;
  /** The JSON answer's schema; an XML answer is BPMN text. None for an empty answer. */
  schema?: TSchema;
  media?: 'application/json' | 'application/xml';
  headers?: Record<string, string>;
}

export interface RouteSpec {
  method: 'get' | 'post' | 'delete';
  path: string;
  tag: 'Session' | 'Definitions' | 'Instances' | 'Cases' | 'Users' | 'Tasks' | 'Health' | 'Testing';
  summary: string;
  description?: string;
  /**
   * `public`: no session needed. `user`: a session, and on anything but GET its CSRF token.
   * `user-if-any`: like `user` when there is a session, public otherwise (logging out twice is fine).
   */
  access: 'public' | 'user' | 'user-if-any';
  /** Callers need one of these roles; others get 403 with `refusal`. */
  roles?: { oneOf: readonly Role[]; refusal: string };
  /** Every `{param}` of the path, described; they arrive as strings. */
  params?: TObject;
  query?: TObject;
  body?: { schema: TSchema; media: 'application/json' | 'application/xml'; description?: string };
  /** The success answers by status. */
  answers: Record<number, Answer>;
  /** The problem answers: a status alone has its usual meaning; with a text, what it means here. */
  problems: ReadonlyArray<ProblemStatus | readonly [ProblemStatus, string]>;
  /** Only registered when the server runs with TEST_CLOCK=1. */
  testClockOnly?: true;
  /** Its answers carry no case data or session, so they may be cached; every other answer is no-store. */
  cacheable?: true;
}

const path = <T extends TProperties>(properties: T) => Type.Object(properties);
const definitionKey = Type.String({ description: 'The definition key: the BPMN process id.' });
const definitionVersion = Type.Integer({ minimum: 1, description: 'The definition version, counting from 1.' });
const instanceId = Type.String({ description: 'The process instance id.' });
const taskId = Type.String({ description: 'The task id.' });
const caseId = Type.String({ description: 'The case id.' });

const json = (schema: TSchema, description: string): Answer => ({ description, schema });
const xml = (description: string): Answer => ({ description, media: 'application/xml' });

const PROCESS_OWNER_DEPLOYS = {
  oneOf: ['proceseigenaar'],
  refusal: 'Alleen een proceseigenaar kan diagrammen uitrollen.',
} as const;
const PROCESS_OWNER_MIGRATES = {
  oneOf: ['proceseigenaar'],
  refusal: 'Alleen een proceseigenaar kan instanties migreren.',
} as const;
const NOT_OWNER: readonly [ProblemStatus, string] = [
  403,
  'Not a `proceseigenaar`, or the X-CSRF-Token header is missing or wrong.',
];
const NOT_HOLDER: readonly [ProblemStatus, string] = [
  403,
  'You do not hold it and are not its team’s `teamleider`, or the X-CSRF-Token header is missing or wrong.',
];
const CASE_NOT_VISIBLE: readonly [ProblemStatus, string] = [404, 'Unknown case, or one you may not see.'];
const BAD_MAPPING: readonly [ProblemStatus, string] = [
  422,
  'The mapping names elements the versions do not have, or maps two elements onto one.',
];

/** A query flag: `true` switches it on, any other value leaves it off. */
const flag = (description: string) =>
  Type.Optional(Type.String({ description: `${description} \`true\` to switch on.` }));

export const ROUTES = {
  // ---- Session ----
  login: {
    method: 'post',
    path: '/session',
    tag: 'Session',
    summary: 'Log in',
    description: 'Sets the session cookie and returns the CSRF token. Needs no X-CSRF-Token.',
    access: 'public',
    body: { schema: LoginRequest, media: 'application/json' },
    answers: {
      200: {
        ...json(SessionInfo, 'Logged in.'),
        headers: { 'Set-Cookie': 'The httpOnly, SameSite=Strict session cookie `casusregie.sid`.' },
      },
    },
    problems: [
      400,
      [401, 'Unknown user or wrong password.'],
      [429, 'Ten failed logins for this username within 15 minutes; Retry-After says when to try again.'],
    ],
  },
  getSession: {
    method: 'get',
    path: '/session',
    tag: 'Session',
    summary: 'The current session',
    access: 'user',
    answers: { 200: json(SessionInfo, 'The current user and CSRF token.') },
    problems: [401],
  },
  logout: {
    method: 'delete',
    path: '/session',
    tag: 'Session',
    summary: 'Log out',
    description: 'Also ends the session’s live connections. Without a session there is nothing to end: 204 too.',
    access: 'user-if-any',
    answers: { 204: { description: 'Logged out.' } },
    problems: [403],
  },

  // ---- Definitions ----
  listDefinitions: {
    method: 'get',
    path: '/definitions',
    tag: 'Definitions',
    summary: 'List process definitions',
    description: 'The latest version of each definition; with `all=true` every version.',
    access: 'user',
    query: Type.Object({ all: flag('Every version instead of only the latest.') }),
    answers: { 200: json(Type.Array(DefinitionVersion), 'The definitions.') },
    problems: [401],
  },
  deployDefinition: {
    method: 'post',
    path: '/definitions',
    tag: 'Definitions',
    summary: 'Deploy BPMN XML',
    description:
      'Needs role `proceseigenaar`. The `key` is the BPMN process id. Running instances keep the version they started on ' +
      '(until a process owner migrates them). Where the server has a form catalogue (processes/forms), every user task must name an existing form.',
    access: 'user',
    roles: PROCESS_OWNER_DEPLOYS,
    query: Type.Object({
      note: Type.Optional(
        Type.String({
          maxLength: MAX_NOTE_LENGTH,
          description: `Added: a note on this version (at most ${MAX_NOTE_LENGTH} characters), listed with the version.`,
          ...fieldProblem(
            'note',
            `Hoogstens ${MAX_NOTE_LENGTH} tekens.`,
            `Een uitrolnotitie is één tekst van hoogstens ${MAX_NOTE_LENGTH} tekens.`,
          ),
        }),
      ),
    }),
    body: {
      schema: Type.String({ ...fieldProblem('type', 'Stuur de BPMN-XML als application/xml.') }),
      media: 'application/xml',
      description: 'BPMN 2.0 XML, at most 5 MB.',
    },
    answers: {
      200: json(DeployResult, 'The same XML as the latest version: that version, nothing deployed.'),
      201: json(DeployResult, 'Deployed as a new version.'),
    },
    problems: [
      [
        400,
        'Not well-formed BPMN XML, a note that is too long, or XML refused unread: a DOCTYPE or ENTITY declaration (xml-doctype), ' +
          'nesting deeper than 100 levels (xml-too-deep), more than 10,000 elements (xml-too-many-elements).',
      ],
      401,
      NOT_OWNER,
      [413, 'The XML is larger than 5 MB.'],
      [422, 'The diagram breaks a rule; `problems` names each element and rule.'],
    ],
  },
  listDefinitionVersions: {
    method: 'get',
    path: '/definitions/{key}/versions',
    tag: 'Definitions',
    summary: 'Every version of one process, oldest first (added to the contract)',
    description: 'The version history: who deployed each version, when, its note and the sha256 of its XML.',
    access: 'user',
    params: path({ key: definitionKey }),
    answers: { 200: json(Type.Array(DefinitionVersion), 'The versions, oldest first.') },
    problems: [401, [404, 'No process with this key was ever deployed.']],
  },
  getDefinitionXml: {
    method: 'get',
    path: '/definitions/{key}/versions/{version}/xml',
    tag: 'Definitions',
    summary: 'The BPMN XML of one definition version',
    access: 'user',
    params: path({ key: definitionKey, version: definitionVersion }),
    answers: { 200: xml('BPMN 2.0 XML.') },
    problems: [401, 404],
  },
  getDefinitionStatistics: {
    method: 'get',
    path: '/definitions/{key}/versions/{version}/statistics',
    tag: 'Definitions',
    summary: 'Per-element statistics of one definition version',
    access: 'user',
    params: path({ key: definitionKey, version: definitionVersion }),
    answers: { 200: json(Type.Array(ElementStatistics), 'Counts per element.') },
    problems: [401, 404],
  },
  listInstancesAtElement: {
    method: 'get',
    path: '/definitions/{key}/versions/{version}/elements/{elementId}/instances',
    tag: 'Definitions',
    summary: 'The instances waiting at one element, longest waiting first (added to the contract)',
    access: 'user',
    params: path({
      key: definitionKey,
      version: definitionVersion,
      elementId: Type.String({ description: 'The BPMN element id.' }),
    }),
    query: Type.Object({
      limit: Type.Optional(
        Type.String({
          description: 'At most this many items: a number from 1 to 500, default 100; one outside is brought within.',
        }),
      ),
    }),
    answers: { 200: json(ElementInstances, 'The waiting instances you may see, and how many wait in all.') },
    problems: [401, 404],
  },
  listProcessIncidents: {
    method: 'get',
    path: '/definitions/{key}/incidents',
    tag: 'Definitions',
    summary: 'The open incidents of every version of one process, newest first (added to the contract)',
    description:
      'Needs role `proceseigenaar`, who answers for the diagram and retries its incidents (see retryIncident). The list names ' +
      'each incident’s case by id only and carries no case data: no variables, no initials. It is read from an in-memory ' +
      'index, so its cost follows the number of open incidents, not the number of cases.',
    access: 'user',
    roles: { oneOf: ['proceseigenaar'], refusal: 'Alleen een proceseigenaar kan de incidenten van een proces zien.' },
    params: path({ key: definitionKey }),
    answers: { 200: json(Type.Array(ProcessIncident), 'The open incidents, newest first; empty when there are none.') },
    problems: [401, [403, 'Not a `proceseigenaar`.'], [404, 'No process with this key was ever deployed.']],
  },
  checkMigration: {
    method: 'post',
    path: '/definitions/{key}/migrations/dry-run',
    tag: 'Definitions',
    summary: 'Check which running instances could move to a newer version (added to the contract)',
    description:
      'Needs role `proceseigenaar`. Changes nothing. An instance can move when it is active, on fromVersion, and every element it ' +
      'waits at (armed boundary events included) exists in toVersion, after the mapping, as the same kind of element in the same ' +
      'place: a call activity calling the same process, a boundary event on the same activity, a waiting join with the same incoming ' +
      'flows, nothing inside a sub-process.',
    access: 'user',
    roles: PROCESS_OWNER_MIGRATES,
    params: path({ key: definitionKey }),
    body: { schema: MigrationDryRunRequest, media: 'application/json' },
    answers: { 200: json(Type.Array(MigrationCheck), 'One check per instance, in the order asked.') },
    problems: [
      [400, 'Invalid body: versions, instance ids or mapping; `problems` names each field.'],
      401,
      NOT_OWNER,
      [404, 'Unknown process or version.'],
      413,
      BAD_MAPPING,
    ],
  },
  migrateInstances: {
    method: 'post',
    path: '/definitions/{key}/migrations',
    tag: 'Definitions',
    summary: 'Move running instances to a newer version (added to the contract)',
    description:
      'Needs role `proceseigenaar`. Each instance is checked again and moved in its own durable case transaction; those that ' +
      'cannot move stay on their version, unchanged, and are reported with their reasons (no all-or-nothing across cases). A moved ' +
      "instance keeps its variables, its open tasks (holder and due date included) and its timers' due times, continues on the new " +
      "version's flow and gets an `instance.migrated` history entry.",
    access: 'user',
    roles: PROCESS_OWNER_MIGRATES,
    params: path({ key: definitionKey }),
    body: { schema: MigrationRequest, media: 'application/json' },
    answers: { 200: json(Type.Array(MigrationResult), 'One result per instance, in the order asked.') },
    problems: [
      [400, 'Invalid body: versions, instance ids (required here) or mapping; `problems` names each field.'],
      401,
      NOT_OWNER,
      [404, 'Unknown process or version.'],
      413,
      BAD_MAPPING,
    ],
  },

  // ---- Instances ----
  startInstance: {
    method: 'post',
    path: '/instances',
    tag: 'Instances',
    summary: 'Start a process instance',
    description: 'Starts the latest version of the definition, in the given case or in a new one.',
    access: 'user',
    body: { schema: StartInstanceRequest, media: 'application/json' },
    answers: { 201: json(StartInstanceResponse, 'Started.') },
    problems: [400, 401, 403, [404, 'Unknown definition or case, or not visible to you.'], 413],
  },
  listInstances: {
    method: 'get',
    path: '/instances',
    tag: 'Instances',
    summary: 'List process instances',
    description: 'Only the instances you may see.',
    access: 'user',
    query: Type.Object({
      caseId: Type.Optional(Type.String({ description: 'Only instances of this case.' })),
      definitionKey: Type.Optional(Type.String({ description: 'Only instances of this definition.' })),
      state: Type.Optional(
        Type.Union(InstanceState.anyOf, {
          description: 'Only instances in this state.',
          ...fieldProblem('enum', 'Gebruik active, completed, cancelled of failed.', 'Onbekende status "{value}".'),
        }),
      ),
    }),
    answers: { 200: json(Type.Array(InstanceSummary), 'The instances.') },
    problems: [400, 401],
  },
  getInstance: {
    method: 'get',
    path: '/instances/{id}',
    tag: 'Instances',
    summary: 'One process instance',
    access: 'user',
    params: path({ id: instanceId }),
    answers: { 200: json(InstanceDetail, 'The instance.') },
    problems: [401, 404],
  },
  retryIncident: {
    method: 'post',
    path: '/instances/{id}/incidents/{incidentId}/retry',
    tag: 'Instances',
    summary: 'Retry a failed engine action of an instance (added to the contract)',
    description:
      'Needs role `proceseigenaar`, who answers for the diagrams and so for their incidents in every team. The failed action ' +
      '(a due timer firing) runs again; when it succeeds the incident is resolved and the history says so, when it fails again ' +
      'it stays open with one more attempt (409). Others who may see the instance get 403, others 404.',
    access: 'user',
    params: path({ id: instanceId, incidentId: Type.String({ description: 'The incident id.' }) }),
    answers: { 200: json(Incident, 'The resolved incident.') },
    problems: [
      401,
      [403, 'Not a process owner.'],
      [404, 'Unknown instance or incident.'],
      [409, 'Not open, or failed again.'],
    ],
  },
  getInstanceXml: {
    method: 'get',
    path: '/instances/{id}/xml',
    tag: 'Instances',
    summary: 'The BPMN XML an instance runs on',
    access: 'user',
    params: path({ id: instanceId }),
    answers: { 200: xml('The BPMN 2.0 XML of the definition version this instance runs on.') },
    problems: [401, 404],
  },
  getInstanceHistory: {
    method: 'get',
    path: '/instances/{id}/history',
    tag: 'Instances',
    summary: 'The history of an instance',
    access: 'user',
    params: path({ id: instanceId }),
    answers: { 200: json(Type.Array(HistoryEntry), 'History entries, oldest first.') },
    problems: [401, 404],
  },

  // ---- Cases ----
  getCase: {
    method: 'get',
    path: '/cases/{caseId}',
    tag: 'Cases',
    summary: 'One case and its instances',
    access: 'user',
    params: path({ caseId }),
    answers: { 200: json(CaseView, 'The case.') },
    problems: [401, CASE_NOT_VISIBLE],
  },
  getCaseHistory: {
    method: 'get',
    path: '/cases/{caseId}/history',
    tag: 'Cases',
    summary: 'The history of a whole case, every instance together, oldest first (added to the contract)',
    access: 'user',
    params: path({ caseId }),
    answers: { 200: json(Type.Array(CaseHistoryEntry), 'History entries of all its instances, oldest first.') },
    problems: [401, CASE_NOT_VISIBLE],
  },
  listDecisions: {
    method: 'get',
    path: '/cases/{caseId}/decisions',
    tag: 'Cases',
    summary: "The case's formal decisions, oldest first (added to the contract)",
    access: 'user',
    params: path({ caseId }),
    answers: {
      200: json(Type.Array(DecisionView), 'The decisions; a corrected one names its correction in correctedBy.'),
    },
    problems: [401, CASE_NOT_VISIBLE],
  },
  correctDecision: {
    method: 'post',
    path: '/cases/{caseId}/decisions/{decisionId}/corrections',
    tag: 'Cases',
    summary: 'Correct a recorded decision with a new, linked record (added to the contract)',
    description:
      'Who may record the original may correct it; the content meets the same form and rules. The flow does not move.',
    access: 'user',
    params: path({ caseId, decisionId: Type.String({ description: 'The decision to correct.' }) }),
    body: { schema: CorrectDecisionRequest, media: 'application/json' },
    answers: { 201: json(DecisionRecord, 'The correction.') },
    problems: [
      [400, 'No reason, or a field of the content is invalid (one problem per field).'],
      401,
      [403, 'You may not record this kind of decision in this team.'],
      [404, 'Unknown case or decision.'],
      [409, 'The decision was corrected already; correct the newest record.'],
      413,
      [422, 'The corrected decision breaks a rule (e.g. a required discipline was absent).'],
    ],
  },

  // ---- Users ----
  listUsers: {
    method: 'get',
    path: '/users',
    tag: 'Users',
    summary: 'The colleagues in the user directory (added to the contract)',
    description: 'Names, roles and teams, e.g. to show who holds a task.',
    access: 'user',
    answers: { 200: json(Type.Array(User), 'Every user.') },
    problems: [401],
  },

  // ---- Tasks ----
  listTasks: {
    method: 'get',
    path: '/tasks',
    tag: 'Tasks',
    summary: 'List tasks',
    access: 'user',
    query: Type.Object({
      scope: Type.Optional(
        Type.Union(TaskScope.anyOf, {
          description: 'Tasks you hold, tasks of your groups, or all you may see (the default).',
          ...fieldProblem('enum', 'Gebruik mine, group of all.', 'Onbekende scope "{value}".'),
        }),
      ),
      overdue: flag('Only tasks past their due time.'),
      caseId: Type.Optional(Type.String({ description: 'Only tasks of this case.' })),
    }),
    answers: { 200: json(Type.Array(Task), 'The tasks.') },
    problems: [400, 401],
  },
  getTask: {
    method: 'get',
    path: '/tasks/{id}',
    tag: 'Tasks',
    summary: 'One task with its form',
    access: 'user',
    params: path({ id: taskId }),
    answers: { 200: json(TaskDetail, 'The task, its form-js schema and the variables to prefill it.') },
    problems: [401, 404],
  },
  listTaskCandidates: {
    method: 'get',
    path: '/tasks/{id}/candidates',
    tag: 'Tasks',
    summary: 'The colleagues who could get a task (added to the contract)',
    description: 'Those in one of its candidate groups, in its team or regionally: whom it can be assigned to.',
    access: 'user',
    params: path({ id: taskId }),
    answers: { 200: json(Type.Array(User), 'The colleagues who may work on it.') },
    problems: [401, 404],
  },
  claimTask: {
    method: 'post',
    path: '/tasks/{id}/claim',
    tag: 'Tasks',
    summary: 'Claim a task',
    access: 'user',
    params: path({ id: taskId }),
    answers: { 200: json(Task, 'Claimed; the task.') },
    problems: [
      401,
      [403, 'Not in its candidate groups or team, or the X-CSRF-Token header is missing or wrong.'],
      404,
      [409, 'Someone else holds it.'],
    ],
  },
  unclaimTask: {
    method: 'post',
    path: '/tasks/{id}/unclaim',
    tag: 'Tasks',
    summary: 'Release a task',
    description: 'Allowed for whoever holds the task and for its team’s `teamleider`.',
    access: 'user',
    params: path({ id: taskId }),
    answers: { 200: json(Task, 'Released; the task as it is now.') },
    problems: [401, NOT_HOLDER, 404, [409, 'It is completed already.']],
  },
  assignTask: {
    method: 'post',
    path: '/tasks/{id}/assign',
    tag: 'Tasks',
    summary: 'Assign a task to a user',
    description: 'Allowed for whoever holds the task and for its team’s `teamleider`.',
    access: 'user',
    params: path({ id: taskId }),
    body: { schema: AssignTaskRequest, media: 'application/json' },
    answers: { 200: json(Task, 'Assigned; the task as it is now.') },
    problems: [
      [400, 'No userId, or a colleague who is not in one of its candidate groups in this team.'],
      401,
      NOT_HOLDER,
      404,
      [409, 'It is completed already.'],
    ],
  },
  completeTask: {
    method: 'post',
    path: '/tasks/{id}/complete',
    tag: 'Tasks',
    summary: 'Complete a task',
    access: 'user',
    params: path({ id: taskId }),
    body: { schema: CompleteTaskRequest, media: 'application/json', description: 'The form values.' },
    answers: {
      200: {
        ...json(InstanceSummary, 'Completed; the instance it belongs to.'),
        headers: { 'Server-Timing': 'The server-side cost of the action, `complete;dur=<ms>`.' },
      },
    },
    problems: [
      [400, "Invalid input: against the task's form-js schema, `problems` has one entry per invalid or unknown field."],
      401,
      403,
      404,
      [409, 'You do not hold it, or it is already completed.'],
      413,
      [
        422,
        'The decision this task records breaks a rule, e.g. an MDO decision while a required discipline was absent or consent is missing.',
      ],
    ],
  },

  // ---- Health ----
  getHealth: {
    method: 'get',
    path: '/health',
    tag: 'Health',
    summary: 'Health check',
    description: 'Answers 200 once the server accepts work. Needs no login.',
    access: 'public',
    answers: { 200: json(Health, 'The server accepts work.') },
    problems: [],
    cacheable: true,
  },
  getOpenApiDocument: {
    method: 'get',
    path: '/openapi.json',
    tag: 'Health',
    summary: 'This OpenAPI document',
    access: 'public',
    answers: { 200: json(Type.Object({}, { additionalProperties: true }), 'The OpenAPI 3.1 document.') },
    problems: [],
    cacheable: true,
  },

  // ---- Test clock ----
  advanceTestClock: {
    method: 'post',
    path: '/test/clock',
    tag: 'Testing',
    summary: 'Advance the test clock',
    description:
      'Only when the server runs with `TEST_CLOCK=1` (refused in production mode). Moves the server’s clock forward and fires every timer that falls due, in order, before it answers.',
    access: 'user',
    body: { schema: ClockAdvanceRequest, media: 'application/json' },
    answers: { 200: json(ClockResponse, 'The clock moved; `now` is the new server time.') },
    problems: [400, 401, 403, [404, 'The test clock is not enabled (`TEST_CLOCK` is not `1`).']],
    testClockOnly: true,
  },
} satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof ROUTES;

/** Express-style path of a route: `{key}` becomes `:key`. */
export function expressPath(route: RouteSpec): string {
  return route.path.replaceAll(/\{(\w+)\}/g, ':$1');
}
