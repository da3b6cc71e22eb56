import { randomBytes } from 'node:crypto';
import { tellOthers } from '../cluster/tell-others';
import type { SessionInfo, User } from '../contract/api';
import type { ClusterChange } from '../store/cluster';
import { hashSessionId } from '../store/session-id-hash';
import type { Store, StoredSession, StoredUser } from '../store/store';
import type { Clock } from '../time/clock';
import { hashPassword, verifyPassword } from './passwords';

/** A password hash to compare against when the user does not exist, so timing does not reveal it. */
const DUMMY_HASH_PASSWORD = 'geen-gebruiker';

/** A session as a request sees it: who, its CSRF token, and whether a one-time password must change first. */
export interface ResolvedSession {
  user: User;
  csrfToken: string;
  mustChangePassword: boolean;
}

/**
 * Users and sessions. Sessions are persisted, so a restart does not log everyone out; they
 * slide: each use extends an idle session up to the configured lifetime, on the server's clock
 * (so the test clock can expire them). Only the cookie carries a session's id; memory and the
 * store know it by its hash, so the data folder holds no live credentials. A deactivated user has
 * no sessions and cannot log in.
 */
export class SessionService {
  private readonly users = new Map<string, StoredUser>();
  /** By the hash of the session id. */
  private readonly sessions = new Map<string, StoredSession>();
  private dummyHash = '';

  constructor(
    private readonly store: Store,
    private readonly sessionHours: number,
    private readonly clock: Pick<Clock, 'now'>,
  ) {}

  async load(): Promise<void> {
    await this.reloadUsers();
    const now = this.nowIso();
    for (const session of await this.store.sessions.all())
      if (session.expiresAt > now && isActive(this.users.get(session.userId)))
        this.sessions.set(session.idHash, session);
    this.dummyHash = await hashPassword(DUMMY_HASH_PASSWORD);
  }

  /** Reads the users again, e.g. after another node on the same store changed them. */
  async reloadUsers(): Promise<void> {
    const users = await this.store.users.all();
    this.users.clear();
    for (const user of users) this.users.set(user.id, user);
  }

  /**
   * Another node changed users or ended sessions: memory follows. A session ended elsewhere is
   * forgotten here, so it answers 401 on this node too; the live connections of a deactivated
   * user are cut off by whoever calls this (they follow isActive).
   */
  async changedElsewhere(change: ClusterChange): Promise<void> {
    if (change.kind === 'users') await this.reloadUsers();
    else if (change.kind === 'session-ended') this.sessions.delete(change.idHash);
    else if (change.kind === 'sessions') {
      // One session of the user may have stayed (a changed own password): it is read again from
      // the store at its next use (see recall).
      for (const [idHash, session] of this.sessions) if (session.userId === change.userId) this.sessions.delete(idHash);
    }
  }

  /**
   * Whether a session id must be looked up in the store before it is resolved: on a shared store
   * a session may have started on another node since this one loaded them.
   */
  mustRecall(sessionId: string | undefined): sessionId is string {
    return this.store.cluster.shared && sessionId !== undefined && !this.sessions.has(hashSessionId(sessionId));
  }

  /** Takes a session started on another node into memory, if the store has it and it is valid. */
  async recall(sessionId: string): Promise<void> {
    const idHash = hashSessionId(sessionId);
    const session = await this.store.sessions.get(idHash);
    if (!session || session.expiresAt <= this.nowIso()) return;
    // Its user may be new too (made on another node, not heard of yet).
    if (!this.users.has(session.userId)) await this.reloadUsers();
    if (isActive(this.users.get(session.userId))) this.sessions.set(idHash, session);
  }

  hasUsers(): boolean {
    return this.users.size > 0;
  }

  hasDemoUsers(): boolean {
    return [...this.users.values()].some((user) => user.demo);
  }

  /** Whether an active beheerder exists: without one, nobody can manage users (see create-admin). */
  hasActiveBeheerder(): boolean {
    return [...this.users.values()].some((user) => isActive(user) && user.roles.includes('beheerder'));
  }

  /** Every user's public profile (name, roles, teams): the organisation's directory. */
  directory(): User[] {
    return [...this.users.values()].map(publicUser).sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  }

  findUser(id: string): User | undefined {
    const user = this.users.get(id);
    return user ? publicUser(user) : undefined;
  }

  /** Whether the user exists and is not deactivated: only they can be given work. */
  isActiveUser(id: string): boolean {
    return isActive(this.users.get(id));
  }

  /** A user as stored (with hash and flags), for the account administration. */
  storedUser(id: string): StoredUser | undefined {
    return this.users.get(id);
  }

  storedUsers(): StoredUser[] {
    return [...this.users.values()];
  }

  async addUser(user: Omit<StoredUser, 'passwordHash'>, password: string): Promise<void> {
    await this.saveUser({ ...user, passwordHash: await hashPassword(password) });
  }

  /** Adds or replaces a user: durable first, then visible, so a failed write changes nothing. */
  async saveUser(user: StoredUser): Promise<void> {
    await this.store.users.put(user);
    this.users.set(user.id, user);
    await tellOthers(this.store.cluster, { kind: 'users' });
  }

  async login(username: string, password: string): Promise<{ sessionId: string; info: SessionInfo } | undefined> {
    const user = this.users.get(username);
    // Always one scrypt, also for an unknown, deactivated or identity-provider user: timing tells nothing.
    const hash = user && isActive(user) && user.passwordHash ? user.passwordHash : this.dummyHash;
    const valid = await verifyPassword(password, hash);
    if (!user || !valid || hash === this.dummyHash) return undefined;
    return this.startSession(user);
  }

  /**
   * Starts a session for a user whose identity is established (by password, or by an identity
   * provider), and notes the login time.
   */
  async startSession(user: StoredUser): Promise<{ sessionId: string; info: SessionInfo }> {
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
    const current = this.users.get(user.id) ?? user;
    await this.saveUser({ ...current, lastLoginAt: this.nowIso() }).catch((error: unknown) =>
      // The login itself stands: only the "last login" column of the user list misses it.
      console.error(`could not store the login time of ${user.id}`, error),
    );
    return {
      sessionId,
      info: {
        user: publicUser(current),
        csrfToken: session.csrfToken,
        ...(current.mustChangePassword ? { mustChangePassword: true } : {}),
      },
    };
  }

  /**
   * Starts a session for a user the identity provider vouched for: adds them, or updates their
   * name, roles and teams from the token. Refused for a user the beheerder deactivated, and for a
   * local account of the same name, so a provider cannot take one over.
   */
  async loginExternal(
    profile: Pick<StoredUser, 'id' | 'name' | 'roles' | 'teams' | 'email'>,
  ): Promise<{ sessionId: string; info: SessionInfo } | 'deactivated' | 'local-account'> {
    const existing = this.users.get(profile.id);
    if (existing && existing.source !== 'oidc') return 'local-account';
    if (existing && !isActive(existing)) return 'deactivated';
    const { email, ...rest } = profile;
    // No password: the empty hash never verifies, so the local login cannot open this account.
    const user: StoredUser = { ...existing, ...rest, ...(email ? { email } : {}), passwordHash: '', source: 'oidc' };
    await this.saveUser(user);
    return this.startSession(user);
  }

  /** The session's user and CSRF token, or undefined when it is unknown, expired or its user deactivated. */
  resolve(sessionId: string | undefined): ResolvedSession | undefined {
    if (!sessionId) return undefined;
    const idHash = hashSessionId(sessionId);
    const session = this.sessions.get(idHash);
    if (!session) return undefined;
    if (session.expiresAt <= this.nowIso()) {
      this.sessions.delete(idHash);
      return undefined;
    }
    const user = this.users.get(session.userId);
    if (!user || !isActive(user)) return undefined;
    // Sliding expiry in memory; persisted lifetimes are refreshed at the next login.
    session.expiresAt = this.expiry();
    return {
      user: publicUser(user),
      csrfToken: session.csrfToken,
      mustChangePassword: user.mustChangePassword === true,
    };
  }

  /** Whether a session is still valid, without counting the question as activity. */
  isActive(sessionId: string): boolean {
    const session = this.sessions.get(hashSessionId(sessionId));
    return session !== undefined && session.expiresAt > this.nowIso() && isActive(this.users.get(session.userId));
  }

  async logout(sessionId: string | undefined): Promise<void> {
    if (!sessionId) return;
    const idHash = hashSessionId(sessionId);
    if (!this.sessions.has(idHash)) return;
    // Removed from the store first: were it forgotten in memory only, a restart would revive it.
    await this.store.sessions.delete(idHash);
    this.sessions.delete(idHash);
    await tellOthers(this.store.cluster, { kind: 'session-ended', idHash });
  }

  /** Ends every session of a user, in the store and in memory (deactivated, new rights, new password). */
  async endSessionsOf(userId: string, except?: string): Promise<void> {
    const keep = except === undefined ? undefined : hashSessionId(except);
    await this.store.sessions.deleteOfUser(userId, keep);
    for (const [idHash, session] of this.sessions) {
      if (session.userId === userId && idHash !== keep) this.sessions.delete(idHash);
    }
    await tellOthers(this.store.cluster, { kind: 'sessions', userId });
  }

  private nowIso(): string {
    return this.clock.now().toISOString();
  }

  private expiry(): string {
    return new Date(this.clock.now().getTime() + this.sessionHours * 3600_000).toISOString();
  }
}

/** Absent in users stored before issue 15: they are active. */
function isActive(user: StoredUser | undefined): boolean {
  return user !== undefined && user.active !== false;
}

function publicUser(user: StoredUser): User {
  return { id: user.id, name: user.name, roles: user.roles, teams: user.teams };
}
