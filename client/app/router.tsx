import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * History-API routing for the client URLs of ../shared/API.md: every screen has an address a user
 * can bookmark or send to a colleague. No `#`; the server answers every such URL with the app.
 */

export type Route =
  | { name: 'worklist'; query: URLSearchParams }
  | { name: 'task'; taskId: string }
  | { name: 'cases'; query: URLSearchParams }
  | { name: 'case'; caseId: string }
  | { name: 'instance'; id: string }
  | { name: 'processes' }
  | { name: 'process'; key: string }
  | { name: 'modeler'; key: string }
  | { name: 'forms' }
  | { name: 'form'; key: string }
  | { name: 'form-new' }
  | { name: 'form-edit'; key: string }
  | { name: 'intake' }
  | { name: 'admin' }
  | { name: 'admin-users'; query: URLSearchParams }
  | { name: 'admin-user-new' }
  | { name: 'admin-user'; id: string }
  | { name: 'admin-teams' }
  | { name: 'password' }
  | { name: 'access-log'; query: URLSearchParams }
  | { name: 'sturing'; query: URLSearchParams }
  | { name: 'not-found'; path: string };

export function parseRoute(location: { pathname: string; search: string }): Route {
  const parts = location.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second, third] = parts;
  if (parts.length === 0) return { name: 'worklist', query: new URLSearchParams(location.search) };
  if (first === 'taken' && second && parts.length === 2) return { name: 'task', taskId: second };
  if (first === 'casussen' && parts.length === 1) return { name: 'cases', query: new URLSearchParams(location.search) };
  if (first === 'casussen' && second && parts.length === 2) return { name: 'case', caseId: second };
  if (first === 'instanties' && second && parts.length === 2) return { name: 'instance', id: second };
  if (first === 'processen' && parts.length === 1) return { name: 'processes' };
  if (first === 'aanmelden' && parts.length === 1) return { name: 'intake' };
  if (first === 'sturing' && parts.length === 1)
    return { name: 'sturing', query: new URLSearchParams(location.search) };
  if (first === 'processen' && second && parts.length === 2) return { name: 'process', key: second };
  if (first === 'processen' && second && third === 'bewerken' && parts.length === 3)
    return { name: 'modeler', key: second };
  if (first === 'formulieren' && parts.length === 1) return { name: 'forms' };
  // "nieuw" is the editor's address for a new form, never a form key.
  if (first === 'formulieren' && second === 'nieuw' && parts.length === 2) return { name: 'form-new' };
  if (first === 'formulieren' && second && parts.length === 2) return { name: 'form', key: second };
  if (first === 'formulieren' && second && third === 'bewerken' && parts.length === 3)
    return { name: 'form-edit', key: second };
  if (first === 'beheer' && parts.length === 1) return { name: 'admin' };
  if (first === 'beheer' && second === 'gebruikers' && parts.length === 2)
    return { name: 'admin-users', query: new URLSearchParams(location.search) };
  if (first === 'beheer' && second === 'gebruikers' && third === 'nieuw' && parts.length === 3)
    return { name: 'admin-user-new' };
  if (first === 'beheer' && second === 'gebruikers' && third && parts.length === 3)
    return { name: 'admin-user', id: third };
  if (first === 'beheer' && second === 'teams' && parts.length === 2) return { name: 'admin-teams' };
  if (first === 'wachtwoord' && parts.length === 1) return { name: 'password' };
  if (first === 'beheer' && second === 'toegangslog' && parts.length === 2)
    return { name: 'access-log', query: new URLSearchParams(location.search) };
  return { name: 'not-found', path: location.pathname };
}

const listeners = new Set<() => void>();

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  for (const listener of listeners) listener();
  window.scrollTo(0, 0);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location));
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}

/** An ordinary link (so middle-click, copy link and bookmarks work) that navigates in place. */
export function Link(
  props: { href: string; children: ComponentChildren } & Omit<JSX.HTMLAttributes<HTMLAnchorElement>, 'href'>,
) {
  const { href, children, ...rest } = props;
  const onClick = (event: MouseEvent) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}

/** Paths of the client URLs, in one place. */
export const paths = {
  worklist: (query?: string) => (query ? `/?${query}` : '/'),
  task: (taskId: string) => `/taken/${encodeURIComponent(taskId)}`,
  cases: (query?: string) => (query ? `/casussen?${query}` : '/casussen'),
  case: (caseId: string) => `/casussen/${encodeURIComponent(caseId)}`,
  instance: (id: string) => `/instanties/${encodeURIComponent(id)}`,
  processes: () => '/processen',
  process: (key: string) => `/processen/${encodeURIComponent(key)}`,
  modeler: (key: string) => `/processen/${encodeURIComponent(key)}/bewerken`,
  forms: () => '/formulieren',
  form: (key: string) => `/formulieren/${encodeURIComponent(key)}`,
  formNew: () => '/formulieren/nieuw',
  formEdit: (key: string) => `/formulieren/${encodeURIComponent(key)}/bewerken`,
  intake: () => '/aanmelden',
  admin: () => '/beheer',
  adminUsers: (query?: string) => (query ? `/beheer/gebruikers?${query}` : '/beheer/gebruikers'),
  adminUserNew: () => '/beheer/gebruikers/nieuw',
  adminUser: (id: string) => `/beheer/gebruikers/${encodeURIComponent(id)}`,
  adminTeams: () => '/beheer/teams',
  password: () => '/wachtwoord',
  accessLog: (query?: string) => (query ? `/beheer/toegangslog?${query}` : '/beheer/toegangslog'),
  sturing: (query?: string) => (query ? `/sturing?${query}` : '/sturing'),
};
