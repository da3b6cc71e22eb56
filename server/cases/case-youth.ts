import type { CaseYouth, JsonValue, Task, TaskYouth } from '../contract/api';
import { amsterdamDay } from '../decisions/days';
import { ageOn } from '../decisions/mdo-rules';
import type { CaseIndexEntry, IndexedInstanceRecord } from '../store/store';

/**
 * Who a case is about, in one place for the case list, the task rows and their live events: the
 * initials and date of birth the aanmelding registered on the case's root instance. The age is
 * computed when it is shown (on the server's calendar day), never stored, so it is right the day
 * after a birthday without the case changing.
 */
export interface Youth {
  initialen?: string;
  geboortedatum?: string;
}

/** Nothing known: one object for every such case, which the case-summary index holds (read only). */
const NO_YOUTH: Youth = Object.freeze({});

/** The youth as the case's root toeleiding (or, without one, its first root instance) registered them. */
export function youthOf(document: CaseIndexEntry): Youth {
  const roots = Object.values(document.instances).filter((instance) => !instance.parentId);
  const root: IndexedInstanceRecord | undefined =
    roots.find((instance) => instance.definitionKey === 'toeleiding') ?? roots[0];
  const value: JsonValue | undefined = root?.variables.jeugdige;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return NO_YOUTH;
  const initialen = typeof value.initialen === 'string' && value.initialen.trim() ? value.initialen.trim() : undefined;
  const geboortedatum = typeof value.geboortedatum === 'string' ? value.geboortedatum : undefined;
  // Plain literals, not spreads of optional parts: those give every object a hidden class of its own.
  if (initialen !== undefined && geboortedatum !== undefined) return { initialen, geboortedatum };
  if (initialen !== undefined) return { initialen };
  if (geboortedatum !== undefined) return { geboortedatum };
  return NO_YOUTH;
}

/** The calendar day in the Netherlands as YYYY-MM-DD: an age changes on the Dutch day, as the task page counts it. */
export function calendarDay(now: Date): string {
  return amsterdamDay(now);
}

function ageOf(youth: Youth, today: string): number | undefined {
  const age = ageOn(youth.geboortedatum, today);
  // A date of birth in the future is a typing error, not an age.
  return age !== undefined && age >= 0 ? age : undefined;
}

/** The youth on the case list: whatever is known. */
export function caseYouth(youth: Youth, today: string): CaseYouth {
  const leeftijd = ageOf(youth, today);
  return {
    ...(youth.initialen ? { initialen: youth.initialen } : {}),
    ...(leeftijd !== undefined ? { leeftijd } : {}),
  };
}

/** The youth on a task row, "L.B., 14 jaar": only when both are known. */
export function taskYouth(youth: Youth | undefined, today: string): TaskYouth | undefined {
  if (!youth?.initialen) return undefined;
  const leeftijd = ageOf(youth, today);
  return leeftijd === undefined ? undefined : { initialen: youth.initialen, leeftijd };
}

/** The task with its case's youth, as every task answer and event carries it. */
export function withYouth(task: Task, youth: Youth | undefined, today: string): Task {
  const jeugdige = taskYouth(youth, today);
  if (!jeugdige) {
    if (!task.jeugdige) return task;
    const { jeugdige: _stale, ...rest } = task;
    return rest;
  }
  return { ...task, jeugdige };
}
