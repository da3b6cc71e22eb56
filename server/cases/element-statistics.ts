import type { ElementStatistics } from '../contract/api';

/**
 * Per definition version and element: how many instances wait there, how many passed it, how
 * long they have been waiting and how many of its tasks are overdue. Kept up to date by adding
 * and subtracting each case's contribution, so reading a process overview costs the number of
 * elements in its diagram, never the number of cases.
 */

/**
 * What one instance contributes: where it waits (and since when), what it passed, its open
 * tasks' due times. Parallel lists rather than a small object per entry, and shared lists where
 * they are the same for many instances (the index passes pooled ones): at 100,000 cases every
 * object held per instance counts.
 */
export interface InstanceContribution {
  definition: string;
  instanceId: string;
  /** The elements it waits at, and since when (ms), by position. */
  waiting: readonly string[];
  /**
   * Empty once added, unless it waits at one element twice: the index holds each instance's
   * waiting time per element already (for waitingAt), so subtracting reads it from there.
   */
  since: readonly number[];
  completed: readonly string[];
  /** The elements of its open tasks with a term, and their due times (ms), by position. */
  dueElements: readonly string[];
  dueAt: readonly number[];
}

interface ElementAggregate {
  active: number;
  completed: number;
  /** Sum and sorted list of waiting-since times, for the average and the longest wait. */
  sinceSum: number;
  since: SortedNumbers;
  /** Sorted due times of open tasks: the overdue count is a binary search. */
  due: SortedNumbers;
  /** Instances waiting here, for "which cases are these?". */
  instances: Map<string, number>;
}

export class ElementStatisticsIndex {
  private readonly byDefinition = new Map<string, Map<string, ElementAggregate>>();

  /** Adds the contribution; it may keep less of it (its `since`) to subtract it later. */
  add(contribution: InstanceContribution): InstanceContribution {
    this.apply(contribution, 1);
    const { waiting } = contribution;
    if (waiting.length === 0 || (waiting.length > 1 && new Set(waiting).size < waiting.length)) return contribution;
    return { ...contribution, since: NOTHING };
  }

  subtract(contribution: InstanceContribution): void {
    this.apply(contribution, -1);
  }

  statistics(definition: string, now: number): ElementStatistics[] {
    const elements = this.byDefinition.get(definition);
    if (!elements) return [];
    return [...elements.entries()]
      .filter(([, aggregate]) => aggregate.active > 0 || aggregate.completed > 0 || aggregate.due.size > 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([elementId, aggregate]) => ({
        elementId,
        active: aggregate.active,
        completed: aggregate.completed,
        overdue: aggregate.due.countBelow(now),
        ...(aggregate.since.size > 0
          ? {
              averageWaitMs: Math.max(0, Math.round(now - aggregate.sinceSum / aggregate.since.size)),
              longestWaitMs: Math.max(0, now - aggregate.since.first()),
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
        found = {
          active: 0,
          completed: 0,
          sinceSum: 0,
          since: new SortedNumbers(),
          due: new SortedNumbers(),
          instances: new Map(),
        };
        elements.set(elementId, found);
      }
      return found;
    };
    const { waiting, since: sinceOf, dueElements, dueAt } = contribution;
    for (let index = 0; index < waiting.length; index++) {
      const entry = aggregate(waiting[index]!);
      const since = index < sinceOf.length ? sinceOf[index]! : entry.instances.get(contribution.instanceId)!;
      entry.active += delta;
      entry.sinceSum += delta * since;
      if (delta > 0) {
        entry.since.insert(since);
        entry.instances.set(contribution.instanceId, since);
      } else {
        entry.since.remove(since);
        entry.instances.delete(contribution.instanceId);
      }
    }
    for (const elementId of contribution.completed) aggregate(elementId).completed += delta;
    for (let index = 0; index < dueElements.length; index++) {
      const entry = aggregate(dueElements[index]!);
      if (delta > 0) entry.due.insert(dueAt[index]!);
      else entry.due.remove(dueAt[index]!);
    }
  }
}

const NOTHING: readonly number[] = [];

/** Values per block before it is split: small enough that inserting into one is a short move. */
const BLOCK = 512;

/**
 * A sorted multiset of numbers in blocks of at most 2 × BLOCK, so that adding or removing one
 * value moves at most a block's worth, not (as one sorted array would) half of all the values:
 * at 100,000 open cases waiting at one element the difference is an action's cost.
 */
export class SortedNumbers {
  private blocks: number[][] = [];
  size = 0;

  first(): number {
    return this.blocks[0]![0]!;
  }

  insert(value: number): void {
    this.size++;
    if (this.blocks.length === 0) {
      this.blocks.push([value]);
      return;
    }
    const at = Math.min(this.blockFor(value), this.blocks.length - 1);
    const block = this.blocks[at]!;
    block.splice(lowerBound(block, value), 0, value);
    if (block.length > 2 * BLOCK) this.blocks.splice(at + 1, 0, block.splice(BLOCK));
  }

  /** Removes one occurrence of the value, if there is one. */
  remove(value: number): void {
    const at = this.blockFor(value);
    const block = this.blocks[at];
    if (!block) return;
    const index = lowerBound(block, value);
    if (block[index] !== value) return;
    block.splice(index, 1);
    this.size--;
    if (block.length === 0) this.blocks.splice(at, 1);
  }

  /** How many values are below the limit. */
  countBelow(limit: number): number {
    let count = 0;
    for (const block of this.blocks) {
      if (block[block.length - 1]! < limit) {
        count += block.length;
        continue;
      }
      return count + lowerBound(block, limit);
    }
    return count;
  }

  /** The first block whose last value is not below the value (the number of blocks if none). */
  private blockFor(value: number): number {
    let low = 0;
    let high = this.blocks.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const block = this.blocks[middle]!;
      if (block[block.length - 1]! < value) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** Index of the first value >= target in a sorted list. */
function lowerBound(values: readonly number[], target: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return low;
}
