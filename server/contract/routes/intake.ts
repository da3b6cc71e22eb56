import { Type } from '@sinclair/typebox';
import { PossibleDuplicates, PossibleDuplicatesQuery, StartForm, Team } from '../api';
import { definitionKey, json, path, type RouteSpec } from './route-spec';

/**
 * The front door (Aanmelden): the teams, the start form and the check for a second registration.
 * Listed before the case routes: `/cases/possible-duplicates` must not be taken for a case id.
 */
export const INTAKE_ROUTES = {
  listTeams: {
    method: 'get',
    path: '/teams',
    tag: 'Users',
    summary: 'The teams a case can belong to (added to the contract)',
    description: 'Every registered team with its name and region; a case is only made for one of these.',
    access: 'user',
    answers: { 200: json(Type.Array(Team), 'Every team, by name.') },
    problems: [401],
  },
  getStartForm: {
    method: 'get',
    path: '/definitions/{key}/start-form',
    tag: 'Definitions',
    summary: "The start event's form of the latest version",
    description: 'What `POST /api/instances` validates `variables` against when it starts a new case of this process.',
    access: 'user',
    params: path({ key: definitionKey }),
    answers: { 200: json(StartForm, 'The start form.') },
    problems: [401, [404, 'Unknown process, or its start event has no form.']],
  },
  findPossibleDuplicates: {
    method: 'get',
    path: '/cases/possible-duplicates',
    tag: 'Cases',
    summary: 'Open cases a new registration would duplicate (added to the contract)',
    description:
      'Asked before `POST /api/instances`, so the screen can warn before a second case is made. Open cases of the team ' +
      'with the same youth (initials without dots, spaces or case, and the same date of birth), only those you may ' +
      'see; each one shown is logged as a read of that case. Who may not register for the team gets 403.',
    access: 'user',
    query: PossibleDuplicatesQuery,
    answers: { 200: json(PossibleDuplicates, 'The possible duplicates, perhaps none.') },
    problems: [
      [400, 'A parameter is missing or not a date, or the team does not exist.'],
      401,
      [403, 'You may not register cases for this team.'],
    ],
  },
} satisfies Record<string, RouteSpec>;
