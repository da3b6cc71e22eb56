/**
 * What the case list shows, read from and written to the URL query, so a search or a filtered view
 * has an address a user can bookmark or send to a colleague:
 * `/casussen?zoek=L.B.&team=slt-breda-noord&proces=mdo&status=gesloten&te-laat=ja&mijn=ja`.
 * The parameter names and values are Dutch because users see them in the address bar.
 */

export type CaseStateFilter = 'open' | 'gesloten' | 'alle';

export interface CaseListView {
  search: string;
  team: string;
  process: string;
  state: CaseStateFilter;
  overdue: boolean;
  mine: boolean;
}

export const EMPTY_FILTERS: Omit<CaseListView, 'search'> = {
  team: '',
  process: '',
  state: 'open',
  overdue: false,
  mine: false,
};

/** How many cases one page asks for: a screenful on a desktop, without a long first wait. */
export const PAGE_SIZE = 25;

export function readView(query: URLSearchParams): CaseListView {
  const state = query.get('status');
  return {
    search: (query.get('zoek') ?? '').trim(),
    team: query.get('team') ?? '',
    process: query.get('proces') ?? '',
    // Open cases are what a user works on; closed ones are asked for.
    state: state === 'gesloten' || state === 'alle' ? state : 'open',
    overdue: query.get('te-laat') === 'ja',
    mine: query.get('mijn') === 'ja',
  };
}

/** The query string of a view; defaults are left out so addresses stay short. */
export function writeView(view: CaseListView): string {
  const query = new URLSearchParams();
  if (view.search) query.set('zoek', view.search);
  if (view.team) query.set('team', view.team);
  if (view.process) query.set('proces', view.process);
  if (view.state !== 'open') query.set('status', view.state);
  if (view.overdue) query.set('te-laat', 'ja');
  if (view.mine) query.set('mijn', 'ja');
  return query.toString();
}

export function isFiltered(view: CaseListView): boolean {
  return writeView({ ...view, search: '' }) !== '';
}

/** The GET /api/cases address for a view and a page. */
export function casesUrl(view: CaseListView, options: { cursor?: string; limit?: number } = {}): string {
  const query = new URLSearchParams();
  // The server reads a date of birth as typed (dd-mm-jjjj) and says so when it does not exist.
  if (view.search) query.set('q', view.search);
  if (view.team) query.set('team', view.team);
  if (view.process) query.set('definitionKey', view.process);
  if (view.state === 'open') query.set('state', 'open');
  if (view.state === 'gesloten') query.set('state', 'closed');
  if (view.overdue) query.set('overdue', 'true');
  if (view.mine) query.set('regisseur', 'me');
  if (options.cursor) query.set('cursor', options.cursor);
  query.set('limit', String(options.limit ?? PAGE_SIZE));
  return `/api/cases?${query.toString()}`;
}
