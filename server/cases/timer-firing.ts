import type { DueTimer } from '../time/timer-scheduler';
import type { CaseUnitOfWork } from './case-unit-of-work';

/**
 * Fires one timer the scheduler found due: a system action on its case, so that what the engine
 * does next (a reminder, an escalation) is committed like any other action.
 */
export function fireDueTimer(work: CaseUnitOfWork, timer: DueTimer): Promise<void> {
  return work.actAsSystem(timer.caseId, async (tx) => {
    await tx.fireTimer(timer.timerId);
  });
}
