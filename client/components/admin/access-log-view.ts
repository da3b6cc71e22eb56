import { isoFromTyped, typedDateProblem } from '../task/typed-dates';

/**
 * The access-log search, read from and written to the URL query so a privacy officer can bookmark
 * a search or put its address in a report: `/beheer/toegangslog?casus=C-2026-0001&gebruiker=regisseur
 * &van=01-12-2026&tot=04-12-2026`. The dates stay in the address as they were typed (dd-mm-jjjj), so a
 * date that does not exist is shown back in its field with why, never moved to another day.
 */

export interface AccessLogView {
  caseId: string;
  /** A user id; the form also accepts a colleague's name and turns it into the id. */
  userId: string;
  /** The first day of the period, as typed (dd-mm-jjjj), or empty. */
  from: string;
  /** The last day of the period (included), as typed, or empty. */
  to: string;
}

export const EMPTY_VIEW: AccessLogView = { caseId: '', userId: '', from: '', to: '' };

/** How many entries one page asks for: enough to read, without a long wait for the first. */
export const PAGE_SIZE = 50;

export function readView(query: URLSearchParams): AccessLogView {
  return {
    caseId: (query.get('casus') ?? '').trim(),
    userId: (query.get('gebruiker') ?? '').trim(),
    from: (query.get('van') ?? '').trim(),
    to: (query.get('tot') ?? '').trim(),
  };
}

/** The query string of a view; empty fields are left out so addresses stay short. */
export function writeView(view: AccessLogView): string {
  const query = new URLSearchParams();
  if (view.caseId) query.set('casus', view.caseId);
  if (view.userId) query.set('gebruiker', view.userId);
  if (view.from) query.set('van', view.from);
  if (view.to) query.set('tot', view.to);
  return query.toString();
}

export function isFiltered(view: AccessLogView): boolean {
  return writeView(view) !== '';
}

export interface PeriodProblems {
  from?: string;
  to?: string;
}

/** Why the period cannot be searched, per field; empty when it can. */
export function periodProblems(view: Pick<AccessLogView, 'from' | 'to'>): PeriodProblems {
  const problems: PeriodProblems = {};
  const from = typedDateProblem(view.from);
  const to = typedDateProblem(view.to);
  if (from) problems.from = from;
  if (to) problems.to = to;
  const fromIso = isoFromTyped(view.from);
  const toIso = isoFromTyped(view.to);
  if (!from && !to && fromIso && toIso && toIso < fromIso)
    problems.to = `De periode eindigt vóór ze begint: kies een datum op of na ${view.from}.`;
  return problems;
}

export function hasProblems(problems: PeriodProblems): boolean {
  return problems.from !== undefined || problems.to !== undefined;
}

/**
 * The server's filters for a view, or undefined when the period has a problem. The period goes as
 * ISO days: the server reads a day as that whole day in Europe/Amsterdam (`to` up to its last
 * moment), whatever zone the browser is in.
 */
export function serverFilters(view: AccessLogView): URLSearchParams | undefined {
  if (hasProblems(periodProblems(view))) return undefined;
  const query = new URLSearchParams();
  if (view.caseId) query.set('caseId', view.caseId);
  if (view.userId) query.set('userId', view.userId);
  const fromIso = isoFromTyped(view.from);
  const toIso = isoFromTyped(view.to);
  if (fromIso) query.set('from', fromIso);
  if (toIso) query.set('to', toIso);
  return query;
}

/** The GET /api/admin/access-log address for a view and a page. */
export function accessLogUrl(filters: URLSearchParams, cursor?: string): string {
  const query = new URLSearchParams(filters);
  if (cursor) query.set('cursor', cursor);
  query.set('limit', String(PAGE_SIZE));
  return `/api/admin/access-log?${query.toString()}`;
}

/** The CSV export of the same search: every entry it finds, not just the pages on screen. */
export function exportUrl(filters: URLSearchParams): string {
  const query = filters.toString();
  return query ? `/api/admin/access-log/export?${query}` : '/api/admin/access-log/export';
}
