import { useEffect, useState } from 'preact/hooks';
import type { AdminUser, Role, Team } from '../../server/contract/api';
import { api, messageOf } from '../api/http';
import { Link, navigate, paths } from '../app/router';
import { canManageUsers, ROLE_NAMES, useUser } from '../app/session';
import { AdminNav } from '../components/admin/admin-nav';
import { formatStamp } from '../components/admin/form-parts';
import { AdminNoAccess } from '../components/admin/no-access';
import { ROLE_OPTIONS } from '../components/admin/roles';
import { usePageTitle } from '../components/page-title';

/**
 * Gebruikers (/beheer/gebruikers): everyone who can log in, searchable by name and filtered by
 * role, team and whether the account is active. The filters live in the address, so a filtered
 * list can be bookmarked or shared.
 */

type Loaded =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; users: AdminUser[]; teams: Team[] };

export function AdminUsersScreen({ query }: { query: URLSearchParams }) {
  const user = useUser();
  usePageTitle('Gebruikers');
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });

  useEffect(() => {
    if (!canManageUsers(user)) return;
    Promise.all([api.get<AdminUser[]>('/api/admin/users'), api.get<Team[]>('/api/admin/teams')])
      .then(([users, teams]) => setLoaded({ status: 'ready', users, teams }))
      .catch((error: unknown) => setLoaded({ status: 'failed', message: messageOf(error) }));
  }, [user]);

  if (!canManageUsers(user)) return <AdminNoAccess />;

  const search = query.get('zoek') ?? '';
  const role = query.get('rol') ?? '';
  const team = query.get('team') ?? '';
  const active = query.get('actief') ?? '';
  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(query);
    if (value) next.set(name, value);
    else next.delete(name);
    navigate(paths.adminUsers(next.toString()), { replace: true });
  };

  return (
    <section class="admin-page">
      <AdminNav current="gebruikers" />
      <div class="admin-title">
        <h1>Gebruikers</h1>
        <Link href={paths.adminUserNew()} class="button">
          Nieuwe gebruiker
        </Link>
      </div>
      <form class="admin-filters" role="search" aria-label="Gebruikers zoeken" onSubmit={(e) => e.preventDefault()}>
        <div>
          <label for="filter-zoek">Zoek op naam</label>
          <input
            id="filter-zoek"
            type="search"
            value={search}
            onInput={(event) => setFilter('zoek', event.currentTarget.value)}
          />
        </div>
        <div>
          <label for="filter-rol">Rol</label>
          <select id="filter-rol" value={role} onChange={(event) => setFilter('rol', event.currentTarget.value)}>
            <option value="">Alle rollen</option>
            {ROLE_OPTIONS.map((option) => (
              <option key={option} value={option}>
                {ROLE_NAMES[option] ?? option}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="filter-team">Team</label>
          <select id="filter-team" value={team} onChange={(event) => setFilter('team', event.currentTarget.value)}>
            <option value="">Alle teams</option>
            {loaded.status === 'ready' &&
              loaded.teams.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name}
                </option>
              ))}
          </select>
        </div>
        <div>
          <label for="filter-actief">Status</label>
          <select
            id="filter-actief"
            value={active}
            onChange={(event) => setFilter('actief', event.currentTarget.value)}
          >
            <option value="">Actief en gedeactiveerd</option>
            <option value="ja">Alleen actief</option>
            <option value="nee">Alleen gedeactiveerd</option>
          </select>
        </div>
      </form>
      {loaded.status === 'loading' && <p role="status">De gebruikers worden geladen…</p>}
      {loaded.status === 'failed' && <p class="notice error">{loaded.message}</p>}
      {loaded.status === 'ready' && (
        <UsersTable
          users={filterUsers(loaded.users, { search, role, team, active })}
          total={loaded.users.length}
          teams={loaded.teams}
        />
      )}
    </section>
  );
}

function filterUsers(
  users: AdminUser[],
  filter: { search: string; role: string; team: string; active: string },
): AdminUser[] {
  const needle = filter.search.trim().toLowerCase();
  return users
    .filter(
      (candidate) =>
        (!needle ||
          candidate.name.toLowerCase().includes(needle) ||
          candidate.username.toLowerCase().includes(needle)) &&
        (!filter.role || candidate.roles.includes(filter.role as Role)) &&
        (!filter.team || candidate.teams.includes(filter.team)) &&
        (!filter.active || candidate.active === (filter.active === 'ja')),
    )
    .sort((a, b) => a.name.localeCompare(b.name, 'nl'));
}

function UsersTable({ users, total, teams }: { users: AdminUser[]; total: number; teams: Team[] }) {
  const teamLabel = (id: string) => teams.find((candidate) => candidate.id === id)?.name ?? id;
  return (
    <>
      <p role="status" class="muted">
        {users.length === total ? `${total} gebruikers` : `${users.length} van ${total} gebruikers`}
      </p>
      {users.length === 0 ? (
        <p>Geen gebruikers gevonden met deze filters.</p>
      ) : (
        <table class="admin-table">
          <caption class="visually-hidden">Gebruikers</caption>
          <thead>
            <tr>
              <th scope="col">Naam</th>
              <th scope="col">Gebruikersnaam</th>
              <th scope="col">Rollen</th>
              <th scope="col">Teams</th>
              <th scope="col">Actief</th>
              <th scope="col">Laatst ingelogd</th>
            </tr>
          </thead>
          <tbody>
            {users.map((candidate) => (
              <tr key={candidate.id} class={candidate.active ? undefined : 'inactive'}>
                <th scope="row" data-label="Naam">
                  <Link href={paths.adminUser(candidate.id)}>{candidate.name}</Link>
                </th>
                <td data-label="Gebruikersnaam">{candidate.username}</td>
                <td data-label="Rollen">{candidate.roles.map((role) => ROLE_NAMES[role] ?? role).join(', ')}</td>
                <td data-label="Teams">
                  {candidate.teams.length > 0 ? candidate.teams.map(teamLabel).join(', ') : '—'}
                </td>
                <td data-label="Actief">
                  {candidate.active ? 'Ja' : 'Nee, gedeactiveerd'}
                  {candidate.active && candidate.mustChangePassword && (
                    <span class="muted">, eenmalig wachtwoord nog niet gewijzigd</span>
                  )}
                  {candidate.source === 'oidc' && <span class="muted">, via gemeente-account</span>}
                </td>
                <td data-label="Laatst ingelogd">
                  {candidate.lastLoginAt ? formatStamp(candidate.lastLoginAt) : 'Nog nooit'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
