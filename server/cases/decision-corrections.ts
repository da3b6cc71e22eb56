import { randomUUID } from 'node:crypto';
import { canWorkOnTask } from '../auth/access';
import type { CorrectDecisionRequest, DecisionRecord, User } from '../contract/api';
import { reroutingProblems } from '../decisions/decision-rules';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../domain/errors';
import type { CaseUnitOfWork } from './case-unit-of-work';
import { visibleCase } from './case-visibility';
import { sealDecision } from './decision-seal';
import { acceptStepInput, type StepInputDeps } from './task-input';

export interface DecisionCorrectionsDeps extends StepInputDeps {
  work: CaseUnitOfWork;
}

/**
 * Corrections of recorded decisions: the record stays as it was, and a new record that names it
 * is added. Who may record the original decision may correct it; the correction meets the same
 * form and rules. The flow does not move: a correction fixes the record, not the route, so it may
 * not change what routed the case (DOMAIN.md §3); a different route needs a new decision.
 */
export class DecisionCorrections {
  constructor(private readonly deps: DecisionCorrectionsDeps) {}

  async correct(
    user: User,
    caseId: string,
    decisionId: string,
    { content, reason }: CorrectDecisionRequest,
  ): Promise<DecisionRecord> {
    const submitted = content ?? {};
    const meta = visibleCase(this.deps.work.index, user, caseId);
    return this.deps.work.act(caseId, user.id, meta.team, async (tx) => {
      const decisions = tx.document.decisions ?? [];
      const original = decisions.find((decision) => decision.id === decisionId);
      if (!original) throw new NotFoundError('Dit besluit bestaat niet in deze casus.');
      const correction = decisions.find((decision) => decision.corrects === original.id);
      if (correction)
        throw new ConflictError(`Dit besluit is al gecorrigeerd; corrigeer de nieuwste versie (${correction.id}).`);
      const task = tx.document.tasks[original.taskId];
      if (!task || !canWorkOnTask(user, { team: tx.document.team, candidateGroups: task.candidateGroups })) {
        throw new ForbiddenError('Alleen wie dit besluit mag vastleggen, kan het corrigeren.');
      }
      // First: a correction that would reroute is refused as such, whatever else is wrong with it.
      const rerouting = reroutingProblems(original, submitted);
      if (rerouting.length > 0) {
        throw new RuleViolationError(
          'decision',
          'Deze correctie zou de route van de casus veranderen; die is al verder gegaan. Een ander besluit vraagt een nieuw MDO (opschalen).',
          rerouting,
        );
      }
      const { accepted } = await acceptStepInput(
        this.deps,
        {
          instance: tx.document.instances[original.instanceId]!,
          elementId: original.elementId,
          formKey: task.formKey,
          document: tx.document,
        },
        submitted,
      );
      const record = sealDecision({
        ...original,
        id: randomUUID(),
        recordedAt: tx.now.toISOString(),
        recordedBy: { id: user.id, name: user.name },
        content: accepted,
        corrects: original.id,
        reason: reason.trim(),
      });
      tx.recordDecision(record);
      return record;
    });
  }
}
