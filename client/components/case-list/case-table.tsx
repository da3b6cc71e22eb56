import type { CaseSummary } from '../../../server/contract/api';
import { Link, paths } from '../../app/router';
import { teamName } from '../../app/session';
import { processName } from '../case/case-summary';
import { formatDateTime } from '../due-date';
import { ageText, formatDay, overdueText } from './format';

/**
 * The cases as a table; the case number is each row's header, so a screen reader names the case
 * with every cell. On a phone the rows become stacked cards (case-list.css), each value labelled
 * with its column's name, so nothing lies off-screen.
 */
export function CaseTable({ items, caption }: { items: readonly CaseSummary[]; caption: string }) {
  return (
    <table class="case-table">
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Casus</th>
          <th scope="col">Jeugdige</th>
          <th scope="col">Team</th>
          <th scope="col">Regievoerder</th>
          <th scope="col">Huidige stappen</th>
          <th scope="col">Geopend</th>
          <th scope="col">Stand</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <CaseRow key={item.caseId} item={item} />
        ))}
      </tbody>
    </table>
  );
}

function CaseRow({ item }: { item: CaseSummary }) {
  const late = item.state === 'open' ? overdueText(item) : undefined;
  const regisseur = item.regisseur?.name;
  return (
    <tr data-case-id={item.caseId}>
      <th scope="row" data-label="Casus">
        <Link href={paths.case(item.caseId)} class="case-link">
          {item.caseId}
        </Link>
      </th>
      <td data-label="Jeugdige">
        {/* One element: on a phone the cell is a two-column grid of label and value. */}
        <span>
          <span class="youth">{item.jeugdige.initialen ?? <span class="muted">geen initialen</span>}</span>
          {item.jeugdige.leeftijd !== undefined ? <span class="muted">, {ageText(item.jeugdige.leeftijd)}</span> : null}
        </span>
      </td>
      <td data-label="Team">{teamName(item.team)}</td>
      <td data-label="Regievoerder">{regisseur ?? <span class="muted unowned">nog geen</span>}</td>
      <td data-label="Huidige stappen">
        {item.currentSteps.length === 0 ? (
          <span class="muted">{item.state === 'closed' ? 'geen (gesloten)' : 'geen open stap'}</span>
        ) : (
          <ul class="steps">
            {item.currentSteps.map((step) => (
              <li key={`${step.instanceId}:${step.elementId}`}>
                {step.kind === 'wait' ? 'Wacht op: ' : ''}
                {step.name} <span class="muted">({processName(step.definitionKey)})</span>
                {step.dueAt ? <span class="step-due"> · termijn {formatDateTime(new Date(step.dueAt))}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td data-label="Geopend">
        <time dateTime={item.openedAt}>{formatDay(item.openedAt)}</time>
      </td>
      <td data-label="Stand">
        {item.state === 'closed' ? (
          <span class="case-state closed">
            Gesloten
            {item.closedAt ? (
              <>
                {' '}
                op <time dateTime={item.closedAt}>{formatDay(item.closedAt)}</time>
              </>
            ) : null}
          </span>
        ) : late ? (
          <span class="case-state overdue">
            <span aria-hidden="true">⚠ </span>
            <strong>{late}</strong>
          </span>
        ) : (
          <span class="case-state">Binnen termijn</span>
        )}
      </td>
    </tr>
  );
}
