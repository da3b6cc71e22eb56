import { Type } from '@sinclair/typebox';
import { Notification, Preferences } from '../api';
import { flag, json, path, type RouteSpec } from './route-spec';

/** The caller's own notifications and e-mail preference (issue 16). */
export const NOTIFICATION_ROUTES = {
  listNotifications: {
    method: 'get',
    path: '/notifications',
    tag: 'Users',
    summary: 'Your notifications, newest first',
    description: 'Only the caller’s own; at most the newest 500 are kept per user.',
    access: 'user',
    query: Type.Object({ unread: flag('Only unread notifications.') }),
    answers: { 200: json(Type.Array(Notification), 'The caller’s notifications, newest first.') },
    problems: [401, 403],
  },
  readNotification: {
    method: 'post',
    path: '/notifications/{id}/read',
    tag: 'Users',
    summary: 'Mark one of your notifications as read',
    access: 'user',
    params: path({ id: Type.String({ description: 'The notification id.' }) }),
    answers: { 204: { description: 'Marked as read.' } },
    problems: [401, [403, 'The X-CSRF-Token header is missing or wrong.'], [404, 'Not one of your notifications.']],
  },
  readAllNotifications: {
    method: 'post',
    path: '/notifications/read',
    tag: 'Users',
    summary: 'Mark all your notifications as read (added to the contract)',
    access: 'user',
    answers: { 204: { description: 'All marked as read.' } },
    problems: [401, [403, 'The X-CSRF-Token header is missing or wrong.']],
  },
  getPreferences: {
    method: 'get',
    path: '/me/preferences',
    tag: 'Users',
    summary: 'Your e-mail preference for notifications',
    access: 'user',
    answers: { 200: json(Preferences, 'The preference; `direct` unless you chose otherwise.') },
    problems: [401, 403],
  },
  putPreferences: {
    method: 'put',
    path: '/me/preferences',
    tag: 'Users',
    summary: 'Choose how notifications reach you by e-mail',
    access: 'user',
    body: { schema: Preferences, media: 'application/json' },
    answers: { 200: json(Preferences, 'Stored.') },
    problems: [400, 401, [403, 'The X-CSRF-Token header is missing or wrong.']],
  },
} satisfies Record<string, RouteSpec>;
