import { hashSessionId } from '../session-id-hash';
import type { SessionStore, StoredSession } from '../store';
import { openSerialized, type SerializedLow } from './serialized-low';

/** A session as older data folders stored it: with the id itself. */
type LegacySession = Omit<StoredSession, 'idHash'> & { id: string };

export class LowdbSessionStore implements SessionStore {
  private constructor(private readonly db: SerializedLow<StoredSession[]>) {}

  /** Opens sessions.json; plain session ids from older data folders are replaced by their hashes. */
  static async open(file: string): Promise<LowdbSessionStore> {
    const db = await openSerialized<Array<StoredSession | LegacySession>>(file, []);
    const legacy = db.data.some((session) => !('idHash' in session));
    const store = new LowdbSessionStore(db as SerializedLow<StoredSession[]>);
    if (legacy) {
      try {
        await db.update((sessions) => sessions.map(withIdHash));
      } catch (error) {
        // Users stay logged in either way; the plain ids go at the next session write that works.
        console.error('could not replace the plain session ids in sessions.json by their hashes', error);
      }
    }
    return store;
  }

  async all(): Promise<StoredSession[]> {
    // Until a failed migration is retried, a legacy entry is hashed on the way out.
    return this.db.data.map(withIdHash);
  }

  async get(idHash: string): Promise<StoredSession | undefined> {
    return this.db.data.map(withIdHash).find((session) => session.idHash === idHash);
  }

  put(session: StoredSession): Promise<void> {
    const now = new Date().toISOString();
    return this.db.update((sessions) => [
      ...sessions.map(withIdHash).filter((existing) => existing.idHash !== session.idHash && existing.expiresAt > now),
      session,
    ]);
  }

  delete(idHash: string): Promise<void> {
    return this.db.update((sessions) => sessions.map(withIdHash).filter((existing) => existing.idHash !== idHash));
  }

  deleteOfUser(userId: string, exceptIdHash?: string): Promise<void> {
    return this.db.update((sessions) =>
      sessions.map(withIdHash).filter((existing) => existing.userId !== userId || existing.idHash === exceptIdHash),
    );
  }
}

function withIdHash(session: StoredSession | LegacySession): StoredSession {
  if ('idHash' in session) return session;
  const { id, ...rest } = session;
  return { ...rest, idHash: hashSessionId(id) };
}
