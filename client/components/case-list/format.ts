import type { CaseSummary } from '../../../server/contract/api';

/** A day as users write it: 04-12-2026 (dd-mm-jjjj), in the teams' time zone. */
export function formatDay(value: string): string {
  return new Date(value).toLocaleDateString('nl-NL', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'Europe/Amsterdam',
  });
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * How late a case is, from its most overdue open task: "3 dagen over termijn". A waiting timer's
 * due time does not count (it fires then; nobody is late). "Over termijn" when the server marks
 * the case overdue but no step on this page says since when.
 */
export function overdueText(summary: CaseSummary, now = Date.now()): string | undefined {
  const passed = summary.currentSteps
    .filter((step) => step.kind === 'task' && step.dueAt !== undefined)
    .map((step) => Date.parse(step.dueAt ?? ''))
    .filter((due) => !Number.isNaN(due) && due < now);
  if (passed.length === 0) return summary.overdue ? 'Over termijn' : undefined;
  const late = now - Math.min(...passed);
  if (late >= DAY) {
    const days = Math.floor(late / DAY);
    return `${days} ${days === 1 ? 'dag' : 'dagen'} over termijn`;
  }
  const hours = Math.max(1, Math.floor(late / HOUR));
  return `${hours} uur over termijn`;
}

/** "14 jaar", or nothing when the age is not known. */
export function ageText(leeftijd: number | undefined): string {
  return leeftijd === undefined ? '' : `${leeftijd} jaar`;
}

export function countText(count: number): string {
  return count === 1 ? '1 casus' : `${count} casussen`;
}
