import { isTeamleaderOf } from '../auth/access';
import type { User } from '../contract/api';
import { ConflictError, ForbiddenError, InvalidInputError } from '../domain/errors';
import type { LiveEvents } from '../live/live-events';
import { rootInstanceId } from './case-regisseur';
import type { CaseUnitOfWork } from './case-unit-of-work';
import { visibleCase } from './case-visibility';

export interface CaseClosingDeps {
  work: CaseUnitOfWork;
  events: LiveEvents;
}

/**
 * Closing a withdrawn or finished case, by its regievoerder or its team's teamleider, with a
 * reason. Every open instance is cancelled in the same action, so one durable commit holds it
 * all: engines stopped, open tasks cancelled (their task:updated events take them off the
 * worklists), timers dropped (the scheduler follows the committed document, so none fires
 * afterwards) and open incidents resolved, since there is nothing left to retry.
 */
export class CaseClosing {
  constructor(private readonly deps: CaseClosingDeps) {}

  async close(user: User, caseId: string, reason: string): Promise<void> {
    const meta = visibleCase(this.deps.work.index, user, caseId);
    const reden = reason.trim();
    await this.deps.work.act(caseId, user.id, meta.team, async (tx) => {
      const document = tx.document;
      if (document.regisseur !== user.id && !isTeamleaderOf(user, document.team)) {
        throw new ForbiddenError(
          'Alleen de regievoerder van de casus of de teamleider van het team kan haar afsluiten.',
        );
      }
      if (document.closed) throw new ConflictError('Deze casus is al afgesloten.');
      if (!reden) {
        const message = 'Geef een reden voor het afsluiten.';
        throw new InvalidInputError(message, [{ path: 'reden', code: 'required', message }]);
      }
      const instances = Object.values(document.instances);
      const cancelled = instances.filter((instance) => instance.state === 'active').map((instance) => instance.id);
      for (const instance of instances) {
        // A child is cancelled with its parent; what is still active here had no active parent.
        if (instance.state === 'active') tx.cancelInstance(instance, user.id);
      }
      for (const incident of document.incidents ?? []) {
        if (incident.state !== 'open') continue;
        incident.state = 'resolved';
        incident.resolvedAt = tx.now.toISOString();
        tx.record('incident.resolved', incident.instanceId, {
          data: { incidentId: incident.id, reden: 'casus afgesloten' },
        });
      }
      document.closed = { at: tx.now.toISOString(), by: user.id, reden };
      tx.record('case.closed', rootInstanceId(document), { data: { reden, geannuleerd: cancelled } });
    });
    const scope = this.deps.work.index.caseOf(caseId) ?? meta;
    const regisseur = this.deps.work.index.summaries.get(caseId)?.regisseur;
    this.deps.events.caseUpdated(scope, regisseur ? [regisseur] : []);
  }
}
