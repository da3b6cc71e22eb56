import type { ElementStatistics, InstanceSummary, ProcessIncident, Task } from '../contract/api';
import { FigureFactsIndex } from '../figures/figure-facts-index';
import type { CaseIndexEntry, IndexedInstanceRecord, TaskRecord } from '../store/store';
import { CaseSummaryIndex } from './case-summary-index';
import { ElementStatisticsIndex, type InstanceContribution } from './element-statistics';
import { intern, internList } from './index-strings';
import { OpenCasesByYouth } from './youth-index';

export interface CaseMeta {
  caseId: string;
  team: string;
  regionalGroups: string[];
}

/** An open incident as indexed: what the process owner's list shows, before element names are added. */
export type IndexedIncident = Omit<ProcessIncident, 'elementName'>;

/**
 * What the index holds of one case beyond its summary, so an update removes exactly what the
 * previous one added. Kept on the case's summary entry (IndexedCase.held), so it needs no map of
 * its own; the open tasks are the Task views themselves (not their ids), and lists that are
 * empty for most cases are one shared empty list.
 */
export interface CaseHoldings {
  openTasks: Task[];
  /** One per instance, in the document's order: also the case's instances (by their ids). */
  statistics: InstanceContribution[];
  /** The case's open incidents, so an update removes exactly what it added. */
  openIncidents: IndexedIncident[];
}

const NONE: never[] = [];

/**
 * In-memory indexes over all cases, rebuilt from the store at start-up and updated after every
 * committed action. Lists and lookups read these, so their cost follows what they return, not
 * the number of cases stored; an update touches only the entries of the one case it concerns.
 *
 * At 100,000 open cases what it holds per case is most of the server's memory, so it holds each
 * open task once (one Task view, which the by-group, by-team and by-assignee sets point to), ids
 * as one string each, and repeated values (teams, keys, element ids, names) pooled
 * (index-strings.ts).
 */
export class CaseIndex {
  private readonly instances = new Map<string, InstanceSummary>();
  /**
   * Every task ever created, open or not: an open one to its Task view, any other to its case id
   * (tasks are addressed by id alone). One map for both, so an open task costs one entry.
   */
  private readonly tasks = new Map<string, Task | string>();
  private readonly openByGroup = new Map<string, Set<Task>>();
  private readonly openByTeam = new Map<string, Set<Task>>();
  private readonly openByAssignee = new Map<string, Set<Task>>();
  /**
   * Open incidents per definition key (every version), for the process owner's list. Kept here
   * because every raised, retried or resolved incident is a committed action that updates its
   * case in this index, and start-up loads every case through it.
   */
  private readonly openIncidentsByDefinition = new Map<string, Map<string, IndexedIncident>>();
  /** Per definition version and element: waiting, passed, waiting times, overdue tasks. */
  private readonly elementStatistics = new ElementStatisticsIndex();
  /** Open cases by team and youth, for the warning about a second registration. */
  readonly youths = new OpenCasesByYouth();
  /** Every case in order of registration, for the case list (case-summary-index.ts). */
  readonly summaries = new CaseSummaryIndex();
  /** What each case contributes to the steering figures (server/figures/). */
  readonly figures = new FigureFactsIndex();

  /** Every case's meta by id: its summary entry, which holds the case id, team and regional groups. */
  get cases(): ReadonlyMap<string, CaseMeta> {
    return this.summaries.byCaseId;
  }

  update(document: CaseIndexEntry): void {
    // One string for the case's id wherever the index holds it, the same one from update to update.
    const caseId = this.summaries.get(document.caseId)?.caseId ?? document.caseId;
    this.remove(caseId);
    this.youths.update(document, caseId);
    const entry = this.summaries.update(document, caseId);
    this.figures.update(document, caseId);
    const team = entry.team;
    const records = Object.values(document.instances);
    const taskRecords = Object.values(document.tasks);
    const openRecords = taskRecords.filter((task) => task.state === 'open');
    // Lists built by map, not push, so each is as long as it needs to be (push leaves room for 16).
    const instances =
      records.length === 0 ? NONE : records.map((instance) => indexedSummary(instance, caseId, team, entry.openedAt));
    const byId = new Map<string, InstanceSummary>();
    for (const summary of instances) {
      this.instances.set(summary.id, summary);
      byId.set(summary.id, summary);
    }
    const statistics =
      records.length === 0
        ? NONE
        : records.map((instance, index) =>
            this.elementStatistics.add(contributionOf(instance, instances[index]!, openRecords)),
          );
    for (const task of taskRecords) if (task.state !== 'open') this.tasks.set(task.id, caseId);
    const openTasks =
      openRecords.length === 0
        ? NONE
        : openRecords.map((task) => indexedTask(task, caseId, team, byId.get(task.instanceId)));
    for (const view of openTasks) {
      this.tasks.set(view.id, view);
      for (const group of view.candidateGroups) addTo(this.openByGroup, group, view);
      addTo(this.openByTeam, team, view);
      if (view.assignee) addTo(this.openByAssignee, view.assignee, view);
    }
    let openIncidents: IndexedIncident[] = NONE;
    for (const incident of document.incidents ?? []) {
      if (incident.state !== 'open') continue;
      const instance = byId.get(incident.instanceId);
      if (!instance) continue;
      let open = this.openIncidentsByDefinition.get(instance.definitionKey);
      if (!open) {
        open = new Map();
        this.openIncidentsByDefinition.set(instance.definitionKey, open);
      }
      const indexed: IndexedIncident = {
        id: incident.id,
        instanceId: instance.id,
        caseId,
        definitionKey: instance.definitionKey,
        version: instance.version,
        elementId: incident.elementId,
        kind: incident.kind,
        message: incident.message,
        at: incident.at,
        attempts: incident.attempts,
      };
      open.set(incident.id, indexed);
      if (openIncidents === NONE) openIncidents = [];
      openIncidents.push(indexed);
    }
    entry.held = { openTasks, statistics, openIncidents };
  }

  /** The open incidents of every version of a process, newest first. */
  openIncidentsOf(definitionKey: string): IndexedIncident[] {
    const open = this.openIncidentsByDefinition.get(definitionKey);
    return [...(open?.values() ?? [])].sort((a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id));
  }

  caseOf(caseId: string): CaseMeta | undefined {
    return this.summaries.get(caseId);
  }

  instance(id: string): InstanceSummary | undefined {
    return this.instances.get(id);
  }

  caseOfTask(taskId: string): string | undefined {
    const known = this.tasks.get(taskId);
    return typeof known === 'string' ? known : known?.caseId;
  }

  openTask(taskId: string): Task | undefined {
    const known = this.tasks.get(taskId);
    return typeof known === 'string' ? undefined : known;
  }

  instancesOfCase(caseId: string): InstanceSummary[] {
    const statistics = this.summaries.get(caseId)?.held?.statistics ?? NONE;
    return statistics
      .map(({ instanceId }) => this.instances.get(instanceId))
      .filter((summary): summary is InstanceSummary => summary !== undefined);
  }

  openTasksOfCase(caseId: string): Task[] {
    return [...(this.summaries.get(caseId)?.held?.openTasks ?? NONE)];
  }

  /** Open tasks for any of the given groups, teams (as teamleider) or assignee; deduplicated. */
  openTasksFor(query: { groups?: string[]; teams?: string[]; assignee?: string }): Task[] {
    const tasks = new Set<Task>();
    for (const group of query.groups ?? []) for (const task of this.openByGroup.get(group) ?? []) tasks.add(task);
    for (const team of query.teams ?? []) for (const task of this.openByTeam.get(team) ?? []) tasks.add(task);
    if (query.assignee) for (const task of this.openByAssignee.get(query.assignee) ?? []) tasks.add(task);
    return [...tasks];
  }

  /** Every instance summary matching a filter; callers filter by access afterwards. */
  allInstances(): IterableIterator<InstanceSummary> {
    return this.instances.values();
  }

  statisticsOf(definitionKey: string, version: number, now: Date): ElementStatistics[] {
    return this.elementStatistics.statistics(`${definitionKey}@${version}`, now.getTime());
  }

  /** The instances waiting at an element of a definition version, longest waiting first. */
  waitingAt(
    definitionKey: string,
    version: number,
    elementId: string,
  ): Array<{ instance: InstanceSummary; since: number }> {
    return this.elementStatistics
      .waitingAt(`${definitionKey}@${version}`, elementId)
      .map(({ instanceId, since }) => ({ instance: this.instances.get(instanceId), since }))
      .filter((entry): entry is { instance: InstanceSummary; since: number } => entry.instance !== undefined);
  }

  private remove(caseId: string): void {
    const previous = this.summaries.get(caseId)?.held;
    if (!previous) return;
    for (const { instanceId } of previous.statistics) this.instances.delete(instanceId);
    for (const task of previous.openTasks) {
      // Known again by the update that follows (a task never leaves its case's document).
      this.tasks.delete(task.id);
      for (const group of task.candidateGroups) removeFrom(this.openByGroup, group, task);
      removeFrom(this.openByTeam, task.team, task);
      if (task.assignee) removeFrom(this.openByAssignee, task.assignee, task);
    }
    for (const entry of previous.statistics) this.elementStatistics.subtract(entry);
    for (const { id, definitionKey } of previous.openIncidents) {
      const open = this.openIncidentsByDefinition.get(definitionKey);
      open?.delete(id);
      if (open?.size === 0) this.openIncidentsByDefinition.delete(definitionKey);
    }
  }
}

/**
 * What an instance adds to the statistics. A user task has waited since its task was created;
 * any other waiting element since the instance reached it (activeSince), or since it started.
 */
function contributionOf(
  instance: IndexedInstanceRecord,
  summary: InstanceSummary,
  openTasks: TaskRecord[],
): InstanceContribution {
  const tasks = openTasks.filter((task) => task.instanceId === instance.id);
  const waiting = instance.state === 'active' ? (instance.waitingElementIds ?? instance.activeElementIds) : NONE;
  const since = waiting.map((elementId) => {
    const task = tasks.find((candidate) => candidate.elementId === elementId);
    return Date.parse(task?.createdAt ?? instance.activeSince?.[elementId] ?? instance.startedAt);
  });
  const due = tasks.filter((task) => task.dueAt);
  return {
    definition: intern(`${summary.definitionKey}@${summary.version}`),
    instanceId: summary.id,
    waiting: internList(waiting),
    since: since.length === 0 ? NONE : since,
    // Pooled, so a copy: the case document's list changes in place later; the index must subtract exactly what it added.
    completed: internList(instance.completedElementIds),
    dueElements: due.length === 0 ? NONE : internList(due.map((task) => task.elementId)),
    dueAt: due.length === 0 ? NONE : due.map((task) => Date.parse(task.dueAt!)),
  };
}

function addTo<T>(map: Map<string, Set<T>>, key: string, value: T): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(value);
}

function removeFrom<T>(map: Map<string, Set<T>>, key: string, value: T): void {
  const set = map.get(key);
  set?.delete(value);
  if (set?.size === 0) map.delete(key);
}

/** toSummary's answer, with its ids and repeated values shared rather than copied per case. */
function indexedSummary(
  instance: IndexedInstanceRecord,
  caseId: string,
  team: string,
  /** The case's creation time: the root instance's start and its first tasks' creation are the same moment. */
  openedAt: string,
): InstanceSummary {
  const summary = toSummary(instance, team);
  if (summary.caseId === caseId) summary.caseId = caseId;
  if (summary.startedAt === openedAt) summary.startedAt = openedAt;
  summary.definitionKey = intern(summary.definitionKey);
  summary.state = intern(summary.state) as InstanceSummary['state'];
  if (summary.calledBy !== undefined) summary.calledBy = intern(summary.calledBy);
  summary.activeElementIds = internList(summary.activeElementIds);
  return summary;
}

/**
 * toTask's answer, with its ids and repeated values shared rather than copied per task. Built
 * key by key in the record's own order (the answer's order), not by spreading a rest object: the
 * spread of a rest object gets a hidden class of its own, some 400 bytes per open task.
 */
function indexedTask(task: TaskRecord, caseId: string, team: string, instance: InstanceSummary | undefined): Task {
  const view: Partial<Record<keyof Task, unknown>> = {};
  for (const key of Object.keys(task) as Array<keyof TaskRecord>) {
    switch (key) {
      case 'executionId':
      case 'completedAt':
      case 'completedBy':
        continue;
      case 'caseId':
        view.caseId = task.caseId === caseId ? caseId : task.caseId;
        break;
      case 'instanceId':
        view.instanceId = instance?.id ?? task.instanceId;
        break;
      case 'createdAt':
        view.createdAt = task.createdAt === instance?.startedAt ? instance.startedAt : task.createdAt;
        break;
      case 'elementId':
      case 'name':
      case 'assignee':
      case 'formKey':
      case 'state':
        view[key] = typeof task[key] === 'string' ? intern(task[key]) : task[key];
        break;
      case 'candidateGroups':
        view.candidateGroups = internList(task.candidateGroups);
        break;
      default:
        view[key] = task[key];
    }
  }
  view.team = team;
  view.definitionKey = instance?.definitionKey ?? '';
  return view as Task;
}

export function toSummary(instance: IndexedInstanceRecord, team: string): InstanceSummary {
  return {
    id: instance.id,
    caseId: instance.caseId,
    team,
    definitionKey: instance.definitionKey,
    version: instance.version,
    state: instance.state,
    startedAt: instance.startedAt,
    ...(instance.endedAt ? { endedAt: instance.endedAt } : {}),
    ...(instance.parentId ? { parentId: instance.parentId } : {}),
    ...(instance.parentCall ? { calledBy: instance.parentCall.elementId } : {}),
    activeElementIds: instance.activeElementIds,
  };
}

export function toTask(task: TaskRecord, team: string, definitionKey: string): Task {
  const { executionId: _executionId, completedAt: _completedAt, completedBy: _completedBy, ...base } = task;
  return { ...base, team, definitionKey };
}
