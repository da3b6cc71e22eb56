import { type Figures, TAAKGEBIEDEN, TRIAGE_OUTCOMES, type TriageOutcome } from '../contract/api';
import type { CaseFacts } from './case-facts';

const DAY = 86_400_000;
const CRISIS_NORM = 24 * 3_600_000;
/** Counts from 1 to 4 in a breakdown by team are withheld: too few to stay anonymous. */
export const SMALL_CELL = 5;

export interface FiguresFilter {
  /** Aanmelding from (inclusive) and to (exclusive), ms. */
  from: number;
  until: number;
  /** The teams the figures cover. */
  teams: ReadonlySet<string>;
  taakgebied?: (typeof TAAKGEBIEDEN)[number];
  now: number;
  /** The first day of each month of the period, ms, oldest first, with its label. */
  months: Array<{ start: number; label: string }>;
}

export interface StepInfo {
  definitionKey: string;
  elementId: string;
  name: string;
}

type Aggregate = Omit<Figures, 'from' | 'to' | 'berekendOp' | 'filters' | 'doelwaarden'>;

/**
 * Aggregates the facts of the matching cases: one pass over compact records, no case document
 * read. Percentiles are computed on the collected lead times of the matching cases only.
 */
export function aggregate(facts: Iterable<CaseFacts>, filter: FiguresFilter, steps: readonly StepInfo[]): Aggregate {
  const areaBit = filter.taakgebied ? 1 << TAAKGEBIEDEN.indexOf(filter.taakgebied) : 0;
  const doorloop: number[] = [];
  const wacht: number[] = [];
  let aanmeldingen = 0;
  let beschikkingen = 0;
  const triage = Object.fromEntries(TRIAGE_OUTCOMES.map((outcome) => [outcome, 0])) as Record<TriageOutcome, number>;
  const mdo = { gehouden: 0, overeenstemmingEersteKeer: 0, opnieuwGepland: 0, geescaleerd: 0 };
  const niveaus = [0, 0, 0, 0];
  let escalatiesLopend = 0;
  const crisis = { totaal: 0, binnen24uur: 0 };
  const plaatsingen = { geplaatst: 0, ambulant: 0, geescaleerd: 0, overbrugging: 0, trajecten: 0, eersteKeerGoed: 0 };
  let geplaatsteCasussen = 0;
  const rondes: number[] = [];
  const stepHours: number[][] = steps.map(() => []);
  const stepWithin = steps.map(() => ({ met: 0, binnen: 0 }));
  const perTeam = new Map<string, { open: number; overTermijn: number }>();
  for (const team of filter.teams) perTeam.set(team, { open: 0, overTermijn: 0 });
  let open = 0;
  let overTermijn = 0;
  const months = filter.months.map(() => ({ aanmeldingen: 0, doorloop: [] as number[] }));

  for (const fact of facts) {
    if (!filter.teams.has(fact.team)) continue;
    if (areaBit !== 0 && (fact.taakgebieden & areaBit) === 0) continue;
    // What is open now belongs to no period.
    if (fact.openTaken.length > 0) {
      const teamCount = perTeam.get(fact.team);
      for (const due of fact.openTaken) {
        open++;
        const late = due < filter.now;
        if (late) overTermijn++;
        if (teamCount) {
          teamCount.open++;
          if (late) teamCount.overTermijn++;
        }
      }
    }
    const at = fact.aanmelding;
    if (!(at >= filter.from && at < filter.until)) continue;
    aanmeldingen++;
    const month = monthIndex(filter.months, at);
    const monthEntry = month >= 0 ? months[month] : undefined;
    if (monthEntry) monthEntry.aanmeldingen++;
    if (fact.hulpGestart >= 0) {
      const lead = (fact.hulpGestart - at) / DAY;
      doorloop.push(lead);
      monthEntry?.doorloop.push(lead);
    }
    if (fact.beschikking >= 0) {
      beschikkingen++;
      if (fact.hulpGestart >= fact.beschikking) wacht.push((fact.hulpGestart - fact.beschikking) / DAY);
    }
    if (fact.triage) triage[fact.triage]++;
    mdo.gehouden += fact.mdo.gehouden;
    mdo.overeenstemmingEersteKeer += fact.mdo.eersteKeer;
    mdo.opnieuwGepland += fact.mdo.opnieuwGepland;
    mdo.geescaleerd += fact.mdo.geescaleerd;
    for (let level = 0; level < 4; level++) niveaus[level]! += fact.escalaties[level]!;
    escalatiesLopend += fact.escalatiesLopend;
    crisis.totaal += fact.crisis.afgerond;
    crisis.binnen24uur += fact.crisis.binnen24uur;
    // An open intervention past its 24 hours has missed the norm already.
    for (const since of fact.crisis.openSinds) if (filter.now - since > CRISIS_NORM) crisis.totaal++;
    const p = fact.plaatsingen;
    plaatsingen.geplaatst += p.geplaatst;
    plaatsingen.ambulant += p.ambulant;
    plaatsingen.geescaleerd += p.geescaleerd;
    plaatsingen.overbrugging += p.overbrugging;
    plaatsingen.trajecten += p.trajecten;
    if (p.geplaatst > 0) {
      geplaatsteCasussen++;
      if (p.geplaatst === 1) plaatsingen.eersteKeerGoed++;
    }
    for (const rounds of p.matchingrondes) rondes.push(rounds);
    for (const step of fact.stappen) {
      stepHours[step.step]?.push(step.uren);
      const within = stepWithin[step.step];
      if (within && step.binnenTermijn !== undefined) {
        within.met++;
        if (step.binnenTermijn) within.binnen++;
      }
    }
  }

  const doorloopSorted = doorloop.sort(numeric);
  const wachtSorted = wacht.sort(numeric);
  return {
    toeleiding: {
      aanmeldingen,
      hulpGestart: doorloop.length,
      doorlooptijdDagen: { p50: days(percentile(doorloopSorted, 50)), p90: days(percentile(doorloopSorted, 90)) },
    },
    wachttijd: {
      beschikkingen,
      hulpGestart: wacht.length,
      dagen: { p50: days(percentile(wachtSorted, 50)), p90: days(percentile(wachtSorted, 90)) },
    },
    triage,
    mdo: {
      ...mdo,
      overeenstemmingEersteKeerPct: share(mdo.overeenstemmingEersteKeer, mdo.gehouden),
      geescaleerdPct: share(mdo.geescaleerd, mdo.gehouden),
    },
    escalaties: {
      perNiveau: { '1': niveaus[0]!, '2': niveaus[1]!, '3': niveaus[2]!, '4': niveaus[3]! },
      lopend: escalatiesLopend,
    },
    crisis: { ...crisis, binnen24uurPct: share(crisis.binnen24uur, crisis.totaal) },
    plaatsingen: {
      geplaatst: plaatsingen.geplaatst,
      ambulant: plaatsingen.ambulant,
      geescaleerd: plaatsingen.geescaleerd,
      overbrugging: plaatsingen.overbrugging,
      matchingrondes: { p50: percentile(rondes.sort(numeric), 50) },
      eersteKeerGoed: plaatsingen.eersteKeerGoed,
      eersteKeerGoedPct: share(plaatsingen.eersteKeerGoed, geplaatsteCasussen),
      overbruggingPct: share(plaatsingen.overbrugging, plaatsingen.trajecten),
    },
    taken: {
      open,
      overTermijn,
      overTermijnPct: share(overTermijn, open),
      perTeam: Object.fromEntries(
        [...perTeam].map(([team, counts]) => [
          team,
          { open: suppress(counts.open), overTermijn: suppress(counts.overTermijn) },
        ]),
      ),
    },
    stappen: steps
      .map((step, index) => {
        const hours = stepHours[index]!.sort(numeric);
        const within = stepWithin[index]!;
        return {
          definitionKey: step.definitionKey,
          elementId: step.elementId,
          name: step.name,
          afgerond: hours.length,
          p50Uren: round1(percentile(hours, 50)),
          binnenTermijnPct: share(within.binnen, within.met),
          metTermijn: within.met,
        };
      })
      .filter((step) => step.afgerond > 0)
      .sort((a, b) => a.definitionKey.localeCompare(b.definitionKey) || a.elementId.localeCompare(b.elementId)),
    trend: filter.months.map((month, index) => {
      const entry = months[index]!;
      return {
        maand: month.label,
        aanmeldingen: entry.aanmeldingen,
        hulpGestart: entry.doorloop.length,
        doorlooptijdP50: days(percentile(entry.doorloop.sort(numeric), 50)),
      };
    }),
  };
}

const numeric = (a: number, b: number) => a - b;

/** Nearest-rank percentile of sorted values; null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

function round1(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

const days = round1;

function share(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

/** Small-cell suppression: 1 to 4 is withheld; 0 says nothing about anyone. */
function suppress(count: number): number | null {
  return count > 0 && count < SMALL_CELL ? null : count;
}

function monthIndex(months: FiguresFilter['months'], at: number): number {
  for (let index = months.length - 1; index >= 0; index--) if (at >= months[index]!.start) return index;
  return -1;
}
