import { canSeeCase, canSeeTask } from '../auth/access';
import type { Task, User } from '../contract/api';
import { NotFoundError } from '../domain/errors';
import type { CaseDocument, InstanceRecord, TaskRecord } from '../store/store';
import { type CaseIndex, type CaseMeta, toTask } from './case-index';

/**
 * Need-to-know for actions and reads alike: what a user may not see does not exist for them, so
 * an invisible case or task answers exactly as a missing one does.
 */

const TASK_NOT_VISIBLE = 'Deze taak bestaat niet of is niet zichtbaar voor u.';

/** The case if the user may see it; not found (with `detail`) otherwise. */
export function visibleCase(
  index: CaseIndex,
  user: User,
  caseId: string,
  detail = `Casus "${caseId}" bestaat niet of is niet zichtbaar voor u.`,
): CaseMeta {
  const meta = index.caseOf(caseId);
  if (!meta || !canSeeCase(user, meta)) throw new NotFoundError(detail);
  return meta;
}

/** The case a task belongs to; not found when there is no such task (visibility is checked on the task). */
export function caseOfTask(index: CaseIndex, taskId: string): CaseMeta {
  const caseId = index.caseOfTask(taskId);
  const meta = caseId ? index.caseOf(caseId) : undefined;
  if (!meta) throw new NotFoundError(TASK_NOT_VISIBLE);
  return meta;
}

/** A task of a case document if the user may see it; not found otherwise. */
export function visibleTask(
  user: User,
  document: CaseDocument,
  taskId: string,
): { record: TaskRecord; task: Task; instance: InstanceRecord | undefined } {
  const record = document.tasks[taskId]!;
  const instance = document.instances[record.instanceId];
  const task = toTask(record, document.team, instance?.definitionKey ?? '');
  if (!canSeeTask(user, task)) throw new NotFoundError(TASK_NOT_VISIBLE);
  return { record, task, instance };
}
