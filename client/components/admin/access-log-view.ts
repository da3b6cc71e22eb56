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
 * The server's filters for a view, or undefined when the period has a problem. A day is a day in
 * the Netherlands: `from` is the start of the first day and `to` the end of the last day, both in
 * Europe/Amsterdam, whatever zone the browser is in.
 */
export function serverFilters(view: AccessLogView): URLSearchParams | undefined {
  if (hasProblems(periodProblems(view))) return undefined;
  const query = new URLSearchParams();
  if (view.caseId) query.set('caseId', view.caseId);
  if (view.userId) query.set('userId', view.userId);
  const fromIso = isoFromTyped(view.from);
  const toIso = isoFromTyped(view.to);
  if (fromIso) query.set('from', startOfAmsterdamDay(fromIso).toISOString());
  if (toIso) query.set('to', new Date(startOfAmsterdamDay(nextDay(toIso)).getTime() - 1).toISOString());
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

const HOUR = 3_600_000;

/** The instant an Amsterdam calendar day begins (23:00 or 22:00 UTC the day before). */
export function startOfAmsterdamDay(iso: string): Date {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  const midnightUtc = new Date(0);
  midnightUtc.setUTCFullYear(year, month - 1, day);
  // Amsterdam is one or two hours ahead of UTC; the clock changes at 02:00 or 03:00, never at
  // midnight, so the offset at the day's midnight is the offset a little after it.
  for (const offset of [HOUR, 2 * HOUR]) {
    const candidate = new Date(midnightUtc.getTime() - offset);
    if (amsterdamWallClock(candidate) === `${iso}T00:00`) return candidate;
  }
  return new Date(midnightUtc.getTime() - HOUR);
}

function nextDay(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day + 1);
  return date.toISOString().slice(0, 10);
}

const wallClock = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function amsterdamWallClock(date: Date): string {
  const parts = Object.fromEntries(wallClock.formatToParts(date).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}
