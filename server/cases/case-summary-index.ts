import type { CaseIndexEntry } from '../store/store';
import type { CaseHoldings } from './case-index';
import { type Youth, youthOf } from './case-youth';
import { intern, internList } from './index-strings';

/** A current step as indexed; a waiting element's name is looked up in its diagram when shown. */
export interface IndexedStep {
  instanceId: string;
  definitionKey: string;
  version: number;
  elementId: string;
  kind: 'task' | 'wait';
  /** A task's name (the element's name when it was created); absent for other waiting elements. */
  name?: string;
  dueAt?: string;
}

/** What the case list needs of one case, kept in memory so a page never loads a case document. */
export interface IndexedCase {
  caseId: string;
  team: string;
  regionalGroups: string[];
  openedAt: string;
  closedAt?: string;
  regisseur?: string;
  youth: Youth;
  /** The initials as a search key: letters only, lower case ("L.B." is "lb"). */
  initialsKey: string;
  caseIdKey: string;
  definitionKeys: string[];
  steps: IndexedStep[];
  /** The earliest due time of an open task (ms), for "overdue" at the moment of asking. */
  earliestDue?: number;
  /** What CaseIndex holds of the case besides (case-index.ts): here, so that it needs no map of its own. */
  held: CaseHoldings | undefined;
}

export interface CasePosition {
  openedAt: string;
  caseId: string;
}

/**
 * The case-summary index: every case in order of registration, updated after every committed
 * action on a case (CaseIndex.update) and rebuilt at start-up with the other indexes. The list
 * walks it from the newest case down from a cursor position found by binary search, so a page
 * costs what it shows (plus what a filter skips), not what is stored.
 *
 * Kept oldest first, so a new case (the newest) is appended; the entries are shared objects,
 * so an update of a known case changes it in place without moving it. Cases loaded out of order
 * at start-up are sorted once, on the first read.
 */
export class CaseSummaryIndex {
  private readonly byId = new Map<string, IndexedCase>();
  private readonly ordered: IndexedCase[] = [];
  private sorted = true;

  /** `caseId` is the string the other indexes hold for the case's id, so it is held once. */
  update(document: CaseIndexEntry, caseId = document.caseId): IndexedCase {
    const existing = this.byId.get(document.caseId);
    const entry = summarise(document, existing?.caseId ?? caseId);
    if (existing) {
      entry.held = existing.held;
      Object.assign(existing, entry);
      // Optional fields the case no longer has (none today: a regievoerder or a closure is never undone).
      if (!entry.closedAt) delete existing.closedAt;
      if (!entry.regisseur) delete existing.regisseur;
      if (entry.earliestDue === undefined) delete existing.earliestDue;
      return existing;
    }
    this.byId.set(entry.caseId, entry);
    const last = this.ordered[this.ordered.length - 1];
    if (last && compare(entry, last) < 0) this.sorted = false;
    this.ordered.push(entry);
    return entry;
  }

  /** Every case by id. */
  get byCaseId(): ReadonlyMap<string, IndexedCase> {
    return this.byId;
  }

  get(caseId: string): IndexedCase | undefined {
    return this.byId.get(caseId);
  }

  youth(caseId: string): Youth | undefined {
    return this.byId.get(caseId)?.youth;
  }

  get size(): number {
    return this.ordered.length;
  }

  /**
   * The cases newest first, from just after `after` (exclusive) onwards. The generator reads the
   * order lazily, so a caller that stops after one page has read no more than it needed.
   */
  *newestFirst(after?: CasePosition): Generator<IndexedCase> {
    if (!this.sorted) {
      this.ordered.sort(compare);
      this.sorted = true;
    }
    let index = after ? this.lastBefore(after) : this.ordered.length - 1;
    for (; index >= 0; index--) yield this.ordered[index]!;
  }

  /** The index of the newest case older than the position: where the page after it starts. */
  private lastBefore(position: CasePosition): number {
    let low = 0;
    let high = this.ordered.length; // first index not before the position
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(this.ordered[middle]!, position) < 0) low = middle + 1;
      else high = middle;
    }
    return low - 1;
  }
}

function compare(a: CasePosition, b: CasePosition): number {
  if (a.openedAt !== b.openedAt) return a.openedAt < b.openedAt ? -1 : 1;
  return a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0;
}

const NO_STEPS: IndexedStep[] = [];

function summarise(document: CaseIndexEntry, caseId: string): IndexedCase {
  const youth = youthOf(document);
  const instances = Object.values(document.instances);
  // Sorted only when there is something to sort: most cases have one instance.
  if (instances.length > 1) instances.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const openTasks = Object.values(document.tasks).filter((task) => task.state === 'open');
  let steps = NO_STEPS;
  let earliestDue: number | undefined;
  for (const task of openTasks) {
    if (!task.dueAt) continue;
    const due = Date.parse(task.dueAt);
    if (earliestDue === undefined || due < earliestDue) earliestDue = due;
  }
  const timers = Object.values(document.timers);
  for (const instance of instances) {
    if (instance.state !== 'active') continue;
    const definitionKey = intern(instance.definitionKey);
    const tasks = openTasks.filter((task) => task.instanceId === instance.id);
    for (const task of tasks) {
      if (steps === NO_STEPS) steps = [];
      steps.push({
        instanceId: instance.id,
        definitionKey,
        version: instance.version,
        elementId: intern(task.elementId),
        kind: 'task',
        name: intern(task.name),
        ...(task.dueAt ? { dueAt: task.dueAt } : {}),
      });
    }
    // A call activity waits for its child, whose own steps say where the case stands.
    const calling =
      instance.childIds.length === 0
        ? undefined
        : new Set(
            instance.childIds
              .map((id) => document.instances[id])
              .filter((child) => child?.state === 'active')
              .map((child) => child!.parentCall?.elementId),
          );
    for (const elementId of instance.waitingElementIds ?? instance.activeElementIds) {
      if (calling?.has(elementId) || tasks.some((task) => task.elementId === elementId)) continue;
      const due = timers
        .filter((timer) => timer.instanceId === instance.id && timer.elementId === elementId)
        .map((timer) => timer.dueAt)
        .sort()[0];
      if (steps === NO_STEPS) steps = [];
      steps.push({
        instanceId: instance.id,
        definitionKey,
        version: instance.version,
        elementId: intern(elementId),
        kind: 'wait',
        ...(due ? { dueAt: due } : {}),
      });
    }
  }
  return {
    caseId,
    team: intern(document.team),
    regionalGroups: internList(document.regionalGroups),
    openedAt: document.createdAt,
    ...(document.closed ? { closedAt: document.closed.at } : {}),
    ...(document.regisseur ? { regisseur: intern(document.regisseur) } : {}),
    youth,
    initialsKey: intern(searchKey(youth.initialen ?? '')),
    caseIdKey: caseId.toLowerCase(),
    definitionKeys: internList([...new Set(instances.map((instance) => instance.definitionKey))]),
    steps,
    ...(earliestDue !== undefined ? { earliestDue } : {}),
    held: undefined,
  };
}

/** Initials as a search key: letters only, lower case, so "L.B.", "l b" and "LB" are one. */
export function searchKey(text: string): string {
  return text.toLowerCase().replaceAll(/[^\p{L}]/gu, '');
}
