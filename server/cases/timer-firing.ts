import { randomUUID } from 'node:crypto';
import type { Incident } from '../contract/api';
import { ConflictError, isDomainError, NotFoundError } from '../domain/errors';
import { StorageUnavailableError } from '../store/storage-error';
import type { IncidentRecord } from '../store/store';
import type { DueTimer } from '../time/timer-scheduler';
import { SYSTEM_ACTOR } from './case-transaction';
import type { CaseUnitOfWork } from './case-unit-of-work';

/**
 * Fires one timer the scheduler found due: a system action on its case, so that what the engine
 * does next (a reminder, an escalation) is committed like any other action.
 *
 * A firing that fails (FEEL that breaks a limit, an engine that throws, a stack overflow) leaves
 * the case as it was; it becomes an incident on the case instead of an error in the log, and its
 * timer waits for a process owner's retry: it is not fired again in a loop, nor at every start.
 * A failure of storage is passed on instead: the scheduler tries that timer again with backoff.
 */
export async function fireDueTimer(work: CaseUnitOfWork, timer: DueTimer): Promise<void> {
  try {
    await work.actAsSystem(timer.caseId, async (tx) => {
      await tx.fireTimer(timer.timerId);
    });
  } catch (error) {
    // Storage that is down is not the case's fault: the scheduler retries that with backoff.
    if (StorageUnavailableError.is(error)) throw error;
    await raiseIncident(work, timer, error);
  }
}

function describeFailure(error: unknown): string {
  if (isDomainError(error)) return error.message;
  if (error instanceof RangeError) {
    return 'De engine liep vast (te diepe herhaling); controleer het diagram op een lus zonder wachtmoment.';
  }
  const message = error instanceof Error ? error.message : String(error);
  return `De timer kon niet afgaan: ${message.split('\n')[0]!.slice(0, 300)}`;
}

async function raiseIncident(work: CaseUnitOfWork, timer: DueTimer, error: unknown): Promise<void> {
  console.error(`timer ${timer.timerId} of case ${timer.caseId} failed; recorded as an incident`, error);
  await work.actAsSystem(timer.caseId, async (tx) => {
    const stored = tx.document.timers[timer.timerId];
    if (!stored) return;
    tx.document.incidents ??= [];
    const incidents = tx.document.incidents;
    const open = incidents.find((incident) => incident.timerId === timer.timerId && incident.state === 'open');
    const message = describeFailure(error);
    if (open) {
      // A failed retry: counted, and in the history, so the process owner sees each attempt.
      open.attempts += 1;
      open.message = message;
      open.at = tx.now.toISOString();
      tx.record('incident.raised', stored.instanceId, {
        elementId: stored.elementId,
        actor: SYSTEM_ACTOR,
        data: { incidentId: open.id, wat: 'timer', melding: message, poging: open.attempts },
      });
      return;
    }
    const incident: IncidentRecord = {
      id: randomUUID(),
      instanceId: stored.instanceId,
      elementId: stored.elementId,
      timerId: timer.timerId,
      kind: 'timer',
      message,
      at: tx.now.toISOString(),
      attempts: 1,
      state: 'open',
    };
    incidents.push(incident);
    tx.record('incident.raised', stored.instanceId, {
      elementId: stored.elementId,
      actor: SYSTEM_ACTOR,
      data: { incidentId: incident.id, wat: 'timer', melding: message },
    });
  });
}

/**
 * Retries an open incident: fires its timer again. On success the incident is resolved (in the
 * history); on failure it stays open with one more attempt, and the error is the answer.
 */
export async function retryIncident(
  work: CaseUnitOfWork,
  caseId: string,
  incidentId: string,
  actor: string,
): Promise<Incident> {
  const meta = work.index.caseOf(caseId);
  if (!meta) throw new NotFoundError('Deze casus bestaat niet.');
  try {
    return await work.act(caseId, actor, meta.team, async (tx) => {
      const incident = tx.document.incidents?.find((candidate) => candidate.id === incidentId);
      if (!incident) throw new NotFoundError('Dit incident bestaat niet.');
      if (incident.state !== 'open') throw new ConflictError('Dit incident is al opgelost.');
      incident.attempts += 1;
      if (tx.document.timers[incident.timerId]) await tx.fireTimer(incident.timerId);
      incident.state = 'resolved';
      incident.resolvedAt = tx.now.toISOString();
      tx.record('incident.resolved', incident.instanceId, {
        elementId: incident.elementId,
        data: { incidentId: incident.id, pogingen: incident.attempts },
      });
      return toIncident(incident);
    });
  } catch (error) {
    if (isDomainError(error) && (error.code === 'not-found' || error.code === 'conflict')) throw error;
    const timer = await work.readDocument(caseId, (document) =>
      document.incidents?.find((candidate) => candidate.id === incidentId),
    );
    if (timer) {
      await raiseIncident(work, { caseId, timerId: timer.timerId, dueAt: 0 }, error);
    }
    throw new ConflictError(`Opnieuw proberen is mislukt: ${describeFailure(error)}`);
  }
}

export function toIncident(record: IncidentRecord): Incident {
  const { timerId: _timerId, ...incident } = record;
  return incident;
}
