import type { Notification, Preferences } from '../contract/api';
import type { NotificationService } from '../notifications/notification-service';
import type { Handlers } from './api-routes';
import { notFound } from './problem';

type NotificationHandlers = Pick<
  Handlers,
  'listNotifications' | 'readNotification' | 'readAllNotifications' | 'getPreferences' | 'putPreferences'
>;

/** The caller's own notifications and e-mail preference; nobody reads another's. */
export function notificationHandlers(notifications: NotificationService): NotificationHandlers {
  return {
    listNotifications: async ({ user, query }, _request, response) => {
      response.json((await notifications.list(user.id, query.unread === 'true')) satisfies Notification[]);
    },
    readNotification: async ({ user, params }, _request, response) => {
      // Someone else's notification is as unknown as one that never existed.
      if (!(await notifications.markRead(user.id, params.id))) throw notFound('Deze melding bestaat niet.');
      response.status(204).end();
    },
    readAllNotifications: async ({ user }, _request, response) => {
      await notifications.markAllRead(user.id);
      response.status(204).end();
    },
    getPreferences: async ({ user }, _request, response) => {
      response.json({ email: await notifications.preference(user.id) } satisfies Preferences);
    },
    putPreferences: async ({ user, body }, _request, response) => {
      await notifications.setPreference(user.id, body.email);
      response.json({ email: await notifications.preference(user.id) } satisfies Preferences);
    },
  };
}
