import { hasRole, isTeamleaderOf } from '../auth/access';
import type { User } from '../contract/api';
import { ConflictError, ForbiddenError, InvalidInputError } from '../domain/errors';
import type { LiveEvents } from '../live/live-events';
import type { CaseDocument } from '../store/store';
import type { CaseUnitOfWork } from './case-unit-of-work';
import { visibleCase } from './case-visibility';

export interface CaseRegisseurDeps {
  work: CaseUnitOfWork;
  events: LiveEvents;
  findUser: (userId: string) => User | undefined;
  isActiveUser: (userId: string) => boolean;
}

/**
 * The case's one regievoerder ("1 gezin, 1 plan, 1 regisseur", DOMAIN.md §1): the teamleider
 * assigns or changes it; a procesregisseur may take an unowned case for themself, but neither
 * takes over a colleague's case nor hands one out. Claiming or completing a task never makes
 * anyone the regievoerder: that stays the teamleider's decision.
 */
export class CaseRegisseur {
  constructor(private readonly deps: CaseRegisseurDeps) {}

  async assign(user: User, caseId: string, userId: string): Promise<void> {
    const meta = visibleCase(this.deps.work.index, user, caseId);
    let previous: string | undefined;
    const changed = await this.deps.work.act(caseId, user.id, meta.team, async (tx) => {
      const document = tx.document;
      if (document.closed) throw new ConflictError('Deze casus is afgesloten; er is geen regievoerder meer nodig.');
      const teamleider = isTeamleaderOf(user, document.team);
      if (!teamleider) {
        if (!hasRole(user, 'procesregisseur') || !user.teams.includes(document.team)) {
          throw new ForbiddenError('Alleen de teamleider van het team wijst de regievoerder van een casus toe.');
        }
        if (userId !== user.id) {
          throw new ForbiddenError(
            'Een procesregisseur kan alleen zelf regievoerder worden; de teamleider wijst een collega toe.',
          );
        }
        if (document.regisseur && document.regisseur !== user.id) {
          throw new ConflictError(
            `Deze casus heeft al een regievoerder: ${this.nameOf(document.regisseur)}. Vraag de teamleider om dat te wijzigen.`,
          );
        }
      }
      const target = this.deps.findUser(userId);
      if (
        !target ||
        !this.deps.isActiveUser(target.id) ||
        !hasRole(target, 'procesregisseur') ||
        !target.teams.includes(document.team)
      ) {
        const message = 'Kies een procesregisseur van het team van deze casus.';
        throw new InvalidInputError(`${this.nameOf(userId)} kan geen regievoerder van deze casus worden. ${message}`, [
          { path: 'userId', code: 'not-eligible', message },
        ]);
      }
      if (document.regisseur === userId) return false;
      previous = document.regisseur;
      document.regisseur = userId;
      tx.record('case.regisseur-assigned', rootInstanceId(document), {
        data: { regisseur: userId, ...(previous ? { was: previous } : {}) },
      });
      return true;
    });
    if (changed) {
      const scope = this.deps.work.index.caseOf(caseId) ?? meta;
      this.deps.events.caseUpdated(scope, previous ? [userId, previous] : [userId]);
    }
  }

  private nameOf(userId: string): string {
    return this.deps.findUser(userId)?.name ?? userId;
  }
}

/** The instance a case-wide history entry is filed under: the case's first root instance. */
export function rootInstanceId(document: CaseDocument): string {
  const instances = Object.values(document.instances);
  const root = instances
    .filter((instance) => !instance.parentId)
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt))[0];
  return (root ?? instances[0])?.id ?? '';
}
