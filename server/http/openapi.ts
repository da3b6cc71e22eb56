/**
 * The OpenAPI 3.1 description of the REST and socket contract in API.md, served at
 * `GET /api/openapi.json`. API.md is the source of truth: when the two disagree, fix this file.
 */

export type OpenApiDocument = Record<string, unknown>;

type Json = Record<string, unknown>;

/** The error statuses API.md names; each answers with `application/problem+json`. */
type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429;

const PROBLEM_DESCRIPTIONS: Record<ProblemStatus, string> = {
  400: 'Malformed or invalid input.',
  401: 'Not logged in.',
  403: 'Not allowed, or the X-CSRF-Token header is missing or wrong.',
  404: 'Unknown, or not visible to you.',
  409: 'Conflict with the current state.',
  413: 'Request body too large.',
  422: 'A well-formed diagram or form that breaks a rule.',
  429: 'Too many attempts; see Retry-After.',
};

// ---------------------------------------------------------------------------
// Helpers for repeated shapes
// ---------------------------------------------------------------------------

function ref(schemaName: string): Json {
  return { $ref: `#/components/schemas/${schemaName}` };
}

function arrayOf(items: Json, description?: string): Json {
  return description === undefined ? { type: 'array', items } : { type: 'array', items, description };
}

const stringArray: Json = { type: 'array', items: { type: 'string' } };
const dateTime: Json = { type: 'string', format: 'date-time' };
const freeObject: Json = { type: 'object', additionalProperties: true };

function jsonResponse(schema: Json, description: string): Json {
  return { description, content: { 'application/json': { schema } } };
}

function xmlResponse(description: string): Json {
  return { description, content: { 'application/xml': { schema: { type: 'string' } } } };
}

function jsonBody(schema: Json, description?: string): Json {
  const body: Json = { required: true, content: { 'application/json': { schema } } };
  if (description !== undefined) body.description = description;
  return body;
}

/**
 * Error responses, each a reference to the shared `Problem` response. A code alone gets the
 * generic meaning from API.md's conventions; `[code, description]` says what it means here.
 */
function problemResponses(...codes: Array<ProblemStatus | [ProblemStatus, string]>): Json {
  const responses: Json = {};
  for (const entry of codes) {
    const [status, description] = Array.isArray(entry) ? entry : [entry, PROBLEM_DESCRIPTIONS[entry]];
    responses[String(status)] = { $ref: '#/components/responses/Problem', description };
  }
  return responses;
}

function pathParam(name: string, description: string, schema: Json = { type: 'string' }): Json {
  return { name, in: 'path', required: true, description, schema };
}

function queryParam(name: string, description: string, schema: Json = { type: 'string' }): Json {
  return { name, in: 'query', required: false, description, schema };
}

/** No login needed. */
const PUBLIC: Json[] = [];
/** A session cookie is enough: reads. */
const SESSION: Json[] = [{ sessionCookie: [] }];
/** Session cookie and X-CSRF-Token header together: everything that changes state. */
const SESSION_AND_CSRF: Json[] = [{ sessionCookie: [], csrfToken: [] }];

const instanceIdParam = pathParam('id', 'The process instance id.');
const taskIdParam = pathParam('id', 'The task id.');
const definitionParams = [
  pathParam('key', 'The definition key: the BPMN process id.'),
  pathParam('version', 'The definition version, counting from 1.', { type: 'integer', minimum: 1 }),
];

// ---------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------

const schemas: Json = {
  User: {
    type: 'object',
    description: 'A logged-in user.',
    required: ['id', 'name', 'roles', 'teams'],
    properties: {
      id: { type: 'string' },
      name: { type: 'string', description: 'Display name.' },
      roles: { ...stringArray, description: 'Roles, e.g. `procesregisseur`, `teamleider`.' },
      teams: { ...stringArray, description: 'Teams, e.g. `slt-breda-noord`, `regional`.' },
    },
  },
  LoginRequest: {
    type: 'object',
    required: ['username', 'password'],
    properties: {
      username: { type: 'string' },
      password: { type: 'string', format: 'password' },
    },
  },
  Session: {
    type: 'object',
    description:
      'The current session. Send `csrfToken` as header `X-CSRF-Token` on every request that changes something.',
    required: ['user', 'csrfToken'],
    properties: {
      user: ref('User'),
      csrfToken: { type: 'string' },
    },
  },
  ProblemItem: {
    type: 'object',
    description:
      'One concrete problem: the field (`path`) or BPMN element (`elementId`) it concerns, a code and a message.',
    required: ['code', 'message'],
    properties: {
      path: { type: 'string', description: 'The invalid field, e.g. a variable or form field name.' },
      elementId: { type: 'string', description: 'The BPMN element the problem concerns.' },
      code: { type: 'string', description: 'A stable, machine-readable code for the rule that was broken.' },
      message: { type: 'string', description: 'A message a person can act on.' },
    },
  },
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem details.',
    required: ['type', 'title', 'status', 'detail'],
    properties: {
      type: { type: 'string', format: 'uri-reference' },
      title: { type: 'string' },
      status: { type: 'integer', minimum: 400, maximum: 599 },
      detail: { type: 'string' },
      instance: { type: 'string', format: 'uri-reference' },
      problems: arrayOf(ref('ProblemItem'), 'One entry per invalid field or broken diagram rule.'),
    },
  },
  DefinitionVersion: {
    type: 'object',
    description: 'One deployed version of a process definition.',
    required: ['key', 'name', 'version', 'sha256', 'deployedAt', 'deployedBy'],
    properties: {
      key: { type: 'string', description: 'The BPMN process id.' },
      name: { type: 'string' },
      version: { type: 'integer', minimum: 1 },
      sha256: { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the deployed XML, hex.' },
      deployedAt: dateTime,
      deployedBy: { type: 'string', description: 'Id of the user who deployed it.' },
      note: {
        type: 'string',
        maxLength: 500,
        description: 'Added: the deploy note given with `POST /api/definitions?note=`, if any.',
      },
    },
  },
  MigrationRequest: {
    type: 'object',
    description:
      'Added: which instances move from one version of a process to a newer one, and how old elements map to new ones.',
    required: ['fromVersion', 'toVersion'],
    properties: {
      fromVersion: { type: 'integer', minimum: 1, description: 'The version the instances run on now.' },
      toVersion: {
        type: 'integer',
        minimum: 2,
        description: 'The newer version to move them to; greater than fromVersion.',
      },
      instanceIds: {
        ...arrayOf({ type: 'string' }),
        minItems: 1,
        maxItems: 500,
        description:
          'The instances to move. Required for the migration; for the dry run, leaving it out checks every active instance on fromVersion.',
      },
      mapping: {
        type: 'object',
        additionalProperties: { type: 'string' },
        description:
          'Old element id to new element id, for renamed elements (not sequence flows); every other element keeps its id.',
      },
    },
  },
  MigrationReason: {
    type: 'object',
    description: 'Added: why an instance cannot move, or what changes for it when it does.',
    required: ['code', 'message'],
    properties: {
      elementId: { type: 'string', description: 'The element it concerns, where it concerns one.' },
      code: {
        type: 'string',
        description:
          'instance-unknown, not-active, version-mismatch, element-unknown, element-removed, element-type-changed, inside-subprocess, ' +
          'boundary-moved, called-element-changed, join-changed, state-mismatch, refused, migration-failed; warnings: boundary-not-armed. ' +
          'New codes may be added.',
      },
      message: { type: 'string', description: 'A Dutch message a process owner can act on.' },
    },
  },
  MigrationCheck: {
    type: 'object',
    description: 'Added: whether one instance can move, and why not.',
    required: ['instanceId', 'canMigrate', 'reasons', 'waitingAt', 'warnings'],
    properties: {
      instanceId: { type: 'string' },
      caseId: { type: 'string', description: 'Absent when the instance does not exist.' },
      canMigrate: { type: 'boolean' },
      reasons: arrayOf(ref('MigrationReason'), 'Why it cannot move; empty when it can.'),
      waitingAt: {
        ...stringArray,
        description: 'Where it waits now: its active elements, armed boundary events included.',
      },
      warnings: arrayOf(ref('MigrationReason'), 'What changes for it without stopping it.'),
    },
  },
  MigrationResult: {
    description: 'Added: the outcome for one instance.',
    allOf: [
      ref('MigrationCheck'),
      {
        type: 'object',
        required: ['migrated'],
        properties: {
          migrated: {
            type: 'boolean',
            description: 'Moved; false when it stayed on its version, unchanged, for the reasons given.',
          },
        },
      },
    ],
  },
  DeployResult: {
    type: 'object',
    description: 'The outcome of deploying BPMN XML.',
    required: ['key', 'version', 'sha256', 'warnings'],
    properties: {
      key: { type: 'string' },
      version: { type: 'integer', minimum: 1 },
      sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      warnings: arrayOf(ref('ProblemItem'), 'Rules the diagram bends without breaking them.'),
    },
  },
  ElementStatistics: {
    type: 'object',
    description: 'Token counts on one BPMN element of one definition version.',
    required: ['elementId', 'active', 'completed', 'overdue'],
    properties: {
      elementId: { type: 'string' },
      active: { type: 'integer', minimum: 0 },
      completed: { type: 'integer', minimum: 0 },
      overdue: { type: 'integer', minimum: 0 },
      averageWaitMs: {
        type: 'integer',
        minimum: 0,
        description: 'Added: average wait so far of the instances waiting here.',
      },
      longestWaitMs: {
        type: 'integer',
        minimum: 0,
        description: 'Added: the longest wait so far of the instances waiting here.',
      },
    },
  },
  ElementInstances: {
    type: 'object',
    description: 'Added: the instances waiting at one element. total counts all; items only those you may see.',
    required: ['elementId', 'total', 'items'],
    properties: {
      elementId: { type: 'string' },
      total: { type: 'integer', minimum: 0 },
      items: arrayOf({
        allOf: [
          ref('InstanceSummary'),
          {
            type: 'object',
            required: ['waitingSince', 'overdue'],
            properties: { waitingSince: dateTime, overdue: { type: 'boolean' }, task: ref('Task') },
          },
        ],
      }),
    },
  },
  InstanceState: {
    type: 'string',
    enum: ['active', 'completed', 'cancelled', 'failed'],
  },
  StartInstanceRequest: {
    type: 'object',
    required: ['definitionKey', 'team'],
    properties: {
      definitionKey: { type: 'string', description: 'Starts the latest version of this definition.' },
      team: { type: 'string' },
      caseId: { type: 'string', description: 'The case to start in; a new case when left out.' },
      variables: freeObject,
    },
  },
  InstanceCreated: {
    type: 'object',
    required: ['id', 'caseId'],
    properties: {
      id: { type: 'string' },
      caseId: { type: 'string' },
    },
  },
  InstanceSummary: {
    type: 'object',
    description: 'A process instance, without its variables and tasks.',
    required: ['id', 'caseId', 'team', 'definitionKey', 'version', 'state', 'startedAt', 'activeElementIds'],
    properties: {
      id: { type: 'string' },
      caseId: { type: 'string' },
      team: { type: 'string' },
      definitionKey: { type: 'string' },
      version: { type: 'integer', minimum: 1, description: 'The definition version this instance runs on.' },
      state: ref('InstanceState'),
      startedAt: dateTime,
      endedAt: dateTime,
      parentId: { type: 'string', description: 'The instance whose call activity started this one.' },
      calledBy: {
        type: 'string',
        description: 'Added: the id of the call activity in the parent that started this instance.',
      },
      activeElementIds: stringArray,
    },
  },
  InstanceDetail: {
    description: 'A process instance with its progress, variables and open tasks.',
    allOf: [
      ref('InstanceSummary'),
      {
        type: 'object',
        required: ['childIds', 'completedElementIds', 'takenFlowIds', 'variables', 'openTasks'],
        properties: {
          childIds: { ...stringArray, description: 'Instances started by this one’s call activities.' },
          completedElementIds: stringArray,
          takenFlowIds: stringArray,
          variables: freeObject,
          openTasks: arrayOf(ref('Task')),
        },
      },
    ],
  },
  HistoryEntry: {
    type: 'object',
    required: ['at', 'actor', 'type'],
    properties: {
      at: dateTime,
      actor: { type: 'string', description: 'The user id, or `systeem` for timers and the engine.' },
      type: {
        type: 'string',
        description:
          'One of instance.started, instance.completed, instance.cancelled, instance.failed, call.started, call.completed, ' +
          'task.created, task.claimed, task.unclaimed, task.assigned, task.completed (data.variabelen holds what was decided), ' +
          'task.cancelled, timer.scheduled, timer.fired, timer.cancelled, decision.recorded, decision.corrected, ' +
          'instance.migrated (added; data: vanVersie, naarVersie, mapping). ' +
          'New types may be added.',
      },
      elementId: { type: 'string' },
      data: { description: 'Details that depend on `type`.' },
    },
  },
  Decision: {
    type: 'object',
    description:
      'A formal decision (MDO, escalation level, placement, beschikking), recorded when a task marked as a decision in its ' +
      'diagram (camunda:property besluit) completes. Records never change; a correction is a new record naming the old one.',
    required: [
      'id',
      'caseId',
      'instanceId',
      'definitionKey',
      'elementId',
      'taskId',
      'kind',
      'title',
      'recordedAt',
      'recordedBy',
      'content',
      'sha256',
    ],
    properties: {
      id: { type: 'string' },
      caseId: { type: 'string' },
      instanceId: { type: 'string' },
      definitionKey: { type: 'string' },
      elementId: { type: 'string' },
      taskId: { type: 'string' },
      kind: { type: 'string', description: 'mdo, escalatie, triage, plaatsing, beschikking, ... as the diagram says.' },
      title: { type: 'string', description: 'The name of the task that recorded it.' },
      recordedAt: dateTime,
      recordedBy: {
        type: 'object',
        required: ['id', 'name'],
        properties: { id: { type: 'string' }, name: { type: 'string' } },
      },
      content: { ...freeObject, description: 'The decision as its form captured it.' },
      corrects: { type: 'string', description: 'For a correction: the id of the record it corrects.' },
      reason: { type: 'string', description: 'For a correction: why.' },
      correctedBy: { type: 'string', description: 'In lists: the id of the correction that replaced this record.' },
      sha256: { type: 'string', description: 'sha256 of the record, so a later change to a stored record shows.' },
    },
  },
  Case: {
    type: 'object',
    description: 'A case (casus: one youth or family) and its tree of process instances.',
    required: ['caseId', 'team', 'instances'],
    properties: {
      caseId: { type: 'string' },
      team: { type: 'string' },
      instances: arrayOf(ref('InstanceSummary')),
    },
  },
  Task: {
    type: 'object',
    description: 'A user task waiting for someone.',
    required: [
      'id',
      'instanceId',
      'caseId',
      'elementId',
      'name',
      'candidateGroups',
      'createdAt',
      'priority',
      'state',
      'team',
      'definitionKey',
    ],
    properties: {
      id: { type: 'string' },
      instanceId: { type: 'string' },
      caseId: { type: 'string' },
      elementId: { type: 'string' },
      name: { type: 'string' },
      candidateGroups: stringArray,
      assignee: { type: 'string', description: 'The user id of whoever holds the task.' },
      createdAt: dateTime,
      dueAt: dateTime,
      priority: { type: 'integer' },
      formKey: { type: 'string' },
      state: {
        type: 'string',
        enum: ['open', 'completed', 'cancelled'],
        description: 'Added to API.md: lets a list show a task that ended meanwhile.',
      },
      team: { type: 'string', description: 'Added to API.md: the case’s team, for filtering lists.' },
      definitionKey: { type: 'string', description: 'Added to API.md: the process the task belongs to.' },
    },
  },
  TaskDetail: {
    description: 'A task with its form and the variables to prefill it.',
    allOf: [
      ref('Task'),
      {
        type: 'object',
        required: ['form', 'variables'],
        properties: {
          form: { type: ['object', 'null'], description: 'A form-js schema, or null when the task has no form.' },
          variables: freeObject,
        },
      },
    ],
  },
  AssignTaskRequest: {
    type: 'object',
    required: ['userId'],
    properties: { userId: { type: 'string' } },
  },
  CompleteTaskRequest: {
    type: 'object',
    required: ['variables'],
    properties: { variables: freeObject },
  },
  Health: {
    type: 'object',
    required: ['status', 'version'],
    properties: {
      status: { type: 'string', enum: ['ok'] },
      version: { type: 'string' },
      quarantined: {
        type: 'array',
        description: 'Only for a beheerder: case files set aside at start-up because they could not be read.',
        items: {
          type: 'object',
          required: ['file', 'movedTo', 'reason', 'at'],
          properties: {
            file: { type: 'string' },
            movedTo: { type: 'string' },
            reason: { type: 'string' },
            at: { type: 'string', format: 'date-time' },
          },
        },
      },
    },
  },
  TestClockRequest: {
    type: 'object',
    required: ['advance'],
    properties: {
      advance: { type: 'string', format: 'duration', description: 'An ISO 8601 duration, e.g. `P5D`.' },
    },
  },
  TestClockResult: {
    type: 'object',
    required: ['now'],
    properties: { now: dateTime },
  },
  InstanceWatchRequest: {
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string' } },
  },
  InstanceUpdatedEvent: {
    type: 'object',
    required: ['id', 'state', 'activeElementIds', 'completedElementIds', 'takenFlowIds'],
    properties: {
      id: { type: 'string' },
      state: ref('InstanceState'),
      activeElementIds: stringArray,
      completedElementIds: stringArray,
      takenFlowIds: stringArray,
    },
  },
  DefinitionDeployedEvent: {
    type: 'object',
    required: ['key', 'version'],
    properties: {
      key: { type: 'string' },
      version: { type: 'integer', minimum: 1 },
    },
  },
};

// ---------------------------------------------------------------------------
// Socket.io events
// ---------------------------------------------------------------------------

const socketEvents: Json = {
  description:
    'socket.io at the server root. The socket authenticates with the session cookie and joins the rooms of its user’s groups and teams.',
  clientToServer: {
    'instance:watch': {
      description: 'Follow one instance; checked like GET /api/instances/{id}.',
      payload: ref('InstanceWatchRequest'),
    },
    'instance:unwatch': { description: 'Stop following one instance.', payload: ref('InstanceWatchRequest') },
    'definition:watch': {
      description: 'Added: follow one definition version’s statistics (counts only; any logged-in user).',
      payload: {
        type: 'object',
        required: ['key', 'version'],
        properties: { key: { type: 'string' }, version: { type: 'integer' } },
      },
    },
    'definition:unwatch': {
      description: 'Added: stop following a definition version’s statistics.',
      payload: {
        type: 'object',
        required: ['key', 'version'],
        properties: { key: { type: 'string' }, version: { type: 'integer' } },
      },
    },
  },
  serverToClient: {
    'task:created': { description: 'A task was created.', payload: ref('Task') },
    'task:updated': { description: 'A task was claimed, unclaimed or assigned.', payload: ref('Task') },
    'task:completed': { description: 'A task was completed.', payload: ref('Task') },
    'instance:updated': { description: 'A watched instance moved on.', payload: ref('InstanceUpdatedEvent') },
    'definition:deployed': {
      description: 'A new definition version was deployed.',
      payload: ref('DefinitionDeployedEvent'),
    },
    'definition:statistics': {
      description:
        'Added: a watched definition version’s statistics after its cases moved; batched, at most about once a second.',
      payload: {
        type: 'object',
        required: ['key', 'version', 'statistics'],
        properties: {
          key: { type: 'string' },
          version: { type: 'integer' },
          statistics: arrayOf(ref('ElementStatistics')),
        },
      },
    },
  },
};

const DESCRIPTION = `Casusregie steers youth-care cases through BPMN processes.

JSON in and out, under \`/api\`. Times are ISO 8601 UTC strings; durations are ISO 8601 durations.
Errors are RFC 9457 problem details (\`application/problem+json\`). A case you may not see is 404, not 403.
A 2xx answer to anything that changes state means the change is durable.

**Sessions.** \`POST /api/session\` sets an httpOnly, SameSite=Strict cookie (\`casusregie.sid\`) and returns a
\`csrfToken\`; every request that changes something carries it as header \`X-CSRF-Token\`.

**Live events (socket.io).** The socket authenticates with the session cookie; the server puts it in the rooms
of its user's groups and teams. See \`x-socket-events\` for payload schemas.

| direction | event | payload |
|---|---|---|
| client → server | \`instance:watch\`, \`instance:unwatch\` | \`InstanceWatchRequest\` \`{ id }\` |
| server → client | \`task:created\`, \`task:updated\`, \`task:completed\` | \`Task\` |
| server → client | \`instance:updated\` | \`InstanceUpdatedEvent\` |
| server → client | \`definition:deployed\` | \`DefinitionDeployedEvent\` |
`;

// ---------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------

const paths: Json = {
  '/api/session': {
    post: {
      tags: ['Session'],
      operationId: 'login',
      summary: 'Log in',
      description: 'Sets the session cookie and returns the CSRF token. Needs no X-CSRF-Token.',
      security: PUBLIC,
      requestBody: jsonBody(ref('LoginRequest')),
      responses: {
        '200': {
          ...jsonResponse(ref('Session'), 'Logged in.'),
          headers: {
            'Set-Cookie': {
              description: 'The httpOnly, SameSite=Strict session cookie `casusregie.sid`.',
              schema: { type: 'string' },
            },
          },
        },
        ...problemResponses(
          400,
          [401, 'Unknown user or wrong password.'],
          [429, 'Ten failed logins for this username within 15 minutes; Retry-After says when to try again.'],
        ),
      },
    },
    get: {
      tags: ['Session'],
      operationId: 'getSession',
      summary: 'The current session',
      security: SESSION,
      responses: {
        '200': jsonResponse(ref('Session'), 'The current user and CSRF token.'),
        ...problemResponses(401),
      },
    },
    delete: {
      tags: ['Session'],
      operationId: 'logout',
      summary: 'Log out',
      security: SESSION_AND_CSRF,
      responses: {
        '204': { description: 'Logged out.' },
        ...problemResponses(401, 403),
      },
    },
  },

  '/api/definitions': {
    get: {
      tags: ['Definitions'],
      operationId: 'listDefinitions',
      summary: 'List process definitions',
      description: 'The latest version of each definition; with `all=true` every version.',
      security: SESSION,
      parameters: [queryParam('all', 'Every version instead of only the latest.', { type: 'boolean', default: false })],
      responses: {
        '200': jsonResponse(arrayOf(ref('DefinitionVersion')), 'The definitions.'),
        ...problemResponses(400, 401),
      },
    },
    post: {
      tags: ['Definitions'],
      operationId: 'deployDefinition',
      summary: 'Deploy BPMN XML',
      description:
        'Needs role `proceseigenaar`. The `key` is the BPMN process id. Running instances keep the version they started on ' +
        '(until a process owner migrates them). Where the server has a form catalogue (processes/forms), every user task must name an existing form.',
      security: SESSION_AND_CSRF,
      parameters: [
        queryParam('note', 'Added: a note on this version (at most 500 characters), listed with the version.', {
          type: 'string',
          maxLength: 500,
        }),
      ],
      requestBody: {
        required: true,
        description: 'BPMN 2.0 XML, at most 5 MB.',
        content: { 'application/xml': { schema: { type: 'string' } } },
      },
      responses: {
        '200': jsonResponse(ref('DeployResult'), 'The same XML as the latest version: that version, nothing deployed.'),
        '201': jsonResponse(ref('DeployResult'), 'Deployed as a new version.'),
        ...problemResponses(
          [
            400,
            'Not well-formed BPMN XML, a note that is too long, or XML refused unread: a DOCTYPE or ENTITY declaration (xml-doctype), ' +
              'nesting deeper than 100 levels (xml-too-deep), more than 10,000 elements (xml-too-many-elements).',
          ],
          401,
          [403, 'Not a `proceseigenaar`, or the X-CSRF-Token header is missing or wrong.'],
          [413, 'The XML is larger than 5 MB.'],
          [422, 'The diagram breaks a rule; `problems` names each element and rule.'],
        ),
      },
    },
  },

  '/api/definitions/{key}/versions': {
    get: {
      tags: ['Definitions'],
      operationId: 'listDefinitionVersions',
      summary: 'Every version of one process, oldest first (added to the contract)',
      description: 'The version history: who deployed each version, when, its note and the sha256 of its XML.',
      security: SESSION,
      parameters: [pathParam('key', 'The definition key: the BPMN process id.')],
      responses: {
        '200': jsonResponse(arrayOf(ref('DefinitionVersion')), 'The versions, oldest first.'),
        ...problemResponses(401, [404, 'No process with this key was ever deployed.']),
      },
    },
  },

  '/api/definitions/{key}/migrations/dry-run': {
    post: {
      tags: ['Definitions'],
      operationId: 'checkMigration',
      summary: 'Check which running instances could move to a newer version (added to the contract)',
      description:
        'Needs role `proceseigenaar`. Changes nothing. An instance can move when it is active, on fromVersion, and every element it ' +
        'waits at (armed boundary events included) exists in toVersion, after the mapping, as the same kind of element in the same ' +
        'place: a call activity calling the same process, a boundary event on the same activity, a waiting join with the same incoming ' +
        'flows, nothing inside a sub-process.',
      security: SESSION_AND_CSRF,
      parameters: [pathParam('key', 'The definition key: the BPMN process id.')],
      requestBody: jsonBody(ref('MigrationRequest')),
      responses: {
        '200': jsonResponse(arrayOf(ref('MigrationCheck')), 'One check per instance, in the order asked.'),
        ...problemResponses(
          [400, 'Invalid body: versions, instance ids or mapping; `problems` names each field.'],
          401,
          [403, 'Not a `proceseigenaar`, or the X-CSRF-Token header is missing or wrong.'],
          [404, 'Unknown process or version.'],
          413,
          [422, 'The mapping names elements the versions do not have, or maps two elements onto one.'],
        ),
      },
    },
  },

  '/api/definitions/{key}/migrations': {
    post: {
      tags: ['Definitions'],
      operationId: 'migrateInstances',
      summary: 'Move running instances to a newer version (added to the contract)',
      description:
        'Needs role `proceseigenaar`. Each instance is checked again and moved in its own durable case transaction; those that ' +
        'cannot move stay on their version, unchanged, and are reported with their reasons (no all-or-nothing across cases). A moved ' +
        "instance keeps its variables, its open tasks (holder and due date included) and its timers' due times, continues on the new " +
        "version's flow and gets an `instance.migrated` history entry.",
      security: SESSION_AND_CSRF,
      parameters: [pathParam('key', 'The definition key: the BPMN process id.')],
      requestBody: jsonBody(ref('MigrationRequest')),
      responses: {
        '200': jsonResponse(arrayOf(ref('MigrationResult')), 'One result per instance, in the order asked.'),
        ...problemResponses(
          [400, 'Invalid body: versions, instance ids (required here) or mapping; `problems` names each field.'],
          401,
          [403, 'Not a `proceseigenaar`, or the X-CSRF-Token header is missing or wrong.'],
          [404, 'Unknown process or version.'],
          413,
          [422, 'The mapping names elements the versions do not have, or maps two elements onto one.'],
        ),
      },
    },
  },

  '/api/definitions/{key}/versions/{version}/xml': {
    get: {
      tags: ['Definitions'],
      operationId: 'getDefinitionXml',
      summary: 'The BPMN XML of one definition version',
      security: SESSION,
      parameters: definitionParams,
      responses: {
        '200': xmlResponse('BPMN 2.0 XML.'),
        ...problemResponses(401, 404),
      },
    },
  },

  '/api/definitions/{key}/versions/{version}/statistics': {
    get: {
      tags: ['Definitions'],
      operationId: 'getDefinitionStatistics',
      summary: 'Per-element statistics of one definition version',
      security: SESSION,
      parameters: definitionParams,
      responses: {
        '200': jsonResponse(arrayOf(ref('ElementStatistics')), 'Counts per element.'),
        ...problemResponses(401, 404),
      },
    },
  },
  '/api/definitions/{key}/versions/{version}/elements/{elementId}/instances': {
    get: {
      tags: ['Definitions'],
      operationId: 'listInstancesAtElement',
      summary: 'The instances waiting at one element, longest waiting first (added to the contract)',
      security: SESSION,
      parameters: [
        ...definitionParams,
        pathParam('elementId', 'The BPMN element id.'),
        queryParam('limit', 'At most this many items (1-500, default 100).', {
          type: 'integer',
          minimum: 1,
          maximum: 500,
        }),
      ],
      responses: {
        '200': jsonResponse(ref('ElementInstances'), 'The waiting instances you may see, and how many wait in all.'),
        ...problemResponses(401, 404),
      },
    },
  },

  '/api/instances': {
    post: {
      tags: ['Instances'],
      operationId: 'startInstance',
      summary: 'Start a process instance',
      description: 'Starts the latest version of the definition, in the given case or in a new one.',
      security: SESSION_AND_CSRF,
      requestBody: jsonBody(ref('StartInstanceRequest')),
      responses: {
        '201': jsonResponse(ref('InstanceCreated'), 'Started.'),
        ...problemResponses(400, 401, 403, [404, 'Unknown definition or case, or not visible to you.'], 413),
      },
    },
    get: {
      tags: ['Instances'],
      operationId: 'listInstances',
      summary: 'List process instances',
      description: 'Only the instances you may see.',
      security: SESSION,
      parameters: [
        queryParam('caseId', 'Only instances of this case.'),
        queryParam('definitionKey', 'Only instances of this definition.'),
        queryParam('state', 'Only instances in this state.', { type: 'string', enum: ['active', 'completed'] }),
      ],
      responses: {
        '200': jsonResponse(arrayOf(ref('InstanceSummary')), 'The instances.'),
        ...problemResponses(400, 401),
      },
    },
  },

  '/api/instances/{id}': {
    get: {
      tags: ['Instances'],
      operationId: 'getInstance',
      summary: 'One process instance',
      security: SESSION,
      parameters: [instanceIdParam],
      responses: {
        '200': jsonResponse(ref('InstanceDetail'), 'The instance.'),
        ...problemResponses(401, 404),
      },
    },
  },

  '/api/instances/{id}/xml': {
    get: {
      tags: ['Instances'],
      operationId: 'getInstanceXml',
      summary: 'The BPMN XML an instance runs on',
      security: SESSION,
      parameters: [instanceIdParam],
      responses: {
        '200': xmlResponse('The BPMN 2.0 XML of the definition version this instance runs on.'),
        ...problemResponses(401, 404),
      },
    },
  },

  '/api/instances/{id}/history': {
    get: {
      tags: ['Instances'],
      operationId: 'getInstanceHistory',
      summary: 'The history of an instance',
      security: SESSION,
      parameters: [instanceIdParam],
      responses: {
        '200': jsonResponse(arrayOf(ref('HistoryEntry')), 'History entries, oldest first.'),
        ...problemResponses(401, 404),
      },
    },
  },

  '/api/cases/{caseId}': {
    get: {
      tags: ['Cases'],
      operationId: 'getCase',
      summary: 'One case and its instances',
      security: SESSION,
      parameters: [pathParam('caseId', 'The case id.')],
      responses: {
        '200': jsonResponse(ref('Case'), 'The case.'),
        ...problemResponses(401, [404, 'Unknown case, or one you may not see.']),
      },
    },
  },
  '/api/cases/{caseId}/decisions': {
    get: {
      tags: ['Cases'],
      operationId: 'listDecisions',
      summary: "The case's formal decisions, oldest first (added to the contract)",
      security: SESSION,
      parameters: [pathParam('caseId', 'The case id.')],
      responses: {
        '200': jsonResponse(
          arrayOf(ref('Decision')),
          'The decisions; a corrected one names its correction in correctedBy.',
        ),
        ...problemResponses(401, [404, 'Unknown case, or one you may not see.']),
      },
    },
  },
  '/api/cases/{caseId}/decisions/{decisionId}/corrections': {
    post: {
      tags: ['Cases'],
      operationId: 'correctDecision',
      summary: 'Correct a recorded decision with a new, linked record (added to the contract)',
      description:
        'Who may record the original may correct it; the content meets the same form and rules. The flow does not move.',
      security: SESSION_AND_CSRF,
      parameters: [pathParam('caseId', 'The case id.'), pathParam('decisionId', 'The decision to correct.')],
      requestBody: jsonBody({
        type: 'object',
        required: ['content', 'reason'],
        properties: { content: freeObject, reason: { type: 'string', maxLength: 2000 } },
      }),
      responses: {
        '201': jsonResponse(ref('Decision'), 'The correction.'),
        ...problemResponses(
          [400, 'No reason, or a field of the content is invalid (one problem per field).'],
          401,
          [403, 'You may not record this kind of decision in this team.'],
          [404, 'Unknown case or decision.'],
          [409, 'The decision was corrected already; correct the newest record.'],
          [422, 'The corrected decision breaks a rule (e.g. a required discipline was absent).'],
        ),
      },
    },
  },

  '/api/tasks': {
    get: {
      tags: ['Tasks'],
      operationId: 'listTasks',
      summary: 'List tasks',
      security: SESSION,
      parameters: [
        queryParam('scope', 'Tasks you hold, tasks of your groups, or all you may see.', {
          type: 'string',
          enum: ['mine', 'group', 'all'],
        }),
        queryParam('overdue', 'Only tasks past their due time.', { type: 'boolean' }),
        queryParam('caseId', 'Only tasks of this case.'),
      ],
      responses: {
        '200': jsonResponse(arrayOf(ref('Task')), 'The tasks.'),
        ...problemResponses(400, 401),
      },
    },
  },

  '/api/tasks/{id}': {
    get: {
      tags: ['Tasks'],
      operationId: 'getTask',
      summary: 'One task with its form',
      security: SESSION,
      parameters: [taskIdParam],
      responses: {
        '200': jsonResponse(ref('TaskDetail'), 'The task, its form-js schema and the variables to prefill it.'),
        ...problemResponses(401, 404),
      },
    },
  },

  '/api/tasks/{id}/claim': {
    post: {
      tags: ['Tasks'],
      operationId: 'claimTask',
      summary: 'Claim a task',
      security: SESSION_AND_CSRF,
      parameters: [taskIdParam],
      responses: {
        '200': jsonResponse(ref('Task'), 'Claimed; the task.'),
        ...problemResponses(
          401,
          [403, 'Not in its candidate groups or team, or the X-CSRF-Token header is missing or wrong.'],
          404,
          [409, 'Someone else holds it.'],
        ),
      },
    },
  },

  '/api/tasks/{id}/unclaim': {
    post: {
      tags: ['Tasks'],
      operationId: 'unclaimTask',
      summary: 'Release a task',
      description: 'Allowed for whoever holds the task and for its team’s `teamleider`.',
      security: SESSION_AND_CSRF,
      parameters: [taskIdParam],
      responses: {
        '200': jsonResponse(ref('Task'), 'Released; the task as it is now.'),
        ...problemResponses(
          401,
          [
            403,
            'You do not hold it and are not its team’s `teamleider`, or the X-CSRF-Token header is missing or wrong.',
          ],
          404,
        ),
      },
    },
  },

  '/api/tasks/{id}/assign': {
    post: {
      tags: ['Tasks'],
      operationId: 'assignTask',
      summary: 'Assign a task to a user',
      description: 'Allowed for whoever holds the task and for its team’s `teamleider`.',
      security: SESSION_AND_CSRF,
      parameters: [taskIdParam],
      requestBody: jsonBody(ref('AssignTaskRequest')),
      responses: {
        '200': jsonResponse(ref('Task'), 'Assigned; the task as it is now.'),
        ...problemResponses(
          400,
          401,
          [
            403,
            'You do not hold it and are not its team’s `teamleider`, or the X-CSRF-Token header is missing or wrong.',
          ],
          404,
        ),
      },
    },
  },

  '/api/tasks/{id}/complete': {
    post: {
      tags: ['Tasks'],
      operationId: 'completeTask',
      summary: 'Complete a task',
      security: SESSION_AND_CSRF,
      parameters: [taskIdParam],
      requestBody: jsonBody(ref('CompleteTaskRequest'), 'The form values.'),
      responses: {
        '200': jsonResponse(ref('InstanceSummary'), 'Completed; the instance it belongs to.'),
        ...problemResponses(
          [
            400,
            "Invalid input: against the task's form-js schema, `problems` has one entry per invalid or unknown field.",
          ],
          401,
          403,
          404,
          [409, 'You do not hold it, or it is already completed.'],
          413,
          [
            422,
            'The decision this task records breaks a rule, e.g. an MDO decision while a required discipline was absent or consent is missing.',
          ],
        ),
      },
    },
  },

  '/api/health': {
    get: {
      tags: ['Health'],
      operationId: 'getHealth',
      summary: 'Health check',
      description: 'Answers 200 once the server accepts work. Needs no login.',
      security: PUBLIC,
      responses: {
        '200': jsonResponse(ref('Health'), 'The server accepts work.'),
      },
    },
  },

  '/api/openapi.json': {
    get: {
      tags: ['Health'],
      operationId: 'getOpenApiDocument',
      summary: 'This OpenAPI document',
      security: PUBLIC,
      responses: {
        '200': jsonResponse({ type: 'object' }, 'The OpenAPI 3.1 document.'),
      },
    },
  },

  '/api/test/clock': {
    post: {
      tags: ['Testing'],
      operationId: 'advanceTestClock',
      summary: 'Advance the test clock',
      description:
        'Only when the server runs with `TEST_CLOCK=1` (refused in production mode). Moves the server’s clock forward and fires every timer that falls due, in order, before it answers.',
      security: SESSION_AND_CSRF,
      requestBody: jsonBody(ref('TestClockRequest')),
      responses: {
        '200': jsonResponse(ref('TestClockResult'), 'The clock moved; `now` is the new server time.'),
        ...problemResponses(400, 401, 403, [404, 'The test clock is not enabled (`TEST_CLOCK` is not `1`).']),
      },
    },
  },
};

// ---------------------------------------------------------------------------
// The document
// ---------------------------------------------------------------------------

export function createOpenApiDocument(serverVersion: string): OpenApiDocument {
  // A fresh copy each time, so a caller that edits its document cannot change anyone else's.
  return structuredClone({
    openapi: '3.1.0',
    info: {
      title: 'Casusregie API',
      version: serverVersion,
      description: DESCRIPTION,
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'Session', description: 'Logging in and out.' },
      { name: 'Definitions', description: 'BPMN process definitions and their versions.' },
      { name: 'Instances', description: 'Process instances.' },
      { name: 'Cases', description: 'Cases (casussen) and their instance trees.' },
      { name: 'Tasks', description: 'User tasks and the worklist.' },
      { name: 'Health', description: 'Liveness and this document.' },
      { name: 'Testing', description: 'Only with TEST_CLOCK=1.' },
    ],
    paths,
    components: {
      schemas,
      responses: {
        Problem: {
          description: 'RFC 9457 problem details.',
          content: { 'application/problem+json': { schema: ref('Problem') } },
        },
      },
      securitySchemes: {
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'casusregie.sid',
          description: 'The httpOnly, SameSite=Strict session cookie set by POST /api/session.',
        },
        csrfToken: {
          type: 'apiKey',
          in: 'header',
          name: 'X-CSRF-Token',
          description: 'The `csrfToken` from the session; required on every request that changes state.',
        },
      },
    },
    'x-socket-events': socketEvents,
  });
}
