/**
 * The REST contract of ../shared/API.md as TypeScript types. The server implements it and the
 * client imports it with `import type`, so both sides change together or not at all.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type Variables = Record<string, JsonValue>;

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

export type TeamRole = (typeof TEAM_ROLES)[number];
export type RegionalRole = (typeof REGIONAL_ROLES)[number];
export type Role = TeamRole | RegionalRole | (typeof SYSTEM_ROLES)[number];

export interface User {
  id: string;
  name: string;
  roles: Role[];
  teams: string[];
}

export interface SessionInfo {
  user: User;
  csrfToken: string;
}

export interface LoginRequest {
  username: string;
  password: string;
}

export interface DefinitionVersion {
  key: string;
  name: string;
  version: number;
  sha256: string;
  deployedAt: string;
  deployedBy: string;
  /** Added to the contract: the deploy note (`POST /api/definitions?note=`), if one was given. */
  note?: string;
}

/**
 * Added to the contract: `POST /api/definitions/:key/migrations/dry-run` and
 * `POST /api/definitions/:key/migrations` move running instances to a newer version.
 */
export interface MigrationRequest {
  fromVersion: number;
  toVersion: number;
  /**
   * The instances to move (at most 500). Optional for a dry run only: then every active instance
   * on `fromVersion` is checked, which is how a process owner (who sees no cases) finds them.
   */
  instanceIds?: string[];
  /** Old element id to new element id, for renamed elements; every other element keeps its id. */
  mapping?: Record<string, string>;
}

/** Added to the contract: why an instance cannot move, or what to know when it does. */
export interface MigrationReason {
  elementId?: string;
  code: string;
  message: string;
}

/** Added to the contract: the check of one instance (the dry run's answer, per instance). */
export interface MigrationCheck {
  instanceId: string;
  /** Absent when the instance does not exist. */
  caseId?: string;
  canMigrate: boolean;
  /** Why it cannot move; empty when it can. */
  reasons: MigrationReason[];
  /** Where it waits now: its active elements, armed boundary events included. */
  waitingAt: string[];
  /** What changes for it without stopping it, e.g. a boundary event the new version adds to its task. */
  warnings: MigrationReason[];
}

/** Added to the contract: the outcome for one instance of `POST .../migrations`. */
export interface MigrationResult extends MigrationCheck {
  /** Moved to `toVersion`; false with `reasons` when it stayed on its version, intact. */
  migrated: boolean;
}

export interface DeployResult {
  key: string;
  version: number;
  sha256: string;
  warnings: ProblemItem[];
}

export interface ElementStatistics {
  elementId: string;
  active: number;
  completed: number;
  overdue: number;
  /** Added to the contract, when instances wait here: their average and longest wait so far. */
  averageWaitMs?: number;
  longestWaitMs?: number;
}

/** Added to the contract: the instances waiting at one element, for "which cases are these?". */
export interface ElementInstances {
  elementId: string;
  /** Every instance waiting there, including those you may not see. */
  total: number;
  /** Those you may see, longest waiting first, at most `limit`. */
  items: Array<InstanceSummary & { waitingSince: string; overdue: boolean; task?: Task }>;
}

export type InstanceState = 'active' | 'completed' | 'cancelled' | 'failed';

export interface InstanceSummary {
  id: string;
  caseId: string;
  team: string;
  definitionKey: string;
  version: number;
  state: InstanceState;
  startedAt: string;
  endedAt?: string;
  parentId?: string;
  /** Added to the contract: the call activity in the parent that started this instance. */
  calledBy?: string;
  activeElementIds: string[];
}

export interface InstanceDetail extends InstanceSummary {
  childIds: string[];
  completedElementIds: string[];
  takenFlowIds: string[];
  variables: Variables;
  openTasks: Task[];
}

export interface StartInstanceRequest {
  definitionKey: string;
  team: string;
  caseId?: string;
  variables?: Variables;
}

export interface StartInstanceResponse {
  id: string;
  caseId: string;
}

export type HistoryType =
  | 'instance.started'
  | 'instance.completed'
  | 'instance.cancelled'
  | 'instance.failed'
  /** Added to the contract: moved to another version; data { vanVersie, naarVersie, mapping }. */
  | 'instance.migrated'
  | 'call.started'
  | 'call.completed'
  | 'task.created'
  | 'task.claimed'
  | 'task.unclaimed'
  | 'task.assigned'
  | 'task.completed'
  | 'task.cancelled'
  | 'timer.scheduled'
  | 'timer.fired'
  | 'timer.cancelled'
  | 'decision.recorded'
  | 'decision.corrected';

export interface HistoryEntry {
  at: string;
  actor: string;
  type: HistoryType;
  elementId?: string;
  data?: Variables;
}

/** Added to the contract: a history entry of a whole case, naming the instance it belongs to. */
export interface CaseHistoryEntry extends HistoryEntry {
  instanceId: string;
  definitionKey: string;
}

export interface CaseView {
  caseId: string;
  team: string;
  instances: InstanceSummary[];
}

export type TaskState = 'open' | 'completed' | 'cancelled';

/** What a task is, wherever it is seen: the API's Task and the stored task record share it. */
export interface TaskBase {
  id: string;
  instanceId: string;
  caseId: string;
  elementId: string;
  name: string;
  candidateGroups: string[];
  assignee?: string;
  createdAt: string;
  dueAt?: string;
  priority: number;
  formKey?: string;
  /** Added to the contract: lets a list show a task that was completed or cancelled meanwhile. */
  state: TaskState;
}

export interface Task extends TaskBase {
  /** Added to the contract: the case's team, so lists can filter by team without a second call. */
  team: string;
  /** Added to the contract: the process the task belongs to, for filtering by process. */
  definitionKey: string;
}

/** A form-js schema; its shape is form-js's, the server only stores and serves it. */
export type FormSchema = { [key: string]: JsonValue };

export interface TaskDetail extends Task {
  form: FormSchema | null;
  variables: Variables;
}

export type TaskScope = 'mine' | 'group' | 'all';

/**
 * Added to the contract: a formal decision (an MDO decision, an escalation level's decision),
 * recorded when a task marked as a decision in its diagram completes. Records never change; a
 * correction is a new record that names the one it corrects.
 */
export interface DecisionRecord {
  id: string;
  caseId: string;
  instanceId: string;
  definitionKey: string;
  elementId: string;
  taskId: string;
  /** What kind of decision, from the diagram: "mdo", "escalatie", ... */
  kind: string;
  /** The name of the task that recorded it, e.g. "MDO houden en besluit vastleggen". */
  title: string;
  recordedAt: string;
  recordedBy: { id: string; name: string };
  /** The decision as the form captured it. */
  content: Variables;
  /** For a correction: the id of the record it corrects, and why. */
  corrects?: string;
  reason?: string;
  /** sha256 of the record's content, so any later change to a stored record is detectable. */
  sha256: string;
}

export interface DecisionView extends DecisionRecord {
  /** The id of the correction that replaced this record, if any. */
  correctedBy?: string;
}

export interface CorrectDecisionRequest {
  content: Variables;
  reason: string;
}

export interface CompleteTaskRequest {
  variables?: Variables;
}

export interface AssignTaskRequest {
  userId: string;
}

export interface ProblemItem {
  path?: string;
  elementId?: string;
  code: string;
  message: string;
}

/** RFC 9457 problem details. `detail` and problem messages are written for users, in Dutch. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  problems?: ProblemItem[];
}

export interface Health {
  status: 'ok';
  version: string;
  /** Only for a beheerder: case files set aside at start-up because they could not be read. */
  quarantined?: QuarantinedFile[];
}

/** A data file the server set aside (in DATA_DIR/quarantine/) so that everything else serves. */
export interface QuarantinedFile {
  /** Where it was, relative to the data folder. */
  file: string;
  /** Where it is now, relative to the data folder. */
  movedTo: string;
  /** Why it could not be read. */
  reason: string;
  at: string;
}

export interface ClockAdvanceRequest {
  advance: string;
}

export interface ClockResponse {
  now: string;
}
