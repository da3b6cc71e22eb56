import { Value } from '@sinclair/typebox/value';
import { hashPassword } from '../auth/passwords';
import { SessionService } from '../auth/session-service';
import type { DatabaseConfig } from '../config';
import { CreateUserRequest } from '../contract/api';
import { openStore } from '../store/open-store';
import { SystemClock } from '../time/clock';
import { oneTimePassword } from './one-time-password';

export type FirstAdminResult =
  | { created: true; initialPassword: string }
  | { created: false; reason: 'invalid-username' | 'beheerder-exists' | 'username-taken' };

/**
 * Creates the first beheerder of a data folder with a one-time password, so a production
 * installation (which has no demo users) can be managed at all. Refused once an active beheerder
 * exists: from then on, beheerders create users in the application, where it is logged who did.
 */
export async function createFirstAdmin(
  dataDir: string,
  username: string,
  database?: DatabaseConfig,
): Promise<FirstAdminResult> {
  if (!Value.Check(CreateUserRequest.properties.username, username))
    return { created: false, reason: 'invalid-username' };
  const store = await openStore(database ? { dataDir, database } : { dataDir });
  try {
    // The session lifetime does not matter here: no session is started.
    const sessions = new SessionService(store, 1, new SystemClock());
    await sessions.load();
    if (sessions.hasActiveBeheerder()) return { created: false, reason: 'beheerder-exists' };
    if (sessions.storedUser(username)) return { created: false, reason: 'username-taken' };
    const initialPassword = oneTimePassword();
    await sessions.saveUser({
      id: username,
      name: username,
      roles: ['beheerder'],
      teams: [],
      passwordHash: await hashPassword(initialPassword),
      active: true,
      mustChangePassword: true,
      source: 'local',
    });
    // Nodes already running on the same database load the new user.
    await store.cluster.publish({ kind: 'users' });
    return { created: true, initialPassword };
  } finally {
    await store.close();
  }
}
