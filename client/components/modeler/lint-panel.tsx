import type { LintIssue, LintSeverity } from '../../diagram/modeler';
import { FindingList } from './finding-list';

const SEVERITY_LABELS: Record<LintSeverity, string> = { error: 'Fout', warn: 'Waarschuwing', info: 'Tip' };

/**
 * The lint findings beside the diagram, in Dutch, with the same rules the deploy applies; they
 * follow every edit. The summary is a status, so a screen reader hears the count change.
 */
export function LintPanel(props: {
  issues: readonly LintIssue[] | undefined;
  onFocusElement: (elementId: string) => void;
}) {
  const { issues } = props;
  return (
    <section class="modeler-lint" aria-labelledby="controle-kop">
      <h2 id="controle-kop">Controle tijdens het bewerken</h2>
      <p role="status" class="lint-summary">
        {issues === undefined ? 'De controle loopt…' : summary(issues)}
      </p>
      {issues && issues.length > 0 ? (
        <FindingList
          label="Bevindingen van de controle"
          onFocusElement={props.onFocusElement}
          findings={issues.map((issue) => ({
            element: issue,
            severity: issue.severity,
            severityLabel: SEVERITY_LABELS[issue.severity],
            message: issue.message,
            code: issue.rule,
          }))}
        />
      ) : null}
      <p class="muted lint-note">
        Bij het uitrollen gelden dezelfde regels. Wat de server niet kan uitvoeren (zoals code of een onbekend
        formulier) weigert hij; de overige bevindingen krijgt u als waarschuwing terug.
      </p>
    </section>
  );
}

export function lintCounts(issues: readonly LintIssue[] | undefined): { errors: number; warnings: number } {
  return {
    errors: issues?.filter((issue) => issue.severity === 'error').length ?? 0,
    warnings: issues?.filter((issue) => issue.severity === 'warn').length ?? 0,
  };
}

function summary(issues: readonly LintIssue[]): string {
  const { errors, warnings } = lintCounts(issues);
  if (errors === 0 && warnings === 0)
    return issues.length === 0 ? 'Geen bevindingen: het diagram voldoet aan de regels.' : `${issues.length} tip(s).`;
  const parts = [
    ...(errors > 0 ? [`${errors} ${errors === 1 ? 'fout' : 'fouten'}`] : []),
    ...(warnings > 0 ? [`${warnings} ${warnings === 1 ? 'waarschuwing' : 'waarschuwingen'}`] : []),
  ];
  return `${parts.join(' en ')} in het diagram.`;
}
