import { Type } from '@sinclair/typebox';
import {
  AssignRegisseurRequest,
  CASE_LIST_DEFAULT_LIMIT,
  CASE_LIST_MAX_LIMIT,
  CaseHistoryEntry,
  CaseList,
  CaseSummary,
  CaseView,
  CloseCaseRequest,
  CorrectDecisionRequest,
  DecisionRecord,
  DecisionView,
} from '../api';
import { fieldProblem, fieldProblems } from '../field-problem';
import { definitionKey, flag, json, type ProblemStatus, path, type RouteSpec } from './route-spec';

const caseId = Type.String({ description: 'The case id.' });
const CASE_NOT_VISIBLE: readonly [ProblemStatus, string] = [404, 'Unknown case, or one you may not see.'];

/** A case as a whole: its instances, history and decisions; the case list, its regievoerder, closing it. */
export const CASE_ROUTES = {
  listCases: {
    method: 'get',
    path: '/cases',
    tag: 'Cases',
    summary: 'The case list: every case you may see, newest first, searched, filtered and paged',
    description:
      'Need to know: team roles see the cases of their teams, regional roles the cases that reached their process. ' +
      'Read from an in-memory index of case summaries ordered by `openedAt` (newest first), so a page costs the same ' +
      'however many cases there are. Every case an answer shows is written to the access log (resource `case-list`). ' +
      '`regisseur` is `{ id, name }` (the name as in GET /api/users). `jeugdige` comes from the root instance’s ' +
      '`jeugdige` variable; `leeftijd` is whole years on the server’s calendar day. A case is `closed` only once it was ' +
      'closed with a reason; one whose processes all ended is still `open` until its regievoerder closes it.',
    access: 'user',
    query: Type.Object({
      q: Type.Optional(
        Type.String({
          maxLength: 100,
          description:
            'A case number (prefix, any case), initials (prefix; dots, spaces and case do not matter) or a date of birth ' +
            '(`dd-mm-jjjj` or `jjjj-mm-dd`); a date that does not exist (31-02-2012) is refused with 400.',
          ...fieldProblems(
            { code: 'max-length', message: 'Zoek met hoogstens 100 tekens.', whenRule: 'maxLength' },
            { code: 'type', message: 'Geef één zoekterm.' },
          ),
        }),
      ),
      team: Type.Optional(Type.String({ description: 'Only cases of this team.' })),
      definitionKey: Type.Optional({ ...definitionKey, description: 'Only cases with an instance of this process.' }),
      state: Type.Optional(
        Type.Union([Type.Literal('open'), Type.Literal('closed')], {
          description: 'Only open or only closed cases; both when left out.',
          ...fieldProblem('enum', 'Gebruik open of closed.', 'Onbekende status "{value}": gebruik open of closed.'),
        }),
      ),
      overdue: flag('Only cases with an open task past its due time.'),
      regisseur: Type.Optional(
        Type.Literal('me', {
          description:
            'Only the cases whose regievoerder you are, also those that only wait (e.g. for their evaluation date).',
          ...fieldProblem('enum', 'Gebruik regisseur=me.', 'Onbekende waarde "{value}" voor regisseur: gebruik me.'),
        }),
      ),
      cursor: Type.Optional(
        Type.String({
          maxLength: 500,
          description: 'The `nextCursor` of the previous page (opaque).',
          ...fieldProblem('cursor', 'Deze cursor is ongeldig; begin opnieuw bij de eerste pagina.'),
        }),
      ),
      limit: Type.Optional(
        Type.String({
          pattern: '^[0-9]{1,4}$',
          description: `At most this many items: 1 to ${CASE_LIST_MAX_LIMIT}, default ${CASE_LIST_DEFAULT_LIMIT}.`,
          ...fieldProblem('limit', `Geef een aantal van 1 tot en met ${CASE_LIST_MAX_LIMIT}.`),
        }),
      ),
    }),
    answers: { 200: json(CaseList, 'One page of the cases you may see.') },
    problems: [[400, 'A bad cursor, limit, state or date of birth in `q`; the problem names the parameter.'], 401],
  },
  assignRegisseur: {
    method: 'put',
    path: '/cases/{caseId}/regisseur',
    tag: 'Cases',
    summary: "Assign or change the case's regievoerder (1 gezin, 1 plan, 1 regisseur)",
    description:
      'The teamleider of the case’s team assigns or changes it; a procesregisseur of the team may take an unowned case ' +
      'for themself. The new regievoerder must be a procesregisseur of the case’s team. Recorded in the history ' +
      '(`case.regisseur-assigned`) and announced live as `case:updated`.',
    access: 'user',
    params: path({ caseId }),
    body: { schema: AssignRegisseurRequest, media: 'application/json' },
    answers: { 200: json(CaseSummary, 'The case as it is now.') },
    problems: [
      [400, 'No userId, or a user who is not a procesregisseur of the case’s team.'],
      401,
      [
        403,
        'Not its team’s teamleider, nor a procesregisseur taking an unowned case for themself; or the X-CSRF-Token header is missing or wrong.',
      ],
      CASE_NOT_VISIBLE,
      [409, 'The case is closed, or (for a procesregisseur) it has a regievoerder already.'],
    ],
  },
  closeCase: {
    method: 'post',
    path: '/cases/{caseId}/close',
    tag: 'Cases',
    summary: 'Close a withdrawn or finished case with a reason',
    description:
      'For the case’s regievoerder and its team’s teamleider. Every open instance is cancelled in the same durable ' +
      'change: its open tasks leave the worklists (announced as `task:updated` with state `cancelled`) and its timers ' +
      'never fire. The history says who closed it and why (`case.closed`); `case:updated` is sent.',
    access: 'user',
    params: path({ caseId }),
    body: { schema: CloseCaseRequest, media: 'application/json' },
    answers: { 200: json(CaseSummary, 'The closed case.') },
    problems: [
      [400, 'No reason (or only spaces), or a reason that is too long.'],
      401,
      [403, 'Neither its regievoerder nor its team’s teamleider, or the X-CSRF-Token header is missing or wrong.'],
      CASE_NOT_VISIBLE,
      [409, 'The case is closed already.'],
    ],
  },
  getCase: {
    method: 'get',
    path: '/cases/{caseId}',
    tag: 'Cases',
    summary: 'One case and its instances',
    access: 'user',
    params: path({ caseId }),
    answers: { 200: json(CaseView, 'The case.') },
    problems: [401, CASE_NOT_VISIBLE],
  },
  getCaseHistory: {
    method: 'get',
    path: '/cases/{caseId}/history',
    tag: 'Cases',
    summary: 'The history of a whole case, every instance together, oldest first (added to the contract)',
    access: 'user',
    params: path({ caseId }),
    answers: { 200: json(Type.Array(CaseHistoryEntry), 'History entries of all its instances, oldest first.') },
    problems: [401, CASE_NOT_VISIBLE],
  },
  listDecisions: {
    method: 'get',
    path: '/cases/{caseId}/decisions',
    tag: 'Cases',
    summary: "The case's formal decisions, oldest first (added to the contract)",
    access: 'user',
    params: path({ caseId }),
    answers: {
      200: json(Type.Array(DecisionView), 'The decisions; a corrected one names its correction in correctedBy.'),
    },
    problems: [401, CASE_NOT_VISIBLE],
  },
  correctDecision: {
    method: 'post',
    path: '/cases/{caseId}/decisions/{decisionId}/corrections',
    tag: 'Cases',
    summary: 'Correct a recorded decision with a new, linked record (added to the contract)',
    description:
      'Who may record the original may correct it; the content meets the same form and rules. The flow does not move.',
    access: 'user',
    params: path({ caseId, decisionId: Type.String({ description: 'The decision to correct.' }) }),
    body: { schema: CorrectDecisionRequest, media: 'application/json' },
    answers: { 201: json(DecisionRecord, 'The correction.') },
    problems: [
      [400, 'No reason, or a field of the content is invalid (one problem per field).'],
      401,
      [403, 'You may not record this kind of decision in this team.'],
      [404, 'Unknown case or decision.'],
      [409, 'The decision was corrected already; correct the newest record.'],
      413,
      [422, 'The corrected decision breaks a rule (e.g. a required discipline was absent).'],
    ],
  },
} satisfies Record<string, RouteSpec>;
