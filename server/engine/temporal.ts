import { FeelDate, FeelDateTime, FeelDuration } from 'feelin';
import { Temporal } from 'temporal-polyfill';

/** Dates without a zone, and durations in days, are read in the zone the teams work in. */
export const ZONE = 'Europe/Amsterdam';

/**
 * What a date-only value means: a timer fires at the start of that day, a task is due by its end.
 */
export type DateOnlyMeaning = 'start-of-day' | 'end-of-day';

/**
 * Turns a due date or timer value into a moment: a duration counts from `now`, a date or
 * date-time is taken as it is. Accepts FEEL results and literal ISO 8601 strings alike, so
 * `P5D`, `=werkdagen(5)`, `2026-12-01` and `=date(mdoDatum)` all work in the same places.
 * Throws a TypeError with a message a process owner can act on when the value is neither.
 */
export function resolveMoment(value: unknown, now: Date, dateOnly: DateOnlyMeaning): Date {
  if (value instanceof Date) return value;
  if (value instanceof FeelDuration) return addDuration(now, value.value);
  if (value instanceof FeelDateTime) return new Date(zonedEpoch(value.value, value.zone));
  if (value instanceof FeelDate) return dayBoundary(value.value, dateOnly);
  if (typeof value === 'string') return parseMoment(value.trim(), now, dateOnly);
  throw new TypeError(`expected a duration or a date, got ${describe(value)}`);
}

/** True when a literal (non-FEEL) value is an ISO 8601 duration or date the engine understands. */
export function isValidTemporalLiteral(value: string): boolean {
  try {
    parseMoment(value.trim(), new Date(0), 'start-of-day');
    return true;
  } catch {
    return false;
  }
}

function parseMoment(text: string, now: Date, dateOnly: DateOnlyMeaning): Date {
  if (/^-?P/i.test(text)) {
    const duration = Temporal.Duration.from(text);
    if (duration.sign < 0) throw new TypeError(`a negative duration ("${text}") lies in the past`);
    return addDuration(now, duration);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return dayBoundary(Temporal.PlainDate.from(text), dateOnly);
  if (/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) return new Date(Temporal.Instant.from(text).epochMilliseconds);
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) return new Date(zonedEpoch(Temporal.PlainDateTime.from(text), null));
  throw new TypeError(`"${text}" is not an ISO 8601 duration or date`);
}

function addDuration(now: Date, duration: Temporal.Duration): Date {
  // Calendar units (P1M, P1D) follow the Amsterdam calendar, so "P1D" keeps the wall-clock time across DST.
  const start = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(ZONE);
  return new Date(start.add(duration).epochMilliseconds);
}

function zonedEpoch(dateTime: Temporal.PlainDateTime, zone: string | null): number {
  const timeZone = !zone ? ZONE : zone === 'Z' ? 'UTC' : zone;
  return dateTime.toZonedDateTime(timeZone).epochMilliseconds;
}

function dayBoundary(date: Temporal.PlainDate, meaning: DateOnlyMeaning): Date {
  const start = date.toZonedDateTime({ timeZone: ZONE });
  const moment = meaning === 'start-of-day' ? start : start.add({ days: 1 }).subtract({ milliseconds: 1 });
  return new Date(moment.epochMilliseconds);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'no value';
  if (typeof value === 'object') return 'an object';
  return `"${String(value)}"`;
}
