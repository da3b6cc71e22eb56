import { LoginRequest, SessionInfo } from '../api';
import { json, type RouteSpec } from './route-spec';

/** Logging in and out. */
export const SESSION_ROUTES = {
  login: {
    method: 'post',
    path: '/session',
    tag: 'Session',
    summary: 'Log in',
    description: 'Sets the session cookie and returns the CSRF token. Needs no X-CSRF-Token.',
    access: 'public',
    body: { schema: LoginRequest, media: 'application/json' },
    answers: {
      200: {
        ...json(SessionInfo, 'Logged in.'),
        headers: { 'Set-Cookie': 'The httpOnly, SameSite=Strict session cookie `casusregie.sid`.' },
      },
    },
    problems: [
      400,
      [401, 'Unknown user or wrong password.'],
      [429, 'Ten failed logins for this username within 15 minutes; Retry-After says when to try again.'],
    ],
  },
  getSession: {
    method: 'get',
    path: '/session',
    tag: 'Session',
    summary: 'The current session',
    access: 'user',
    whilePasswordMustChange: true,
    answers: { 200: json(SessionInfo, 'The current user and CSRF token.') },
    problems: [401],
  },
  logout: {
    method: 'delete',
    path: '/session',
    tag: 'Session',
    summary: 'Log out',
    description: 'Also ends the session’s live connections. Without a session there is nothing to end: 204 too.',
    access: 'user-if-any',
    answers: { 204: { description: 'Logged out.' } },
    problems: [403],
  },
} satisfies Record<string, RouteSpec>;
