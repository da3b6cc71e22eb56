import path from 'node:path';
import { singleNode } from '../cluster';
import type { Store, StoredTeam, StoredUser, TeamStore, UserStore } from '../store';
import { FileAccessLog } from './access-log';
import { LowdbCaseStore } from './case-store';
import { LowdbDefinitionStore } from './definition-store';
import { ensureDirectory } from './files';
import { LowdbFormStore } from './form-store';
import { LowdbNotificationStore } from './notification-store';
import { prepareDataDirectory } from './prepare-data-directory';
import { openSerialized, type SerializedLow } from './serialized-low';
import { LowdbSessionStore } from './session-store';

/**
 * The embedded store: lowdb JSON files in a data folder.
 * - one document per case (cases/<shard>/<caseId>.json), so an action rewrites only its own case,
 *   made durable by the write-ahead log in commit-log/ (./commit-log.ts);
 * - one append-only history log per case (<caseId>.history.jsonl);
 * - small lowdb files for definitions, forms, users, teams, sessions, settings and notifications;
 * - one append-only access log for reads (NEN 7513);
 * - quarantine/ for case files that could not be read at start-up.
 * Files are 0600 and folders 0700: they hold youth-care case data.
 */
export async function openLowdbStore(dataDir: string): Promise<Store> {
  ensureDirectory(dataDir);
  prepareDataDirectory(dataDir);
  const cases = new LowdbCaseStore(dataDir);
  const definitions = new LowdbDefinitionStore(path.join(dataDir, 'definitions'));
  const forms = new LowdbFormStore(path.join(dataDir, 'forms'));
  const users = new LowdbUserStore(await openSerialized<StoredUser[]>(path.join(dataDir, 'users.json'), []));
  // Absent in data folders from before teams were registered: it opens empty (see README, Teams).
  const teams = new LowdbTeamStore(await openSerialized<StoredTeam[]>(path.join(dataDir, 'teams.json'), []));
  const sessions = await LowdbSessionStore.open(path.join(dataDir, 'sessions.json'));
  const notifications = await LowdbNotificationStore.open(path.join(dataDir, 'notifications.json'));
  const settings = await openSerialized<Record<string, unknown>>(path.join(dataDir, 'settings.json'), {});
  const accessLog = new FileAccessLog(path.join(dataDir, 'access-log.jsonl'));
  return {
    kind: 'lowdb',
    cases,
    notifications,
    definitions,
    forms,
    users,
    teams,
    sessions,
    accessLog,
    settings: {
      get: async (name) => settings.data[name],
      set: (name, value) => settings.update((data) => ({ ...data, [name]: value })),
    },
    cluster: singleNode(),
    close: async () => {
      await cases.flushHistory().catch((error: unknown) => console.error('history sync at shutdown failed', error));
      accessLog.close();
      await cases.close().catch((error: unknown) => console.error('syncing the case files at shutdown failed', error));
    },
  };
}

class LowdbUserStore implements UserStore {
  constructor(private readonly db: SerializedLow<StoredUser[]>) {}
  async all(): Promise<StoredUser[]> {
    return [...this.db.data];
  }
  put(user: StoredUser): Promise<void> {
    return this.db.update((users) => [...users.filter((existing) => existing.id !== user.id), user]);
  }
}

class LowdbTeamStore implements TeamStore {
  constructor(private readonly db: SerializedLow<StoredTeam[]>) {}
  async all(): Promise<StoredTeam[]> {
    return [...this.db.data];
  }
  put(team: StoredTeam): Promise<void> {
    return this.db.update((teams) => [...teams.filter((existing) => existing.id !== team.id), team]);
  }
}
