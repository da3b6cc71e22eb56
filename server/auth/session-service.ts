import { randomBytes } from 'node:crypto';
import type { SessionInfo, User } from '../contract/api';
import { hashSessionId } from '../store/session-id-hash';
import type { Store, StoredSession, StoredUser } from '../store/store';
import { hashPassword, verifyPassword } from './passwords';

/** A password hash to compare against when the user does not exist, so timing does not reveal it. */
const DUMMY_HASH_PASSWORD = 'geen-gebruiker';

/**
 * Users and sessions. Sessions are persisted, so a restart does not log everyone out; they
 * slide: each use extends an idle session up to the configured lifetime. Only the cookie carries
 * a session's id; memory and the store know it by its hash, so the data folder holds no live
 * credentials.
 */
export class SessionService {
  private readonly users = new Map<string, StoredUser>();
  /** By the hash of the session id. */
  private readonly sessions = new Map<string, StoredSession>();
  private dummyHash = '';

  constructor(
    private readonly store: Store,
    private readonly sessionHours: number,
  ) {}

  async load(): Promise<void> {
    for (const user of await this.store.users.all()) this.users.set(user.id, user);
    const now = new Date().toISOString();
    for (const session of await this.store.sessions.all())
      if (session.expiresAt > now) this.sessions.set(session.idHash, session);
    this.dummyHash = await hashPassword(DUMMY_HASH_PASSWORD);
  }

  hasUsers(): boolean {
    return this.users.size > 0;
  }

  hasDemoUsers(): boolean {
    return [...this.users.values()].some((user) => user.demo);
  }

  /** Every user's public profile (name, roles, teams): the organisation's directory. */
  directory(): User[] {
    return [...this.users.values()].map(publicUser).sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  }

  findUser(id: string): User | undefined {
    const user = this.users.get(id);
    return user ? publicUser(user) : undefined;
  }

  async addUser(user: Omit<StoredUser, 'passwordHash'>, password: string): Promise<void> {
    const stored: StoredUser = { ...user, passwordHash: await hashPassword(password) };
    await this.store.users.put(stored);
    this.users.set(stored.id, stored);
  }

  async login(username: string, password: string): Promise<{ sessionId: string; info: SessionInfo } | undefined> {
    const user = this.users.get(username);
    const valid = await verifyPassword(password, user?.passwordHash ?? this.dummyHash);
    if (!user || !valid) return undefined;
    const sessionId = randomBytes(32).toString('base64url');
    const session: StoredSession = {
      idHash: hashSessionId(sessionId),
      userId: user.id,
      csrfToken: randomBytes(24).toString('base64url'),
      expiresAt: this.expiry(),
    };
    // Stored first: a session the store refused (StorageUnavailableError) is never handed out.
    await this.store.sessions.put(session);
    this.sessions.set(session.idHash, session);
    return { sessionId, info: { user: publicUser(user), csrfToken: session.csrfToken } };
  }

  /**
   * Starts a session for a user the identity provider vouched for: adds them, or updates their
   * name, roles and teams from the token. Refused (undefined) for a user the beheerder
   * deactivated, and for a local account of the same name, so a provider cannot take one over.
   */
  async loginExternal(
    profile: Pick<StoredUser, 'id' | 'name' | 'roles' | 'teams' | 'email'>,
  ): Promise<{ sessionId: string; info: SessionInfo } | 'deactivated' | 'local-account'> {
    const existing = this.users.get(profile.id);
    if (existing && existing.source !== 'oidc') return 'local-account';
    if (existing?.active === false) return 'deactivated';
    const { email, ...rest } = profile;
    // No password: the empty hash never verifies, so the local login cannot open this account.
    const user: StoredUser = { ...existing, ...rest, ...(email ? { email } : {}), passwordHash: '', source: 'oidc' };
    await this.store.users.put(user);
    this.users.set(user.id, user);
    const sessionId = randomBytes(32).toString('base64url');
    const session: StoredSession = {
      idHash: hashSessionId(sessionId),
      userId: user.id,
      csrfToken: randomBytes(24).toString('base64url'),
      expiresAt: this.expiry(),
    };
    await this.store.sessions.put(session);
    this.sessions.set(session.idHash, session);
    return { sessionId, info: { user: publicUser(user), csrfToken: session.csrfToken } };
  }

  /** The session's user and CSRF token, or undefined when it is unknown or expired. */
  resolve(sessionId: string | undefined): { user: User; csrfToken: string } | undefined {
    if (!sessionId) return undefined;
    const idHash = hashSessionId(sessionId);
    const session = this.sessions.get(idHash);
    if (!session) return undefined;
    if (session.expiresAt <= new Date().toISOString()) {
      this.sessions.delete(idHash);
      return undefined;
    }
    const user = this.users.get(session.userId);
    if (!user) return undefined;
    // Sliding expiry in memory; persisted lifetimes are refreshed at the next login.
    session.expiresAt = this.expiry();
    return { user: publicUser(user), csrfToken: session.csrfToken };
  }

  /** Whether a session is still valid, without counting the question as activity. */
  isActive(sessionId: string): boolean {
    const session = this.sessions.get(hashSessionId(sessionId));
    return session !== undefined && session.expiresAt > new Date().toISOString() && this.users.has(session.userId);
  }

  async logout(sessionId: string | undefined): Promise<void> {
    if (!sessionId) return;
    const idHash = hashSessionId(sessionId);
    if (!this.sessions.has(idHash)) return;
    // Removed from the store first: were it forgotten in memory only, a restart would revive it.
    await this.store.sessions.delete(idHash);
    this.sessions.delete(idHash);
  }

  private expiry(): string {
    return new Date(Date.now() + this.sessionHours * 3600_000).toISOString();
  }
}

function publicUser(user: StoredUser): User {
  return { id: user.id, name: user.name, roles: user.roles, teams: user.teams };
}
