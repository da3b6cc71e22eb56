import type { ElementStatistics } from '../contract/api';

/**
 * Per definition version and element: how many instances wait there, how many passed it, how
 * long they have been waiting and how many of its tasks are overdue. Kept up to date by adding
 * and subtracting each case's contribution, so reading a process overview costs the number of
 * elements in its diagram, never the number of cases.
 */

/** What one instance contributes: where it waits (and since when), what it passed, its open tasks' due times. */
export interface InstanceContribution {
  definition: string;
  instanceId: string;
  waiting: Array<{ elementId: string; since: number }>;
  completed: string[];
  dueTimes: Array<{ elementId: string; dueAt: number }>;
}

interface ElementAggregate {
  active: number;
  completed: number;
  /** Sum and sorted list of waiting-since times, for the average and the longest wait. */
  sinceSum: number;
  since: number[];
  /** Sorted due times of open tasks: the overdue count is a binary search. */
  due: number[];
  /** Instances waiting here, for "which cases are these?". */
  instances: Map<string, number>;
}

export class ElementStatisticsIndex {
  private readonly byDefinition = new Map<string, Map<string, ElementAggregate>>();

  add(contribution: InstanceContribution): void {
    this.apply(contribution, 1);
  }

  subtract(contribution: InstanceContribution): void {
    this.apply(contribution, -1);
  }

  statistics(definition: string, now: number): ElementStatistics[] {
    const elements = this.byDefinition.get(definition);
    if (!elements) return [];
    return [...elements.entries()]
      .filter(([, aggregate]) => aggregate.active > 0 || aggregate.completed > 0 || aggregate.due.length > 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([elementId, aggregate]) => ({
        elementId,
        active: aggregate.active,
        completed: aggregate.completed,
        overdue: countBelow(aggregate.due, now),
        ...(aggregate.since.length > 0
          ? {
              averageWaitMs: Math.max(0, Math.round(now - aggregate.sinceSum / aggregate.since.length)),
              longestWaitMs: Math.max(0, now - aggregate.since[0]!),
            }
          : {}),
      }));
  }

  /** The instances waiting at an element, longest waiting first. */
  waitingAt(definition: string, elementId: string): Array<{ instanceId: string; since: number }> {
    const instances = this.byDefinition.get(definition)?.get(elementId)?.instances;
    if (!instances) return [];
    return [...instances.entries()]
      .map(([instanceId, since]) => ({ instanceId, since }))
      .sort((a, b) => a.since - b.since);
  }

  private apply(contribution: InstanceContribution, delta: 1 | -1): void {
    let elements = this.byDefinition.get(contribution.definition);
    if (!elements) {
      elements = new Map();
      this.byDefinition.set(contribution.definition, elements);
    }
    const aggregate = (elementId: string): ElementAggregate => {
      let found = elements.get(elementId);
      if (!found) {
        found = { active: 0, completed: 0, sinceSum: 0, since: [], due: [], instances: new Map() };
        elements.set(elementId, found);
      }
      return found;
    };
    for (const { elementId, since } of contribution.waiting) {
      const entry = aggregate(elementId);
      entry.active += delta;
      entry.sinceSum += delta * since;
      if (delta > 0) {
        insertSorted(entry.since, since);
        entry.instances.set(contribution.instanceId, since);
      } else {
        removeSorted(entry.since, since);
        entry.instances.delete(contribution.instanceId);
      }
    }
    for (const elementId of contribution.completed) aggregate(elementId).completed += delta;
    for (const { elementId, dueAt } of contribution.dueTimes) {
      const entry = aggregate(elementId);
      if (delta > 0) insertSorted(entry.due, dueAt);
      else removeSorted(entry.due, dueAt);
    }
  }
}

/** Index of the first value >= target in a sorted list. */
function lowerBound(values: number[], target: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

function countBelow(values: number[], limit: number): number {
  return lowerBound(values, limit);
}

function insertSorted(values: number[], value: number): void {
  values.splice(lowerBound(values, value), 0, value);
}

function removeSorted(values: number[], value: number): void {
  const index = lowerBound(values, value);
  if (values[index] === value) values.splice(index, 1);
}
