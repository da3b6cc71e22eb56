import { isoFromTyped, todayIso, typedDateProblem, typedFromIso } from '../task/typed-dates';

/**
 * What the steering page shows, read from and written to the URL query, so a view of the figures
 * has an address a policy officer can bookmark or send to a colleague:
 * `/sturing?van=01-01-2026&tot=31-12-2026&team=slt-breda-noord&regio=West-Brabant%20Oost&taakgebied=slt`.
 * Dates stay as typed (dd-mm-jjjj), as users see them in the address bar; a date that is not a
 * real day is shown as typed with a message, never moved to another day.
 */
export interface SturingView {
  /** As typed, dd-mm-jjjj; empty means "the server's default period". */
  from: string;
  to: string;
  team: string;
  region: string;
  taakgebied: string;
}

export const EMPTY_VIEW: SturingView = { from: '', to: '', team: '', region: '', taakgebied: '' };

export function readView(query: URLSearchParams): SturingView {
  return {
    from: (query.get('van') ?? '').trim(),
    to: (query.get('tot') ?? '').trim(),
    team: query.get('team') ?? '',
    region: query.get('regio') ?? '',
    taakgebied: query.get('taakgebied') ?? '',
  };
}

export function writeView(view: SturingView): string {
  const query = new URLSearchParams();
  if (view.from) query.set('van', view.from);
  if (view.to) query.set('tot', view.to);
  if (view.team) query.set('team', view.team);
  if (view.region) query.set('regio', view.region);
  if (view.taakgebied) query.set('taakgebied', view.taakgebied);
  return query.toString();
}

export interface PeriodProblems {
  from?: string;
  to?: string;
}

/** Why the period cannot be asked for as it stands, per field; empty when it can. */
export function periodProblems(view: Pick<SturingView, 'from' | 'to'>): PeriodProblems {
  const problems: PeriodProblems = {};
  const from = typedDateProblem(view.from);
  const to = typedDateProblem(view.to);
  if (from) problems.from = from;
  if (to) problems.to = to;
  if (!from && !to && view.from && view.to) {
    const [start, end] = [isoFromTyped(view.from), isoFromTyped(view.to)];
    if (start && end && end < start) problems.to = `De einddatum ${view.to} ligt vóór de begindatum ${view.from}.`;
  }
  return problems;
}

/** The GET /api/figures address for a view whose period is valid. */
export function figuresUrl(view: SturingView): string {
  const query = new URLSearchParams();
  const from = isoFromTyped(view.from);
  const to = isoFromTyped(view.to);
  if (from) query.set('from', from);
  if (to) query.set('to', to);
  if (view.team) query.set('team', view.team);
  if (view.region) query.set('region', view.region);
  if (view.taakgebied) query.set('taakgebied', view.taakgebied);
  const text = query.toString();
  return text ? `/api/figures?${text}` : '/api/figures';
}

export interface Preset {
  id: string;
  label: string;
  from: string;
  to: string;
}

/** Periods people ask for most, as typed dates, from today on this device's calendar. */
export function presets(now = new Date()): Preset[] {
  const today = todayIso(now);
  const [year, month] = today.split('-').map(Number) as [number, number];
  const typed = (iso: string) => typedFromIso(iso);
  const iso = (y: number, m: number, d: number) =>
    `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const monthsBack = (months: number) => {
    // The first day of the month `months - 1` months before this one: a whole number of months
    // including the current one, so the monthly trend has no half month at its start.
    const total = year * 12 + (month - 1) - (months - 1);
    return iso(Math.floor(total / 12), (total % 12) + 1, 1);
  };
  return [
    { id: '12m', label: 'Afgelopen 12 maanden', from: typed(monthsBack(12)), to: typed(today) },
    { id: '3m', label: 'Afgelopen 3 maanden', from: typed(monthsBack(3)), to: typed(today) },
    { id: 'jaar', label: 'Dit jaar', from: typed(iso(year, 1, 1)), to: typed(today) },
    { id: 'vorig-jaar', label: 'Vorig jaar', from: typed(iso(year - 1, 1, 1)), to: typed(iso(year - 1, 12, 31)) },
  ];
}

/** The task areas of DOMAIN.md §4, with their Dutch names. */
export const TAAKGEBIEDEN: ReadonlyArray<{ value: string; label: string }> = [
  { value: 'slt', label: 'Stevig Lokaal Team' },
  { value: 'specialistisch', label: 'Specialistische en locatiegebonden jeugdhulp' },
  { value: 'onderwijs', label: 'Jeugdhulp in het onderwijs' },
  { value: 'verblijf-crisis', label: 'Verblijf met behandeling en crisiszorg' },
  { value: 'wonen', label: 'Wonen met begeleiding' },
];

export function taakgebiedName(value: string): string {
  return TAAKGEBIEDEN.find((item) => item.value === value)?.label ?? value;
}
