import { Temporal } from 'temporal-polyfill';

/** Calendar days are those of the municipality's users. */
const TIME_ZONE = 'Europe/Amsterdam';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A search bound in epoch milliseconds: a date `jjjj-mm-dd` means its whole day in
 * Europe/Amsterdam (`from` its first, `to` its last millisecond), an instant needs an offset
 * (`Z` or `+01:00`), as a bare local time is ambiguous. Undefined when the text is neither.
 */
export function parseBound(text: string, edge: 'from' | 'to'): number | undefined {
  try {
    if (DATE.test(text)) {
      const day = Temporal.PlainDate.from(text, { overflow: 'reject' });
      if (edge === 'from') return day.toZonedDateTime({ timeZone: TIME_ZONE }).epochMilliseconds;
      return day.add({ days: 1 }).toZonedDateTime({ timeZone: TIME_ZONE }).epochMilliseconds - 1;
    }
    return Temporal.Instant.from(text).epochMilliseconds;
  } catch {
    return undefined;
  }
}

/** Today's date on the municipality's calendar, for file names. */
export function calendarDate(now: Date): string {
  return Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(TIME_ZONE).toPlainDate().toString();
}
