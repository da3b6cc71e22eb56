import type { JsonValue } from '../../../server/contract/api';
import { formatDate, formatDateTime } from '../due-date';
import { codeLabel } from './labels';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const DURATION =
  /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Today's calendar day where the teams work, whatever the browser's own time zone. */
export function todayInAmsterdam(now = new Date()): string {
  // Swedish formats dates as YYYY-MM-DD, which is exactly the ISO calendar day.
  return now.toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
}

/**
 * Age in whole years on a day, the same way the server computes it for the consent rules, so the
 * page and the MDO's checks never disagree about a youth's age.
 */
export function ageOn(birthDate: string, day: string): number | undefined {
  const birth = DAY.exec(birthDate);
  const on = DAY.exec(day);
  if (!birth || !on) return undefined;
  const [by, bm, bd] = [Number(birth[1]), Number(birth[2]), Number(birth[3])];
  const [oy, om, od] = [Number(on[1]), Number(on[2]), Number(on[3])];
  let age = oy - by;
  if (om < bm || (om === bm && od < bd)) age -= 1;
  return age >= 0 ? age : undefined;
}

/** An ISO 8601 duration in words: "3 dagen", "minder dan een minuut". */
export function formatDuration(value: string): string | undefined {
  const match = DURATION.exec(value);
  if (!match || value === 'P' || value.endsWith('T')) return undefined;
  const [years, months, weeks, days, hours, minutes, seconds] = match
    .slice(1)
    .map((part) => (part ? Number(part) : 0)) as [number, number, number, number, number, number, number];
  const parts: string[] = [];
  const add = (amount: number, one: string, many: string) => {
    if (amount > 0) parts.push(`${Math.floor(amount)} ${Math.floor(amount) === 1 ? one : many}`);
  };
  add(years, 'jaar', 'jaar');
  add(months, 'maand', 'maanden');
  add(weeks, 'week', 'weken');
  add(days, 'dag', 'dagen');
  add(hours, 'uur', 'uur');
  add(minutes, 'minuut', 'minuten');
  if (parts.length === 0) return seconds >= 60 ? `${Math.floor(seconds / 60)} minuten` : 'minder dan een minuut';
  return parts.join(', ');
}

/** One scalar value as a Dutch text: yes/no, dates, durations and codes in words. */
export function scalarText(field: string | undefined, value: string | number | boolean | null): string {
  if (value === null) return 'niet ingevuld';
  if (typeof value === 'boolean') return value ? 'ja' : 'nee';
  if (typeof value === 'number') return value.toLocaleString('nl-NL');
  if (value.trim() === '') return 'niet ingevuld';
  if (DAY.test(value)) return formatDate(`${value}T12:00:00Z`);
  if (MOMENT.test(value) && !Number.isNaN(Date.parse(value))) return formatDateTime(new Date(value));
  if (value.startsWith('P')) {
    const duration = formatDuration(value);
    if (duration) return duration;
  }
  return codeLabel(field, value);
}

export function isScalar(value: JsonValue | undefined): value is string | number | boolean | null {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

export function isRecord(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
