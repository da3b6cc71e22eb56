import type { DecisionRecord, JsonValue } from '../contract/api';

/**
 * What a case's own records say, for the rules that may not trust a form: the sealed decisions
 * (with their corrections) and the steps that were really completed. A checkbox in a later form
 * cannot stand in for these records.
 */

/** The parts of a case document these rules read. */
export interface CaseRecords {
  decisions: readonly DecisionRecord[];
  tasks: ReadonlyArray<{ formKey?: string | undefined; state: string; completedAt?: string | undefined }>;
  instances: Readonly<Record<string, { parentId?: string | undefined }>>;
}

/** The decision that routed the case after its latest MDO: the MDO's own, or its escalation's binding one. */
export interface RoutingDecision {
  /** The MDO's decision record (the latest correction of it, if corrected). */
  mdo: DecisionRecord;
  /** The escalation level's record whose binding decision replaced the MDO's, when there was no agreement. */
  binding?: DecisionRecord;
  /** The decision that counts: `besluit` of the binding record, else of the MDO's. */
  besluit: Record<string, JsonValue>;
}

/**
 * The form of the verklarende analyse: a step completed with it is one, whichever element of
 * whichever diagram asked for it (the MDO asks before it decides, or after a binding decision).
 */
export const ANALYSIS_FORM = 'verklarende-analyse';

/**
 * The records that stand: a corrected record gives way to its correction, so the latest word on a
 * decision counts. Ordered by when the decision was first taken, not when it was last corrected.
 */
export function standingDecisions(decisions: readonly DecisionRecord[]): DecisionRecord[] {
  const corrected = new Set(decisions.flatMap((decision) => (decision.corrects ? [decision.corrects] : [])));
  const byId = new Map(decisions.map((decision) => [decision.id, decision]));
  const takenAt = (decision: DecisionRecord): string => {
    let root = decision;
    for (let guard = 0; root.corrects && byId.has(root.corrects) && guard < decisions.length; guard++) {
      root = byId.get(root.corrects)!;
    }
    return root.recordedAt;
  };
  return decisions
    .filter((decision) => !corrected.has(decision.id))
    .map((decision) => ({ decision, at: takenAt(decision) }))
    .sort((a, b) => a.at.localeCompare(b.at))
    .map(({ decision }) => decision);
}

/**
 * The decision of the case's latest MDO that took one (a replanned MDO decided nothing). Without
 * agreement the escalation ladder decides instead; while it has not, there is no routing decision.
 */
export function routingDecision(records: CaseRecords): RoutingDecision | undefined {
  const standing = standingDecisions(records.decisions);
  const mdo = standing
    .filter((decision) => decision.kind === 'mdo' && decision.content.mdoUitkomst === 'besluit')
    .at(-1);
  if (!mdo) return undefined;
  if (mdo.content.overeenstemming === true) {
    const besluit = asObject(mdo.content.besluit);
    return besluit ? { mdo, besluit } : undefined;
  }
  const binding = standing
    .filter(
      (decision) =>
        decision.kind === 'escalatie' &&
        records.instances[decision.instanceId]?.parentId === mdo.instanceId &&
        asObject(decision.content.besluit) !== undefined,
    )
    .at(-1);
  const besluit = binding ? asObject(binding.content.besluit) : undefined;
  return binding && besluit ? { mdo, binding, besluit } : undefined;
}

/** When the case's latest verklarende analyse was completed; undefined when it has none. */
export function completedAnalysisAt(records: CaseRecords): string | undefined {
  return records.tasks
    .filter((task) => task.formKey === ANALYSIS_FORM && task.state === 'completed')
    .map((task) => task.completedAt ?? '')
    .sort()
    .at(-1);
}

export function asObject(value: JsonValue | undefined): Record<string, JsonValue> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}
