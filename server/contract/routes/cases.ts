import { Type } from '@sinclair/typebox';
import { CaseHistoryEntry, CaseView, CorrectDecisionRequest, DecisionRecord, DecisionView } from '../api';
import { json, type ProblemStatus, path, type RouteSpec } from './route-spec';

const caseId = Type.String({ description: 'The case id.' });
const CASE_NOT_VISIBLE: readonly [ProblemStatus, string] = [404, 'Unknown case, or one you may not see.'];

/** A case as a whole: its instances, history and decisions. */
export const CASE_ROUTES = {
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
