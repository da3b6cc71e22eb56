import { workingDaysBetween } from '../../server/engine/workdays';

/**
 * A due date, with how late in words and an icon when it has passed: overdue must not rely on
 * colour alone (WCAG 1.4.1), and "te laat" alone does not tell an hour from a week.
 */
export function DueDate({ dueAt, now = Date.now() }: { dueAt?: string | undefined; now?: number }) {
  if (!dueAt) return <span class="due none">geen termijn</span>;
  const due = new Date(dueAt);
  const overdue = due.getTime() < now;
  const text = formatDateTime(due);
  return overdue ? (
    <span class="due overdue">
      <span aria-hidden="true">⚠ </span>
      <strong>{lateness(due, new Date(now))}</strong> · {text}
    </span>
  ) : (
    <span class="due">{text}</span>
  );
}

const HOUR = 3_600_000;

/**
 * How late, in the unit the norms use: working days (the diagrams' `werkdagen(n)`, skipping
 * weekends and Dutch public holidays), or hours when it is less than a day, or when only a
 * weekend passed, so a crisis norm missed by three hours does not read as "0 werkdagen".
 */
export function lateness(due: Date, now: Date): string {
  const late = now.getTime() - due.getTime();
  if (late <= 0) return 'Op tijd';
  const days = late >= 24 * HOUR ? workingDaysBetween(due, now) : 0;
  if (days >= 1) return days === 1 ? '1 werkdag te laat' : `${days} werkdagen te laat`;
  const hours = Math.floor(late / HOUR);
  if (hours < 1) return 'Minder dan een uur te laat';
  return `${hours} uur te laat`;
}

export function formatDateTime(date: Date): string {
  return date.toLocaleString('nl-NL', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Amsterdam',
  });
}

export function formatDate(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return date.toLocaleDateString('nl-NL', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Amsterdam',
  });
}

const dayTimeFormat = new Intl.DateTimeFormat('nl-NL', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'Europe/Amsterdam',
});

/** "04-12-2026 17:45" (dd-mm-jjjj), in the Netherlands' time: for lists where dates line up in a column. */
export function formatDayTime(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const parts = Object.fromEntries(dayTimeFormat.formatToParts(date).map((part) => [part.type, part.value]));
  return `${parts.day}-${parts.month}-${parts.year} ${parts.hour}:${parts.minute}`;
}
