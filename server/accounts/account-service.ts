import { hashPassword, verifyPassword } from '../auth/passwords';
import type { SessionService } from '../auth/session-service';
import type { TeamRegistry } from '../cases/team-registry';
import type {
  AdminUser,
  ChangePasswordRequest,
  CreateUserRequest,
  CreateUserResponse,
  Role,
  Team,
  TeamRequest,
  UpdateTeamRequest,
  UpdateUserRequest,
  User,
} from '../contract/api';
import { ConflictError, InvalidInputError, NotFoundError } from '../domain/errors';
import type { StoredUser } from '../store/store';
import { oneTimePassword } from './one-time-password';
import { passwordProblem } from './password-policy';

export interface AccountServiceDeps {
  sessions: SessionService;
  teams: TeamRegistry;
  /** Cuts off a user's live connections at once, but those of `exceptSessionId` (their sessions just ended). */
  disconnectUser: (userId: string, exceptSessionId?: string) => void;
  /** Gives the open tasks a user can no longer work on back to their groups; resolves with how many. */
  releaseUnworkableTasks: (userId: string, by: string) => Promise<number>;
}

/**
 * Users and teams as the beheerder manages them, and a user's own password. A new or reset
 * password is a one-time password: the user must change it before anything else works.
 *
 * Deactivating a user, changing their roles or teams, or resetting their password ends their
 * sessions and live connections at once. For roles and teams that is simpler and safer than
 * refreshing live sessions: socket rooms and every check follow the new rights from the next login.
 */
export class AccountService {
  constructor(private readonly deps: AccountServiceDeps) {}

  /** Every user, deactivated ones too, by name. */
  users(): AdminUser[] {
    return this.deps.sessions
      .storedUsers()
      .map(adminUser)
      .sort((a, b) => a.name.localeCompare(b.name, 'nl') || a.id.localeCompare(b.id));
  }

  async create(request: CreateUserRequest): Promise<CreateUserResponse> {
    if (this.deps.sessions.storedUser(request.username))
      throw new ConflictError(`De gebruikersnaam "${request.username}" is al in gebruik.`, [
        { path: 'username', code: 'taken', message: 'Deze gebruikersnaam is al in gebruik.' },
      ]);
    this.checkTeams(request.teams);
    const initialPassword = oneTimePassword();
    const user: StoredUser = {
      id: request.username,
      name: request.name,
      ...(request.email ? { email: request.email } : {}),
      roles: request.roles,
      teams: request.teams,
      passwordHash: await hashPassword(initialPassword),
      active: true,
      mustChangePassword: true,
      source: 'local',
    };
    await this.deps.sessions.saveUser(user);
    return { user: adminUser(user), initialPassword };
  }

  async update(actor: User, id: string, request: UpdateUserRequest): Promise<AdminUser> {
    const user = this.existing(id);
    if (request.teams) this.checkTeams(request.teams);
    const changed: StoredUser = {
      ...user,
      ...(request.name !== undefined ? { name: request.name } : {}),
      ...(request.email !== undefined ? { email: request.email } : {}),
      ...(request.roles !== undefined ? { roles: request.roles } : {}),
      ...(request.teams !== undefined ? { teams: request.teams } : {}),
      ...(request.active !== undefined ? { active: request.active } : {}),
    };
    const wasActive = user.active !== false;
    const isActive = changed.active !== false;
    if (wasActive && !isActive && id === actor.id)
      throw new ConflictError('U kunt uzelf niet deactiveren. Laat een andere beheerder dat doen.', [
        { path: 'active', code: 'self', message: 'U kunt uzelf niet deactiveren.' },
      ]);
    const beheerderBefore = wasActive && user.roles.includes('beheerder');
    const beheerderAfter = isActive && changed.roles.includes('beheerder');
    if (beheerderBefore && !beheerderAfter && this.activeBeheerders() <= 1)
      throw new ConflictError(
        'Dit is de laatste actieve beheerder. Maak eerst een andere gebruiker beheerder, anders kan niemand gebruikers meer beheren.',
        [
          {
            path: isActive ? 'roles' : 'active',
            code: 'last-beheerder',
            message: 'De laatste actieve beheerder blijft.',
          },
        ],
      );
    await this.deps.sessions.saveUser(changed);
    const rightsChanged = !sameSet(user.roles, changed.roles) || !sameSet(user.teams, changed.teams);
    if ((wasActive && !isActive) || rightsChanged) {
      await this.endSessions(id);
      // The change itself is stored; tasks that stay with them are still the teamleider's to release.
      await this.deps
        .releaseUnworkableTasks(id, actor.id)
        .catch((error: unknown) => console.error(`releasing the tasks of ${id} failed`, error));
    }
    return adminUser(changed);
  }

  async resetPassword(id: string): Promise<string> {
    const user = this.existing(id);
    if (user.source === 'oidc')
      throw new ConflictError(
        'Deze gebruiker logt in via de identiteitsprovider van de gemeente en heeft hier geen wachtwoord.',
      );
    const initialPassword = oneTimePassword();
    await this.deps.sessions.saveUser({
      ...user,
      passwordHash: await hashPassword(initialPassword),
      mustChangePassword: true,
    });
    // Whoever knew the old password (perhaps why it was reset) is logged out too.
    await this.endSessions(id);
    return initialPassword;
  }

  /** The user's own change; their other sessions end, this one stays. */
  async changeOwnPassword(actor: User, sessionId: string, request: ChangePasswordRequest): Promise<void> {
    const user = this.existing(actor.id);
    if (user.source === 'oidc' || !user.passwordHash)
      throw new ConflictError('U logt in via de identiteitsprovider van de gemeente; wijzig uw wachtwoord daar.');
    if (!(await verifyPassword(request.current, user.passwordHash)))
      throw new InvalidInputError('Het huidige wachtwoord klopt niet.', [
        { path: 'current', code: 'wrong', message: 'Dit is niet uw huidige wachtwoord.' },
      ]);
    const problem = passwordProblem(request.new, { username: user.id, current: request.current });
    if (problem) throw new InvalidInputError(problem.message, [problem]);
    const { mustChangePassword: _done, ...rest } = this.existing(actor.id);
    await this.deps.sessions.saveUser({ ...rest, passwordHash: await hashPassword(request.new) });
    // Whoever else was logged in with the old password is out; this session goes on.
    await this.deps.sessions.endSessionsOf(actor.id, sessionId);
    this.deps.disconnectUser(actor.id, sessionId);
  }

  teamList(): Team[] {
    return this.deps.teams.all();
  }

  async createTeam(request: TeamRequest): Promise<Team> {
    if (this.deps.teams.get(request.id))
      throw new ConflictError(`Er is al een team met id "${request.id}".`, [
        { path: 'id', code: 'taken', message: 'Dit team-id is al in gebruik.' },
      ]);
    const team: Team = { id: request.id, name: request.name, region: request.region };
    await this.deps.teams.put(team);
    return team;
  }

  async updateTeam(id: string, request: UpdateTeamRequest): Promise<Team> {
    const team = this.deps.teams.get(id);
    if (!team) throw new NotFoundError('Dit team bestaat niet.');
    const changed: Team = {
      ...team,
      ...(request.name !== undefined ? { name: request.name } : {}),
      ...(request.region !== undefined ? { region: request.region } : {}),
    };
    await this.deps.teams.put(changed);
    return changed;
  }

  private existing(id: string): StoredUser {
    const user = this.deps.sessions.storedUser(id);
    if (!user) throw new NotFoundError('Deze gebruiker bestaat niet.');
    return user;
  }

  private checkTeams(teams: readonly string[]): void {
    const unknown = teams.filter((team) => !this.deps.teams.get(team));
    if (unknown.length > 0)
      throw new InvalidInputError(`Onbekend team: ${unknown.join(', ')}.`, [
        { path: 'teams', code: 'unknown-team', message: `Dit team bestaat niet: ${unknown.join(', ')}.` },
      ]);
  }

  private activeBeheerders(): number {
    return this.deps.sessions
      .storedUsers()
      .filter((user) => user.active !== false && user.roles.includes('beheerder' satisfies Role)).length;
  }

  private async endSessions(userId: string): Promise<void> {
    await this.deps.sessions.endSessionsOf(userId);
    this.deps.disconnectUser(userId);
  }
}

function adminUser(user: StoredUser): AdminUser {
  return {
    id: user.id,
    username: user.id,
    name: user.name,
    ...(user.email ? { email: user.email } : {}),
    roles: user.roles,
    teams: user.teams,
    active: user.active !== false,
    ...(user.lastLoginAt ? { lastLoginAt: user.lastLoginAt } : {}),
    ...(user.mustChangePassword ? { mustChangePassword: true } : {}),
    source: user.source ?? 'local',
  };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}
