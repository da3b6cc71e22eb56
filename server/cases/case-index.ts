import type { ElementStatistics, InstanceSummary, ProcessIncident, Task } from '../contract/api';
import { FigureFactsIndex } from '../figures/figure-facts-index';
import type { CaseIndexEntry, IndexedInstanceRecord, TaskRecord } from '../store/store';
import { CaseSummaryIndex } from './case-summary-index';
import { ElementStatisticsIndex, type InstanceContribution } from './element-statistics';
import { OpenCasesByYouth } from './youth-index';

export interface CaseMeta {
  caseId: string;
  team: string;
  regionalGroups: string[];
}

/** An open incident as indexed: what the process owner's list shows, before element names are added. */
export type IndexedIncident = Omit<ProcessIncident, 'elementName'>;

interface Contribution {
  instanceIds: string[];
  /** The case's open incidents, by definition key, so an update removes exactly what it added. */
  openIncidents: Array<{ id: string; definitionKey: string }>;
  openTaskIds: Array<{ id: string; definition: string }>;
  statistics: InstanceContribution[];
}

/**
 * In-memory indexes over all cases, rebuilt from the store at start-up and updated after every
 * committed action. Lists and lookups read these, so their cost follows what they return, not
 * the number of cases stored; an update touches only the entries of the one case it concerns.
 */
export class CaseIndex {
  readonly cases = new Map<string, CaseMeta>();
  private readonly instances = new Map<string, InstanceSummary>();
  private readonly openTasks = new Map<string, Task>();
  /** Every task ever created, open or not, to its case (tasks are addressed by id alone). */
  private readonly taskCase = new Map<string, string>();
  private readonly openByGroup = new Map<string, Set<string>>();
  private readonly openByTeam = new Map<string, Set<string>>();
  private readonly openByAssignee = new Map<string, Set<string>>();
  /** Open tasks per definition version (`key@version`), for overdue counts without a full scan. */
  private readonly openByDefinition = new Map<string, Set<string>>();
  private readonly contributions = new Map<string, Contribution>();
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

  update(document: CaseIndexEntry): void {
    this.remove(document.caseId);
    this.youths.update(document);
    this.summaries.update(document);
    this.figures.update(document);
    this.cases.set(document.caseId, {
      caseId: document.caseId,
      team: document.team,
      regionalGroups: document.regionalGroups,
    });
    const contribution: Contribution = { instanceIds: [], openIncidents: [], openTaskIds: [], statistics: [] };
    const openTasks = Object.values(document.tasks).filter((task) => task.state === 'open');
    for (const instance of Object.values(document.instances)) {
      this.instances.set(instance.id, toSummary(instance, document.team));
      contribution.instanceIds.push(instance.id);
      const statistics = contributionOf(instance, openTasks);
      contribution.statistics.push(statistics);
      this.elementStatistics.add(statistics);
    }
    for (const task of Object.values(document.tasks)) {
      this.taskCase.set(task.id, document.caseId);
      if (task.state !== 'open') continue;
      const instance = document.instances[task.instanceId];
      const view = toTask(task, document.team, instance?.definitionKey ?? '');
      const definition = `${instance?.definitionKey ?? ''}@${instance?.version ?? 0}`;
      this.openTasks.set(task.id, view);
      contribution.openTaskIds.push({ id: task.id, definition });
      addTo(this.openByDefinition, definition, task.id);
      for (const group of task.candidateGroups) addTo(this.openByGroup, group, task.id);
      addTo(this.openByTeam, document.team, task.id);
      if (task.assignee) addTo(this.openByAssignee, task.assignee, task.id);
    }
    for (const incident of document.incidents ?? []) {
      if (incident.state !== 'open') continue;
      const instance = document.instances[incident.instanceId];
      if (!instance) continue;
      let open = this.openIncidentsByDefinition.get(instance.definitionKey);
      if (!open) {
        open = new Map();
        this.openIncidentsByDefinition.set(instance.definitionKey, open);
      }
      open.set(incident.id, {
        id: incident.id,
        instanceId: incident.instanceId,
        caseId: document.caseId,
        definitionKey: instance.definitionKey,
        version: instance.version,
        elementId: incident.elementId,
        kind: incident.kind,
        message: incident.message,
        at: incident.at,
        attempts: incident.attempts,
      });
      contribution.openIncidents.push({ id: incident.id, definitionKey: instance.definitionKey });
    }
    this.contributions.set(document.caseId, contribution);
  }

  /** The open incidents of every version of a process, newest first. */
  openIncidentsOf(definitionKey: string): IndexedIncident[] {
    const open = this.openIncidentsByDefinition.get(definitionKey);
    return [...(open?.values() ?? [])].sort((a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id));
  }

  caseOf(caseId: string): CaseMeta | undefined {
    return this.cases.get(caseId);
  }

  instance(id: string): InstanceSummary | undefined {
    return this.instances.get(id);
  }

  caseOfTask(taskId: string): string | undefined {
    return this.taskCase.get(taskId);
  }

  openTask(taskId: string): Task | undefined {
    return this.openTasks.get(taskId);
  }

  instancesOfCase(caseId: string): InstanceSummary[] {
    const ids = this.contributions.get(caseId)?.instanceIds ?? [];
    return ids
      .map((id) => this.instances.get(id))
      .filter((summary): summary is InstanceSummary => summary !== undefined);
  }

  openTasksOfCase(caseId: string): Task[] {
    const entries = this.contributions.get(caseId)?.openTaskIds ?? [];
    return entries.map(({ id }) => this.openTasks.get(id)).filter((task): task is Task => task !== undefined);
  }

  /** Open tasks for any of the given groups, teams (as teamleider) or assignee; deduplicated. */
  openTasksFor(query: { groups?: string[]; teams?: string[]; assignee?: string }): Task[] {
    const ids = new Set<string>();
    for (const group of query.groups ?? []) for (const id of this.openByGroup.get(group) ?? []) ids.add(id);
    for (const team of query.teams ?? []) for (const id of this.openByTeam.get(team) ?? []) ids.add(id);
    if (query.assignee) for (const id of this.openByAssignee.get(query.assignee) ?? []) ids.add(id);
    return [...ids].map((id) => this.openTasks.get(id)).filter((task): task is Task => task !== undefined);
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
    const previous = this.contributions.get(caseId);
    if (!previous) return;
    for (const id of previous.instanceIds) this.instances.delete(id);
    for (const { id, definition } of previous.openTaskIds) {
      const task = this.openTasks.get(id);
      if (!task) continue;
      this.openTasks.delete(id);
      removeFrom(this.openByDefinition, definition, id);
      for (const group of task.candidateGroups) removeFrom(this.openByGroup, group, id);
      removeFrom(this.openByTeam, task.team, id);
      if (task.assignee) removeFrom(this.openByAssignee, task.assignee, id);
    }
    for (const entry of previous.statistics) this.elementStatistics.subtract(entry);
    for (const { id, definitionKey } of previous.openIncidents) {
      const open = this.openIncidentsByDefinition.get(definitionKey);
      open?.delete(id);
      if (open?.size === 0) this.openIncidentsByDefinition.delete(definitionKey);
    }
    this.contributions.delete(caseId);
  }
}

/**
 * What an instance adds to the statistics. A user task has waited since its task was created;
 * any other waiting element since the instance reached it (activeSince), or since it started.
 */
function contributionOf(instance: IndexedInstanceRecord, openTasks: TaskRecord[]): InstanceContribution {
  const definition = `${instance.definitionKey}@${instance.version}`;
  const tasks = openTasks.filter((task) => task.instanceId === instance.id);
  const waiting =
    instance.state === 'active'
      ? (instance.waitingElementIds ?? instance.activeElementIds).map((elementId) => {
          const task = tasks.find((candidate) => candidate.elementId === elementId);
          const since = task?.createdAt ?? instance.activeSince?.[elementId] ?? instance.startedAt;
          return { elementId, since: Date.parse(since) };
        })
      : [];
  return {
    definition,
    instanceId: instance.id,
    waiting,
    // A copy: the case document's list changes in place later; the index must subtract exactly what it added.
    completed: [...instance.completedElementIds],
    dueTimes: tasks
      .filter((task) => task.dueAt)
      .map((task) => ({ elementId: task.elementId, dueAt: Date.parse(task.dueAt!) })),
  };
}

function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(id);
}

function removeFrom(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key);
  set?.delete(id);
  if (set?.size === 0) map.delete(key);
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
