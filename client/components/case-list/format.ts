import type { CaseSummary } from '../../../server/contract/api';
import { lateness } from '../due-date';

/** A day as users write it: 04-12-2026 (dd-mm-jjjj), in the teams' time zone. */
export function formatDay(value: string): string {
  return new Date(value).toLocaleDateString('nl-NL', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'Europe/Amsterdam',
  });
}

/**
 * How late a case is, from its most overdue open task, in the words every screen uses ("3
 * werkdagen te laat", due-date.tsx). A waiting timer's due time does not count (it fires then;
 * nobody is late). "Over termijn" when the server marks the case overdue but no step on this page
 * says since when.
 */
export function overdueText(summary: CaseSummary, now = Date.now()): string | undefined {
  const passed = summary.currentSteps
    .filter((step) => step.kind === 'task' && step.dueAt !== undefined)
    .map((step) => Date.parse(step.dueAt ?? ''))
    .filter((due) => !Number.isNaN(due) && due < now);
  if (passed.length === 0) return summary.overdue ? 'Over termijn' : undefined;
  return lateness(new Date(Math.min(...passed)), new Date(now));
}

/** "14 jaar", or nothing when the age is not known. */
export function ageText(leeftijd: number | undefined): string {
  return leeftijd === undefined ? '' : `${leeftijd} jaar`;
}

export function countText(count: number): string {
  return count === 1 ? '1 casus' : `${count} casussen`;
}
