import { randomUUID } from 'node:crypto';
import { isRegionalRole } from '../auth/access';
import type { Variables } from '../contract/api';
import type { EngineEvent } from '../engine/engine-types';
import { evaluateFeel } from '../engine/expressions';
import { isFeel } from '../engine/feel-syntax';
import { resolveMoment } from '../engine/temporal';
import type { CaseDocument, InstanceRecord, TaskRecord } from '../store/store';
import type { Clock } from '../time/clock';

const DEFAULT_PRIORITY = 50;

export type TaskWaiting = Extract<EngineEvent, { kind: 'task-waiting' }>;

/**
 * The record of a user task the engine now waits at. Its due date, priority and assignee are the
 * diagram's, evaluated against the instance's variables when they are FEEL. A due date that cannot
 * be computed leaves the task without one and says why in `problems`, for the history: the task is
 * there to be done either way.
 */
export function newTaskRecord(
  caseId: string,
  instance: InstanceRecord,
  event: TaskWaiting,
  now: Date,
  clock: Clock,
): { task: TaskRecord; problems: Variables } {
  const problems: Variables = {};
  const task: TaskRecord = {
    id: randomUUID(),
    instanceId: instance.id,
    caseId,
    elementId: event.elementId,
    executionId: event.executionId,
    name: event.name,
    candidateGroups: event.candidateGroups,
    createdAt: now.toISOString(),
    priority: DEFAULT_PRIORITY,
    state: 'open',
    ...(event.formKey ? { formKey: event.formKey } : {}),
  };
  const context = instance.variables;
  if (event.dueDate) {
    try {
      const value = isFeel(event.dueDate) ? evaluateFeel(event.dueDate, context, clock) : event.dueDate;
      task.dueAt = resolveMoment(value, now, 'end-of-day').toISOString();
    } catch (error) {
      problems.vervaldatum = `De vervaldatum "${event.dueDate}" kon niet worden berekend: ${(error as Error).message}`;
    }
  }
  if (event.priority) {
    const value = isFeel(event.priority) ? evaluateFeel(event.priority, context, clock) : Number(event.priority);
    if (typeof value === 'number' && Number.isFinite(value)) task.priority = Math.round(value);
  }
  if (event.assignee) {
    const value = isFeel(event.assignee) ? evaluateFeel(event.assignee, context, clock) : event.assignee;
    if (typeof value === 'string' && value) task.assignee = value;
  }
  return { task, problems };
}

/** A case with a task for a regional group is visible to that group: the case notes it. */
export function noteRegionalGroups(document: CaseDocument, groups: readonly string[]): void {
  for (const group of groups) {
    if (isRegionalRole(group) && !document.regionalGroups.includes(group)) document.regionalGroups.push(group);
  }
}
