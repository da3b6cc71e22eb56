import type {
  CaseList,
  CaseSummary,
  CorrectDecisionRequest,
  DecisionRecord,
  InstanceSummary,
  MigrationCheck,
  MigrationDryRunRequest,
  MigrationRequest,
  MigrationResult,
  StartInstanceRequest,
  StartInstanceResponse,
  Task,
  User,
  Variables,
} from '../contract/api';
import type { DefinitionRegistry } from '../definitions/definition-registry';
import type { EngineHost } from '../engine/engine-host';
import type { LiveEvents } from '../live/live-events';
import type { Store } from '../store/store';
import type { Clock } from '../time/clock';
import { CaseClosing } from './case-closing';
import type { CaseIndex } from './case-index';
import { CaseListQueries, type CaseListQuery } from './case-list';
import { CaseRegisseur } from './case-regisseur';
import { CaseStart, type DuplicateQuery } from './case-start';
import { CaseUnitOfWork } from './case-unit-of-work';
import { DecisionCorrections } from './decision-corrections';
import { MigrationActions } from './migration-actions';
import { TaskActions } from './task-actions';
import type { TeamRegistry } from './team-registry';

export interface CaseServiceDeps {
  store: Store;
  engine: EngineHost;
  definitions: DefinitionRegistry;
  clock: Clock;
  events: LiveEvents;
  teams: TeamRegistry;
  engineCacheSize: number;
  engineCacheMegabytes: number;
  /** Looks up users for assignment; the cases do not own users. */
  findUser: (userId: string) => User | undefined;
  /** Whether the user may still be given work: a deactivated colleague gets no task and no case. */
  isActiveUser: (userId: string) => boolean;
}

/**
 * The actions on cases, as the HTTP routes and the demo seed call them. It only wires the parts
 * and hands calls on, so that callers keep one dependency: the unit of work every action runs in
 * (case-unit-of-work.ts), starting cases (case-start.ts), task actions (task-actions.ts),
 * decision corrections (decision-corrections.ts) and migrations (migration-actions.ts). Reads
 * live in CaseQueries.
 */
export class CaseService {
  readonly work: CaseUnitOfWork;
  private readonly starts: CaseStart;
  private readonly tasks: TaskActions;
  private readonly corrections: DecisionCorrections;
  private readonly migrations: MigrationActions;
  private readonly regisseurs: CaseRegisseur;
  private readonly closing: CaseClosing;
  /** The case list and case summaries (read from the in-memory case-summary index). */
  readonly list: CaseListQueries;

  constructor(deps: CaseServiceDeps) {
    this.work = new CaseUnitOfWork(deps);
    const parts = { ...deps, work: this.work };
    this.starts = new CaseStart(parts);
    this.tasks = new TaskActions(parts);
    this.corrections = new DecisionCorrections(parts);
    this.migrations = new MigrationActions(parts);
    this.regisseurs = new CaseRegisseur(parts);
    this.closing = new CaseClosing(parts);
    this.list = new CaseListQueries({ ...deps, index: this.work.index });
  }

  get index(): CaseIndex {
    return this.work.index;
  }

  get cachedCases(): number {
    return this.work.cachedCases;
  }

  get cachedEngineBytes(): number {
    return this.work.cachedEngineBytes;
  }

  start(
    user: User,
    request: StartInstanceRequest,
    options: { asCaller?: boolean } = {},
  ): Promise<StartInstanceResponse> {
    return this.starts.start(user, request, options);
  }

  possibleDuplicates(user: User, query: DuplicateQuery): Promise<string[]> {
    return this.starts.possibleDuplicates(user, query);
  }

  claim(user: User, taskId: string): Promise<Task> {
    return this.tasks.claim(user, taskId);
  }

  unclaim(user: User, taskId: string): Promise<Task> {
    return this.tasks.unclaim(user, taskId);
  }

  /** See TaskActions.releaseUnworkable: after a user lost the right to their tasks. */
  releaseUnworkable(userId: string, by: string): Promise<number> {
    return this.tasks.releaseUnworkable(userId, by);
  }

  assign(user: User, taskId: string, assigneeId: string): Promise<Task> {
    return this.tasks.assign(user, taskId, assigneeId);
  }

  complete(user: User, taskId: string, variables: Variables | undefined): Promise<InstanceSummary> {
    return this.tasks.complete(user, taskId, variables);
  }

  correctDecision(
    user: User,
    caseId: string,
    decisionId: string,
    request: CorrectDecisionRequest,
  ): Promise<DecisionRecord> {
    return this.corrections.correct(user, caseId, decisionId, request);
  }

  listCases(user: User, query: CaseListQuery): Promise<CaseList> {
    return this.list.list(user, query);
  }

  /** Makes `userId` the case's regievoerder; answers the case summary. */
  async assignRegisseur(user: User, caseId: string, userId: string): Promise<CaseSummary> {
    await this.regisseurs.assign(user, caseId, userId);
    return this.list.summary(user, caseId);
  }

  /** Closes the case with a reason, cancelling its open instances; answers the case summary. */
  async closeCase(user: User, caseId: string, reden: string): Promise<CaseSummary> {
    await this.closing.close(user, caseId, reden);
    return this.list.summary(user, caseId);
  }

  dryRunMigration(definitionKey: string, request: MigrationDryRunRequest): Promise<MigrationCheck[]> {
    return this.migrations.dryRun(definitionKey, request);
  }

  migrate(user: User, definitionKey: string, request: MigrationRequest): Promise<MigrationResult[]> {
    return this.migrations.migrate(user, definitionKey, request);
  }
}
