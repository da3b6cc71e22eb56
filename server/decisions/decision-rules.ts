import type { DecisionRecord, JsonValue, ProblemItem, Variables } from '../contract/api';
import { type CaseRecords, completedAnalysisAt } from './case-records';
import { mdoDecisionProblems } from './mdo-rules';

/**
 * What every server-side rule of a step sees: the submission, what earlier steps recorded, the
 * case's own records and the server's day. A rule reads a fact from where it was recorded, never
 * from a form that merely repeats it.
 */
export interface RuleContext {
  /** Every variable the step would see: the instance's, with the accepted submission on top. */
  variables: Variables;
  /** The instance's variables before this step: what earlier steps recorded. */
  recorded: Variables;
  /** The submission, as the step's form accepted it. */
  submitted: Variables;
  records: CaseRecords;
  /** Today on the server's clock (YYYY-MM-DD, Amsterdam). */
  today: string;
}

interface DecisionRules {
  problems: (context: RuleContext) => ProblemItem[];
  /** What the task's form and checklist may show of the facts the rules use (served as `dossier`). */
  facts?: (context: RuleContext) => Record<string, JsonValue>;
}

/**
 * Rules per kind of formal decision (the `besluit` property of a task in its diagram). A kind
 * without rules is recorded as captured; its form's own validation still applies.
 */
const RULES: Record<string, DecisionRules> = {
  mdo: {
    problems: (context) => mdoDecisionProblems(context.variables, mdoFacts(context)),
    facts: mdoFacts,
  },
};

/** Why this decision may not be recorded; empty when it may. */
export function decisionProblems(kind: string, context: RuleContext): ProblemItem[] {
  return RULES[kind]?.problems(context) ?? [];
}

/** The facts a decision's rules use, to show with its task; empty for kinds without such facts. */
export function decisionFacts(kind: string, context: RuleContext): Record<string, JsonValue> {
  return RULES[kind]?.facts?.(context) ?? {};
}

/** The MDO's facts (mdo-rules.ts MdoFacts), from the preparation's record and the case's. */
function mdoFacts(context: RuleContext): Record<string, JsonValue> {
  const { recorded } = context;
  const preparation: Record<string, JsonValue> = {};
  if (typeof recorded.mdoDatum === 'string') preparation.mdoDatum = recorded.mdoDatum;
  if (typeof recorded.jeugdigeEnOudersUitgenodigd === 'boolean') {
    preparation.jeugdigeEnOudersUitgenodigd = recorded.jeugdigeEnOudersUitgenodigd;
  }
  if (typeof recorded.redenNietUitgenodigd === 'string') {
    preparation.redenNietUitgenodigd = recorded.redenNietUitgenodigd;
  }
  return {
    vandaag: context.today,
    voorbereiding: preparation,
    verklarendeAnalyse: completedAnalysisAt(context.records) !== undefined,
  };
}

/**
 * What routed the case, per kind of decision: once the flow went on, a correction may not change
 * these (DOMAIN.md §3); a different route needs a new decision, such as a new MDO (opschalen).
 */
const ROUTING_FIELDS: Record<string, Array<{ path: string[]; label: string }>> = {
  mdo: [
    { path: ['mdoUitkomst'], label: 'Uitkomst van het MDO' },
    { path: ['overeenstemming'], label: 'Overeenstemming' },
    { path: ['besluit', 'verblijfNodig'], label: 'Verblijf nodig' },
    { path: ['besluit', 'taakgebieden'], label: 'Ingezette taakgebieden' },
  ],
  escalatie: [
    { path: ['opgelost'], label: 'Opgelost' },
    { path: ['verwijzingBovenregionaal'], label: 'Verwijzing naar het Bovenregionaal Expertisenetwerk' },
    { path: ['besluit', 'verblijfNodig'], label: 'Verblijf nodig' },
    { path: ['besluit', 'taakgebieden'], label: 'Ingezette taakgebieden' },
  ],
  triage: [
    { path: ['urgentie'], label: 'Urgentie' },
    { path: ['complexiteit'], label: 'Complexiteit' },
    { path: ['uithuisplaatsingOverwogen'], label: 'Uithuisplaatsing overwogen' },
    { path: ['domeinoverstijgend'], label: 'Domeinoverstijgend' },
    { path: ['uitkomst'], label: 'Uitkomst van de triage' },
  ],
};

/** Why a correction may not replace `original` with `corrected`: the fields that routed the case and changed. */
export function reroutingProblems(original: DecisionRecord, corrected: Variables): ProblemItem[] {
  return (ROUTING_FIELDS[original.kind] ?? [])
    .filter(({ path }) => comparable(valueAt(original.content, path)) !== comparable(valueAt(corrected, path)))
    .map(({ path, label }) => ({
      path: `content.${path.join('.')}`,
      code: 'reroute',
      message: `Een correctie mag "${label}" niet veranderen: dat bepaalde de route, en de casus is die route al ingegaan. Is er een ander besluit nodig? Dan is een nieuw MDO de weg (opschalen).`,
    }));
}

function valueAt(content: Variables, path: string[]): JsonValue | undefined {
  let value: JsonValue | undefined = content;
  for (const name of path) {
    value = typeof value === 'object' && value !== null && !Array.isArray(value) ? value[name] : undefined;
  }
  return value;
}

/** Unticked is false, and a multi-select is a set: the order of its choices routes nothing. */
function comparable(value: JsonValue | undefined): string {
  if (value === undefined || value === null || value === false) return 'false';
  if (Array.isArray(value)) return JSON.stringify(value.map((item) => JSON.stringify(item)).sort());
  return JSON.stringify(value);
}
