import { type Figures, TAAKGEBIEDEN, TRIAGE_OUTCOMES, type TriageOutcome } from '../contract/api';
import type { CaseFacts } from './case-facts';

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
 * Aggregates the facts of the matching cases without reading a case document. The first pass
 * counts and keeps the matching records; the second puts each lead time into a typed array of
 * exactly the right size, which sorts natively (integers: tenths of days or hours).
 */
export function aggregate(facts: Iterable<CaseFacts>, filter: FiguresFilter, steps: readonly StepInfo[]): Aggregate {
  const areaBit = filter.taakgebied ? 1 << TAAKGEBIEDEN.indexOf(filter.taakgebied) : 0;
  const matched: CaseFacts[] = [];
  let doorloopCount = 0;
  let wachtCount = 0;
  let beschikkingen = 0;
  const triage = Object.fromEntries(TRIAGE_OUTCOMES.map((outcome) => [outcome, 0])) as Record<TriageOutcome, number>;
  const mdo = { gehouden: 0, overeenstemmingEersteKeer: 0, opnieuwGepland: 0, geescaleerd: 0 };
  const niveaus = [0, 0, 0, 0];
  let escalatiesLopend = 0;
  const crisis = { totaal: 0, binnen24uur: 0 };
  const plaatsingen = { geplaatst: 0, ambulant: 0, geescaleerd: 0, overbrugging: 0, trajecten: 0, eersteKeerGoed: 0 };
  let geplaatsteCasussen = 0;
  let rondesCount = 0;
  const stepCount = new Int32Array(steps.length);
  const stepWithTerm = new Int32Array(steps.length);
  const stepWithin = new Int32Array(steps.length);
  const perTeam = new Map<string, { open: number; overTermijn: number }>();
  for (const team of filter.teams) perTeam.set(team, { open: 0, overTermijn: 0 });
  let open = 0;
  let overTermijn = 0;
  const monthCount = new Int32Array(filter.months.length);
  const monthStarted = new Int32Array(filter.months.length);
  const now = filter.now;

  for (const fact of facts) {
    if (!filter.teams.has(fact.team)) continue;
    if (areaBit !== 0 && (fact.taakgebieden & areaBit) === 0) continue;
    // What is open now belongs to no period.
    const due = fact.openTaken;
    if (due.length > 0) {
      let late = 0;
      for (let index = 0; index < due.length; index++) if (due[index]! < now) late++;
      open += due.length;
      overTermijn += late;
      const teamCount = perTeam.get(fact.team);
      if (teamCount) {
        teamCount.open += due.length;
        teamCount.overTermijn += late;
      }
    }
    const at = fact.aanmelding;
    if (!(at >= filter.from && at < filter.until)) continue;
    matched.push(fact);
    const month = monthIndex(filter.months, at);
    if (month >= 0) monthCount[month]!++;
    if (fact.doorloopTienden >= 0) {
      doorloopCount++;
      if (month >= 0) monthStarted[month]!++;
    }
    if (fact.beschikking >= 0) beschikkingen++;
    if (fact.wachtTienden >= 0) wachtCount++;
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
    for (const since of fact.crisis.openSinds) if (now - since > CRISIS_NORM) crisis.totaal++;
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
    rondesCount += p.matchingrondes.length;
    const stepIndex = fact.stapIndex;
    const term = fact.stapTermijn;
    for (let index = 0; index < stepIndex.length; index++) {
      const step = stepIndex[index]!;
      stepCount[step]!++;
      const within = term[index]!;
      if (within !== 0) {
        stepWithTerm[step]!++;
        if (within === 1) stepWithin[step]!++;
      }
    }
  }

  // Second pass: the values the percentiles need, each list in an array of its exact size.
  const doorloop = new Int32Array(doorloopCount);
  const wacht = new Int32Array(wachtCount);
  const rondes = new Int32Array(rondesCount);
  const perMonth = Array.from(monthStarted, (count) => new Int32Array(count));
  const monthFill = new Int32Array(filter.months.length);
  const stepHours = Array.from(stepCount, (count) => new Int32Array(count));
  const stepFill = new Int32Array(steps.length);
  let d = 0;
  let w = 0;
  let r = 0;
  for (const fact of matched) {
    if (fact.doorloopTienden >= 0) {
      doorloop[d++] = fact.doorloopTienden;
      const month = monthIndex(filter.months, fact.aanmelding);
      if (month >= 0) perMonth[month]![monthFill[month]!++] = fact.doorloopTienden;
    }
    if (fact.wachtTienden >= 0) wacht[w++] = fact.wachtTienden;
    for (const rounds of fact.plaatsingen.matchingrondes) rondes[r++] = rounds;
    const stepIndex = fact.stapIndex;
    const hours = fact.stapTienden;
    for (let index = 0; index < stepIndex.length; index++) {
      const step = stepIndex[index]!;
      stepHours[step]![stepFill[step]!++] = hours[index]!;
    }
  }

  return {
    toeleiding: {
      aanmeldingen: matched.length,
      hulpGestart: doorloopCount,
      doorlooptijdDagen: { p50: inTenths(percentile(doorloop, 50)), p90: inTenths(percentile(doorloop, 90)) },
    },
    wachttijd: {
      beschikkingen,
      hulpGestart: wachtCount,
      dagen: { p50: inTenths(percentile(wacht, 50)), p90: inTenths(percentile(wacht, 90)) },
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
      matchingrondes: { p50: percentile(rondes, 50) },
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
      .map((step, index) => ({
        definitionKey: step.definitionKey,
        elementId: step.elementId,
        name: step.name,
        afgerond: stepCount[index]!,
        p50Uren: inTenths(percentile(stepHours[index]!, 50)),
        binnenTermijnPct: share(stepWithin[index]!, stepWithTerm[index]!),
        metTermijn: stepWithTerm[index]!,
      }))
      .filter((step) => step.afgerond > 0)
      .sort((a, b) => a.definitionKey.localeCompare(b.definitionKey) || a.elementId.localeCompare(b.elementId)),
    trend: filter.months.map((month, index) => ({
      maand: month.label,
      aanmeldingen: monthCount[index]!,
      hulpGestart: monthStarted[index]!,
      doorlooptijdP50: inTenths(percentile(perMonth[index]!, 50)),
    })),
  };
}

/**
 * Nearest-rank percentile; null for none. Selects instead of sorting (linear on average), and
 * reorders `values` in place: asking p50 and then p90 of the same values is fine.
 */
export function percentile(values: Int32Array, p: number): number | null {
  if (values.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * values.length));
  return select(values, rank - 1);
}

/** The k-th smallest value (from 0), by Hoare's selection with a median-of-three pivot. */
function select(values: Int32Array, k: number): number {
  let left = 0;
  let right = values.length - 1;
  while (right > left) {
    const a = values[left]!;
    const b = values[(left + right) >>> 1]!;
    const c = values[right]!;
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return values[k]!;
  }
  return values[k]!;
}

/** Tenths back to one decimal. */
function inTenths(value: number | null): number | null {
  return value === null ? null : value / 10;
}

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
