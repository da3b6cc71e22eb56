/**
 * Calendar days as the rules compare them: YYYY-MM-DD strings in the zone the teams work in, so
 * "today" is the Dutch today whatever the server's own zone, and as users read them: dd-mm-jjjj.
 * Free of Node modules: the browser's MDO checklist uses the same rules.
 */

const AMSTERDAM_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The Amsterdam calendar day of an instant, as YYYY-MM-DD. The day of the last minute asked for is
 * kept: the server asks several times per action, formatting with a time zone is not cheap, and
 * Amsterdam's day starts on a whole minute (its offsets are whole hours since 1940), so within one
 * minute the answer cannot change.
 */
export function amsterdamDay(instant: Date): string {
  const minute = Math.floor(instant.getTime() / 60_000);
  if (minute !== lastMinute || lastDay === undefined) {
    lastDay = AMSTERDAM_DAY.format(instant);
    lastMinute = minute;
  }
  return lastDay;
}
let lastMinute = Number.NaN;
let lastDay: string | undefined;

/** The YYYY-MM-DD day a date or date-time string starts with; undefined for anything else. */
export function dayOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(value);
  return match ? match[1] : undefined;
}

/** A YYYY-MM-DD day as Dutch readers write it: dd-mm-jjjj. */
export function dutchDay(day: string): string {
  const [year, month, date] = day.split('-');
  return `${date}-${month}-${year}`;
}
