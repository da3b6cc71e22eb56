import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { RegionalRole, SessionInfo, User } from '../../server/contract/api';
import { api, setCsrfToken } from '../api/http';
import { disconnectLive } from '../api/live';

/** Who is logged in; every screen below the login can rely on it. */
export const SessionContext = createContext<User | null>(null);

export function useUser(): User {
  const user = useContext(SessionContext);
  if (!user) throw new Error('useUser outside a session');
  return user;
}

export async function currentSession(): Promise<User | null> {
  return (await currentSessionInfo())?.user ?? null;
}

/** The session with its flags: after a one-time password the app shows only the password change. */
export async function currentSessionInfo(): Promise<SessionInfo | null> {
  try {
    const info = await api.get<SessionInfo>('/api/session');
    setCsrfToken(info.csrfToken);
    return info;
  } catch {
    return null;
  }
}

export async function login(username: string, password: string): Promise<User> {
  const info = await api.post<SessionInfo>('/api/session', { username, password });
  setCsrfToken(info.csrfToken);
  return info.user;
}

export async function logout(): Promise<void> {
  try {
    await api.delete('/api/session');
  } finally {
    setCsrfToken('');
    disconnectLive();
  }
}

/** Dutch names of the roles, for the header and lists. */
export const ROLE_NAMES: Record<string, string> = {
  'slt-medewerker': 'medewerker SLT',
  procesregisseur: 'procesregisseur',
  'mdo-voorzitter': 'voorzitter MDO',
  'gemeente-beschikker': 'consulent gemeente',
  plaatsingscoordinator: 'plaatsingscoördinator',
  crisisdienst: 'crisisdienst',
  teamleider: 'teamleider',
  'regionaal-expertteam': 'Regionaal Expertteam',
  bestuurder: 'bestuurder',
  proceseigenaar: 'proceseigenaar',
  beheerder: 'functioneel beheerder',
  beleidsmedewerker: 'beleidsmedewerker',
  privacyfunctionaris: 'privacyfunctionaris',
};

export const PROCESS_NAMES: Record<string, string> = {
  toeleiding: 'Toeleiding',
  mdo: 'MDO',
  escalatieladder: 'Escalatieladder',
  plaatsingscoordinatie: 'Plaatsingscoördinatie',
};

/** "slt-breda-noord" → "SLT Breda Noord". */
export function teamName(team: string): string {
  return team
    .split('-')
    .map((part, index) => (index === 0 && part === 'slt' ? 'SLT' : part.charAt(0).toUpperCase() + part.slice(1)))
    .join(' ');
}

// The contract's role lists are runtime values on the server side and the client imports the
// contract as types only; the annotation still makes the compiler check every name.
const CASE_ROLES: ReadonlyArray<User['roles'][number]> = [
  'slt-medewerker',
  'procesregisseur',
  'mdo-voorzitter',
  'teamleider',
  'gemeente-beschikker',
  ...(['plaatsingscoordinator', 'crisisdienst', 'regionaal-expertteam', 'bestuurder'] satisfies RegionalRole[]),
];

/**
 * Whether the user holds a role that sees cases (server/auth/access.ts: team roles in their teams,
 * regional roles where their process was reached); process owners and administrators see none.
 */
export function canSeeCases(user: User): boolean {
  return user.roles.some((role) => CASE_ROLES.includes(role));
}

/** Who registers: team members of the SLT, and the regional crisis service for any team. */
const REGISTERING_ROLES = ['slt-medewerker', 'procesregisseur', 'crisisdienst'];

export function canRegister(user: User): boolean {
  return user.roles.some((role) => REGISTERING_ROLES.includes(role));
}

/** Who manages users and teams (the beheerder's screens under /beheer). */
export function canManageUsers(user: User): boolean {
  return user.roles.includes('beheerder');
}

/** Who reads the NEN 7513 access log: the beheerder and the privacy officer. */
export function canReadAccessLog(user: User): boolean {
  return user.roles.some((role) => role === 'beheerder' || role === 'privacyfunctionaris');
}

/** Who sees the "Beheer" link: anyone with at least one tab under /beheer. */
export function canManage(user: User): boolean {
  return canManageUsers(user) || canReadAccessLog(user);
}

/** Who changes forms (POST /api/forms answers the process owner only): the "Formulieren" menu entry. */
export function canEditForms(user: User): boolean {
  return user.roles.includes('proceseigenaar');
}

/** Who reads the steering figures (aggregates only): GET /api/figures answers these roles. */
const FIGURE_ROLES: ReadonlyArray<User['roles'][number]> = [
  'beleidsmedewerker',
  'teamleider',
  'bestuurder',
  'proceseigenaar',
];

export function canSeeFigures(user: User): boolean {
  return user.roles.some((role) => FIGURE_ROLES.includes(role));
}
