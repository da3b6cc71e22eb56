import { type Static, Type } from '@sinclair/typebox';
import { fieldProblem, fieldProblems, requestProblem } from './field-problem';

/**
 * The REST contract of ../shared/API.md, written once as TypeBox schemas (JSON Schema). The
 * TypeScript types are derived from them (same names), the server validates requests against
 * them (server/http/validation.ts) and the OpenAPI document is generated from them and the route
 * table (./routes.ts). The client imports this file with `import type` only, so its bundle never
 * carries TypeBox.
 *
 * A schema's `$id` is its name in the OpenAPI document's components.
 */

// ---- Shared shapes ---------------------------------------------------------------------------

export const JsonValue = Type.Recursive(
  (This) =>
    Type.Union([
      Type.String(),
      Type.Number(),
      Type.Boolean(),
      Type.Null(),
      Type.Array(This),
      Type.Record(Type.String(), This),
    ]),
  { $id: 'JsonValue', description: 'Any JSON value.' },
);
export type JsonValue = Static<typeof JsonValue>;

export const Variables = Type.Record(Type.String(), JsonValue, {
  $id: 'Variables',
  description: 'Process variables: names to JSON values.',
});
export type Variables = Static<typeof Variables>;

/** Names that bpmn-engine uses itself on an execution's environment; a form cannot set them. */
const RESERVED_VARIABLES = ['fields', 'content', 'properties', 'environment', 'services', 'output'];
const VARIABLE_NAME = `^(?!(?:${RESERVED_VARIABLES.join('|')})$)[A-Za-z_][A-Za-z0-9_]{0,63}$`;

/**
 * Submitted variables: a JSON object whose names are plain identifiers the flow can read, and
 * none of the names the engine reserves. Every other name is refused, each as its own problem.
 */
function submittedVariables(typeMessage: string) {
  return Type.Record(Type.String({ pattern: VARIABLE_NAME }), JsonValue, {
    additionalProperties: Type.Never(
      fieldProblems(
        {
          code: 'reserved',
          message: '"{key}" is een gereserveerde naam.',
          whenKey: `^(?:${RESERVED_VARIABLES.join('|')})$`,
        },
        {
          code: 'name',
          message: '"{key}" is geen geldige variabelenaam (letters, cijfers en _, beginnend met een letter).',
        },
      ),
    ),
    description: 'Variable names are identifiers (letters, digits and _, not starting with a digit), at most 64 long.',
    ...fieldProblem('type', typeMessage),
  });
}

const dateTime = (description?: string) =>
  Type.String({ format: 'date-time', ...(description ? { description } : {}) });
const sha256 = (description: string) => Type.String({ pattern: '^[0-9a-f]{64}$', description });

// ---- Users and sessions ----------------------------------------------------------------------

/** Roles that work inside one or more SLT teams: they see the cases of their own teams. */
export const TEAM_ROLES = [
  'slt-medewerker',
  'procesregisseur',
  'mdo-voorzitter',
  'teamleider',
  'gemeente-beschikker',
] as const;

/** Regional roles see the cases that reached their process (a task for their group). */
export const REGIONAL_ROLES = ['plaatsingscoordinator', 'crisisdienst', 'regionaal-expertteam', 'bestuurder'] as const;

/** Roles with no case access at all (need to know): they manage diagrams and users. */
export const SYSTEM_ROLES = ['proceseigenaar', 'beheerder'] as const;

export type RegionalRole = (typeof REGIONAL_ROLES)[number];

export const Role = Type.Union(
  [...TEAM_ROLES, ...REGIONAL_ROLES, ...SYSTEM_ROLES].map((role) => Type.Literal(role)),
  { $id: 'Role' },
);
export type Role = Static<typeof Role>;

export const User = Type.Object(
  {
    id: Type.String(),
    name: Type.String({ description: 'Display name.' }),
    roles: Type.Array(Role),
    teams: Type.Array(Type.String(), { description: 'Teams, e.g. `slt-breda-noord`, `regional`.' }),
  },
  { $id: 'User', description: 'A user: who they are, their roles and teams.' },
);
export type User = Static<typeof User>;

export const SessionInfo = Type.Object(
  { user: User, csrfToken: Type.String() },
  {
    $id: 'SessionInfo',
    description:
      'The current session. Send `csrfToken` as header `X-CSRF-Token` on every request that changes something.',
  },
);
export type SessionInfo = Static<typeof SessionInfo>;

/** Longer usernames are refused before the login throttle stores anything (its memory stays bounded). */
export const MAX_USERNAME_LENGTH = 200;
/** Longer passwords are refused before scrypt spends time on them. */
export const MAX_PASSWORD_LENGTH = 1024;

export const LoginRequest = Type.Object(
  {
    username: Type.String({
      minLength: 1,
      maxLength: MAX_USERNAME_LENGTH,
      ...fieldProblems(
        {
          code: 'max-length',
          message: `Hoogstens ${MAX_USERNAME_LENGTH} tekens.`,
          detail: 'Gebruikersnaam of wachtwoord is te lang.',
          whenRule: 'maxLength',
        },
        { code: 'required', message: 'Gebruikersnaam is verplicht.' },
      ),
    }),
    password: Type.String({
      minLength: 1,
      maxLength: MAX_PASSWORD_LENGTH,
      ...fieldProblems(
        {
          code: 'max-length',
          message: `Hoogstens ${MAX_PASSWORD_LENGTH} tekens.`,
          detail: 'Gebruikersnaam of wachtwoord is te lang.',
          whenRule: 'maxLength',
        },
        { code: 'required', message: 'Wachtwoord is verplicht.' },
      ),
    }),
  },
  { $id: 'LoginRequest', ...requestProblem('Vul gebruikersnaam en wachtwoord in.') },
);
export type LoginRequest = Static<typeof LoginRequest>;

// ---- Problems --------------------------------------------------------------------------------

export const ProblemItem = Type.Object(
  {
    path: Type.Optional(Type.String({ description: 'The invalid field, e.g. `variables.naam`.' })),
    elementId: Type.Optional(Type.String({ description: 'The BPMN element the problem concerns.' })),
    code: Type.String({ description: 'A stable, machine-readable code for the rule that was broken.' }),
    message: Type.String({ description: 'A message a person can act on, in Dutch.' }),
  },
  {
    $id: 'ProblemItem',
    description:
      'One concrete problem: the field (`path`) or BPMN element (`elementId`) it concerns, a code and a message.',
  },
);
export type ProblemItem = Static<typeof ProblemItem>;

/** RFC 9457 problem details. `detail` and problem messages are written for users, in Dutch. */
export const Problem = Type.Object(
  {
    type: Type.String({ format: 'uri-reference' }),
    title: Type.String(),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    detail: Type.Optional(Type.String()),
    problems: Type.Optional(
      Type.Array(ProblemItem, { description: 'One entry per invalid field or broken diagram rule.' }),
    ),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details.' },
);
export type Problem = Static<typeof Problem>;

// ---- Definitions -----------------------------------------------------------------------------

export const MAX_NOTE_LENGTH = 500;

export const DefinitionVersion = Type.Object(
  {
    key: Type.String({ description: 'The BPMN process id.' }),
    name: Type.String(),
    version: Type.Integer({ minimum: 1 }),
    sha256: sha256('SHA-256 of the deployed XML, hex.'),
    deployedAt: dateTime(),
    deployedBy: Type.String({ description: 'Id of the user who deployed it.' }),
    note: Type.Optional(
      Type.String({
        maxLength: MAX_NOTE_LENGTH,
        description: 'Added to the contract: the deploy note (`POST /api/definitions?note=`), if one was given.',
      }),
    ),
  },
  { $id: 'DefinitionVersion', description: 'One deployed version of a process definition.' },
);
export type DefinitionVersion = Static<typeof DefinitionVersion>;

export const DeployResult = Type.Object(
  {
    key: Type.String(),
    version: Type.Integer({ minimum: 1 }),
    sha256: sha256('SHA-256 of the deployed XML, hex.'),
    warnings: Type.Array(ProblemItem, { description: 'Rules the diagram bends without breaking them.' }),
  },
  { $id: 'DeployResult', description: 'The outcome of deploying BPMN XML.' },
);
export type DeployResult = Static<typeof DeployResult>;

export const MAX_MIGRATION_INSTANCES = 500;
const MAX_MAPPING_ENTRIES = 500;
const ELEMENT_ID = '^[A-Za-z_][\\w.-]{0,199}$';

const versionNumber = (name: string, description: string) =>
  Type.Integer({
    minimum: 1,
    description,
    ...fieldProblem('version', `${name} moet een versienummer zijn (een geheel getal vanaf 1).`),
  });

const migrationFields = {
  fromVersion: versionNumber('fromVersion', 'The version the instances run on now.'),
  toVersion: versionNumber('toVersion', 'The newer version to move them to; greater than fromVersion.'),
  instanceIds: Type.Array(Type.String({ maxLength: 100 }), {
    minItems: 1,
    maxItems: MAX_MIGRATION_INSTANCES,
    description:
      'The instances to move. Required for the migration; for the dry run, leaving it out checks every active instance on fromVersion.',
    ...fieldProblem(
      'instance-ids',
      `instanceIds moet een lijst van 1 tot ${MAX_MIGRATION_INSTANCES} instantie-id's zijn.`,
    ),
  }),
  mapping: Type.Optional(
    Type.Record(Type.String({ pattern: ELEMENT_ID }), Type.String({ pattern: ELEMENT_ID }), {
      additionalProperties: Type.Never(),
      maxProperties: MAX_MAPPING_ENTRIES,
      description:
        'Old element id to new element id, for renamed elements (not sequence flows); every other element keeps its id.',
      ...fieldProblem(
        'mapping',
        `mapping moet een object zijn van oud element-id naar nieuw element-id (hoogstens ${MAX_MAPPING_ENTRIES} koppelingen).`,
      ),
    }),
  ),
};
const migrationRequestProblem = requestProblem(
  'De migratieaanvraag is niet compleet of niet geldig.',
  'Stuur een JSON-object met fromVersion, toVersion en instanceIds.',
);

/**
 * Added to the contract: `POST /api/definitions/:key/migrations/dry-run` moves nothing; it checks
 * which running instances could move to a newer version. Without `instanceIds`, every active
 * instance on `fromVersion` is checked, which is how a process owner (who sees no cases) finds them.
 */
export const MigrationDryRunRequest = Type.Object(
  { ...migrationFields, instanceIds: Type.Optional(migrationFields.instanceIds) },
  {
    $id: 'MigrationDryRunRequest',
    description: 'Added: which instances could move from one version of a process to a newer one.',
    ...migrationRequestProblem,
  },
);
/** Either request: the migration names its instances, the dry run may leave them out. */
export type MigrationDryRunRequest = Static<typeof MigrationDryRunRequest>;

/** Added to the contract: `POST /api/definitions/:key/migrations` moves the instances named. */
export const MigrationRequest = Type.Object(migrationFields, {
  $id: 'MigrationRequest',
  description:
    'Added: which instances move from one version of a process to a newer one, and how old elements map to new ones.',
  ...migrationRequestProblem,
});
export type MigrationRequest = Static<typeof MigrationRequest>;

/** Added to the contract: why an instance cannot move, or what to know when it does. */
export const MigrationReason = Type.Object(
  {
    elementId: Type.Optional(Type.String({ description: 'The element it concerns, where it concerns one.' })),
    code: Type.String({
      description:
        'instance-unknown, not-active, version-mismatch, element-unknown, element-removed, element-type-changed, inside-subprocess, ' +
        'boundary-moved, called-element-changed, join-changed, state-mismatch, refused, migration-failed; warnings: boundary-not-armed. ' +
        'New codes may be added.',
    }),
    message: Type.String({ description: 'A Dutch message a process owner can act on.' }),
  },
  { $id: 'MigrationReason', description: 'Added: why an instance cannot move, or what changes for it when it does.' },
);
export type MigrationReason = Static<typeof MigrationReason>;

const migrationCheckFields = {
  instanceId: Type.String(),
  caseId: Type.Optional(Type.String({ description: 'Absent when the instance does not exist.' })),
  canMigrate: Type.Boolean(),
  reasons: Type.Array(MigrationReason, { description: 'Why it cannot move; empty when it can.' }),
  waitingAt: Type.Array(Type.String(), {
    description: 'Where it waits now: its active elements, armed boundary events included.',
  }),
  warnings: Type.Array(MigrationReason, {
    description: 'What changes for it without stopping it, e.g. a boundary event the new version adds to its task.',
  }),
};

/** Added to the contract: the check of one instance (the dry run's answer, per instance). */
export const MigrationCheck = Type.Object(migrationCheckFields, {
  $id: 'MigrationCheck',
  description: 'Added: whether one instance can move, and why not.',
});
export type MigrationCheck = Static<typeof MigrationCheck>;

/** Added to the contract: the outcome for one instance of `POST .../migrations`. */
export const MigrationResult = Type.Object(
  {
    ...migrationCheckFields,
    migrated: Type.Boolean({
      description: 'Moved to `toVersion`; false with `reasons` when it stayed on its version, intact.',
    }),
  },
  { $id: 'MigrationResult', description: 'Added: the outcome for one instance.' },
);
export type MigrationResult = Static<typeof MigrationResult>;

export const ElementStatistics = Type.Object(
  {
    elementId: Type.String(),
    active: Type.Integer({ minimum: 0 }),
    completed: Type.Integer({ minimum: 0 }),
    overdue: Type.Integer({ minimum: 0 }),
    averageWaitMs: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Added: average wait so far of the instances waiting here.' }),
    ),
    longestWaitMs: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Added: the longest wait so far of the instances waiting here.' }),
    ),
  },
  { $id: 'ElementStatistics', description: 'Token counts on one BPMN element of one definition version.' },
);
export type ElementStatistics = Static<typeof ElementStatistics>;

// ---- Instances -------------------------------------------------------------------------------

export const InstanceState = Type.Union(
  [Type.Literal('active'), Type.Literal('completed'), Type.Literal('cancelled'), Type.Literal('failed')],
  { $id: 'InstanceState' },
);
export type InstanceState = Static<typeof InstanceState>;

const instanceSummaryFields = {
  id: Type.String(),
  caseId: Type.String(),
  team: Type.String(),
  definitionKey: Type.String(),
  version: Type.Integer({ minimum: 1, description: 'The definition version this instance runs on.' }),
  state: InstanceState,
  startedAt: dateTime(),
  endedAt: Type.Optional(dateTime()),
  parentId: Type.Optional(Type.String({ description: 'The instance whose call activity started this one.' })),
  calledBy: Type.Optional(
    Type.String({ description: 'Added to the contract: the call activity in the parent that started this instance.' }),
  ),
  activeElementIds: Type.Array(Type.String()),
};

export const InstanceSummary = Type.Object(instanceSummaryFields, {
  $id: 'InstanceSummary',
  description: 'A process instance, without its variables and tasks.',
});
export type InstanceSummary = Static<typeof InstanceSummary>;

export const StartInstanceRequest = Type.Object(
  {
    definitionKey: Type.String({
      minLength: 1,
      description: 'Starts the latest version of this definition.',
      ...fieldProblem('required', 'Kies een proces.'),
    }),
    team: Type.String({ minLength: 1, ...fieldProblem('required', 'Kies een team.') }),
    caseId: Type.Optional(
      Type.String({
        description: 'The case to start in; a new case when left out.',
        ...fieldProblem('type', 'caseId moet tekst zijn.'),
      }),
    ),
    variables: Type.Optional(submittedVariables('variables moet een object zijn.')),
  },
  { $id: 'StartInstanceRequest', ...requestProblem('De aanvraag is niet compleet.') },
);
export type StartInstanceRequest = Static<typeof StartInstanceRequest>;

export const StartInstanceResponse = Type.Object(
  { id: Type.String(), caseId: Type.String() },
  { $id: 'StartInstanceResponse', description: 'The started instance and the case it belongs to.' },
);
export type StartInstanceResponse = Static<typeof StartInstanceResponse>;

/** What happened to an instance; `instance.migrated` was added to the contract. */
const HISTORY_TYPES = [
  'instance.started',
  'instance.completed',
  'instance.cancelled',
  'instance.failed',
  'instance.migrated',
  'call.started',
  'call.completed',
  'task.created',
  'task.claimed',
  'task.unclaimed',
  'task.assigned',
  'task.completed',
  'task.cancelled',
  'timer.scheduled',
  'timer.fired',
  'timer.cancelled',
  'decision.recorded',
  'decision.corrected',
  'incident.raised',
  'incident.resolved',
] as const;

export const HistoryType = Type.Union(
  HISTORY_TYPES.map((type) => Type.Literal(type)),
  {
    $id: 'HistoryType',
    description:
      'task.completed: data.variabelen holds what was decided. Added to the contract: instance.migrated (data vanVersie, naarVersie, mapping), incident.raised (data incidentId, wat, melding), incident.resolved (data incidentId). New types may be added.',
  },
);
export type HistoryType = Static<typeof HistoryType>;

const historyEntryFields = {
  at: dateTime(),
  actor: Type.String({ description: 'The user id, or `systeem` for timers and the engine.' }),
  type: HistoryType,
  elementId: Type.Optional(Type.String()),
  data: Type.Optional(Type.Record(Type.String(), JsonValue, { description: 'Details that depend on `type`.' })),
};

export const HistoryEntry = Type.Object(historyEntryFields, { $id: 'HistoryEntry' });
export type HistoryEntry = Static<typeof HistoryEntry>;

/** Added to the contract: a history entry of a whole case, naming the instance it belongs to. */
export const CaseHistoryEntry = Type.Object(
  { ...historyEntryFields, instanceId: Type.String(), definitionKey: Type.String() },
  { $id: 'CaseHistoryEntry', description: 'Added: a history entry of a whole case, naming its instance.' },
);
export type CaseHistoryEntry = Static<typeof CaseHistoryEntry>;

export const CaseView = Type.Object(
  { caseId: Type.String(), team: Type.String(), instances: Type.Array(InstanceSummary) },
  { $id: 'CaseView', description: 'A case (casus: one youth or family) and its tree of process instances.' },
);
export type CaseView = Static<typeof CaseView>;

// ---- Tasks -----------------------------------------------------------------------------------

const taskBaseFields = {
  id: Type.String(),
  instanceId: Type.String(),
  caseId: Type.String(),
  elementId: Type.String(),
  name: Type.String(),
  candidateGroups: Type.Array(Type.String()),
  assignee: Type.Optional(Type.String({ description: 'The user id of whoever holds the task.' })),
  createdAt: dateTime(),
  dueAt: Type.Optional(dateTime()),
  priority: Type.Integer(),
  formKey: Type.Optional(Type.String()),
  state: Type.Union([Type.Literal('open'), Type.Literal('completed'), Type.Literal('cancelled')], {
    description: 'Added to the contract: lets a list show a task that was completed or cancelled meanwhile.',
  }),
};

/** What a task is, wherever it is seen: the API's Task and the stored task record share it. */
export const TaskBase = Type.Object(taskBaseFields);
export type TaskBase = Static<typeof TaskBase>;

export const Task = Type.Object(
  {
    ...taskBaseFields,
    team: Type.String({ description: 'Added to the contract: the case’s team, for filtering lists.' }),
    definitionKey: Type.String({ description: 'Added to the contract: the process the task belongs to.' }),
  },
  { $id: 'Task', description: 'A user task waiting for someone.' },
);
export type Task = Static<typeof Task>;

/**
 * Added to the contract: an engine action of a case that failed for a reason that is not the
 * client's input (a timer firing whose FEEL breaks a limit, a recovery that throws). The action
 * left the case as it was and waits for a retry by a process owner.
 */
export const Incident = Type.Object(
  {
    id: Type.String(),
    instanceId: Type.String(),
    elementId: Type.String(),
    kind: Type.Literal('timer', { description: 'What failed: `timer` (a due timer firing). New kinds may be added.' }),
    message: Type.String({ description: 'What went wrong, in Dutch, for the process owner.' }),
    at: dateTime(),
    attempts: Type.Integer({ minimum: 1, description: 'How often the action was tried.' }),
    state: Type.Union([Type.Literal('open'), Type.Literal('resolved')]),
    resolvedAt: Type.Optional(dateTime()),
  },
  { $id: 'Incident', description: 'Added: a failed engine action of a case, waiting for a retry.' },
);
export type Incident = Static<typeof Incident>;

/**
 * Added to the contract: an open incident as a process owner sees it in the list of a process.
 * It names the case only by its id and carries no case data (no variables, no youth's initials):
 * a process owner answers for the diagram, not for the case.
 */
export const ProcessIncident = Type.Object(
  {
    id: Type.String(),
    instanceId: Type.String(),
    caseId: Type.String({ description: 'The case number, so the case’s team can be told; no case data.' }),
    definitionKey: Type.String(),
    version: Type.Integer({ minimum: 1, description: 'The definition version the instance runs on.' }),
    elementId: Type.String(),
    elementName: Type.Optional(Type.String({ description: 'The element’s name in the diagram, when it has one.' })),
    kind: Type.Literal('timer', { description: 'What failed: `timer` (a due timer firing). New kinds may be added.' }),
    message: Type.String({ description: 'What went wrong, in Dutch, for the process owner.' }),
    at: dateTime(),
    attempts: Type.Integer({ minimum: 1, description: 'How often the action was tried.' }),
  },
  { $id: 'ProcessIncident', description: 'Added: an open incident of a process, without case data.' },
);
export type ProcessIncident = Static<typeof ProcessIncident>;

export const InstanceDetail = Type.Object(
  {
    ...instanceSummaryFields,
    childIds: Type.Array(Type.String(), { description: 'Instances started by this one’s call activities.' }),
    completedElementIds: Type.Array(Type.String()),
    takenFlowIds: Type.Array(Type.String()),
    variables: Variables,
    openTasks: Type.Array(Task),
    incidents: Type.Optional(
      Type.Array(Incident, { description: 'Added: engine actions of this instance that failed, open ones first.' }),
    ),
  },
  { $id: 'InstanceDetail', description: 'A process instance with its progress, variables and open tasks.' },
);
export type InstanceDetail = Static<typeof InstanceDetail>;

/** A form-js schema; its shape is form-js's, the server only stores and serves it. */
export const FormSchema = Type.Record(Type.String(), JsonValue, {
  $id: 'FormSchema',
  description: 'A form-js schema.',
});
export type FormSchema = Static<typeof FormSchema>;

export const TaskDetail = Type.Object(
  {
    ...Task.properties,
    form: Type.Union([FormSchema, Type.Null()], { description: 'The form-js schema, or null when it has none.' }),
    variables: Variables,
  },
  { $id: 'TaskDetail', description: 'A task with its form and the variables to prefill it.' },
);
export type TaskDetail = Static<typeof TaskDetail>;

export const TaskScope = Type.Union([Type.Literal('mine'), Type.Literal('group'), Type.Literal('all')]);
export type TaskScope = Static<typeof TaskScope>;

export const AssignTaskRequest = Type.Object(
  { userId: Type.String({ minLength: 1, ...fieldProblem('required', 'userId is verplicht.') }) },
  { $id: 'AssignTaskRequest', ...requestProblem('Geef aan wie de taak krijgt.') },
);
export type AssignTaskRequest = Static<typeof AssignTaskRequest>;

/** Null variables are as good as none. */
const optionalVariables = (typeMessage: string, description: string) =>
  Type.Optional(
    Type.Union([submittedVariables(typeMessage), Type.Null()], {
      description,
      ...fieldProblem('type', typeMessage, 'De variabelen moeten een object zijn.'),
    }),
  );

export const CompleteTaskRequest = Type.Object(
  { variables: optionalVariables('Verwacht een object.', "The form's values.") },
  { $id: 'CompleteTaskRequest', ...requestProblem('Sommige velden zijn ongeldig.') },
);
export type CompleteTaskRequest = Static<typeof CompleteTaskRequest>;

// ---- Decisions -------------------------------------------------------------------------------

const decisionRecordFields = {
  id: Type.String(),
  caseId: Type.String(),
  instanceId: Type.String(),
  definitionKey: Type.String(),
  elementId: Type.String(),
  taskId: Type.String(),
  kind: Type.String({ description: 'What kind of decision, from the diagram: mdo, escalatie, ...' }),
  title: Type.String({ description: 'The name of the task that recorded it.' }),
  recordedAt: dateTime(),
  recordedBy: Type.Object({ id: Type.String(), name: Type.String() }),
  content: Type.Record(Type.String(), JsonValue, { description: 'The decision as its form captured it.' }),
  corrects: Type.Optional(Type.String({ description: 'For a correction: the id of the record it corrects.' })),
  reason: Type.Optional(Type.String({ description: 'For a correction: why.' })),
  sha256: Type.String({ description: 'sha256 of the record, so a later change to a stored record shows.' }),
};

/**
 * Added to the contract: a formal decision (an MDO decision, an escalation level's decision),
 * recorded when a task marked as a decision in its diagram completes. Records never change; a
 * correction is a new record that names the one it corrects.
 */
export const DecisionRecord = Type.Object(decisionRecordFields, { $id: 'DecisionRecord' });
export type DecisionRecord = Static<typeof DecisionRecord>;

export const DecisionView = Type.Object(
  {
    ...decisionRecordFields,
    correctedBy: Type.Optional(Type.String({ description: 'The id of the correction that replaced this record.' })),
  },
  { $id: 'DecisionView', description: 'A decision as lists show it: with the correction that replaced it, if any.' },
);
export type DecisionView = Static<typeof DecisionView>;

export const CorrectDecisionRequest = Type.Object(
  {
    reason: Type.String({
      maxLength: 2000,
      pattern: '\\S',
      ...fieldProblem(
        'required',
        'Een reden (hoogstens 2000 tekens) is verplicht.',
        'Geef aan waarom het besluit wordt gecorrigeerd.',
      ),
    }),
    content: optionalVariables('Verwacht een object.', 'The corrected decision, as its form captures it.'),
  },
  { $id: 'CorrectDecisionRequest', ...requestProblem('Sommige velden zijn ongeldig.') },
);
export type CorrectDecisionRequest = Static<typeof CorrectDecisionRequest>;

// ---- Statistics at an element ----------------------------------------------------------------

/** Added to the contract: the instances waiting at one element, for "which cases are these?". */
export const ElementInstances = Type.Object(
  {
    elementId: Type.String(),
    total: Type.Integer({ minimum: 0, description: 'Every instance waiting there, including those you may not see.' }),
    items: Type.Array(
      Type.Object({
        ...instanceSummaryFields,
        waitingSince: dateTime(),
        overdue: Type.Boolean(),
        task: Type.Optional(Task),
      }),
      { description: 'Those you may see, longest waiting first, at most `limit`.' },
    ),
  },
  { $id: 'ElementInstances', description: 'Added: the instances waiting at one element.' },
);
export type ElementInstances = Static<typeof ElementInstances>;

// ---- Health and the test clock ---------------------------------------------------------------

/** A data file the server set aside (in DATA_DIR/quarantine/) so that everything else serves. */
export const QuarantinedFile = Type.Object(
  {
    file: Type.String({ description: 'Where it was, relative to the data folder.' }),
    movedTo: Type.String({ description: 'Where it is now, relative to the data folder.' }),
    reason: Type.String({ description: 'Why it could not be read.' }),
    at: dateTime(),
  },
  { $id: 'QuarantinedFile', description: 'A data file set aside so that everything else serves.' },
);
export type QuarantinedFile = Static<typeof QuarantinedFile>;

export const Health = Type.Object(
  {
    status: Type.Literal('ok'),
    version: Type.String(),
    quarantined: Type.Optional(
      Type.Array(QuarantinedFile, {
        description: 'Only for a beheerder: case files set aside at start-up because they could not be read.',
      }),
    ),
  },
  { $id: 'Health', description: 'The server accepts work.' },
);
export type Health = Static<typeof Health>;

export const ClockAdvanceRequest = Type.Object(
  {
    advance: Type.String({
      description: 'An ISO 8601 duration, e.g. `P5D`.',
      ...fieldProblem('required', 'advance is verplicht.'),
    }),
  },
  { $id: 'ClockAdvanceRequest', ...requestProblem('Geef een ISO 8601-duur op in "advance", bijvoorbeeld P5D.') },
);
export type ClockAdvanceRequest = Static<typeof ClockAdvanceRequest>;

export const ClockResponse = Type.Object({ now: dateTime('The new server time.') }, { $id: 'ClockResponse' });
export type ClockResponse = Static<typeof ClockResponse>;
