import { type Static, Type } from '@sinclair/typebox';
import { fieldProblem, fieldProblems, requestProblem } from './field-problem';
import { dateTime } from './schema-parts';

/** The case list, the case's regievoerder and closing a case (issue 12). */

/** Most reasons are a sentence or two; a longer text is a report, which belongs in a document. */
export const MAX_CLOSE_REASON_LENGTH = 2000;
export const CASE_LIST_DEFAULT_LIMIT = 50;
export const CASE_LIST_MAX_LIMIT = 200;

export const CaseYouth = Type.Object(
  {
    initialen: Type.Optional(Type.String({ description: 'As registered, e.g. `L.B.`; absent when none was.' })),
    leeftijd: Type.Optional(
      Type.Integer({
        minimum: 0,
        description:
          "Whole years on the server's calendar day (Europe/Amsterdam), from the date of birth; absent when none was registered.",
      }),
    ),
  },
  {
    $id: 'CaseYouth',
    description:
      "The youth as the case's root instance (its toeleiding) registered them; each field is absent when it is not known.",
  },
);
export type CaseYouth = Static<typeof CaseYouth>;

/** The youth on a task row: only when both are known, so a row always reads "L.B., 14 jaar". */
export const TaskYouth = Type.Object(
  { initialen: Type.String(), leeftijd: Type.Integer({ minimum: 0 }) },
  {
    $id: 'TaskYouth',
    description:
      "Added: the youth of the task's case (initials and age in whole years on the server's calendar day); absent when the case registered no initials or no date of birth.",
  },
);
export type TaskYouth = Static<typeof TaskYouth>;

export const CaseRegisseur = Type.Object(
  {
    id: Type.String({ description: 'The user id.' }),
    name: Type.String({ description: 'The display name, as in GET /api/users (the id when the user is unknown).' }),
  },
  { $id: 'CaseRegisseur', description: "The case's one regievoerder: a procesregisseur of its team." },
);
export type CaseRegisseur = Static<typeof CaseRegisseur>;

export const CaseStep = Type.Object(
  {
    instanceId: Type.String(),
    definitionKey: Type.String(),
    elementId: Type.String(),
    name: Type.String({ description: "The element's name in the diagram (its id when it has none)." }),
    dueAt: Type.Optional(dateTime('A user task’s due time, or when a waiting timer falls due.')),
    kind: Type.Union([Type.Literal('task'), Type.Literal('wait')], {
      description: '`task`: an open user task; `wait`: the case waits without a task, e.g. for its evaluation date.',
    }),
  },
  { $id: 'CaseStep', description: 'Where an active instance of the case stands now.' },
);
export type CaseStep = Static<typeof CaseStep>;

export const CaseState = Type.Union([Type.Literal('open'), Type.Literal('closed')], {
  $id: 'CaseState',
  description: '`closed` once its regievoerder or teamleider closed it (POST /api/cases/{caseId}/close).',
});
export type CaseState = Static<typeof CaseState>;

export const CaseSummary = Type.Object(
  {
    caseId: Type.String(),
    team: Type.String(),
    jeugdige: CaseYouth,
    regisseur: Type.Optional(CaseRegisseur),
    openedAt: dateTime('When the case was registered.'),
    closedAt: Type.Optional(dateTime()),
    state: CaseState,
    currentSteps: Type.Array(CaseStep, {
      description:
        'Open user tasks and other waiting elements (timers, receive events) of its active instances, oldest instance first; a call activity is shown by its child’s steps. Empty for a closed case.',
    }),
    overdue: Type.Boolean({ description: 'An open task of the case is past its due time.' }),
  },
  { $id: 'CaseSummary', description: 'A case as the case list shows it.' },
);
export type CaseSummary = Static<typeof CaseSummary>;

export const CaseList = Type.Object(
  {
    items: Type.Array(CaseSummary),
    nextCursor: Type.Optional(Type.String({ description: 'Pass as `cursor` for the next page; absent on the last.' })),
  },
  { $id: 'CaseList', description: 'One page of the case list, newest first.' },
);
export type CaseList = Static<typeof CaseList>;

export const AssignRegisseurRequest = Type.Object(
  {
    userId: Type.String({
      minLength: 1,
      maxLength: 200,
      ...fieldProblem('required', 'Kies een procesregisseur.'),
    }),
  },
  { $id: 'AssignRegisseurRequest', ...requestProblem('Geef aan wie de regievoerder wordt.') },
);
export type AssignRegisseurRequest = Static<typeof AssignRegisseurRequest>;

export const CloseCaseRequest = Type.Object(
  {
    reden: Type.String({
      maxLength: MAX_CLOSE_REASON_LENGTH,
      description: `Why the case closes (withdrawn, finished); required, at most ${MAX_CLOSE_REASON_LENGTH} characters.`,
      ...fieldProblems(
        {
          code: 'max-length',
          message: `Hoogstens ${MAX_CLOSE_REASON_LENGTH} tekens; zet een uitgebreid verslag in het dossier.`,
          whenRule: 'maxLength',
        },
        { code: 'required', message: 'Geef een reden voor het afsluiten.' },
      ),
    }),
  },
  { $id: 'CloseCaseRequest', ...requestProblem('Geef een reden voor het afsluiten.') },
);
export type CloseCaseRequest = Static<typeof CloseCaseRequest>;

export const CaseUpdated = Type.Object(
  { caseId: Type.String() },
  {
    $id: 'CaseUpdated',
    description: 'Added: the case’s regievoerder changed or it was closed; reload its summary (GET /api/cases).',
  },
);
export type CaseUpdated = Static<typeof CaseUpdated>;
