import { Type } from '@sinclair/typebox';
import {
  AdminUser,
  ChangePasswordRequest,
  CreateUserRequest,
  CreateUserResponse,
  PasswordResetResponse,
  Team,
  TeamRequest,
  UpdateTeamRequest,
  UpdateUserRequest,
} from '../api';
import { json, path, type RouteSpec } from './route-spec';

/** Users and teams as the beheerder manages them, and a user's own password (issue 15). */

const BEHEERDER = {
  oneOf: ['beheerder'],
  refusal: 'Alleen een beheerder beheert gebruikers en teams.',
} as const;
const NOT_BEHEERDER = [403, 'Not a `beheerder`, or the X-CSRF-Token header is missing or wrong.'] as const;
const userId = path({ id: Type.String({ description: 'The user id: their username.' }) });
const teamId = path({ id: Type.String({ description: 'The team id, e.g. `slt-breda-noord`.' }) });

export const ACCOUNT_ROUTES = {
  listAdminUsers: {
    method: 'get',
    path: '/admin/users',
    tag: 'Users',
    summary: 'Every user, as the beheerder manages them',
    description: 'Deactivated users too, with when they last logged in.',
    access: 'user',
    roles: BEHEERDER,
    answers: { 200: json(Type.Array(AdminUser), 'Every user, by name.') },
    problems: [401, NOT_BEHEERDER],
  },
  createUser: {
    method: 'post',
    path: '/admin/users',
    tag: 'Users',
    summary: 'Create a user with a one-time password',
    description:
      'The answer holds the one-time password, once; the user must change it at first login (`mustChangePassword`).',
    access: 'user',
    roles: BEHEERDER,
    body: { schema: CreateUserRequest, media: 'application/json' },
    answers: { 201: json(CreateUserResponse, 'Created.') },
    problems: [
      [400, 'Bad input, or a team that does not exist (`problems` names `teams`).'],
      401,
      NOT_BEHEERDER,
      [409, 'The username is taken.'],
    ],
  },
  updateUser: {
    method: 'patch',
    path: '/admin/users/{id}',
    tag: 'Users',
    summary: "Change a user's name, e-mail, roles, teams or whether they are active",
    description:
      'Deactivating a user, or changing their roles or teams, ends their sessions and live connections at once: ' +
      'their next request answers 401, and they log in again with their new rights.',
    access: 'user',
    roles: BEHEERDER,
    params: userId,
    body: { schema: UpdateUserRequest, media: 'application/json' },
    answers: { 200: json(AdminUser, 'The user as changed.') },
    problems: [
      [400, 'Bad input, or a team that does not exist (`problems` names `teams`).'],
      401,
      NOT_BEHEERDER,
      [404, 'No such user.'],
      [409, 'A beheerder cannot deactivate themselves, nor take away the last active beheerder.'],
    ],
  },
  resetUserPassword: {
    method: 'post',
    path: '/admin/users/{id}/password-reset',
    tag: 'Users',
    summary: 'Give a user a new one-time password',
    description: 'Ends their sessions; they must change the new password at their next login.',
    access: 'user',
    roles: BEHEERDER,
    params: userId,
    answers: { 200: json(PasswordResetResponse, 'The new one-time password, shown once.') },
    problems: [
      401,
      NOT_BEHEERDER,
      [404, 'No such user.'],
      [409, 'The user logs in with the identity provider and has no password here.'],
    ],
  },
  changeOwnPassword: {
    method: 'put',
    path: '/me/password',
    tag: 'Session',
    summary: 'Change your own password',
    description:
      'Also the way out of `mustChangePassword`. The new password is at least 12 characters, not a common ' +
      'password, and neither the username nor the current password.',
    access: 'user',
    whilePasswordMustChange: true,
    body: { schema: ChangePasswordRequest, media: 'application/json' },
    answers: { 204: { description: 'Changed.' } },
    problems: [
      [400, 'The current password is wrong (`problems` names `current`), or the new one is too weak (`new`).'],
      401,
      [403, 'The X-CSRF-Token header is missing or wrong.'],
      [409, 'The user logs in with the identity provider and has no password here.'],
    ],
  },
  listAdminTeams: {
    method: 'get',
    path: '/admin/teams',
    tag: 'Users',
    summary: 'Every team with its region, for the beheerder',
    access: 'user',
    roles: BEHEERDER,
    answers: { 200: json(Type.Array(Team), 'Every team, by name.') },
    problems: [401, NOT_BEHEERDER],
  },
  createTeam: {
    method: 'post',
    path: '/admin/teams',
    tag: 'Users',
    summary: 'Register a team',
    description: 'Its id never changes once created: cases and users name it.',
    access: 'user',
    roles: BEHEERDER,
    body: { schema: TeamRequest, media: 'application/json' },
    answers: { 201: json(Team, 'Registered.') },
    problems: [400, 401, NOT_BEHEERDER, [409, 'A team with this id exists.']],
  },
  updateTeam: {
    method: 'patch',
    path: '/admin/teams/{id}',
    tag: 'Users',
    summary: 'Rename a team or change its region',
    access: 'user',
    roles: BEHEERDER,
    params: teamId,
    body: { schema: UpdateTeamRequest, media: 'application/json' },
    answers: { 200: json(Team, 'The team as changed.') },
    problems: [400, 401, NOT_BEHEERDER, [404, 'No such team.']],
  },
} satisfies Record<string, RouteSpec>;
