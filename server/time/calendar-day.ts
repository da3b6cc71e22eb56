/**
 * Whether a year, month (1 to 12) and day name a day of the calendar: 2012-02-29 does, 2013-02-29
 * and 2012-02-31 do not. A schema's pattern can say a date's shape, not this; a date that does not
 * exist is refused rather than read as another day.
 */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
