import type { JsonValue, ProblemItem, Variables } from '../../../server/contract/api';
import {
  ageOn,
  consentNeeded,
  DISCIPLINE_LABELS,
  mdoDecisionProblems,
  mdoFactsOf,
} from '../../../server/decisions/mdo-rules';

/**
 * What the MDO chair's checklist shows, computed from the task's variables and the form as it is
 * now. Whether a decision may be recorded comes from the server's own rules
 * (server/decisions/mdo-rules.ts), so the screen and the server never disagree; this module only
 * adds what a checklist needs to say besides ("which disciplines are there already").
 */

export type CheckState = 'ok' | 'open';

export interface MdoChecks {
  /** The outcome the chair chose so far. */
  outcome: 'besluit' | 'opnieuw-plannen' | undefined;
  disciplines: Array<{ id: string; label: string; state: CheckState }>;
  consent: { state: CheckState; text: string };
  dissent: { state: CheckState; text: string };
  /** Rules on what the case's records say (invitation, the MDO's date, the analysis): only those not met. */
  records: ProblemItem[];
  /** The server's problems for a decision with this data (whatever the chosen outcome). */
  problems: ProblemItem[];
  /** A decision is chosen but may not be recorded. */
  blocked: boolean;
}

/** Problems the sections on disciplines, consent and dissent already show. */
const FORM_CODES = new Set(['discipline-absent', 'consent-missing', 'age-unknown', 'dissent-missing']);

const CONSENT_LABELS: Record<string, string> = {
  jeugdige: 'de jeugdige',
  ouders: 'de ouders met gezag',
  beiden: 'de jeugdige én de ouders',
  'gedwongen-kader': 'gedwongen kader (geen toestemming nodig)',
  geen: 'geen toestemming',
};

/**
 * `formData` is what FormController reports on change: dates already as ISO dates (the form shows
 * them as dd-mm-jjjj) and a date not (yet) real as null, so the rules never read a typed date.
 */
export function checkMdo(taskVariables: Variables, formData: Variables): MdoChecks {
  const merged: Variables = { ...taskVariables, ...formData };
  // form-js starts a shown list with one empty row; an empty row records no dissent.
  merged.afwijkendeStandpunten = objectList(merged.afwijkendeStandpunten).filter((item) =>
    Object.values(item).some((value) => typeof value === 'string' && value.trim() !== ''),
  );
  const outcome =
    merged.mdoUitkomst === 'besluit' || merged.mdoUitkomst === 'opnieuw-plannen' ? merged.mdoUitkomst : undefined;
  // Ask the rules as if a decision were being recorded, so the list is useful before choosing;
  // the server serves what its records say with the task (`dossier`), so both judge the same facts.
  const problems = mdoDecisionProblems({ ...merged, mdoUitkomst: 'besluit' }, mdoFactsOf(taskVariables.dossier));

  const present = new Set(
    objectList(merged.deelnemers)
      .filter((deelnemer) => deelnemer.aanwezig === true)
      .map((deelnemer) => deelnemer.discipline),
  );
  const disciplines = stringList(merged.vereisteDisciplines).map((id) => ({
    id,
    label: DISCIPLINE_LABELS[id] ?? id,
    state: (present.has(id) ? 'ok' : 'open') as CheckState,
  }));

  return {
    outcome,
    disciplines,
    consent: consentCheck(merged, problems),
    dissent: dissentCheck(merged, problems),
    records: problems.filter((problem) => !FORM_CODES.has(problem.code)),
    problems,
    blocked: outcome === 'besluit' && problems.length > 0,
  };
}

function consentCheck(merged: Variables, problems: ProblemItem[]): MdoChecks['consent'] {
  const basis = asObject(merged.toestemming)?.basis;
  const chosen = typeof basis === 'string' && basis !== '' ? (CONSENT_LABELS[basis] ?? basis) : undefined;
  if (basis === 'gedwongen-kader') return { state: 'ok', text: 'Gedwongen kader: er is geen toestemming nodig.' };
  const birthDate = stringOf(asObject(merged.jeugdige)?.geboortedatum);
  const mdoDate = stringOf(merged.mdoDatum);
  const age = ageOn(birthDate, mdoDate);
  const failed = problems.some((problem) => problem.code === 'consent-missing' || problem.code === 'age-unknown');
  if (age === undefined) {
    return {
      state: 'open',
      text: mdoDate
        ? 'Geboortedatum van de jeugdige onbekend: de toestemming kan niet worden getoetst.'
        : 'Vul de datum van het MDO in: de toestemming volgt de leeftijd op die dag.',
    };
  }
  const needed = consentNeeded(age);
  const base = `${age} jaar op de MDO-datum: toestemming van ${needed.who} nodig.`;
  if (failed)
    return { state: 'open', text: `${base} ${chosen ? `Nu vastgelegd: ${chosen}.` : 'Nog niets vastgelegd.'}` };
  return { state: 'ok', text: `${base} Vastgelegd: ${chosen ?? String(basis)}.` };
}

function dissentCheck(merged: Variables, problems: ProblemItem[]): MdoChecks['dissent'] {
  if (merged.overeenstemming === true) return { state: 'ok', text: 'Er is overeenstemming.' };
  if (!problems.some((problem) => problem.code === 'dissent-missing')) {
    return {
      state: 'ok',
      text: 'Geen overeenstemming; de afwijkende standpunten zijn vastgelegd (de escalatieladder volgt).',
    };
  }
  return {
    state: 'open',
    text: 'Nog niet vastgelegd: vink overeenstemming aan, of noteer wie het niet eens is en waarom.',
  };
}

function asObject(value: JsonValue | undefined): Record<string, JsonValue> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}

function objectList(value: JsonValue | undefined): Array<Record<string, JsonValue>> {
  return Array.isArray(value)
    ? value.map(asObject).filter((item): item is Record<string, JsonValue> => item !== undefined)
    : [];
}

function stringList(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function stringOf(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The chair's submit button says what it will do: record a decision or plan the MDO again. */
export function mdoSubmitLabel(outcome: MdoChecks['outcome']): string {
  return outcome === 'opnieuw-plannen' ? 'MDO opnieuw plannen' : 'Besluit vastleggen';
}
