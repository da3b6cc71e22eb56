import { type Static, Type } from '@sinclair/typebox';
import { fieldProblems, requestProblem } from './field-problem';

/** Users, their roles and the session: who is calling. */

/** Roles that work inside one or more SLT teams: they see the cases of their own teams. */
export const TEAM_ROLES = [
  'slt-medewerker',
  'procesregisseur',
  'mdo-voorzitter',
  'teamleider',
  'gemeente-beschikker',
] as const;

/** Regional roles see the cases that reached their process (a task for their group). */
export const REGIONAL_ROLES = ['plaatsingscoordinator', 'crisisdienst', 'regionaal-expertteam', 'bestuurder'] as const;

/**
 * Roles with no case access at all (need to know): they manage diagrams and users, read aggregate
 * figures, or read the access log.
 */
export const SYSTEM_ROLES = ['proceseigenaar', 'beheerder', 'beleidsmedewerker', 'privacyfunctionaris'] as const;

export type RegionalRole = (typeof REGIONAL_ROLES)[number];

export const Role = Type.Union(
  [...TEAM_ROLES, ...REGIONAL_ROLES, ...SYSTEM_ROLES].map((role) => Type.Literal(role)),
  { $id: 'Role' },
);
export type Role = Static<typeof Role>;

export const User = Type.Object(
  {
    id: Type.String(),
    name: Type.String({ description: 'Display name.' }),
    roles: Type.Array(Role),
    teams: Type.Array(Type.String(), { description: 'Teams, e.g. `slt-breda-noord`, `regional`.' }),
  },
  { $id: 'User', description: 'A user: who they are, their roles and teams.' },
);
export type User = Static<typeof User>;

export const SessionInfo = Type.Object(
  {
    user: User,
    csrfToken: Type.String(),
    mustChangePassword: Type.Optional(
      Type.Boolean({
        description:
          'True after a one-time password: every call but PUT /api/me/password, GET and DELETE /api/session answers 403 until it is changed.',
      }),
    ),
  },
  {
    $id: 'SessionInfo',
    description:
      'The current session. Send `csrfToken` as header `X-CSRF-Token` on every request that changes something.',
  },
);
export type SessionInfo = Static<typeof SessionInfo>;

/** Longer usernames are refused before the login throttle stores anything (its memory stays bounded). */
export const MAX_USERNAME_LENGTH = 200;
/** Longer passwords are refused before scrypt spends time on them. */
export const MAX_PASSWORD_LENGTH = 1024;

export const LoginRequest = Type.Object(
  {
    username: Type.String({
      minLength: 1,
      maxLength: MAX_USERNAME_LENGTH,
      ...fieldProblems(
        {
          code: 'max-length',
          message: `Hoogstens ${MAX_USERNAME_LENGTH} tekens.`,
          detail: 'Gebruikersnaam of wachtwoord is te lang.',
          whenRule: 'maxLength',
        },
        { code: 'required', message: 'Gebruikersnaam is verplicht.' },
      ),
    }),
    password: Type.String({
      minLength: 1,
      maxLength: MAX_PASSWORD_LENGTH,
      ...fieldProblems(
        {
          code: 'max-length',
          message: `Hoogstens ${MAX_PASSWORD_LENGTH} tekens.`,
          detail: 'Gebruikersnaam of wachtwoord is te lang.',
          whenRule: 'maxLength',
        },
        { code: 'required', message: 'Wachtwoord is verplicht.' },
      ),
    }),
  },
  { $id: 'LoginRequest', ...requestProblem('Vul gebruikersnaam en wachtwoord in.') },
);
export type LoginRequest = Static<typeof LoginRequest>;
