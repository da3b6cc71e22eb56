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

/** A growable list of integers, kept between requests so a request allocates almost nothing. */
class IntList {
  private data = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  /** The values pushed since the last reset, as a view the percentile may reorder. */
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/** Buffers shared by every request: aggregate() runs to its end without yielding, so one at a time. */
const buffers = {
  doorloop: new IntList(),
  wacht: new IntList(),
  rondes: new IntList(),
  steps: [] as IntList[],
  months: [] as IntList[],
};

function reset(lists: IntList[], count: number): IntList[] {
  while (lists.length < count) lists.push(new IntList());
  for (let index = 0; index < count; index++) lists[index]!.length = 0;
  return lists;
}

/**
 * Aggregates the facts of the matching cases without reading a case document: one pass over
 * flat records, lead times collected as integers in reused buffers, percentiles by selection.
 */
export function aggregate(facts: Iterable<CaseFacts>, filter: FiguresFilter, steps: readonly StepInfo[]): Aggregate {
  const areaBit = filter.taakgebied ? 1 << TAAKGEBIEDEN.indexOf(filter.taakgebied) : 0;
  const { doorloop, wacht, rondes } = buffers;
  doorloop.length = 0;
  wacht.length = 0;
  rondes.length = 0;
  const stepHours = reset(buffers.steps, steps.length);
  const perMonth = reset(buffers.months, filter.months.length);
  let aanmeldingen = 0;
  let beschikkingen = 0;
  const triageCounts = new Int32Array(TRIAGE_OUTCOMES.length);
  let mdoGehouden = 0;
  let mdoEersteKeer = 0;
  let mdoOpnieuwGepland = 0;
  let mdoGeescaleerd = 0;
  let niveau1 = 0;
  let niveau2 = 0;
  let niveau3 = 0;
  let niveau4 = 0;
  let escalatiesLopend = 0;
  let crisisTotaal = 0;
  let crisisBinnen = 0;
  let geplaatst = 0;
  let ambulant = 0;
  let geescaleerd = 0;
  let overbrugging = 0;
  let trajecten = 0;
  let eersteKeerGoed = 0;
  let geplaatsteCasussen = 0;
  const stepWithTerm = new Int32Array(steps.length);
  const stepWithin = new Int32Array(steps.length);
  const perTeam = new Map<string, { open: number; overTermijn: number }>();
  for (const team of filter.teams) perTeam.set(team, { open: 0, overTermijn: 0 });
  let open = 0;
  let overTermijn = 0;
  const monthCount = new Int32Array(filter.months.length);
  const now = filter.now;

  for (const fact of facts) {
    if (!filter.teams.has(fact.team)) continue;
    if (areaBit !== 0 && (fact.taakgebieden & areaBit) === 0) continue;
    // What is open now belongs to no period.
    const due = fact.openTaken;
    if (due !== null) {
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
    aanmeldingen++;
    const month = monthIndex(filter.months, at);
    if (month >= 0) monthCount[month]!++;
    if (fact.doorloopTienden >= 0) {
      doorloop.push(fact.doorloopTienden);
      if (month >= 0) perMonth[month]!.push(fact.doorloopTienden);
    }
    if (fact.beschikking >= 0) beschikkingen++;
    if (fact.wachtTienden >= 0) wacht.push(fact.wachtTienden);
    if (fact.triage >= 0) triageCounts[fact.triage]!++;
    mdoGehouden += fact.mdoGehouden;
    mdoEersteKeer += fact.mdoEersteKeer;
    mdoOpnieuwGepland += fact.mdoOpnieuwGepland;
    mdoGeescaleerd += fact.mdoGeescaleerd;
    niveau1 += fact.niveau1;
    niveau2 += fact.niveau2;
    niveau3 += fact.niveau3;
    niveau4 += fact.niveau4;
    escalatiesLopend += fact.escalatiesLopend;
    crisisTotaal += fact.crisisAfgerond;
    crisisBinnen += fact.crisisBinnen24uur;
    const openCrises = fact.crisisOpenSinds;
    // An open intervention past its 24 hours has missed the norm already.
    if (openCrises !== null) for (const since of openCrises) if (now - since > CRISIS_NORM) crisisTotaal++;
    geplaatst += fact.geplaatst;
    ambulant += fact.ambulant;
    geescaleerd += fact.geescaleerd;
    overbrugging += fact.overbrugging;
    trajecten += fact.trajecten;
    if (fact.geplaatst > 0) {
      geplaatsteCasussen++;
      if (fact.geplaatst === 1) eersteKeerGoed++;
    }
    const rounds = fact.matchingrondes;
    if (rounds !== null) for (let index = 0; index < rounds.length; index++) rondes.push(rounds[index]!);
    const done = fact.stappen;
    if (done !== null) {
      for (let index = 0; index < done.length; index += 3) {
        const step = done[index]!;
        stepHours[step]!.push(done[index + 1]!);
        const term = done[index + 2]!;
        if (term !== 0) {
          stepWithTerm[step]!++;
          if (term === 1) stepWithin[step]!++;
        }
      }
    }
  }

  const triage = Object.fromEntries(TRIAGE_OUTCOMES.map((outcome, index) => [outcome, triageCounts[index]!])) as Record<
    TriageOutcome,
    number
  >;
  const doorloopValues = doorloop.view();
  const wachtValues = wacht.view();
  return {
    toeleiding: {
      aanmeldingen,
      hulpGestart: doorloopValues.length,
      doorlooptijdDagen: {
        p50: inTenths(percentile(doorloopValues, 50)),
        p90: inTenths(percentile(doorloopValues, 90)),
      },
    },
    wachttijd: {
      beschikkingen,
      hulpGestart: wachtValues.length,
      dagen: { p50: inTenths(percentile(wachtValues, 50)), p90: inTenths(percentile(wachtValues, 90)) },
    },
    triage,
    mdo: {
      gehouden: mdoGehouden,
      overeenstemmingEersteKeer: mdoEersteKeer,
      opnieuwGepland: mdoOpnieuwGepland,
      geescaleerd: mdoGeescaleerd,
      overeenstemmingEersteKeerPct: share(mdoEersteKeer, mdoGehouden),
      geescaleerdPct: share(mdoGeescaleerd, mdoGehouden),
    },
    escalaties: {
      perNiveau: { '1': niveau1, '2': niveau2, '3': niveau3, '4': niveau4 },
      lopend: escalatiesLopend,
    },
    crisis: { totaal: crisisTotaal, binnen24uur: crisisBinnen, binnen24uurPct: share(crisisBinnen, crisisTotaal) },
    plaatsingen: {
      geplaatst,
      ambulant,
      geescaleerd,
      overbrugging,
      matchingrondes: { p50: percentile(rondes.view(), 50) },
      eersteKeerGoed,
      eersteKeerGoedPct: share(eersteKeerGoed, geplaatsteCasussen),
      overbruggingPct: share(overbrugging, trajecten),
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
        const hours = stepHours[index]!.view();
        return {
          definitionKey: step.definitionKey,
          elementId: step.elementId,
          name: step.name,
          afgerond: hours.length,
          p50Uren: inTenths(percentile(hours, 50)),
          binnenTermijnPct: share(stepWithin[index]!, stepWithTerm[index]!),
          metTermijn: stepWithTerm[index]!,
        };
      })
      .filter((step) => step.afgerond > 0)
      .sort((a, b) => a.definitionKey.localeCompare(b.definitionKey) || a.elementId.localeCompare(b.elementId)),
    trend: filter.months.map((month, index) => {
      const values = perMonth[index]!.view();
      return {
        maand: month.label,
        aanmeldingen: monthCount[index]!,
        hulpGestart: values.length,
        doorlooptijdP50: inTenths(percentile(values, 50)),
      };
    }),
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
