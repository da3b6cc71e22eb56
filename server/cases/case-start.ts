import { randomBytes } from 'node:crypto';
import { currentOrigin } from '../audit/request-context';
import { canSeeCase, canStartCase } from '../auth/access';
import type { StartInstanceRequest, StartInstanceResponse, User } from '../contract/api';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, RuleViolationError } from '../domain/errors';
import type { Store } from '../store/store';
import type { CaseUnitOfWork } from './case-unit-of-work';
import { visibleCase } from './case-visibility';
import { acceptTaskInput, type StepInputDeps } from './task-input';
import type { TeamRegistry } from './team-registry';
import { youthOf } from './youth-index';

export interface CaseStartDeps extends StepInputDeps {
  work: CaseUnitOfWork;
  teams: TeamRegistry;
  store: Store;
}

/** The youth a registration is about, and who asks. */
export interface DuplicateQuery {
  team: string;
  initialen: string;
  geboortedatum: string;
}

/** Starts a process: in a new case, or as another instance in a case the user can see. */
export class CaseStart {
  constructor(private readonly deps: CaseStartDeps) {}

  /**
   * `asCaller` is for the scenario tests only (the test-clock route): it starts a process that
   * only a call activity may start, as its caller would. Production has no way to set it.
   */
  async start(
    user: User,
    request: StartInstanceRequest,
    options: { asCaller?: boolean } = {},
  ): Promise<StartInstanceResponse> {
    const definition = this.deps.definitions.latest(request.definitionKey);
    if (!definition) throw new NotFoundError(`Het proces "${request.definitionKey}" bestaat niet.`);
    const model = await this.deps.definitions.model(definition.key, definition.version);
    if (model.calledOnly && !options.asCaller) {
      const message = `Het proces "${request.definitionKey}" start alleen vanuit het proces dat het aanroept, met wat daar is besloten; start de toeleiding.`;
      throw new RuleViolationError('diagram', message, [{ path: 'definitionKey', code: 'called-only', message }]);
    }
    this.checkTeam(user, request.team);
    let caseId = request.caseId;
    if (caseId !== undefined) {
      const existing = visibleCase(this.deps.work.index, user, caseId);
      if (existing.team !== request.team)
        throw new InvalidInputError(`Casus "${caseId}" hoort bij team "${existing.team}", niet bij "${request.team}".`);
    } else {
      caseId = this.newCaseId();
    }
    // A new case must provide what the start form asks for (e.g. the "Aanmelding").
    const variables = acceptTaskInput({
      form: model.startFormKey
        ? await this.deps.definitions.form(definition.key, definition.version, model.startFormKey)
        : null,
      element: undefined,
      submitted: request.variables ?? {},
      known: {},
      clock: this.deps.clock,
    });
    // Asked before the case exists, so it never names itself; only a warning (siblings share initials).
    const youth = request.caseId === undefined ? youthOf(variables) : undefined;
    const duplicates = youth ? await this.visibleDuplicates(user, { team: request.team, ...youth }) : [];
    const id = await this.deps.work.act(caseId, user.id, request.team, async (tx) => {
      // A closed case stays closed (case-closing.ts): a new hulpvraag is a new case.
      if (tx.document.closed)
        throw new ConflictError('Deze casus is afgesloten; meld de hulpvraag aan als nieuwe casus.');
      const instance = await tx.startInstance(request.definitionKey, variables);
      return instance.id;
    });
    return { id, caseId, ...(duplicates.length > 0 ? { possibleDuplicates: duplicates } : {}) };
  }

  /**
   * Open cases of the team with the same youth, asked before registering: only for who may
   * register for that team, and only the cases they may see (each one is a read of that case).
   */
  async possibleDuplicates(user: User, query: DuplicateQuery): Promise<string[]> {
    this.checkTeam(user, query.team);
    return this.visibleDuplicates(user, query);
  }

  /** Each case named is logged, awaited, before it is answered: a failed write refuses the answer. */
  private async visibleDuplicates(user: User, query: DuplicateQuery): Promise<string[]> {
    const index = this.deps.work.index;
    const shown = index.youths
      .find(query.team, query.initialen, query.geboortedatum)
      .filter((caseId) => {
        const meta = index.caseOf(caseId);
        return meta !== undefined && canSeeCase(user, meta);
      })
      .sort();
    // NEN 7513: telling that a case exists for this youth is a read of that case.
    const at = this.deps.clock.now().toISOString();
    for (const caseId of shown) {
      await this.deps.store.accessLog.record({
        at,
        userId: user.id,
        action: 'read',
        resource: 'possible-duplicates',
        caseId,
        ...currentOrigin(),
      });
    }
    return shown;
  }

  /** A case belongs to a team that exists, and one the user may register for. */
  private checkTeam(user: User, team: string): void {
    if (!this.deps.teams.get(team)) {
      const message = `Team "${team}" bestaat niet; kies een van de teams van de regio.`;
      throw new InvalidInputError(message, [{ path: 'team', code: 'unknown-team', message }]);
    }
    if (!canStartCase(user, team)) throw new ForbiddenError(`U kunt geen casus starten voor team "${team}".`);
  }

  /** Short, readable case numbers (people read them out on the phone): C- and 8 unambiguous characters. */
  private newCaseId(): string {
    const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
    for (;;) {
      const bytes = randomBytes(8);
      const id = `C-${[...bytes].map((byte) => alphabet[byte % alphabet.length]).join('')}`;
      if (!this.deps.work.index.caseOf(id)) return id;
    }
  }
}
