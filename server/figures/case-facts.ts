import { intern } from '../cases/index-strings';
import {
  type DecisionRecord,
  type JsonValue,
  TAAKGEBIEDEN,
  type Taakgebied,
  TRIAGE_OUTCOMES,
  type TriageOutcome,
} from '../contract/api';
import { standingDecisions } from '../decisions/case-records';
import type { CaseIndexEntry, IndexedInstanceRecord, TaskRecord } from '../store/store';
import type { StepCatalogue } from './figure-facts-index';

/**
 * What one case contributes to the steering figures: one flat record of plain numbers, derived
 * from its case document alone (no history read) each time that case commits. The figures are
 * aggregated from these records per request, so an action's cost does not depend on the number
 * of cases, and a request's cost is one tight loop over small records. Flat on purpose: at
 * 100,000 cases the loop's time is the memory it touches, so counts are fields of the record
 * itself and the lists are typed arrays, absent (null) when empty. Nothing here identifies the
 * case or the youth: no case id, instance id, initials or date of birth.
 */
export interface CaseFacts {
  team: string;
  /** Bit set of TAAKGEBIEDEN (by index). */
  taakgebieden: number;
  /** Aanmelding: the root toeleiding instance's start (ms); NaN when the case has no toeleiding. */
  aanmelding: number;
  /** The first beschikking (ms), or NaN. */
  beschikking: number;
  /**
   * Days from aanmelding to the start of help, and from the beschikking to it, in whole tenths
   * (-1: none). Rounding each value first is exact: the percentile of rounded values is the
   * rounded percentile, and the answer shows one decimal anyway. Integers select fast.
   */
  doorloopTienden: number;
  wachtTienden: number;
  /** Index in TRIAGE_OUTCOMES of the last triage's outcome; -1 without one. */
  triage: number;
  mdoGehouden: number;
  mdoEersteKeer: number;
  mdoOpnieuwGepland: number;
  mdoGeescaleerd: number;
  /** Escalations that ended, by the level that decided. */
  niveau1: number;
  niveau2: number;
  niveau3: number;
  niveau4: number;
  escalatiesLopend: number;
  crisisAfgerond: number;
  crisisBinnen24uur: number;
  /** When each open crisis intervention's norm started (ms). */
  crisisOpenSinds: Float64Array | null;
  geplaatst: number;
  ambulant: number;
  geescaleerd: number;
  trajecten: number;
  overbrugging: number;
  /** Searches per placement coordination that ended geplaatst. */
  matchingrondes: Int32Array | null;
  /** Per completed user task three numbers: step (StepCatalogue index), tenths of hours, term (0 none, 1 within, 2 past). */
  stappen: Int32Array | null;
  /** Due times (ms) of the open tasks; NaN for one without a term. */
  openTaken: Float64Array | null;
}

/** The facts as they are gathered from a document, before they are packed into a CaseFacts. */
interface FactDraft {
  team: string;
  /** Bit set of TAAKGEBIEDEN (by index). */
  taakgebieden: number;
  /** Aanmelding: the root toeleiding instance's start (ms); NaN when the case has no toeleiding. */
  aanmelding: number;
  /** Start of help (ms), or NaN. */
  hulpGestart: number;
  /** The first beschikking (ms), or NaN. */
  beschikking: number;
  /**
   * Days from aanmelding to the start of help, and from the beschikking to it, in whole tenths
   * (-1: none). Rounding each value first is exact: the percentile of rounded values is the
   * rounded percentile, and the answer shows one decimal anyway. Integers select fast.
   */
  doorloopTienden: number;
  wachtTienden: number;
  /** Always present (undefined without a triage), so every record has one shape and the loop stays fast. */
  triage: TriageOutcome | undefined;
  mdo: { gehouden: number; eersteKeer: number; opnieuwGepland: number; geescaleerd: number };
  /** Escalations that ended, by deciding level 1-4 (index 0-3). */
  escalaties: [number, number, number, number];
  escalatiesLopend: number;
  /**
   * Crisis interventions: completed ones, and of those the ones within 24 hours of the crisis
   * start; an open one only counts (as late) once its 24 hours have passed, at query time.
   */
  crisis: { afgerond: number; binnen24uur: number; openSinds: number[] };
  plaatsingen: {
    geplaatst: number;
    ambulant: number;
    geescaleerd: number;
    /** Placement coordinations that ended (any outcome) or run. */
    trajecten: number;
    overbrugging: number;
    /** Searches per placement coordination that ended geplaatst. */
    matchingrondes: number[];
  };
  /**
   * Completed user tasks as parallel arrays: the step (StepCatalogue index), the tenths of hours
   * from creation to completion, and the term (0 none, 1 completed within it, 2 after it).
   */
  stapIndex: Int32Array;
  stapTienden: Int32Array;
  stapTermijn: Uint8Array;
  /** Due times (ms) of the open tasks; NaN for one without a term. */
  openTaken: number[];
}

/**
 * Where the facts live in the product diagrams (processes/*.bpmn). Element ids are part of the
 * contract between diagrams, forms and tests (DOMAIN.md §6), so a process owner who renames one
 * changes what the figures find; the scenario tests (tests/processes/figures.test.ts) walk them.
 */
export const FIGURE_ELEMENTS = {
  /** Help has really started: confirmed after a beschikking or placement, or deployed within the SLT. */
  hulpGestart: new Set(['toeleiding#Task_StartHulpBevestigen', 'toeleiding#Task_HulpInzettenSlt']),
  crisisinterventie: 'plaatsingscoordinatie#Task_Crisisinterventie',
  passendePlekZoeken: 'Task_PassendePlekZoeken',
  overbruggingszorg: 'Task_Overbruggingszorg',
} as const;

const HOUR = 3_600_000;
const DAY = 86_400_000;
const EMPTY_INT = new Int32Array(0);
const EMPTY_BYTE = new Uint8Array(0);

const tenths = (ms: number) => Math.round((ms / DAY) * 10);
const CRISIS_NORM = 24 * HOUR;
const triageOutcomes = new Set<string>(TRIAGE_OUTCOMES);

/** The facts of one case, from its document as just committed; cost follows the one case's size. */
export function factsOf(document: CaseIndexEntry, steps: StepCatalogue): CaseFacts {
  const instances = Object.values(document.instances);
  const byId = document.instances;
  const decisions = standingDecisions(document.decisions ?? []);
  const original = (document.decisions ?? []).filter((decision) => !decision.corrects);
  const root = instances.find((instance) => !instance.parentId && instance.definitionKey === 'toeleiding');
  const facts: FactDraft = {
    team: intern(document.team),
    taakgebieden: 0,
    aanmelding: root ? Date.parse(root.startedAt) : Number.NaN,
    hulpGestart: Number.NaN,
    beschikking: Number.NaN,
    doorloopTienden: -1,
    wachtTienden: -1,
    triage: undefined,
    mdo: { gehouden: 0, eersteKeer: 0, opnieuwGepland: 0, geescaleerd: 0 },
    escalaties: [0, 0, 0, 0],
    escalatiesLopend: 0,
    crisis: { afgerond: 0, binnen24uur: 0, openSinds: [] },
    plaatsingen: { geplaatst: 0, ambulant: 0, geescaleerd: 0, trajecten: 0, overbrugging: 0, matchingrondes: [] },
    stapIndex: EMPTY_INT,
    stapTienden: EMPTY_INT,
    stapTermijn: EMPTY_BYTE,
    openTaken: [],
  };
  const stapIndex: number[] = [];
  const stapTienden: number[] = [];
  const stapTermijn: number[] = [];

  const tasksByInstance = new Map<string, TaskRecord[]>();
  for (const task of Object.values(document.tasks)) {
    const list = tasksByInstance.get(task.instanceId);
    if (list) list.push(task);
    else tasksByInstance.set(task.instanceId, [task]);
    const instance = byId[task.instanceId];
    const definitionKey = instance?.definitionKey ?? '';
    if (task.state === 'open') {
      facts.openTaken.push(task.dueAt ? Date.parse(task.dueAt) : Number.NaN);
    }
    const key = `${definitionKey}#${task.elementId}`;
    if (key === FIGURE_ELEMENTS.crisisinterventie) crisisFact(facts, task, instance);
    if (task.state !== 'completed' || !task.completedAt) continue;
    const completed = Date.parse(task.completedAt);
    if (FIGURE_ELEMENTS.hulpGestart.has(key) && !(completed >= facts.hulpGestart)) facts.hulpGestart = completed;
    stapIndex.push(steps.indexOf(definitionKey, task.elementId, task.name));
    stapTienden.push(Math.max(0, Math.round(((completed - Date.parse(task.createdAt)) / HOUR) * 10)));
    stapTermijn.push(task.dueAt ? (completed <= Date.parse(task.dueAt) ? 1 : 2) : 0);
  }
  if (stapIndex.length > 0) {
    facts.stapIndex = Int32Array.from(stapIndex);
    facts.stapTienden = Int32Array.from(stapTienden);
    facts.stapTermijn = Uint8Array.from(stapTermijn);
  }

  for (const decision of original) {
    if (decision.kind !== 'beschikking') continue;
    const at = Date.parse(decision.recordedAt);
    if (!(at >= facts.beschikking)) facts.beschikking = at;
  }

  let areas = 0;
  const triage = decisions.filter((decision) => decision.kind === 'triage').at(-1)?.content.uitkomst;
  if (typeof triage === 'string' && triageOutcomes.has(triage)) {
    facts.triage = triage as TriageOutcome;
    if (triage === 'hulp-binnen-slt') areas |= areaBit('slt');
  }

  const mdoDecisions = new Map<string, DecisionRecord[]>();
  for (const decision of decisions) {
    // A decision that counts: an MDO's with agreement (without, the ladder's binding one replaces it).
    if ((decision.kind === 'mdo' && decision.content.overeenstemming === true) || decision.kind === 'escalatie') {
      areas |= areasOf(decision.content.besluit);
    }
    if (decision.kind !== 'mdo') continue;
    const list = mdoDecisions.get(decision.instanceId);
    if (list) list.push(decision);
    else mdoDecisions.set(decision.instanceId, [decision]);
  }
  for (const records of mdoDecisions.values()) mdoFact(facts, records);

  for (const instance of instances) {
    if (instance.definitionKey === 'escalatieladder') escalationFact(facts, instance, decisions);
    if (instance.definitionKey === 'plaatsingscoordinatie') {
      areas |= areaBit('verblijf-crisis');
      placementFact(facts, instance, tasksByInstance.get(instance.id) ?? []);
    }
  }
  if (facts.plaatsingen.geplaatst > 0) areas |= areaBit('verblijf-crisis');
  if (facts.hulpGestart >= facts.aanmelding) facts.doorloopTienden = tenths(facts.hulpGestart - facts.aanmelding);
  if (facts.hulpGestart >= facts.beschikking) facts.wachtTienden = tenths(facts.hulpGestart - facts.beschikking);
  facts.taakgebieden = areas;
  return packed(facts);
}

/** One flat record; empty lists are null, so the aggregation does not touch them. */
function packed(draft: FactDraft): CaseFacts {
  const steps = draft.stapIndex.length;
  let stappen: Int32Array | null = null;
  if (steps > 0) {
    stappen = new Int32Array(steps * 3);
    for (let index = 0; index < steps; index++) {
      stappen[index * 3] = draft.stapIndex[index]!;
      stappen[index * 3 + 1] = draft.stapTienden[index]!;
      stappen[index * 3 + 2] = draft.stapTermijn[index]!;
    }
  }
  const p = draft.plaatsingen;
  return shared({
    team: draft.team,
    taakgebieden: draft.taakgebieden,
    aanmelding: draft.aanmelding,
    beschikking: draft.beschikking,
    doorloopTienden: draft.doorloopTienden,
    wachtTienden: draft.wachtTienden,
    triage: draft.triage === undefined ? -1 : TRIAGE_OUTCOMES.indexOf(draft.triage),
    mdoGehouden: draft.mdo.gehouden,
    mdoEersteKeer: draft.mdo.eersteKeer,
    mdoOpnieuwGepland: draft.mdo.opnieuwGepland,
    mdoGeescaleerd: draft.mdo.geescaleerd,
    niveau1: draft.escalaties[0],
    niveau2: draft.escalaties[1],
    niveau3: draft.escalaties[2],
    niveau4: draft.escalaties[3],
    escalatiesLopend: draft.escalatiesLopend,
    crisisAfgerond: draft.crisis.afgerond,
    crisisBinnen24uur: draft.crisis.binnen24uur,
    crisisOpenSinds: draft.crisis.openSinds.length > 0 ? Float64Array.from(draft.crisis.openSinds) : null,
    geplaatst: p.geplaatst,
    ambulant: p.ambulant,
    geescaleerd: p.geescaleerd,
    trajecten: p.trajecten,
    overbrugging: p.overbrugging,
    matchingrondes: p.matchingrondes.length > 0 ? Int32Array.from(p.matchingrondes) : null,
    stappen,
    openTaken: openTaken(draft.openTaken),
  });
}

/**
 * Facts with no time or list of their own (no aanmelding, beschikking or completed step: cases
 * outside the toeleiding, or just started) are the same for many cases of a team: those cases
 * share one record. The aggregation only reads the records.
 */
const sharedFacts = new Map<string, CaseFacts>();

function shared(facts: CaseFacts): CaseFacts {
  if (
    !Number.isNaN(facts.aanmelding) ||
    !Number.isNaN(facts.beschikking) ||
    facts.stappen !== null ||
    facts.matchingrondes !== null ||
    facts.crisisOpenSinds !== null ||
    (facts.openTaken !== null && facts.openTaken !== untimed[facts.openTaken.length])
  ) {
    return facts;
  }
  const key = `${facts.team}\u0000${[
    facts.openTaken?.length ?? 0,
    facts.taakgebieden,
    facts.doorloopTienden,
    facts.wachtTienden,
    facts.triage,
    facts.mdoGehouden,
    facts.mdoEersteKeer,
    facts.mdoOpnieuwGepland,
    facts.mdoGeescaleerd,
    facts.niveau1,
    facts.niveau2,
    facts.niveau3,
    facts.niveau4,
    facts.escalatiesLopend,
    facts.crisisAfgerond,
    facts.crisisBinnen24uur,
    facts.geplaatst,
    facts.ambulant,
    facts.geescaleerd,
    facts.trajecten,
    facts.overbrugging,
  ].join(',')}`;
  const known = sharedFacts.get(key);
  if (known) return known;
  if (sharedFacts.size < 10_000) sharedFacts.set(key, facts);
  return facts;
}

/**
 * Open tasks without a term, the common case, as one shared list per count: a typed array costs
 * some 200 bytes however short, and these are the same for every such case (the aggregation only
 * reads them).
 */
const untimed: Float64Array[] = [];

function openTaken(due: number[]): Float64Array | null {
  if (due.length === 0) return null;
  if (due.length > 8 || !due.every(Number.isNaN)) return Float64Array.from(due);
  untimed[due.length] ??= new Float64Array(due.length).fill(Number.NaN);
  return untimed[due.length]!;
}

function areaBit(area: Taakgebied): number {
  return 1 << TAAKGEBIEDEN.indexOf(area);
}

function areasOf(besluit: JsonValue | undefined): number {
  if (typeof besluit !== 'object' || besluit === null || Array.isArray(besluit)) return 0;
  const areas = besluit.taakgebieden;
  if (!Array.isArray(areas)) return 0;
  let bits = 0;
  for (const area of areas) {
    const index = TAAKGEBIEDEN.indexOf(area as Taakgebied);
    if (index >= 0) bits |= 1 << index;
  }
  return bits;
}

/**
 * One MDO (instance), by its chair's records in order: held once a decision was recorded; agreement
 * the first time when its first record is a decision with agreement; escalated when the decision
 * had no agreement.
 */
function mdoFact(facts: FactDraft, records: DecisionRecord[]): void {
  const decided = records.filter((record) => record.content.mdoUitkomst === 'besluit');
  if (records.some((record) => record.content.mdoUitkomst === 'opnieuw-plannen')) facts.mdo.opnieuwGepland++;
  if (decided.length === 0) return;
  facts.mdo.gehouden++;
  const first = records[0]!;
  if (first.content.mdoUitkomst === 'besluit' && first.content.overeenstemming === true) facts.mdo.eersteKeer++;
  if (decided.at(-1)!.content.overeenstemming !== true) facts.mdo.geescaleerd++;
}

/** Decided at the level of the ladder's last decision record (its besluitNiveau output says the same). */
const LEVEL_OF_ELEMENT: Record<string, number> = {
  Task_Niveau1: 1,
  Task_Niveau2: 2,
  Task_Niveau3: 3,
  Task_Bovenregionaal: 4,
};

function escalationFact(facts: FactDraft, instance: IndexedInstanceRecord, decisions: DecisionRecord[]): void {
  if (instance.state === 'active') {
    facts.escalatiesLopend++;
    return;
  }
  if (instance.state !== 'completed') return;
  const variable = instance.variables.besluitNiveau;
  let level = typeof variable === 'number' && variable >= 1 && variable <= 4 ? variable : 0;
  if (level === 0) {
    const last = decisions.filter((decision) => decision.instanceId === instance.id).at(-1);
    level = last ? (LEVEL_OF_ELEMENT[last.elementId] ?? 0) : 0;
  }
  if (level > 0) facts.escalaties[level - 1]!++;
}

/** The crisis norm runs from the crisis's start (crisisSinds, set by toeleiding), else from the task. */
function crisisFact(facts: FactDraft, task: TaskRecord, instance: IndexedInstanceRecord | undefined): void {
  const sinds = instance?.variables.crisisSinds;
  const parsed = typeof sinds === 'string' ? Date.parse(sinds) : Number.NaN;
  const start = Number.isFinite(parsed) ? parsed : Date.parse(task.createdAt);
  if (task.state === 'open') {
    facts.crisis.openSinds.push(start);
    return;
  }
  if (task.state !== 'completed' || !task.completedAt) return;
  facts.crisis.afgerond++;
  if (Date.parse(task.completedAt) - start <= CRISIS_NORM) facts.crisis.binnen24uur++;
}

/**
 * One placement coordination: its outcome once it ended (none set means ambulant, as toeleiding
 * reads it), bridging care used, and for a placement the searches it took.
 */
function placementFact(facts: FactDraft, instance: IndexedInstanceRecord, tasks: TaskRecord[]): void {
  if (instance.state === 'cancelled') return;
  const p = facts.plaatsingen;
  p.trajecten++;
  const completed = tasks.filter((task) => task.state === 'completed');
  if (completed.some((task) => task.elementId === FIGURE_ELEMENTS.overbruggingszorg)) p.overbrugging++;
  if (instance.state !== 'completed') return;
  const uitkomst = instance.variables.plaatsingUitkomst;
  if (uitkomst === 'geplaatst') {
    p.geplaatst++;
    p.matchingrondes.push(completed.filter((task) => task.elementId === FIGURE_ELEMENTS.passendePlekZoeken).length);
  } else if (uitkomst === 'geescaleerd') p.geescaleerd++;
  else p.ambulant++;
}
