import { randomUUID } from 'node:crypto';
import { canWorkOnTask, isTeamleaderOf } from '../auth/access';
import type { InstanceSummary, Task, User, Variables } from '../contract/api';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../domain/errors';
import type { CaseDocument, TaskRecord } from '../store/store';
import { toTask } from './case-index';
import type { CaseTransaction } from './case-transaction';
import type { CaseUnitOfWork } from './case-unit-of-work';
import { caseOfTask, visibleTask } from './case-visibility';
import { calendarDay, withYouth, youthOf } from './case-youth';
import { sealDecision } from './decision-seal';
import { acceptStepInput, type StepInputDeps } from './task-input';

export interface TaskActionsDeps extends StepInputDeps {
  work: CaseUnitOfWork;
  /** Looks up users for assignment; the cases do not own users. */
  findUser: (userId: string) => User | undefined;
  isActiveUser: (userId: string) => boolean;
}

/** What people do with tasks: claim, give back, assign and complete them. */
export class TaskActions {
  constructor(private readonly deps: TaskActionsDeps) {}

  async claim(user: User, taskId: string): Promise<Task> {
    const claimed = await this.taskAction(user, taskId, (task, tx) => {
      if (!canWorkOnTask(user, taskScope(task, tx.document))) {
        throw new ForbiddenError('U hoort niet bij een kandidaatgroep van deze taak in dit team.');
      }
      if (task.state !== 'open') throw new ConflictError('Deze taak is al afgerond.');
      if (task.assignee === user.id) return;
      if (task.assignee) throw new ConflictError(`Deze taak is al opgepakt door ${this.nameOf(task.assignee)}.`);
      task.assignee = user.id;
      tx.record('task.claimed', task.instanceId, { elementId: task.elementId, data: { taskId: task.id } });
      tx.changedTask('updated', task);
    });
    this.warm(claimed.caseId, claimed.instanceId);
    return claimed;
  }

  /**
   * Someone who claims a task usually completes it next: recover its engine now, after the claim
   * has answered, so the completion does not pay for recovery. Runs as a system action under the
   * case lock (recovery may fire an overdue timer, which is then committed like any action).
   */
  private warm(caseId: string, instanceId: string): void {
    this.deps.work
      .warm(caseId, instanceId)
      .catch((error: unknown) => console.error(`warming case ${caseId} failed`, error));
  }

  async unclaim(user: User, taskId: string): Promise<Task> {
    return this.taskAction(user, taskId, (task, tx) => {
      if (task.state !== 'open') throw new ConflictError('Deze taak is al afgerond.');
      if (task.assignee !== user.id && !isTeamleaderOf(user, tx.document.team)) {
        throw new ForbiddenError('Alleen wie de taak heeft, of de teamleider, kan haar vrijgeven.');
      }
      if (!task.assignee) return;
      const previous = task.assignee;
      delete task.assignee;
      tx.record('task.unclaimed', task.instanceId, {
        elementId: task.elementId,
        data: { taskId: task.id, was: previous },
      });
      tx.changedTask('updated', task);
    });
  }

  async assign(user: User, taskId: string, assigneeId: string): Promise<Task> {
    return this.taskAction(user, taskId, (task, tx) => {
      if (task.state !== 'open') throw new ConflictError('Deze taak is al afgerond.');
      if (task.assignee !== user.id && !isTeamleaderOf(user, tx.document.team)) {
        throw new ForbiddenError('Alleen wie de taak heeft, of de teamleider, kan haar toewijzen.');
      }
      const assignee = this.deps.findUser(assigneeId);
      if (!assignee || !this.deps.isActiveUser(assignee.id) || !canWorkOnTask(assignee, taskScope(task, tx.document))) {
        throw new InvalidInputError('Deze collega kan deze taak niet krijgen.', [
          {
            path: 'userId',
            code: 'not-eligible',
            message: 'De collega hoort niet bij een kandidaatgroep van deze taak in dit team.',
          },
        ]);
      }
      const previous = task.assignee;
      task.assignee = assignee.id;
      tx.record('task.assigned', task.instanceId, {
        elementId: task.elementId,
        data: { taskId: task.id, aan: assignee.id, ...(previous ? { was: previous } : {}) },
      });
      tx.changedTask('updated', task);
    });
  }

  async complete(user: User, taskId: string, variables: Variables | undefined): Promise<InstanceSummary> {
    const submitted = variables ?? {};
    let instanceId = '';
    await this.taskAction(user, taskId, async (task, tx) => {
      if (task.state !== 'open') throw new ConflictError('Deze taak is al afgerond.');
      if (task.assignee !== user.id) {
        throw new ConflictError(
          task.assignee ? `Deze taak is opgepakt door ${this.nameOf(task.assignee)}.` : 'Pak de taak eerst op.',
        );
      }
      const instance = tx.document.instances[task.instanceId]!;
      const { accepted, element } = await acceptStepInput(
        this.deps,
        { instance, elementId: task.elementId, formKey: task.formKey, document: tx.document },
        submitted,
      );
      // Recover the engine first, so that what it announces on recovery meets the task as it was.
      await tx.live(task.instanceId);
      task.state = 'completed';
      task.completedAt = tx.now.toISOString();
      task.completedBy = user.id;
      instanceId = task.instanceId;
      tx.record('task.completed', task.instanceId, {
        elementId: task.elementId,
        data: { taskId: task.id, variabelen: accepted },
      });
      tx.changedTask('completed', task);
      if (element?.decisionKind) {
        tx.recordDecision(
          sealDecision({
            id: randomUUID(),
            caseId: task.caseId,
            instanceId: task.instanceId,
            definitionKey: instance.definitionKey,
            elementId: task.elementId,
            taskId: task.id,
            kind: element.decisionKind,
            title: task.name,
            recordedAt: tx.now.toISOString(),
            recordedBy: { id: user.id, name: user.name },
            content: accepted,
          }),
        );
      }
      await tx.signal(task.instanceId, task.elementId, task.executionId, accepted);
    });
    const summary = this.deps.work.index.instance(instanceId);
    if (!summary) throw new NotFoundError('De instantie bestaat niet meer.');
    return summary;
  }

  private nameOf(userId: string): string {
    return this.deps.findUser(userId)?.name ?? userId;
  }

  /** Runs an action on a task the user can see, as an action on its case; answers the task as it is afterwards. */
  /**
   * Gives back the open tasks a user holds but can no longer work on (deactivated, or a role or
   * team taken away), so the work returns to its group instead of waiting for someone who cannot
   * do it. Each case is its own action; the history names who changed the user.
   */
  async releaseUnworkable(userId: string, by: string): Promise<number> {
    const user = this.deps.isActiveUser(userId) ? this.deps.findUser(userId) : undefined;
    let released = 0;
    for (const open of this.deps.work.index.openTasksFor({ assignee: userId })) {
      const meta = caseOfTask(this.deps.work.index, open.id);
      // Counted from the action's answer: an action may run again (a case changed on another node).
      const releasedHere = await this.deps.work.act(meta.caseId, by, meta.team, async (tx) => {
        const task = tx.document.tasks[open.id];
        if (task?.state !== 'open' || task.assignee !== userId) return false;
        if (user && canWorkOnTask(user, taskScope(task, tx.document))) return false;
        delete task.assignee;
        tx.record('task.unclaimed', task.instanceId, {
          elementId: task.elementId,
          data: { taskId: task.id, was: userId },
        });
        tx.changedTask('updated', task);
        return true;
      });
      if (releasedHere) released += 1;
    }
    return released;
  }

  private taskAction(
    user: User,
    taskId: string,
    work: (task: TaskRecord, tx: CaseTransaction) => void | Promise<void>,
  ): Promise<Task> {
    const meta = caseOfTask(this.deps.work.index, taskId);
    return this.deps.work.act(meta.caseId, user.id, meta.team, async (tx) => {
      const { record, instance } = visibleTask(user, tx.document, taskId);
      await work(record, tx);
      // The answer replaces the row in the worklist, so it names the youth as the row did.
      const task = toTask(record, tx.document.team, instance?.definitionKey ?? '');
      return withYouth(task, youthOf(tx.document), calendarDay(tx.now));
    });
  }
}

/** Whom a task is for, in the terms of the access rules. */
function taskScope(task: TaskRecord, document: CaseDocument) {
  return {
    team: document.team,
    candidateGroups: task.candidateGroups,
    ...(task.assignee ? { assignee: task.assignee } : {}),
  };
}
