/**
 * Numbers the Dutch way (decimal comma), one decimal at most. The same text goes into the table,
 * the tiles and the CSV, so what a user exports is what they read.
 */

const NUMBER = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 });
const MONTHS = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

export const NO_DATA = '–';

export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? NO_DATA : NUMBER.format(value);
}

export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? NO_DATA : `${NUMBER.format(value)}%`;
}

export function formatDays(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return NO_DATA;
  return `${NUMBER.format(value)} ${value === 1 ? 'dag' : 'dagen'}`;
}

export function formatHours(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return NO_DATA;
  return `${NUMBER.format(value)} uur`;
}

/** part of whole as a percentage, or null when there is no whole to take a part of. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? (part / whole) * 100 : null;
}

/** "2026-03" → "mrt 2026". */
export function monthLabel(month: string): string {
  const match = /^(\d{4})-(\d{2})/.exec(month);
  if (!match) return month;
  return `${MONTHS[Number(match[2]) - 1] ?? match[2]} ${match[1]}`;
}

/** "2026-03-01" (or an instant) → "01-03-2026". */
export function dutchDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return match ? `${match[3]}-${match[2]}-${match[1]}` : iso;
}
