/**
 * Dutch working days for due dates and timers (`werkdagen(n)` in FEEL).
 *
 * Youth-care deadlines are agreed in working days of municipal staff, so a
 * "working day" here is Monday–Friday that is not a public holiday those staff
 * have off. All calendar reasoning happens in Europe/Amsterdam local dates:
 * the teams work in the Netherlands, so "tomorrow" must mean the Dutch
 * tomorrow regardless of the server's time zone (containers usually run UTC,
 * where a task created at 00:30 Dutch time would otherwise land on the
 * previous day).
 *
 * Everything here is pure apart from a small per-year holiday cache.
 */

const TIME_ZONE = 'Europe/Amsterdam';
const DAY_MS = 86_400_000;
const MAX_CACHED_YEARS = 64;

/** Computed holiday lists per year; holidays never change for a given year. */
const holidayCache = new Map<number, readonly string[]>();

/** Immutable formatter; creating one per call is comparatively expensive. */
const amsterdamFormatter = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface LocalDate {
  year: number;
  month: number; // 1–12
  day: number; // 1–31
}

interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function toIsoDate({ year, month, day }: LocalDate): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Date arithmetic on plain calendar dates, done in UTC so no DST applies. */
function addCalendarDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return Date.UTC(a.year, a.month - 1, a.day) - Date.UTC(b.year, b.month - 1, b.day);
}

/** Easter Sunday by the anonymous Gregorian (Meeus/Jones/Butcher) algorithm. */
function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}

function computeHolidays(year: number): readonly string[] {
  const easter = easterSunday(year);
  // Koningsdag moves to Saturday 26 April when 27 April is a Sunday.
  const kingsDayIsSunday = new Date(Date.UTC(year, 3, 27)).getUTCDay() === 0;
  const holidays: LocalDate[] = [
    { year, month: 1, day: 1 }, // Nieuwjaarsdag
    addCalendarDays(easter, 1), // Tweede Paasdag
    { year, month: 4, day: kingsDayIsSunday ? 26 : 27 }, // Koningsdag
    // Bevrijdingsdag: by law a national holiday only every fifth year, but the
    // municipal collective agreement (CAR-UWO/cao Gemeenten) gives municipal
    // staff the day off every year, and they are the ones doing the work.
    { year, month: 5, day: 5 },
    addCalendarDays(easter, 39), // Hemelvaartsdag
    addCalendarDays(easter, 50), // Tweede Pinksterdag
    { year, month: 12, day: 25 }, // Eerste Kerstdag
    { year, month: 12, day: 26 }, // Tweede Kerstdag
  ];
  // Goede Vrijdag is deliberately absent: it is not a day off for municipal
  // staff, so it counts as a working day. Eerste Paasdag and Eerste
  // Pinksterdag always fall on a Sunday and need no entry.
  return Object.freeze(holidays.map(toIsoDate).sort());
}

/**
 * ISO dates (`YYYY-MM-DD`, sorted) of the Dutch public holidays that are days
 * off for municipal staff in `year`.
 */
export function dutchPublicHolidays(year: number): string[] {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new RangeError(`Year must be an integer between 1583 and 9999, got ${year}`);
  }
  let holidays = holidayCache.get(year);
  if (holidays === undefined) {
    holidays = computeHolidays(year);
    // Keep the cache small; callers typically only touch a handful of years.
    if (holidayCache.size >= MAX_CACHED_YEARS) holidayCache.clear();
    holidayCache.set(year, holidays);
  }
  // Return a copy so callers cannot corrupt the cache.
  return [...holidays];
}

function parseIsoDate(isoDate: string): LocalDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (match === null) {
    throw new RangeError(`Expected an ISO date like 2026-01-31, got "${isoDate}"`);
  }
  const date: LocalDate = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  // Reject impossible dates such as 2026-02-30 instead of silently rolling over.
  if (toIsoDate(addCalendarDays(date, 0)) !== isoDate) {
    throw new RangeError(`Not an existing calendar date: "${isoDate}"`);
  }
  return date;
}

function isWorkingLocalDate(date: LocalDate): boolean {
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !dutchPublicHolidays(date.year).includes(toIsoDate(date));
}

/** True for Monday–Friday dates that are not a Dutch public holiday. */
export function isWorkingDay(isoDate: string): boolean {
  return isWorkingLocalDate(parseIsoDate(isoDate));
}

/** Wall-clock date and time of an instant in Europe/Amsterdam. */
function amsterdamParts(epochMs: number): LocalDateTime {
  const values: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of amsterdamFormatter.formatToParts(epochMs)) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  return {
    year: values.year ?? 0,
    month: values.month ?? 0,
    day: values.day ?? 0,
    hour: values.hour ?? 0,
    minute: values.minute ?? 0,
    second: values.second ?? 0,
    // Intl gives whole seconds; Amsterdam offsets are whole minutes, so the
    // sub-second part is the same locally and in UTC.
    millisecond: ((epochMs % 1000) + 1000) % 1000,
  };
}

/** Local wall-clock time as if it were UTC; used as a plain number to compare. */
function wallClockMs(local: LocalDateTime): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second, local.millisecond);
}

/** Offset of Europe/Amsterdam from UTC at `epochMs`, in milliseconds. */
function amsterdamOffsetMs(epochMs: number): number {
  return wallClockMs(amsterdamParts(epochMs)) - epochMs;
}

/**
 * The instant at which Amsterdam clocks show `local`. The offset is looked up
 * for the target moment itself, so CET/CEST changes between `from` and the
 * result are handled. Ambiguous times (autumn fall-back) resolve to the first
 * occurrence; non-existent times (spring gap) move forward by the gap. Dutch
 * clock changes happen on Sundays, which are never working days, so neither
 * case arises for addWorkingDays results in practice.
 */
function amsterdamToEpochMs(local: LocalDateTime): number {
  const wall = wallClockMs(local);
  const offsetBefore = amsterdamOffsetMs(wall - DAY_MS);
  const offsetAfter = amsterdamOffsetMs(wall + DAY_MS);
  const candidates = [...new Set([offsetBefore, offsetAfter])]
    .map((offset) => wall - offset)
    .filter((epochMs) => wallClockMs(amsterdamParts(epochMs)) === wall)
    .sort((a, b) => a - b);
  return candidates[0] ?? wall - offsetBefore;
}

function assertValidDate(value: Date, name: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new RangeError(`${name} must be a valid Date`);
  }
}

/**
 * The moment `days` working days after `from`, at the same Amsterdam
 * wall-clock time. Steps one Amsterdam calendar day at a time, counting
 * working days, so Friday 15:00 + 1 is Monday 15:00 and Saturday 10:00 + 1 is
 * Monday 10:00. `days = 0` returns the same instant (as a new Date).
 */
export function addWorkingDays(from: Date, days: number): Date {
  assertValidDate(from, 'from');
  if (!Number.isInteger(days) || days < 0) {
    throw new RangeError(`days must be a non-negative integer, got ${days}`);
  }
  if (days === 0) return new Date(from.getTime());

  const start = amsterdamParts(from.getTime());
  let date: LocalDate = start;
  let counted = 0;
  while (counted < days) {
    date = addCalendarDays(date, 1);
    if (isWorkingLocalDate(date)) counted += 1;
  }
  return new Date(amsterdamToEpochMs({ ...start, year: date.year, month: date.month, day: date.day }));
}

/**
 * Number of working days whose Amsterdam date is after `from`'s date and up to
 * and including `to`'s date; 0 when `to` is not after `from`. The inverse of
 * addWorkingDays, used for KPIs such as "handled within 5 working days".
 */
export function workingDaysBetween(from: Date, to: Date): number {
  assertValidDate(from, 'from');
  assertValidDate(to, 'to');
  if (to.getTime() <= from.getTime()) return 0;

  const last = amsterdamParts(to.getTime());
  let date: LocalDate = amsterdamParts(from.getTime());
  let count = 0;
  while (compareLocalDates(date, last) < 0) {
    date = addCalendarDays(date, 1);
    if (isWorkingLocalDate(date)) count += 1;
  }
  return count;
}
