import type { NotificationSettings, NotificationStore, StoredNotification } from '../store';
import { openSerialized, type SerializedLow } from './serialized-low';

/** The newest this many notifications are kept per user; older ones fall off. */
export const NOTIFICATIONS_PER_USER = 500;

interface NotificationFile {
  /** Per user, newest first. */
  items: Record<string, StoredNotification[]>;
  settings: Record<string, NotificationSettings>;
  overdueNotified: string[];
}

/**
 * notifications.json: one small lowdb file. Each change rewrites it whole, which is fine at a few
 * hundred users times at most 500 short notifications; a PostgreSQL store would keep a table.
 */
export class LowdbNotificationStore implements NotificationStore {
  private overdue: Set<string>;

  private constructor(private readonly db: SerializedLow<NotificationFile>) {
    this.overdue = new Set(db.data.overdueNotified);
  }

  static async open(file: string): Promise<LowdbNotificationStore> {
    const db = await openSerialized<NotificationFile>(file, { items: {}, settings: {}, overdueNotified: [] });
    return new LowdbNotificationStore(db);
  }

  async ofUser(userId: string): Promise<StoredNotification[]> {
    return this.db.data.items[userId] ?? [];
  }

  add(notifications: StoredNotification[]): Promise<void> {
    if (notifications.length === 0) return Promise.resolve();
    return this.db.update((data) => {
      const items = { ...data.items };
      for (const notification of notifications) {
        items[notification.userId] = [notification, ...(items[notification.userId] ?? [])].slice(
          0,
          NOTIFICATIONS_PER_USER,
        );
      }
      return { ...data, items };
    });
  }

  async markRead(userId: string, ids?: string[]): Promise<number> {
    const wanted = ids ? new Set(ids) : undefined;
    const own = (await this.ofUser(userId)).filter((item) => !wanted || wanted.has(item.id));
    if (own.every((item) => item.read)) return own.length;
    await this.db.update((data) => ({
      ...data,
      items: {
        ...data.items,
        [userId]: (data.items[userId] ?? []).map((item) =>
          !item.read && (!wanted || wanted.has(item.id)) ? { ...item, read: true } : item,
        ),
      },
    }));
    return own.length;
  }

  async settings(userId: string): Promise<NotificationSettings | undefined> {
    return this.db.data.settings[userId];
  }

  async usersWithSettings(): Promise<string[]> {
    return Object.keys(this.db.data.settings);
  }

  putSettings(userId: string, settings: NotificationSettings): Promise<void> {
    return this.db.update((data) => ({ ...data, settings: { ...data.settings, [userId]: settings } }));
  }

  async overdueNotified(): Promise<ReadonlySet<string>> {
    return this.overdue;
  }

  async setOverdueNotified(taskIds: string[]): Promise<void> {
    await this.db.update((data) => ({ ...data, overdueNotified: taskIds }));
    this.overdue = new Set(taskIds);
  }
}
