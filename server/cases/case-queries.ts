import { logAccess } from '../audit/access';
import type { RequestOrigin } from '../audit/request-context';
import { canSeeCase, canSeeTask, canWorkOnTask } from '../auth/access';
import type {
  CaseHistoryEntry,
  CaseView,
  DecisionView,
  ElementInstances,
  FormSchema,
  HistoryEntry,
  InstanceDetail,
  InstanceSummary,
  Task,
  TaskScope,
  User,
  Variables,
} from '../contract/api';
import { NotFoundError } from '../domain/errors';
import type { CaseDocument, Store } from '../store/store';
import type { Clock } from '../time/clock';
import { type CaseIndex, type CaseMeta, toSummary, toTask } from './case-index';
import { caseOfTask, visibleCase, visibleTask } from './case-visibility';
import { calendarDay, withYouth } from './case-youth';
import { type StepInputDeps, taskFormVariables } from './task-input';
import { toIncident } from './timer-firing';

export interface CaseQueriesDeps extends StepInputDeps {
  index: CaseIndex;
  store: Store;
  clock: Clock;
  /** Reads a case document, preferring the in-memory one (see CaseUnitOfWork.readDocument). */
  readDocument: <T>(caseId: string, read: (document: CaseDocument) => T) => Promise<T>;
}

/**
 * Reads of cases and tasks. They go to the in-memory index where they can, are checked against
 * need-to-know access (what a user may not see does not exist for them: 404), and every read of a
 * case is logged (NEN 7513).
 */
export class CaseQueries {
  constructor(private readonly deps: CaseQueriesDeps) {}

  async instanceDetail(user: User, id: string): Promise<InstanceDetail> {
    const summary = await this.visibleInstance(user, id);
    await this.logRead(user, `instance/${id}`, summary.caseId);
    return this.deps.readDocument(summary.caseId, (document) => {
      const instance = document.instances[id]!;
      return {
        ...toSummary(instance, document.team),
        childIds: instance.childIds,
        completedElementIds: instance.completedElementIds,
        takenFlowIds: instance.takenFlowIds,
        variables: instance.variables,
        openTasks: Object.values(document.tasks)
          .filter((task) => task.instanceId === id && task.state === 'open')
          .map((task) =>
            this.withYouth(toTask(task, document.team, instance.definitionKey), calendarDay(this.deps.clock.now())),
          ),
        incidents: (document.incidents ?? [])
          .filter((incident) => incident.instanceId === id)
          .sort((a, b) => (a.state === b.state ? b.at.localeCompare(a.at) : a.state === 'open' ? -1 : 1))
          .map(toIncident),
      };
    });
  }

  /**
   * The instance summary if the user may see it; 404 otherwise (existence is not revealed), and
   * the attempt is logged as refused under `resource`.
   */
  async visibleInstance(user: User, id: string, resource = `instance/${id}`): Promise<InstanceSummary> {
    const summary = this.deps.index.instance(id);
    const meta = summary && this.deps.index.caseOf(summary.caseId);
    if (!summary || !meta || !canSeeCase(user, meta)) {
      await this.logRefused(user, resource, meta?.caseId);
      throw new NotFoundError('Deze procesinstantie bestaat niet of is niet zichtbaar voor u.');
    }
    return summary;
  }

  /** A live watch of an instance (socket `instance:watch`): checked and logged like a GET. */
  async watchInstance(user: User, id: string): Promise<InstanceSummary> {
    const resource = `socket/instance/${id}`;
    const summary = await this.visibleInstance(user, id, resource);
    await this.logRead(user, resource, summary.caseId);
    return summary;
  }

  /**
   * An event pushed to a watcher of an instance shows them the case: logged from the watcher's
   * own origin (the push happens during someone else's request). False when it cannot be logged:
   * then it must not be sent to them. Never rejects.
   */
  async logPush(user: User, instanceId: string, event: string, from: RequestOrigin): Promise<boolean> {
    const caseId = this.deps.index.instance(instanceId)?.caseId;
    const resource = `socket/instance/${instanceId}/${event}`;
    try {
      await logAccess(this.deps.store.accessLog, this.deps.clock, { userId: user.id, resource, caseId }, from);
      return true;
    } catch (error) {
      // Never thrown: the push follows a change that is already durable and answered for.
      console.error(`${resource} not sent to ${user.id}: the access log is unavailable`, error);
      return false;
    }
  }

  async listInstances(
    user: User,
    filter: { caseId?: string; definitionKey?: string; state?: string },
  ): Promise<InstanceSummary[]> {
    const source = filter.caseId ? this.deps.index.instancesOfCase(filter.caseId) : [...this.deps.index.allInstances()];
    const shown = source.filter((summary) => {
      if (filter.definitionKey && summary.definitionKey !== filter.definitionKey) return false;
      if (filter.state && summary.state !== filter.state) return false;
      const meta = this.deps.index.caseOf(summary.caseId);
      return meta !== undefined && canSeeCase(user, meta);
    });
    await this.logListed(user, 'instance-list', filter.caseId, shown);
    return shown;
  }

  async history(user: User, instanceId: string): Promise<HistoryEntry[]> {
    const summary = await this.visibleInstance(user, instanceId, `instance/${instanceId}/history`);
    await this.logRead(user, `instance/${instanceId}/history`, summary.caseId);
    const entries = await this.deps.store.cases.readHistory(summary.caseId);
    return entries
      .filter((entry) => entry.instanceId === instanceId)
      .map(({ seq: _seq, instanceId: _instanceId, ...entry }) => entry);
  }

  /**
   * The instances waiting at one element of a diagram version, as far as the user may see them;
   * the total counts all (it is no more than the overview's badge already says).
   */
  async waitingAt(
    user: User,
    definitionKey: string,
    version: number,
    elementId: string,
    limit: number,
  ): Promise<ElementInstances> {
    const now = this.deps.clock.now().getTime();
    const waiting = this.deps.index.waitingAt(definitionKey, version, elementId);
    const items: ElementInstances['items'] = [];
    const resource = `definition/${definitionKey}/${version}/element/${elementId}`;
    for (const { instance, since } of waiting) {
      if (items.length >= limit) break;
      const meta = this.deps.index.caseOf(instance.caseId);
      if (!meta || !canSeeCase(user, meta)) continue;
      const task = this.deps.index
        .openTasksOfCase(instance.caseId)
        .find((candidate) => candidate.instanceId === instance.id && candidate.elementId === elementId);
      items.push({
        ...instance,
        waitingSince: new Date(since).toISOString(),
        overdue: task?.dueAt !== undefined && Date.parse(task.dueAt) < now,
        ...(task ? { task: this.withYouth(task, calendarDay(new Date(now))) } : {}),
      });
    }
    await this.logListed(user, resource, undefined, items);
    return { elementId, total: waiting.length, items };
  }

  /** The whole case's history, oldest first: every instance's entries, each naming its instance. */
  async caseHistory(user: User, caseId: string): Promise<CaseHistoryEntry[]> {
    await this.visibleCase(user, caseId, `case/${caseId}/history`);
    await this.logRead(user, `case/${caseId}/history`, caseId);
    const keys = new Map(
      this.deps.index.instancesOfCase(caseId).map((instance) => [instance.id, instance.definitionKey]),
    );
    const entries = await this.deps.store.cases.readHistory(caseId);
    return entries.map(({ seq: _seq, ...entry }) => ({ ...entry, definitionKey: keys.get(entry.instanceId) ?? '' }));
  }

  async caseView(user: User, caseId: string): Promise<CaseView> {
    const meta = await this.visibleCase(user, caseId, `case/${caseId}`);
    await this.logRead(user, `case/${caseId}`, caseId);
    return { caseId, team: meta.team, instances: this.deps.index.instancesOfCase(caseId) };
  }

  /** The case's formal decisions, oldest first; a corrected record names its correction. */
  async decisions(user: User, caseId: string): Promise<DecisionView[]> {
    await this.visibleCase(user, caseId, `case/${caseId}/decisions`);
    await this.logRead(user, `case/${caseId}/decisions`, caseId);
    return this.deps.readDocument(caseId, (document) => {
      const decisions = document.decisions ?? [];
      const correctedBy = new Map(
        decisions.filter((decision) => decision.corrects).map((decision) => [decision.corrects!, decision.id]),
      );
      return decisions.map((decision) => {
        const correction = correctedBy.get(decision.id);
        return correction ? { ...decision, correctedBy: correction } : { ...decision };
      });
    });
  }

  async listTasks(user: User, query: { scope: TaskScope; overdue: boolean; caseId?: string }): Promise<Task[]> {
    const now = this.deps.clock.now().getTime();
    const today = calendarDay(this.deps.clock.now());
    let tasks: Task[];
    if (query.caseId) tasks = this.deps.index.openTasksOfCase(query.caseId);
    else if (query.scope === 'mine') tasks = this.deps.index.openTasksFor({ assignee: user.id });
    else {
      const teams = user.roles.includes('teamleider') && query.scope === 'all' ? user.teams : [];
      tasks = this.deps.index.openTasksFor({
        groups: user.roles,
        teams,
        assignee: query.scope === 'all' ? user.id : undefined,
      });
    }
    const shown = tasks
      .filter((task) => {
        if (query.scope === 'mine' && task.assignee !== user.id) return false;
        if (query.overdue && !(task.dueAt && Date.parse(task.dueAt) < now)) return false;
        if (query.scope === 'group' && !canWorkOnTask(user, task)) return false;
        return canSeeTask(user, task);
      })
      .sort(byDueThenPriority)
      .map((task) => this.withYouth(task, today));
    await this.logListed(user, 'task-list', query.caseId, shown);
    return shown;
  }

  /** A task with its form (the version its instance's diagram version pinned) and the variables to fill it with. */
  async taskDetail(user: User, taskId: string): Promise<{ task: Task; form: FormSchema | null; variables: Variables }> {
    const resource = `task/${taskId}`;
    let caseId: string;
    try {
      caseId = caseOfTask(this.deps.index, taskId).caseId;
    } catch (error) {
      if (error instanceof NotFoundError) await this.logRefused(user, resource, undefined);
      throw error;
    }
    const detail = await this.deps.readDocument(caseId, async (document) => {
      let visible: ReturnType<typeof visibleTask>;
      try {
        visible = visibleTask(user, document, taskId);
      } catch (error) {
        if (error instanceof NotFoundError) await this.logRefused(user, resource, caseId);
        throw error;
      }
      const { task, instance } = visible;
      const shown = this.withYouth(task, calendarDay(this.deps.clock.now()));
      if (!instance) return { task: shown, form: null, variables: {} };
      const { form, variables } = await taskFormVariables(this.deps, {
        instance,
        elementId: task.elementId,
        formKey: task.formKey,
        document,
      });
      return { task: shown, form, variables };
    });
    await this.logRead(user, resource, caseId);
    return detail;
  }

  /** The task with its case's youth ("L.B., 14 jaar"), from the case-summary index. */
  withYouth(task: Task, today: string): Task {
    return withYouth(task, this.deps.index.summaries.youth(task.caseId), today);
  }

  /** The case if the user may see it; 404 otherwise (existence is not revealed), logged as refused. */
  private async visibleCase(user: User, caseId: string, resource: string): Promise<CaseMeta> {
    try {
      return visibleCase(this.deps.index, user, caseId, 'Deze casus bestaat niet of is niet zichtbaar voor u.');
    } catch (error) {
      if (error instanceof NotFoundError) await this.logRefused(user, resource, this.deps.index.caseOf(caseId)?.caseId);
      throw error;
    }
  }

  private logRead(user: User, resource: string, caseId: string): Promise<void> {
    return logAccess(this.deps.store.accessLog, this.deps.clock, { userId: user.id, resource, caseId });
  }

  /**
   * NEN 7513 for attempts too: who asked for what they may not see (or what does not exist). The
   * case is named only when it exists; the answer (404) reveals nothing either way.
   */
  private logRefused(user: User, resource: string, caseId: string | undefined): Promise<void> {
    return logAccess(this.deps.store.accessLog, this.deps.clock, {
      userId: user.id,
      resource,
      caseId,
      action: 'refused',
    });
  }

  /**
   * A list shows data of each case it names: one entry per case. A list asked for one case
   * (`?caseId=`) is a read of that case even when empty, or a refused attempt when the user may
   * not see it (the list is then empty, as for a case that does not exist).
   *
   * One write after the other, in the list's order: the chained log appends one entry at a time
   * anyway, so writing them at once would only hold more database connections, and a page names
   * few cases. The first that fails refuses the whole list.
   */
  private async logListed(
    user: User,
    resource: string,
    askedCase: string | undefined,
    shown: Array<{ caseId: string }>,
  ): Promise<void> {
    const cases = new Set(shown.map((item) => item.caseId));
    if (askedCase !== undefined && !cases.has(askedCase)) {
      const meta = this.deps.index.caseOf(askedCase);
      if (meta && canSeeCase(user, meta)) cases.add(askedCase);
      else await this.logRefused(user, `${resource}?caseId=${askedCase}`, meta?.caseId);
    }
    for (const caseId of cases) await this.logRead(user, resource, caseId);
  }
}

function byDueThenPriority(a: Task, b: Task): number {
  const dueA = a.dueAt ? Date.parse(a.dueAt) : Number.POSITIVE_INFINITY;
  const dueB = b.dueAt ? Date.parse(b.dueAt) : Number.POSITIVE_INFINITY;
  return dueA - dueB || b.priority - a.priority || a.createdAt.localeCompare(b.createdAt);
}
