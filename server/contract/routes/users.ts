import { Type } from '@sinclair/typebox';
import { User } from '../api';
import { json, type RouteSpec } from './route-spec';

/** The user directory. */
export const USER_ROUTES = {
  listUsers: {
    method: 'get',
    path: '/users',
    tag: 'Users',
    summary: 'The colleagues in the user directory (added to the contract)',
    description: 'Names, roles and teams, e.g. to show who holds a task.',
    access: 'user',
    answers: { 200: json(Type.Array(User), 'Every user.') },
    problems: [401],
  },
} satisfies Record<string, RouteSpec>;
