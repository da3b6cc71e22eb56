import { useEffect, useState } from 'preact/hooks';
import type { DecisionView, TaskDetail } from '../../../server/contract/api';
import { api } from '../../api/http';
import { Link, paths } from '../../app/router';
import { Decision } from '../case/decisions';

/** The form of the task that shares the MDO decision with the youth and the parents. */
export const SHARE_DECISION_FORM = 'besluit-delen';

/**
 * The MDO decision this task asks to share, read from the case's sealed records (not from a copy
 * in the task's variables), so what is shared is what was recorded, corrections included.
 */
export function DecisionToShare({ task }: { task: TaskDetail }) {
  // undefined while loading; null when it could not be read or there is none.
  const [decision, setDecision] = useState<{ shown: DecisionView; all: DecisionView[] } | null | undefined>(undefined);

  useEffect(() => {
    let cancelled = false;
    api
      .get<DecisionView[]>(`/api/cases/${encodeURIComponent(task.caseId)}/decisions`)
      .then((all) => {
        if (cancelled) return;
        const current = all.filter(
          (candidate) => candidate.kind === 'mdo' && candidate.instanceId === task.instanceId && !candidate.correctedBy,
        );
        const shown = current[current.length - 1];
        setDecision(shown ? { shown, all } : null);
      })
      .catch(() => {
        if (!cancelled) setDecision(null);
      });
    return () => {
      cancelled = true;
    };
  }, [task.caseId, task.instanceId]);

  return (
    <section class="decision-to-share" aria-labelledby="te-delen-besluit">
      <h2 id="te-delen-besluit">Het besluit om te delen</h2>
      {decision === undefined && <p class="muted">Het besluit wordt geladen…</p>}
      {decision === null && (
        <p>
          Het besluit kon hier niet worden getoond. <Link href={paths.case(task.caseId)}>Bekijk het in de casus</Link>.
        </p>
      )}
      {decision && <Decision decision={decision.shown} all={decision.all} />}
    </section>
  );
}
