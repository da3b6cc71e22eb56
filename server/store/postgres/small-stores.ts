import type pg from 'pg';
import type { FormSchema } from '../../contract/api';
import type {
  DefinitionStore,
  FormStore,
  NotificationSettings,
  NotificationStore,
  SessionStore,
  StoredDefinitionVersion,
  StoredFormVersion,
  StoredNotification,
  StoredSession,
  StoredTeam,
  StoredUser,
  TeamStore,
  UserStore,
} from '../store';
import { inTransaction, json, query } from './database';

/** As in the lowdb store: the newest this many notifications are kept per user. */
export const NOTIFICATIONS_PER_USER = 500;

export class PgUserStore implements UserStore {
  constructor(private readonly pool: pg.Pool) {}

  async all(): Promise<StoredUser[]> {
    const { rows } = await query<{ record: StoredUser }>(
      this.pool,
      'reading users',
      'SELECT record FROM users ORDER BY ord',
    );
    return rows.map((row) => row.record);
  }

  async put(user: StoredUser): Promise<void> {
    await query(
      this.pool,
      `storing user ${user.id}`,
      `INSERT INTO users (id, record) VALUES ($1, $2::jsonb)
       ON CONFLICT (id) DO UPDATE SET record = excluded.record, ord = excluded.ord`,
      [user.id, json(user)],
    );
  }
}

export class PgTeamStore implements TeamStore {
  constructor(private readonly pool: pg.Pool) {}

  async all(): Promise<StoredTeam[]> {
    const { rows } = await query<{ record: StoredTeam }>(
      this.pool,
      'reading teams',
      'SELECT record FROM teams ORDER BY ord',
    );
    return rows.map((row) => row.record);
  }

  async put(team: StoredTeam): Promise<void> {
    await query(
      this.pool,
      `storing team ${team.id}`,
      `INSERT INTO teams (id, record) VALUES ($1, $2::jsonb)
       ON CONFLICT (id) DO UPDATE SET record = excluded.record, ord = excluded.ord`,
      [team.id, json(team)],
    );
  }
}

export class PgSessionStore implements SessionStore {
  constructor(private readonly pool: pg.Pool) {}

  async all(): Promise<StoredSession[]> {
    const { rows } = await query<{ record: StoredSession }>(
      this.pool,
      'reading sessions',
      'SELECT record FROM sessions ORDER BY ord',
    );
    return rows.map((row) => row.record);
  }

  async get(idHash: string): Promise<StoredSession | undefined> {
    const { rows } = await query<{ record: StoredSession }>(
      this.pool,
      'reading a session',
      'SELECT record FROM sessions WHERE id_hash = $1',
      [idHash],
    );
    return rows[0]?.record;
  }

  /** Stores the session; like the lowdb store, it clears sessions that expired meanwhile. */
  async put(session: StoredSession): Promise<void> {
    await inTransaction(this.pool, 'storing a session', async (client) => {
      await client.query('DELETE FROM sessions WHERE expires_at <= $1 AND id_hash <> $2', [
        new Date().toISOString(),
        session.idHash,
      ]);
      await client.query(
        `INSERT INTO sessions (id_hash, user_id, expires_at, record) VALUES ($1, $2, $3, $4::jsonb)
         ON CONFLICT (id_hash) DO UPDATE SET user_id = excluded.user_id, expires_at = excluded.expires_at,
           record = excluded.record, ord = excluded.ord`,
        [session.idHash, session.userId, session.expiresAt, json(session)],
      );
    });
  }

  async delete(idHash: string): Promise<void> {
    await query(this.pool, 'ending a session', 'DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  }

  async deleteOfUser(userId: string, exceptIdHash?: string): Promise<void> {
    await query(
      this.pool,
      `ending the sessions of user ${userId}`,
      'DELETE FROM sessions WHERE user_id = $1 AND id_hash IS DISTINCT FROM $2',
      [userId, exceptIdHash ?? null],
    );
  }
}

export class PgDefinitionStore implements DefinitionStore {
  constructor(private readonly pool: pg.Pool) {}

  async versions(): Promise<StoredDefinitionVersion[]> {
    const { rows } = await query<{ record: StoredDefinitionVersion }>(
      this.pool,
      'reading definitions',
      'SELECT record FROM definitions ORDER BY ord',
    );
    return rows.map((row) => row.record);
  }

  /** The XML and its version record are one row: a listed version always has its XML. */
  async addVersion(version: StoredDefinitionVersion, xml: string): Promise<void> {
    await query(
      this.pool,
      `storing definition ${version.key} version ${version.version}`,
      'INSERT INTO definitions (key, version, record, xml) VALUES ($1, $2, $3::jsonb, $4)',
      [version.key, version.version, json(version), xml],
    );
  }

  async readXml(key: string, version: number): Promise<string | undefined> {
    if (!Number.isInteger(version) || Math.abs(version) > 2 ** 31 - 1) return undefined;
    const { rows } = await query<{ xml: string }>(
      this.pool,
      `reading definition ${key} version ${version}`,
      'SELECT xml FROM definitions WHERE key = $1 AND version = $2',
      [key, version],
    );
    return rows[0]?.xml;
  }
}

export class PgFormStore implements FormStore {
  constructor(private readonly pool: pg.Pool) {}

  async versions(): Promise<StoredFormVersion[]> {
    const { rows } = await query<{ record: StoredFormVersion }>(
      this.pool,
      'reading form versions',
      'SELECT record FROM form_versions ORDER BY ord',
    );
    return rows.map((row) => row.record);
  }

  /** The schema and its version record are one row: a listed version always has its schema. */
  async addVersion(version: StoredFormVersion, schema: FormSchema): Promise<void> {
    await query(
      this.pool,
      `storing form ${version.key} version ${version.version}`,
      'INSERT INTO form_versions (key, version, record, schema) VALUES ($1, $2, $3::jsonb, $4::jsonb)',
      [version.key, version.version, json(version), json(schema)],
    );
  }

  async readSchema(key: string, version: number): Promise<FormSchema | undefined> {
    if (!Number.isInteger(version) || Math.abs(version) > 2 ** 31 - 1) return undefined;
    const { rows } = await query<{ schema: FormSchema }>(
      this.pool,
      `reading form ${key} version ${version}`,
      'SELECT schema FROM form_versions WHERE key = $1 AND version = $2',
      [key, version],
    );
    return rows[0]?.schema;
  }
}

export class PgNotificationStore implements NotificationStore {
  constructor(private readonly pool: pg.Pool) {}

  async ofUser(userId: string): Promise<StoredNotification[]> {
    const { rows } = await query<{ record: StoredNotification }>(
      this.pool,
      `reading the notifications of ${userId}`,
      'SELECT record FROM notifications WHERE user_id = $1 ORDER BY ord DESC LIMIT $2',
      [userId, NOTIFICATIONS_PER_USER],
    );
    return rows.map((row) => row.record);
  }

  async add(notifications: StoredNotification[]): Promise<void> {
    if (notifications.length === 0) return;
    const users = [...new Set(notifications.map((notification) => notification.userId))];
    await inTransaction(this.pool, 'storing notifications', async (client) => {
      // WITH ORDINALITY keeps their order: a later one in the list is the newer.
      await client.query(
        `INSERT INTO notifications (id, user_id, record)
         SELECT item->>'id', item->>'userId', item FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(item, n)
         ORDER BY n`,
        [json(notifications)],
      );
      await client.query(
        `DELETE FROM notifications AS n USING unnest($1::text[]) AS u(user_id)
         WHERE n.user_id = u.user_id AND n.ord < (
           SELECT min(ord) FROM (SELECT ord FROM notifications WHERE user_id = u.user_id ORDER BY ord DESC LIMIT $2) AS kept)`,
        [users, NOTIFICATIONS_PER_USER],
      );
    });
  }

  async markRead(userId: string, ids?: string[]): Promise<number> {
    return inTransaction(this.pool, `marking notifications of ${userId} read`, async (client) => {
      const { rows } = await client.query<{ own: string }>(
        `SELECT count(*) AS own FROM notifications WHERE user_id = $1 AND ($2::text[] IS NULL OR id = ANY($2))`,
        [userId, ids ?? null],
      );
      await client.query(
        `UPDATE notifications SET record = jsonb_set(record, '{read}', 'true')
         WHERE user_id = $1 AND ($2::text[] IS NULL OR id = ANY($2)) AND NOT (record->>'read')::boolean`,
        [userId, ids ?? null],
      );
      return Number(rows[0]?.own ?? 0);
    });
  }

  async settings(userId: string): Promise<NotificationSettings | undefined> {
    const { rows } = await query<{ settings: NotificationSettings }>(
      this.pool,
      `reading the notification settings of ${userId}`,
      'SELECT settings FROM notification_settings WHERE user_id = $1',
      [userId],
    );
    return rows[0]?.settings;
  }

  async usersWithSettings(): Promise<string[]> {
    const { rows } = await query<{ user_id: string }>(
      this.pool,
      'reading notification settings',
      'SELECT user_id FROM notification_settings ORDER BY ord',
    );
    return rows.map((row) => row.user_id);
  }

  async putSettings(userId: string, settings: NotificationSettings): Promise<void> {
    await query(
      this.pool,
      `storing the notification settings of ${userId}`,
      `INSERT INTO notification_settings (user_id, settings) VALUES ($1, $2::jsonb)
       ON CONFLICT (user_id) DO UPDATE SET settings = excluded.settings`,
      [userId, json(settings)],
    );
  }

  async overdueNotified(): Promise<ReadonlySet<string>> {
    const { rows } = await query<{ task_id: string }>(
      this.pool,
      'reading overdue notices',
      'SELECT task_id FROM overdue_notified',
    );
    return new Set(rows.map((row) => row.task_id));
  }

  async setOverdueNotified(taskIds: string[]): Promise<void> {
    await inTransaction(this.pool, 'storing overdue notices', async (client) => {
      await client.query('DELETE FROM overdue_notified');
      await client.query('INSERT INTO overdue_notified (task_id) SELECT DISTINCT unnest($1::text[])', [taskIds]);
    });
  }
}

export class PgSettings {
  constructor(private readonly pool: pg.Pool) {}

  async get(name: string): Promise<unknown> {
    const { rows } = await query<{ value: unknown }>(
      this.pool,
      `reading setting ${name}`,
      'SELECT value FROM settings WHERE name = $1',
      [name],
    );
    return rows[0]?.value;
  }

  async set(name: string, value: unknown): Promise<void> {
    // As in a JSON file, an undefined value is no value.
    if (value === undefined) {
      await query(this.pool, `clearing setting ${name}`, 'DELETE FROM settings WHERE name = $1', [name]);
      return;
    }
    await query(
      this.pool,
      `storing setting ${name}`,
      `INSERT INTO settings (name, value) VALUES ($1, $2::jsonb) ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
      [name, json(value)],
    );
  }
}
