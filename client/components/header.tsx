import { Link, navigate, paths } from '../app/router';
import {
  canEditForms,
  canManage,
  canRegister,
  canSeeCases,
  canSeeFigures,
  logout,
  ROLE_NAMES,
  teamName,
  useUser,
} from '../app/session';
import { NotificationBell } from './notifications/notification-bell';

/** The user's name, roles and teams are always in view; logging out is one click away. */
export function Header({ onLogout }: { onLogout: () => void }) {
  const user = useUser();
  const leave = async () => {
    await logout();
    navigate('/', { replace: true });
    onLogout();
  };
  return (
    <header class="app-header">
      <Link href={paths.worklist()} class="brand">
        Casusregie
      </Link>
      <nav aria-label="Hoofdmenu">
        <Link href={paths.worklist()}>Werkvoorraad</Link>
        {canSeeCases(user) ? <Link href={paths.cases()}>Casussen</Link> : null}
        {canRegister(user) && <Link href={paths.intake()}>Aanmelden</Link>}
        <Link href={paths.processes()}>Processen</Link>
        {canEditForms(user) ? <Link href={paths.forms()}>Formulieren</Link> : null}
        {canManage(user) && <Link href={paths.admin()}>Beheer</Link>}
        {canSeeFigures(user) ? <Link href={paths.sturing()}>Sturing</Link> : null}
      </nav>
      <div class="who" role="group" aria-label="Ingelogd als">
        <span class="who-name">{user.name}</span>
        <span class="who-roles">
          {user.roles.map((role) => ROLE_NAMES[role] ?? role).join(', ')}
          {/* System roles (process owner, beheerder, privacy officer) work in no team and no region. */}
          {user.teams.length > 0
            ? ` · ${user.teams.map(teamName).join(', ')}`
            : canSeeCases(user)
              ? ' · regionaal'
              : ''}
        </span>
      </div>
      <NotificationBell />
      <Link href={paths.password()} class="header-password">
        Wachtwoord wijzigen
      </Link>
      <button type="button" class="secondary" onClick={leave}>
        Uitloggen
      </button>
    </header>
  );
}
