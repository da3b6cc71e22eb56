import { type Static, Type } from '@sinclair/typebox';
import { fieldProblem, fieldProblems, requestProblem } from './field-problem';
import { dateTime } from './schema-parts';
import { MAX_PASSWORD_LENGTH, MAX_USERNAME_LENGTH, Role } from './session';

/** Users, teams and the access log, managed by the beheerder and read by the privacy officer (issue 15). */

/** A new password is at least this long (and not a common password): NCSC advises length over complexity. */
export const MIN_PASSWORD_LENGTH = 12;
export const ACCESS_LOG_DEFAULT_LIMIT = 100;
export const ACCESS_LOG_MAX_LIMIT = 1000;

const username = Type.String({
  minLength: 1,
  maxLength: MAX_USERNAME_LENGTH,
  pattern: '^[a-z0-9][a-z0-9._-]*$',
  description: 'The login name: lower-case letters, digits, `.`, `_` and `-`. Also the user id.',
  ...fieldProblems(
    { code: 'required', message: 'Gebruikersnaam is verplicht.', whenRule: 'minLength' },
    { code: 'max-length', message: `Hoogstens ${MAX_USERNAME_LENGTH} tekens.`, whenRule: 'maxLength' },
    {
      code: 'pattern',
      message:
        'Gebruik kleine letters, cijfers, punt, liggend streepje of koppelteken, en begin met een letter of cijfer.',
    },
  ),
});
const displayName = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'The name colleagues see, e.g. "Ruben Jansen".',
  ...fieldProblem('name', 'Vul een naam in van hoogstens 200 tekens.'),
});
const email = Type.String({
  maxLength: 320,
  pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
  description: 'Where notifications go.',
  ...fieldProblem('email', 'Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl.'),
});
const roles = Type.Array(Role, {
  uniqueItems: true,
  ...fieldProblem('roles', 'Kies rollen uit de lijst, elk één keer.'),
});
const teams = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
  uniqueItems: true,
  description: 'Team ids from GET /api/admin/teams.',
  ...fieldProblem('teams', 'Kies teams uit de lijst, elk één keer.'),
});

export const AdminUser = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    name: Type.String(),
    email: Type.Optional(Type.String()),
    roles: Type.Array(Role),
    teams: Type.Array(Type.String()),
    active: Type.Boolean({ description: 'A deactivated user cannot log in; their sessions ended when deactivated.' }),
    lastLoginAt: Type.Optional(dateTime()),
    mustChangePassword: Type.Optional(
      Type.Boolean({ description: 'Added: a one-time password was issued and is not yet changed.' }),
    ),
    source: Type.Optional(
      Type.Union([Type.Literal('local'), Type.Literal('oidc')], {
        description: 'Added: `oidc` for a user who logs in with the identity provider (no local password).',
      }),
    ),
  },
  { $id: 'AdminUser', description: 'A user as the beheerder manages them.' },
);
export type AdminUser = Static<typeof AdminUser>;

export const CreateUserRequest = Type.Object(
  { username, name: displayName, email: Type.Optional(email), roles, teams },
  {
    $id: 'CreateUserRequest',
    additionalProperties: false,
    ...requestProblem('Controleer de gegevens van de gebruiker.'),
  },
);
export type CreateUserRequest = Static<typeof CreateUserRequest>;

export const CreateUserResponse = Type.Object(
  {
    user: AdminUser,
    initialPassword: Type.String({ description: 'Shown once; the user must change it at first login.' }),
  },
  { $id: 'CreateUserResponse' },
);
export type CreateUserResponse = Static<typeof CreateUserResponse>;

export const UpdateUserRequest = Type.Object(
  {
    name: Type.Optional(displayName),
    email: Type.Optional(email),
    roles: Type.Optional(roles),
    teams: Type.Optional(teams),
    active: Type.Optional(Type.Boolean(fieldProblem('active', 'Kies ja of nee.'))),
  },
  {
    $id: 'UpdateUserRequest',
    additionalProperties: false,
    ...requestProblem('Controleer de gegevens van de gebruiker.'),
  },
);
export type UpdateUserRequest = Static<typeof UpdateUserRequest>;

export const PasswordResetResponse = Type.Object(
  { initialPassword: Type.String({ description: 'Shown once; the user must change it at next login.' }) },
  { $id: 'PasswordResetResponse' },
);
export type PasswordResetResponse = Static<typeof PasswordResetResponse>;

export const ChangePasswordRequest = Type.Object(
  {
    current: Type.String({
      minLength: 1,
      maxLength: MAX_PASSWORD_LENGTH,
      ...fieldProblem('required', 'Vul uw huidige wachtwoord in.'),
    }),
    new: Type.String({
      maxLength: MAX_PASSWORD_LENGTH,
      description: `At least ${MIN_PASSWORD_LENGTH} characters and not a common password (checked by the server).`,
      ...fieldProblem('max-length', `Hoogstens ${MAX_PASSWORD_LENGTH} tekens.`),
    }),
  },
  {
    $id: 'ChangePasswordRequest',
    additionalProperties: false,
    ...requestProblem('Vul het huidige en het nieuwe wachtwoord in.'),
  },
);
export type ChangePasswordRequest = Static<typeof ChangePasswordRequest>;

export const TeamRequest = Type.Object(
  {
    id: Type.String({
      minLength: 1,
      maxLength: 100,
      pattern: '^[a-z0-9][a-z0-9-]*$',
      description: 'The team id that cases and users name, e.g. `slt-breda-noord`; it never changes once created.',
      ...fieldProblem('team-id', 'Gebruik kleine letters, cijfers en koppeltekens, bijvoorbeeld slt-breda-noord.'),
    }),
    name: Type.String({
      minLength: 1,
      maxLength: 200,
      ...fieldProblem('name', 'Vul een naam in van hoogstens 200 tekens.'),
    }),
    region: Type.String({
      minLength: 1,
      maxLength: 200,
      ...fieldProblem('region', 'Vul een regio in van hoogstens 200 tekens.'),
    }),
  },
  { $id: 'TeamRequest', additionalProperties: false, ...requestProblem('Controleer de gegevens van het team.') },
);
export type TeamRequest = Static<typeof TeamRequest>;

export const UpdateTeamRequest = Type.Partial(Type.Omit(TeamRequest, ['id']), {
  $id: 'UpdateTeamRequest',
  additionalProperties: false,
  ...requestProblem('Controleer de gegevens van het team.'),
});
export type UpdateTeamRequest = Static<typeof UpdateTeamRequest>;

export const AccessLogAction = Type.Union([Type.Literal('read'), Type.Literal('refused')], {
  $id: 'AccessLogAction',
  description: '`read`: case data was shown; `refused`: an attempt to read a case the user may not see.',
});
export type AccessLogAction = Static<typeof AccessLogAction>;

export const AccessLogItem = Type.Object(
  {
    seq: Type.Integer({ minimum: 1, description: 'Added: the line number in the hash chain.' }),
    at: dateTime(),
    userId: Type.String(),
    action: AccessLogAction,
    caseId: Type.Optional(Type.String()),
    resource: Type.String({
      description: 'What was read, e.g. `case/C-2026-0001` or `task/…` or `socket/instance/…`.',
    }),
    address: Type.Optional(Type.String({ description: 'Added: the client address the request came from.' })),
    session: Type.Optional(
      Type.String({ description: 'Added: a short reference to the session (never the session id itself).' }),
    ),
  },
  { $id: 'AccessLogItem', description: 'One read of case data (NEN 7513): who, when, what, from where.' },
);
export type AccessLogItem = Static<typeof AccessLogItem>;

export const AccessLogPage = Type.Object(
  { items: Type.Array(AccessLogItem), nextCursor: Type.Optional(Type.String()) },
  { $id: 'AccessLogPage' },
);
export type AccessLogPage = Static<typeof AccessLogPage>;

export const AccessLogVerification = Type.Object(
  {
    entries: Type.Integer({ minimum: 0 }),
    intact: Type.Boolean(),
    firstBrokenAt: Type.Optional(
      Type.Integer({ minimum: 1, description: 'The line number (seq) where the chain first breaks.' }),
    ),
  },
  { $id: 'AccessLogVerification', description: 'The hash chain checked end to end.' },
);
export type AccessLogVerification = Static<typeof AccessLogVerification>;
