import { useEffect, useMemo, useState } from 'preact/hooks';
import type { User } from '../../server/contract/api';
import { api } from './http';

/**
 * The organisation's directory (names, roles, teams), read once per screen; null until it arrived
 * or when it failed. Without it every screen still works: it shows user ids instead of names.
 */
export function useUsers(): readonly User[] | null {
  const [users, setUsers] = useState<readonly User[] | null>(null);
  useEffect(() => {
    let alive = true;
    api
      .get<User[]>('/api/users')
      .then((found) => {
        if (alive) setUsers(found);
      })
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, []);
  return users;
}

/** The directory by user id; empty until it arrived. */
export function useDirectory(): ReadonlyMap<string, User> {
  const users = useUsers();
  return useMemo(() => new Map((users ?? []).map((user) => [user.id, user])), [users]);
}

/** Names for user ids, from the directory; empty until it arrived. */
export function useUserNames(): ReadonlyMap<string, string> {
  const users = useUsers();
  return useMemo(() => namesOf(users), [users]);
}

export function namesOf(users: readonly User[] | null): ReadonlyMap<string, string> {
  return new Map((users ?? []).map((user) => [user.id, user.name]));
}
