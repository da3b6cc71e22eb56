import { randomBytes } from 'node:crypto';
import { canStartCase } from '../auth/access';
import type { StartInstanceRequest, StartInstanceResponse, User } from '../contract/api';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../domain/errors';
import type { CaseUnitOfWork } from './case-unit-of-work';
import { visibleCase } from './case-visibility';
import { acceptTaskInput, type StepInputDeps } from './task-input';

export interface CaseStartDeps extends StepInputDeps {
  work: CaseUnitOfWork;
}

/** Starts a process: in a new case, or as another instance in a case the user can see. */
export class CaseStart {
  constructor(private readonly deps: CaseStartDeps) {}

  async start(user: User, request: StartInstanceRequest): Promise<StartInstanceResponse> {
    const definition = this.deps.definitions.latest(request.definitionKey);
    if (!definition) throw new NotFoundError(`Het proces "${request.definitionKey}" bestaat niet.`);
    if (!canStartCase(user, request.team)) {
      throw new ForbiddenError(`U kunt geen casus starten voor team "${request.team}".`);
    }
    let caseId = request.caseId;
    if (caseId !== undefined) {
      const existing = visibleCase(this.deps.work.index, user, caseId);
      if (existing.team !== request.team)
        throw new InvalidInputError(`Casus "${caseId}" hoort bij team "${existing.team}", niet bij "${request.team}".`);
    } else {
      caseId = this.newCaseId();
    }
    // A new case must provide what the start form asks for (e.g. the "Aanmelding").
    const model = await this.deps.definitions.model(definition.key, definition.version);
    const variables = acceptTaskInput({
      form: model.startFormKey ? await this.deps.forms.get(model.startFormKey) : null,
      element: undefined,
      submitted: request.variables ?? {},
      known: {},
      clock: this.deps.clock,
    });
    const id = await this.deps.work.act(caseId, user.id, request.team, async (tx) => {
      // A closed case stays closed (case-closing.ts): a new hulpvraag is a new case.
      if (tx.document.closed)
        throw new ConflictError('Deze casus is afgesloten; meld de hulpvraag aan als nieuwe casus.');
      const instance = await tx.startInstance(request.definitionKey, variables);
      return instance.id;
    });
    return { id, caseId };
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
