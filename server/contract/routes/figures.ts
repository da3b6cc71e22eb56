import { Figures, FiguresQuery, FigureTargets, FigureTargetsUpdate } from '../api';
import { json, type RouteSpec } from './route-spec';

const READERS = ['beleidsmedewerker', 'teamleider', 'bestuurder', 'proceseigenaar'] as const;
const NOT_A_READER = 'Alleen beleidsmedewerkers, teamleiders, bestuurders en proceseigenaren zien de stuurcijfers.';

/** Steering figures (DOMAIN.md §5) and their target values: aggregates only, never a case. */
export const FIGURE_ROUTES = {
  getFigures: {
    method: 'get',
    path: '/figures',
    tag: 'Figures',
    summary: 'Steering figures over a period, by team, region and task area: aggregates only',
    description:
      'Computed from a compact in-memory record per case that each commit of that case updates, so an action costs ' +
      'the same however many cases there are; a request aggregates the records of the matching cases. A case counts ' +
      'in the period of its aanmelding (`from` to `to`, both inclusive, UTC days; default the last 12 months); ' +
      '`taken` is what is open now. Never a case number, id, instance id, initials or date of birth; in the ' +
      'breakdown by team a count from 1 to 4 is null. A teamleider sees only their own teams (another team: 403).',
    access: 'user',
    roles: { oneOf: READERS, refusal: NOT_A_READER },
    query: FiguresQuery,
    answers: { 200: json(Figures, 'The figures, with the target values set.') },
    problems: [
      [
        400,
        'A bad `from`, `to` (not a day, or `from` after `to`), unknown `team` or `region`, or `taakgebied`; the problem names the parameter.',
      ],
      401,
      [403, 'Not one of the roles above, or a teamleider asking for another team.'],
    ],
  },
  getFigureTargets: {
    method: 'get',
    path: '/figures/targets',
    tag: 'Figures',
    summary: 'The target values (doelwaarden) of the steering figures',
    access: 'user',
    roles: { oneOf: READERS, refusal: NOT_A_READER },
    answers: { 200: json(FigureTargets, 'The target values set, and who set them last.') },
    problems: [401, [403, NOT_A_READER]],
  },
  setFigureTargets: {
    method: 'put',
    path: '/figures/targets',
    tag: 'Figures',
    summary: 'Set target values of the steering figures (proceseigenaar)',
    description: 'A key left out keeps its value; null clears it. Stored durably.',
    access: 'user',
    roles: { oneOf: ['proceseigenaar'], refusal: 'Alleen de proceseigenaar stelt doelwaarden vast.' },
    body: { schema: FigureTargetsUpdate, media: 'application/json' },
    answers: { 200: json(FigureTargets, 'The target values as they are now.') },
    problems: [
      [400, 'An unknown figure key, or a value that is not a number in its range (one problem per field).'],
      401,
      [403, 'Not a proceseigenaar, or the X-CSRF-Token header is missing or wrong.'],
    ],
  },
} satisfies Record<string, RouteSpec>;
