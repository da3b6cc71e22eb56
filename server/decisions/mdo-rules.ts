import type { JsonValue, ProblemItem, Variables } from '../contract/api';
import { dayOf, dutchDay } from './days';

/**
 * The rules an MDO decision must meet before it can be recorded (DOMAIN.md §2.2 and §3): every
 * required discipline was present, consent fits the youth's age on the day of the MDO, and a
 * decision without agreement says who disagrees and why. What the chair's form cannot vouch for
 * comes from the case's records as `MdoFacts`: the preparation invited the youth and the parents
 * (or said why not), the MDO's day has come, and a decision for a stay has a verklarende analyse
 * in the case. When they are not met the chair records "MDO opnieuw plannen" instead, which these
 * rules never block.
 */

/**
 * What the server knows besides the chair's form. Each rule that needs a fact is skipped when it
 * is absent, so a caller that cannot know it (an older task) is not refused for that reason.
 */
export interface MdoFacts {
  /** Today on the server's clock (YYYY-MM-DD, Amsterdam). */
  vandaag?: string;
  /** What "MDO voorbereiden" recorded, not what the chair's form says. */
  voorbereiding?: { mdoDatum?: string; jeugdigeEnOudersUitgenodigd?: boolean; redenNietUitgenodigd?: string };
  /** Whether the case holds a completed "Verklarende analyse opstellen". */
  verklarendeAnalyse?: boolean;
}

/** The facts as the server serves them with the chair's task (`dossier`), read back defensively. */
export function mdoFactsOf(value: JsonValue | undefined): MdoFacts {
  const facts = asObject(value);
  if (!facts) return {};
  const preparation = asObject(facts.voorbereiding);
  const text = (candidate: JsonValue | undefined) => (typeof candidate === 'string' ? candidate : undefined);
  return {
    ...(text(facts.vandaag) ? { vandaag: text(facts.vandaag)! } : {}),
    ...(typeof facts.verklarendeAnalyse === 'boolean' ? { verklarendeAnalyse: facts.verklarendeAnalyse } : {}),
    ...(preparation
      ? {
          voorbereiding: {
            ...(text(preparation.mdoDatum) ? { mdoDatum: text(preparation.mdoDatum)! } : {}),
            ...(typeof preparation.jeugdigeEnOudersUitgenodigd === 'boolean'
              ? { jeugdigeEnOudersUitgenodigd: preparation.jeugdigeEnOudersUitgenodigd }
              : {}),
            ...(text(preparation.redenNietUitgenodigd)
              ? { redenNietUitgenodigd: text(preparation.redenNietUitgenodigd)! }
              : {}),
          },
        }
      : {}),
  };
}

export const DISCIPLINE_LABELS: Record<string, string> = {
  'sociale-basis': 'Sociale basis',
  slt: 'Stevig Lokaal Team',
  specialistisch: 'Specialistische en locatiegebonden jeugdhulp',
  'verblijf-crisis': 'Verblijf met behandeling en crisiszorg',
  onderwijs: 'Jeugdhulp in het onderwijs',
  wonen: 'Wonen met begeleiding',
  'gemeentelijk-sociaal-domein': 'Gemeentelijk sociaal domein',
  jeugdige: 'Jeugdige',
  ouders: 'Ouder(s) of verzorger(s)',
  overig: 'Anders',
};

export type ConsentBasis = 'jeugdige' | 'ouders' | 'beiden' | 'gedwongen-kader';

/** Jeugdwet 7.3.4/7.3.5/7.3.15: who must consent, by age; no consent within a gedwongen kader. */
export function consentNeeded(age: number): { accepted: ConsentBasis[]; who: string } {
  if (age < 12) return { accepted: ['ouders', 'beiden', 'gedwongen-kader'], who: 'de ouders met gezag' };
  if (age < 16) return { accepted: ['beiden', 'gedwongen-kader'], who: 'de jeugdige én de ouders met gezag' };
  return { accepted: ['jeugdige', 'beiden', 'gedwongen-kader'], who: 'de jeugdige zelf' };
}

/** Whole years between a date of birth and a day, both YYYY-MM-DD; undefined if either is missing. */
export function ageOn(birthDate: string | undefined, day: string | undefined): number | undefined {
  const birth = parseDay(birthDate);
  const on = parseDay(day);
  if (!birth || !on) return undefined;
  let age = on.year - birth.year;
  if (on.month < birth.month || (on.month === birth.month && on.day < birth.day)) age -= 1;
  return age;
}

/** Problems that keep an MDO decision from being recorded; empty when it may be recorded. */
export function mdoDecisionProblems(variables: Variables, facts: MdoFacts = {}): ProblemItem[] {
  if (variables.mdoUitkomst !== 'besluit') return [];
  const problems: ProblemItem[] = [];
  const replan = 'Leg "MDO opnieuw plannen" vast en plan een nieuw MDO.';
  problems.push(...invitationProblems(facts), ...dateProblems(variables, facts));

  const required = stringList(variables.vereisteDisciplines);
  const present = new Set(
    objectList(variables.deelnemers)
      .filter((deelnemer) => deelnemer.aanwezig === true)
      .map((deelnemer) => deelnemer.discipline),
  );
  for (const discipline of required.filter((candidate) => !present.has(candidate))) {
    problems.push({
      path: 'variables.deelnemers',
      code: 'discipline-absent',
      message: `De vereiste discipline "${DISCIPLINE_LABELS[discipline] ?? discipline}" was niet aanwezig. ${replan}`,
    });
  }

  const jeugdige = asObject(variables.jeugdige);
  const birthDate = typeof jeugdige?.geboortedatum === 'string' ? jeugdige.geboortedatum : undefined;
  const mdoDate = typeof variables.mdoDatum === 'string' ? variables.mdoDatum : undefined;
  const basis = asObject(variables.toestemming)?.basis;
  const age = ageOn(birthDate, mdoDate);
  if (basis !== 'gedwongen-kader') {
    if (age === undefined) {
      problems.push({
        path: 'variables.jeugdige.geboortedatum',
        code: 'age-unknown',
        message:
          'De leeftijd van de jeugdige op de MDO-datum is niet bekend, dus de toestemming kan niet worden getoetst.',
      });
    } else {
      const needed = consentNeeded(age);
      if (!needed.accepted.includes(basis as ConsentBasis)) {
        problems.push({
          path: 'variables.toestemming.basis',
          code: 'consent-missing',
          message: `De jeugdige is ${age} jaar op de MDO-datum: toestemming van ${needed.who} is nodig. ${replan}`,
        });
      }
    }
  }

  if (asObject(variables.besluit)?.verblijfNodig === true && facts.verklarendeAnalyse === false) {
    problems.push({
      path: 'variables.besluit.verblijfNodig',
      code: 'analysis-missing',
      message:
        'Verblijf (uithuisplaatsing) kan pas worden besloten na een verklarende analyse, en die is in deze casus niet opgesteld. Leg "MDO opnieuw plannen" vast en vink bij de voorbereiding "Uithuisplaatsing wordt overwogen" aan: dan volgt eerst de verklarende analyse.',
    });
  }

  if (variables.overeenstemming !== true && objectList(variables.afwijkendeStandpunten).length === 0) {
    problems.push({
      path: 'variables.afwijkendeStandpunten',
      code: 'dissent-missing',
      message: 'Er is geen overeenstemming: leg vast wie het niet eens is en waarom.',
    });
  }
  return problems;
}

/** DOMAIN.md §3: the youth and the parents are invited to every MDO, or the preparation says why not. */
function invitationProblems(facts: MdoFacts): ProblemItem[] {
  const preparation = facts.voorbereiding;
  if (!preparation) return [];
  if (preparation.jeugdigeEnOudersUitgenodigd === true || (preparation.redenNietUitgenodigd ?? '').trim() !== '') {
    return [];
  }
  return [
    {
      path: 'voorbereiding.jeugdigeEnOudersUitgenodigd',
      code: 'invitation-missing',
      message:
        'De voorbereiding legt niet vast dat de jeugdige en de ouders zijn uitgenodigd, of waarom niet. Leg "MDO opnieuw plannen" vast; bij de voorbereiding wordt de uitnodiging vastgelegd.',
    },
  ];
}

/** A decision is recorded on or after the MDO's day, and its evaluation lies after that day. */
function dateProblems(variables: Variables, facts: MdoFacts): ProblemItem[] {
  const problems: ProblemItem[] = [];
  const today = facts.vandaag;
  const planned = dayOf(facts.voorbereiding?.mdoDatum);
  const held = dayOf(variables.mdoDatum);
  if (today && planned && planned > today) {
    problems.push({
      path: 'voorbereiding.mdoDatum',
      code: 'mdo-not-yet-held',
      message: `Het MDO is gepland op ${dutchDay(planned)}: een besluit kan pas vanaf die dag worden vastgelegd. Is het MDO verplaatst? Leg "MDO opnieuw plannen" vast met de nieuwe datum.`,
    });
  } else if (today && held && held > today) {
    problems.push({
      path: 'variables.mdoDatum',
      code: 'mdo-not-yet-held',
      message: `De datum van het MDO (${dutchDay(held)}) ligt na vandaag: een besluit kan pas vanaf die dag worden vastgelegd.`,
    });
  }
  const evaluation = dayOf(asObject(variables.besluit)?.evaluatiedatum);
  if (evaluation && held && evaluation <= held) {
    problems.push({
      path: 'variables.besluit.evaluatiedatum',
      code: 'evaluation-before-mdo',
      message: `De evaluatiedatum (${dutchDay(evaluation)}) moet na de datum van het MDO (${dutchDay(held)}) liggen.`,
    });
  }
  return problems;
}

function parseDay(value: string | undefined): { year: number; month: number; day: number } | undefined {
  const match = value ? /^(\d{4})-(\d{2})-(\d{2})/.exec(value) : null;
  return match ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) } : undefined;
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
