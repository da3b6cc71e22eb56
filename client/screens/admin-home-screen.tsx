import { useEffect } from 'preact/hooks';
import { navigate } from '../app/router';
import { useUser } from '../app/session';
import { ADMIN_PATHS, adminTabsFor } from '../components/admin/admin-nav';
import { AdminNoAccess } from '../components/admin/no-access';

/** /beheer: straight on to the first tab this user may use (replacing the address, so Back works). */
export function AdminHomeScreen() {
  const user = useUser();
  const first = adminTabsFor(user)[0];
  useEffect(() => {
    if (first) navigate(ADMIN_PATHS[first], { replace: true });
  }, [first]);
  if (!first) return <AdminNoAccess />;
  return <p role="status">Beheer wordt geopend…</p>;
}
