import type { InstanceDetail, InstanceSummary } from '../../../server/contract/api';
import { Link, paths } from '../../app/router';
import { processName } from '../case/case-summary';

/** The way back up: the case, then every instance from the root down to this one's parent. */
export function Breadcrumb({ current, family }: { current: InstanceDetail; family: readonly InstanceSummary[] }) {
  const byId = new Map(family.map((instance) => [instance.id, instance]));
  const ancestors: InstanceSummary[] = [];
  for (let parentId = current.parentId; parentId && ancestors.length < 20; ) {
    const parent = byId.get(parentId);
    if (!parent) break;
    ancestors.unshift(parent);
    parentId = parent.parentId;
  }
  return (
    <nav class="breadcrumb" aria-label="Kruimelpad">
      <ol>
        <li>
          <Link href={paths.case(current.caseId)}>Casus {current.caseId}</Link>
        </li>
        {/* Loaded (the list holds at least this instance) but the parent is missing: still a way up. */}
        {current.parentId && family.length > 0 && ancestors.length === 0 ? (
          <li>
            <Link href={paths.instance(current.parentId)}>Bovenliggend proces</Link>
          </li>
        ) : null}
        {ancestors.map((instance) => (
          <li key={instance.id}>
            <Link href={paths.instance(instance.id)}>{processName(instance.definitionKey)}</Link>
          </li>
        ))}
        <li>
          <span aria-current="page">{processName(current.definitionKey)}</span>
        </li>
      </ol>
    </nav>
  );
}
