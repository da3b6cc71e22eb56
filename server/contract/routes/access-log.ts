import { Type } from '@sinclair/typebox';
import { ACCESS_LOG_DEFAULT_LIMIT, ACCESS_LOG_MAX_LIMIT, AccessLogPage, AccessLogVerification } from '../admin';
import { fieldProblem } from '../field-problem';
import { json, type RouteSpec } from './route-spec';

/** The NEN 7513 access log, read by the privacy officer and the beheerder (issue 15). */

const ROLES = {
  oneOf: ['beheerder', 'privacyfunctionaris'],
  refusal: 'Alleen een beheerder of privacyfunctionaris kan het toegangslog inzien.',
} as const;

const moment = (meaning: string) =>
  Type.Optional(
    Type.String({
      maxLength: 40,
      description:
        `${meaning} A date \`jjjj-mm-dd\` (a whole day in Europe/Amsterdam) or an ISO 8601 instant with offset, ` +
        'e.g. `2026-12-04T09:30:00Z`. A value that is neither, or a `from` after `to`, is refused with 400.',
      ...fieldProblem('date', 'Geef een datum (jjjj-mm-dd) of een tijdstip (bijvoorbeeld 2026-12-04T09:30:00Z).'),
    }),
  );

const filters = {
  caseId: Type.Optional(
    Type.String({
      maxLength: 200,
      description: 'Only reads of this case.',
      ...fieldProblem(
        'max-length',
        'Een casusnummer heeft hoogstens 200 tekens.',
        'Een casusnummer heeft hoogstens 200 tekens.',
      ),
    }),
  ),
  userId: Type.Optional(
    Type.String({
      maxLength: 200,
      description: 'Only reads by this user.',
      ...fieldProblem(
        'max-length',
        'Een gebruikersnaam heeft hoogstens 200 tekens.',
        'Een gebruikersnaam heeft hoogstens 200 tekens.',
      ),
    }),
  ),
  from: moment('Only entries at or after this moment.'),
  to: moment('Only entries at or before this moment (a date includes that whole day).'),
};

export const ACCESS_LOG_ROUTES = {
  searchAccessLog: {
    method: 'get',
    path: '/admin/access-log',
    tag: 'Users',
    summary: 'Search the access log (NEN 7513): who read which case, when, from where',
    description:
      'Newest first: a privacy officer starts from what happened lately, and a period search stops reading once it ' +
      'has passed `from`. Every read and every refused attempt of case data is one entry. Paged with `cursor` ' +
      '(the `nextCursor` of the previous page; opaque) and `limit`; `nextCursor` is absent on the last page. The log ' +
      'is a file the server scans backwards from the cursor, so a page costs at most one pass over the older part.',
    access: 'user',
    roles: ROLES,
    query: Type.Object({
      ...filters,
      cursor: Type.Optional(
        Type.String({
          pattern: '^[0-9]{1,15}$',
          description: 'The `nextCursor` of the previous page (opaque).',
          ...fieldProblem(
            'cursor',
            'Deze cursor is ongeldig; begin opnieuw bij de eerste pagina.',
            'Deze cursor is ongeldig; begin opnieuw bij de eerste pagina.',
          ),
        }),
      ),
      limit: Type.Optional(
        Type.String({
          pattern: '^[0-9]{1,4}$',
          description: `At most this many items: 1 to ${ACCESS_LOG_MAX_LIMIT}, default ${ACCESS_LOG_DEFAULT_LIMIT}.`,
          ...fieldProblem('limit', `Geef een aantal van 1 tot en met ${ACCESS_LOG_MAX_LIMIT}.`),
        }),
      ),
    }),
    answers: { 200: json(AccessLogPage, 'One page of matching entries, newest first.') },
    problems: [[400, 'A bad `from`, `to`, `cursor` or `limit`; the problem names the parameter.'], 401, 403],
  },
  exportAccessLog: {
    method: 'get',
    path: '/admin/access-log/export',
    tag: 'Users',
    summary: 'Export the same search as CSV, for the privacy officer’s report',
    description:
      'Every matching entry, newest first, as `text/csv` (UTF-8 with a byte order mark, `;`-separated, as Dutch ' +
      'spreadsheets expect) with a Dutch header row; the file is named `toegangslog-<date>.csv`. A cell that a ' +
      'spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) is prefixed ' +
      "with `'`. Streamed: any size of log costs the server little memory.",
    access: 'user',
    roles: ROLES,
    query: Type.Object(filters),
    answers: {
      200: {
        description: 'The matching entries as CSV.',
        media: 'text/csv',
        headers: { 'Content-Disposition': 'attachment; filename="toegangslog-<jjjj-mm-dd>.csv"' },
      },
    },
    problems: [[400, 'A bad `from` or `to`; the problem names the parameter.'], 401, 403],
  },
  verifyAccessLog: {
    method: 'get',
    path: '/admin/access-log/verify',
    tag: 'Users',
    summary: 'Check the access log’s hash chain end to end',
    description:
      'Each line carries its sequence number, the hash of the line before it and its own SHA-256 over that hash and ' +
      'its content. A changed line breaks its hash, a removed or inserted one breaks the sequence and the chain, a ' +
      'line whose time lies more than five minutes before its predecessor’s (backdated and re-hashed) is reported ' +
      'too. `firstBrokenAt` is the sequence number (the line number) where the chain first breaks. Reads the whole ' +
      'file once.',
    access: 'user',
    roles: ROLES,
    answers: { 200: json(AccessLogVerification, 'The result of the check.') },
    problems: [401, 403],
  },
} satisfies Record<string, RouteSpec>;
