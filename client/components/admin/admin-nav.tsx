import type { User } from '../../../server/contract/api';
import { Link } from '../../app/router';
import { canManageUsers, canReadAccessLog, useUser } from '../../app/session';
import '../../styles/admin.css';

/**
 * The tabs of /beheer. Each tab is an ordinary link with its own address, so a beheerder can
 * bookmark the users list and a privacy officer the access log; a tab the user may not use is
 * not shown at all rather than shown and refused.
 */

export type AdminTab = 'gebruikers' | 'teams' | 'toegangslog';

export const ADMIN_PATHS: Record<AdminTab, string> = {
  gebruikers: '/beheer/gebruikers',
  teams: '/beheer/teams',
  toegangslog: '/beheer/toegangslog',
};

const TABS: ReadonlyArray<{ tab: AdminTab; label: string; allowed: (user: User) => boolean }> = [
  { tab: 'gebruikers', label: 'Gebruikers', allowed: canManageUsers },
  { tab: 'teams', label: 'Teams', allowed: canManageUsers },
  { tab: 'toegangslog', label: 'Toegangslog', allowed: canReadAccessLog },
];

/** The tabs this user may see, in order; /beheer opens the first. */
export function adminTabsFor(user: User): AdminTab[] {
  return TABS.filter((entry) => entry.allowed(user)).map((entry) => entry.tab);
}

export function AdminNav({ current }: { current: AdminTab }) {
  const user = useUser();
  const tabs = TABS.filter((entry) => entry.allowed(user));
  return (
    <nav class="admin-nav" aria-label="Beheer">
      <ul>
        {tabs.map((entry) => (
          <li key={entry.tab}>
            <Link href={ADMIN_PATHS[entry.tab]} aria-current={entry.tab === current ? 'page' : undefined}>
              {entry.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
