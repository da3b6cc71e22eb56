import { useEffect, useState } from 'preact/hooks';
import type {
  AdminUser,
  CreateUserRequest,
  CreateUserResponse,
  Team,
  UpdateUserRequest,
} from '../../server/contract/api';
import { api, messageOf, request } from '../api/http';
import { Link, paths } from '../app/router';
import { canManageUsers, useUser } from '../app/session';
import { AdminNav } from '../components/admin/admin-nav';
import { formatStamp } from '../components/admin/form-parts';
import { AdminNoAccess } from '../components/admin/no-access';
import { OneTimePassword } from '../components/admin/one-time-password';
import { ActiveSection, PasswordResetSection } from '../components/admin/user-account-actions';
import { UserForm } from '../components/admin/user-form';
import { usePageTitle } from '../components/page-title';

/**
 * Nieuwe gebruiker (/beheer/gebruikers/nieuw) and one user (/beheer/gebruikers/:id): the same
 * form for name, e-mail, roles and teams; a new or reset password shown once.
 */

type Loaded<T> = { status: 'loading' } | { status: 'failed'; message: string } | ({ status: 'ready' } & T);

function useTeams(enabled: boolean): Loaded<{ teams: Team[] }> {
  const [loaded, setLoaded] = useState<Loaded<{ teams: Team[] }>>({ status: 'loading' });
  useEffect(() => {
    if (!enabled) return;
    api
      .get<Team[]>('/api/admin/teams')
      .then((teams) => setLoaded({ status: 'ready', teams }))
      .catch((error: unknown) => setLoaded({ status: 'failed', message: messageOf(error) }));
  }, [enabled]);
  return loaded;
}

export function AdminUserNewScreen() {
  const user = useUser();
  usePageTitle('Nieuwe gebruiker');
  const teams = useTeams(canManageUsers(user));
  const [created, setCreated] = useState<CreateUserResponse | null>(null);

  if (!canManageUsers(user)) return <AdminNoAccess />;
  return (
    <section class="admin-page">
      <AdminNav current="gebruikers" />
      <p>
        <Link href={paths.adminUsers()}>← Alle gebruikers</Link>
      </p>
      <h1>Nieuwe gebruiker</h1>
      {created ? (
        <>
          <OneTimePassword
            title="De gebruiker is aangemaakt"
            userName={`${created.user.name} (${created.user.username})`}
            password={created.initialPassword}
          />
          <p class="admin-next">
            <Link href={paths.adminUser(created.user.id)}>Gebruiker {created.user.name} bekijken</Link>
            <Link href={paths.adminUsers()}>Naar alle gebruikers</Link>
          </p>
        </>
      ) : teams.status === 'loading' ? (
        <p role="status">Het formulier wordt geladen…</p>
      ) : teams.status === 'failed' ? (
        <p class="notice error">{teams.message}</p>
      ) : (
        <UserForm
          mode="new"
          teams={teams.teams}
          initial={{ username: '', name: '', email: '', roles: [], teams: [] }}
          submitLabel="Gebruiker aanmaken"
          onSubmit={async (values) => {
            const body: CreateUserRequest = {
              username: values.username.trim(),
              name: values.name.trim(),
              roles: values.roles,
              teams: values.teams,
              ...(values.email.trim() ? { email: values.email.trim() } : {}),
            };
            setCreated(await api.post<CreateUserResponse>('/api/admin/users', body));
          }}
        />
      )}
    </section>
  );
}

export function AdminUserEditScreen({ id }: { id: string }) {
  const me = useUser();
  const allowed = canManageUsers(me);
  const teams = useTeams(allowed);
  const [loaded, setLoaded] = useState<Loaded<{ user: AdminUser }>>({ status: 'loading' });
  const [saved, setSaved] = useState('');
  usePageTitle(loaded.status === 'ready' ? `Gebruiker ${loaded.user.name}` : 'Gebruiker');

  useEffect(() => {
    if (!allowed) return;
    api
      .get<AdminUser[]>('/api/admin/users')
      .then((users) => {
        const found = users.find((candidate) => candidate.id === id);
        setLoaded(
          found
            ? { status: 'ready', user: found }
            : { status: 'failed', message: `Er is geen gebruiker met de gebruikersnaam "${id}".` },
        );
      })
      .catch((error: unknown) => setLoaded({ status: 'failed', message: messageOf(error) }));
  }, [allowed, id]);

  if (!allowed) return <AdminNoAccess />;
  const back = (
    <p>
      <Link href={paths.adminUsers()}>← Alle gebruikers</Link>
    </p>
  );
  if (loaded.status === 'loading' || teams.status === 'loading')
    return (
      <section class="admin-page">
        <AdminNav current="gebruikers" />
        <p role="status">De gebruiker wordt geladen…</p>
      </section>
    );
  if (loaded.status === 'failed' || teams.status === 'failed')
    return (
      <section class="admin-page">
        <AdminNav current="gebruikers" />
        {back}
        <h1>Gebruiker</h1>
        <p class="notice error">
          {loaded.status === 'failed' ? loaded.message : teams.status === 'failed' ? teams.message : ''}
        </p>
      </section>
    );
  const user = loaded.user;
  const update = (next: AdminUser) => setLoaded({ status: 'ready', user: next });
  return (
    <section class="admin-page">
      <AdminNav current="gebruikers" />
      {back}
      <h1>{user.name}</h1>
      <p class="muted">
        Gebruikersnaam <strong>{user.username}</strong> · {user.active ? 'actief' : 'gedeactiveerd'} ·{' '}
        {user.lastLoginAt ? `laatst ingelogd ${formatStamp(user.lastLoginAt)}` : 'nog nooit ingelogd'}
        {user.source === 'oidc' ? ' · logt in via de identiteitsprovider van de gemeente' : ''}
      </p>
      {saved && (
        <p class="notice success" role="status">
          {saved}
        </p>
      )}
      <h2>Gegevens</h2>
      <UserForm
        key={user.id}
        mode="edit"
        teams={teams.teams}
        initial={{
          username: user.username,
          name: user.name,
          email: user.email ?? '',
          roles: user.roles,
          teams: user.teams,
        }}
        submitLabel="Wijzigingen opslaan"
        onSubmit={async (values) => {
          setSaved('');
          const body: UpdateUserRequest = {
            name: values.name.trim(),
            roles: values.roles,
            teams: values.teams,
            ...(values.email.trim() ? { email: values.email.trim() } : {}),
          };
          const next = await request<AdminUser>('PATCH', `/api/admin/users/${encodeURIComponent(user.id)}`, body);
          update(next);
          // The server ends the sessions of a user whose rights changed, so they log in again with the new ones.
          const rightsChanged = !sameSet(user.roles, next.roles) || !sameSet(user.teams, next.teams);
          setSaved(
            rightsChanged
              ? 'De wijzigingen zijn opgeslagen. De rollen of teams zijn gewijzigd: de gebruiker is uitgelogd en krijgt de nieuwe rechten bij de volgende keer inloggen.'
              : 'De wijzigingen zijn opgeslagen.',
          );
        }}
      />
      <ActiveSection user={user} onChanged={update} />
      {user.source !== 'oidc' && <PasswordResetSection user={user} />}
    </section>
  );
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}
