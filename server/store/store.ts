import type {
  DecisionRecord,
  DefinitionVersion,
  FormSchema,
  HistoryEntry,
  Incident,
  InstanceSummary,
  QuarantinedFile,
  Role,
  TaskBase,
  Team,
  Variables,
} from '../contract/api';
import type { EngineSnapshot, VariableMapping } from '../engine/engine-types';
import type { FormVersionMeta } from '../forms/form-versions';
import type { Cluster } from './cluster';

export type { QuarantinedFile };

/**
 * Storage, behind interfaces: the embedded lowdb store (one node) or PostgreSQL (DATABASE_URL,
 * one or several nodes), without touching the engine or the services. Every write method resolves only once the data
 * is durable, and rejects with a StorageUnavailableError (./storage-error) when it is not stored:
 * then nothing of it is stored, and what the store holds in memory is as it was.
 */

/** One case: the unit of storage, locking and caching. Everything an action changes is in here. */
export interface CaseDocument {
  caseId: string;
  /**
   * Counted up by the store at each commit (absent: never committed). A commit whose revision is
   * not the stored one is refused with a StaleCaseError: another node changed the case meanwhile.
   */
  revision?: number;
  team: string;
  createdAt: string;
  /** Regional candidate groups that ever had a task in this case: they may see it (need to know). */
  regionalGroups: string[];
  instances: Record<string, InstanceRecord>;
  tasks: Record<string, TaskRecord>;
  timers: Record<string, TimerRecord>;
  /** Formal decisions, append-only: nothing ever changes or removes a record (absent in older documents). */
  decisions?: DecisionRecord[];
  /** Failed engine actions (absent in older documents); an open one keeps its timer from firing. */
  incidents?: IncidentRecord[];
  /** The user id of the case's one regievoerder, a procesregisseur of its team (absent: unowned). */
  regisseur?: string;
  /** Set once the case is closed: its instances were cancelled then, and nothing runs any more. */
  closed?: { at: string; by: string; reden: string };
  /** Sequence number of the last history entry written for this case. */
  historySeq: number;
  /**
   * History entries written with this document but perhaps not yet synced to the history log; they
   * are appended again (by sequence number, so only once) when the store opens after a crash.
   */
  pendingHistory: StoredHistoryEntry[];
}

/** An instance as stored in its case: the API's summary (less the case's team) plus its run state. */
export interface InstanceRecord extends Omit<InstanceSummary, 'team' | 'calledBy'> {
  /** The call activity in the parent that waits for this instance. */
  parentCall?: { elementId: string; executionId: string; outputs: VariableMapping[] };
  childIds: string[];
  variables: Variables;
  completedElementIds: string[];
  takenFlowIds: string[];
  /** Active elements less armed boundary events: where the case waits (absent in older documents). */
  waitingElementIds?: string[];
  /** When the instance reached each element it waits at now (for waiting-time statistics). */
  activeSince?: Record<string, string>;
  /** Null once the instance has completed or was cancelled: there is nothing left to recover. */
  engineState: EngineSnapshot | null;
}

/** A task as stored in its case: the API's task plus what only the server needs. */
export interface TaskRecord extends TaskBase {
  /** The engine's execution id of this visit of the user task, used to signal it. */
  executionId: string;
  completedAt?: string;
  completedBy?: string;
}

export interface TimerRecord {
  id: string;
  instanceId: string;
  elementId: string;
  dueAt: string;
}

/** An incident as stored in its case: the API's incident plus the timer it holds back. */
export interface IncidentRecord extends Incident {
  timerId: string;
}

export interface StoredHistoryEntry extends HistoryEntry {
  seq: number;
  instanceId: string;
}

/** An instance as the indexes see it: its record without the engine's state. */
export type IndexedInstanceRecord = Omit<InstanceRecord, 'engineState'>;

/**
 * What the in-memory indexes (lists, statistics, figures, the youth index) and the timer schedule
 * need of a case: its document without the engines' states and the pending history, which are most
 * of its size. Stores keep it beside the document, so start-up reads these instead of every case.
 */
export interface CaseIndexEntry extends Omit<CaseDocument, 'instances' | 'pendingHistory'> {
  instances: Record<string, IndexedInstanceRecord>;
}

/** A case with nothing in it yet: what the first action on a new case starts from. */
export function newCaseDocument(caseId: string, team: string, createdAt: string): CaseDocument {
  return {
    caseId,
    team,
    createdAt,
    regionalGroups: [],
    instances: {},
    tasks: {},
    timers: {},
    historySeq: 0,
    pendingHistory: [],
  };
}

/** The index entry of a document (a copy: later changes to the document do not reach it). */
export function indexEntryOf(document: CaseDocument): CaseIndexEntry {
  return structuredClone(indexView(document));
}

/**
 * The index entry of a document as a view that shares the document's objects (no copy): for what
 * serializes it, or hands it to the indexes (which copy what they keep), at once. The document
 * without its pending history and its engines' states.
 */
export function indexView(document: CaseDocument): CaseIndexEntry {
  const { pendingHistory: _pending, instances, ...rest } = document;
  const indexed: Record<string, IndexedInstanceRecord> = {};
  for (const [id, instance] of Object.entries(instances)) {
    const { engineState: _state, ...record } = instance;
    indexed[id] = record;
  }
  return { ...rest, instances: indexed };
}

export interface CaseStore {
  /** Every stored case, whole (e.g. to copy a store); start-up reads indexEntries() instead. */
  all(): AsyncIterable<CaseDocument>;
  /**
   * The index entry of every stored case, for rebuilding the in-memory indexes and the timer
   * schedule at start-up. Its cost must not be that of reading every document.
   */
  indexEntries(): AsyncIterable<CaseIndexEntry>;
  load(caseId: string): Promise<CaseDocument | undefined>;
  /**
   * Durably replaces the case document and appends the action's history entries to the case's
   * history log (append-only, never rewritten). Resolves once both survive a crash, with
   * `document.revision` counted up. Rejects with a StaleCaseError, storing nothing, when the stored
   * revision is not `document.revision` (another node committed this case since it was loaded).
   * On a shared store it tells the other nodes ({ kind: 'case' }) in the same transaction.
   */
  commit(document: CaseDocument, history: StoredHistoryEntry[]): Promise<void>;
  /** The stored revision of a case (undefined: no such case), to tell whether a cached copy is current. */
  revision(caseId: string): Promise<number | undefined>;
  readHistory(caseId: string): Promise<StoredHistoryEntry[]>;
  /** Case files that could not be read at start-up and were set aside, so every other case serves. */
  quarantined(): QuarantinedFile[];
}

export interface StoredDefinitionVersion extends DefinitionVersion {
  note?: string;
}

export interface DefinitionStore {
  versions(): Promise<StoredDefinitionVersion[]>;
  /** Stores the XML first, then the version record, so a listed version always has its XML. */
  addVersion(version: StoredDefinitionVersion, xml: string): Promise<void>;
  readXml(key: string, version: number): Promise<string | undefined>;
}

/** A stored form version's record (issue 19); its schema is stored beside it. */
export type StoredFormVersion = FormVersionMeta;

/** Form versions, append-only like diagram versions: a version is never changed or removed. */
export interface FormStore {
  /** Every version of every form, in the order they were stored. */
  versions(): Promise<StoredFormVersion[]>;
  /** Stores the schema first, then the version record, so a listed version always has its schema. */
  addVersion(version: StoredFormVersion, schema: FormSchema): Promise<void>;
  readSchema(key: string, version: number): Promise<FormSchema | undefined>;
}

/** A user; the id is the username. Fields marked optional are absent in users stored before issue 15. */
export interface StoredUser {
  id: string;
  name: string;
  email?: string;
  roles: Role[];
  teams: string[];
  /** Empty for a user of the identity provider (`source: 'oidc'`): no local password logs them in. */
  passwordHash: string;
  /** Absent: active. A deactivated user cannot log in and has no sessions. */
  active?: boolean;
  lastLoginAt?: string;
  /** A one-time password was issued: every call but changing it answers 403 until it is changed. */
  mustChangePassword?: boolean;
  /** Absent: local. */
  source?: 'local' | 'oidc';
  demo?: boolean;
}

export interface UserStore {
  all(): Promise<StoredUser[]>;
  put(user: StoredUser): Promise<void>;
}

/** A team as stored: the API's team. Admin changes (issue 15) replace it whole through put(). */
export type StoredTeam = Team;

export interface TeamStore {
  all(): Promise<StoredTeam[]>;
  /** Adds the team, or replaces the one with its id. */
  put(team: StoredTeam): Promise<void>;
}

export interface StoredSession {
  /**
   * SHA-256 (hex) of the session id (see session-id-hash.ts). The id itself is a bearer secret
   * that only the user's cookie carries: whoever reads the data folder cannot log in with this.
   */
  idHash: string;
  userId: string;
  csrfToken: string;
  expiresAt: string;
}

export interface SessionStore {
  all(): Promise<StoredSession[]>;
  /** One session, e.g. one started on another node since this one loaded them. */
  get(idHash: string): Promise<StoredSession | undefined>;
  put(session: StoredSession): Promise<void>;
  delete(idHash: string): Promise<void>;
  /** Deletes every session of a user, but the one with `exceptIdHash` if given. */
  deleteOfUser(userId: string, exceptIdHash?: string): Promise<void>;
}

/** NEN 7513: who read which case, when, and what. */
/** One read of case data, or a refused attempt (NEN 7513): who, when, what, from where. */
export interface AccessLogEntry {
  /** The server clock's time of the read. */
  at: string;
  userId: string;
  action: 'read' | 'refused';
  resource: string;
  /** Absent for a refused attempt at something that does not exist. */
  caseId?: string;
  /** The client address (behind a proxy: as TRUST_PROXY allows). */
  address?: string;
  /** A short prefix of the session id's hash: enough to tell sessions apart, useless to take one over. */
  session?: string;
}

/** An entry as stored: its place in the log's hash chain. */
export interface AccessLogRecord extends AccessLogEntry {
  seq: number;
}

export interface AccessLogFilter {
  caseId?: string;
  userId?: string;
  /** Inclusive bounds, in epoch milliseconds. */
  from?: number;
  to?: number;
}

export interface AccessLog {
  /**
   * Appends the entry whole, chained to the one before, before the read is answered; throws a
   * StorageUnavailableError when it cannot (the read is then refused).
   */
  record(entry: AccessLogEntry): Promise<void>;
  /**
   * Matching records, newest first, from `cursor` (opaque; a record's own cursor resumes after it).
   * Streams: a search never holds the whole log in memory.
   */
  search(filter: AccessLogFilter, cursor?: string): AsyncIterable<{ record: AccessLogRecord; cursor: string }>;
  /** Checks the chain end to end; `firstBrokenAt` is the seq where it first breaks. */
  verify(): Promise<{ entries: number; intact: boolean; firstBrokenAt?: number }>;
}

/** A notification as stored: the API's notification plus whose it is. */
export interface StoredNotification {
  id: string;
  userId: string;
  at: string;
  kind: 'toegewezen' | 'herinnering' | 'escalatie' | 'crisisnorm' | 'termijn-verstreken';
  caseId?: string;
  taskId?: string;
  text: string;
  read: boolean;
}

export type EmailPreference = 'direct' | 'dagelijks' | 'nooit';

/** What is kept per user beside the notifications: the e-mail choice and the digest's progress. */
export interface NotificationSettings {
  email: EmailPreference;
  /** The Amsterdam calendar day (jjjj-mm-dd) of the last daily digest. */
  lastDigestDay?: string;
  /** The daily digest holds the notifications after this moment. */
  digestSince?: string;
}

/** Per user, newest first, bounded (the oldest fall off): notifications are a signal, not a record. */
export interface NotificationStore {
  /** The user's notifications, newest first. */
  ofUser(userId: string): Promise<StoredNotification[]>;
  /** Adds the notifications durably; each user keeps at most the newest `limit`. */
  add(notifications: StoredNotification[]): Promise<void>;
  /** Marks the user's notifications (all when `ids` is absent) read; answers how many were theirs. */
  markRead(userId: string, ids?: string[]): Promise<number>;
  settings(userId: string): Promise<NotificationSettings | undefined>;
  /** Users with stored settings, e.g. to find who wants a digest. */
  usersWithSettings(): Promise<string[]>;
  putSettings(userId: string, settings: NotificationSettings): Promise<void>;
  /** Task ids whose assignee was told the task is overdue, so they are told once. */
  overdueNotified(): Promise<ReadonlySet<string>>;
  setOverdueNotified(taskIds: string[]): Promise<void>;
}

export interface Store {
  /** Which store this is, for the health endpoint and logs. */
  kind: 'lowdb' | 'postgres';
  cases: CaseStore;
  notifications: NotificationStore;
  definitions: DefinitionStore;
  forms: FormStore;
  users: UserStore;
  teams: TeamStore;
  sessions: SessionStore;
  accessLog: AccessLog;
  /** Small settings that must survive a restart (e.g. the test clock offset). */
  settings: { get(name: string): Promise<unknown>; set(name: string, value: unknown): Promise<void> };
  /** The nodes sharing this store (one, for lowdb). */
  cluster: Cluster;
  close(): Promise<void>;
}
