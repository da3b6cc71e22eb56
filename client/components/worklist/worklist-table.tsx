import type { Task, User } from '../../../server/contract/api';
import { Link, paths } from '../../app/router';
import { PROCESS_NAMES, teamName } from '../../app/session';
import { DueDate } from '../due-date';
import { canWorkOn, isTeamleaderOf, priorityText, type SortKey, URGENT_PRIORITY, type WorklistView } from './view';

export interface RowActions {
  claim(task: Task): void;
  unclaim(task: Task): void;
  assign(task: Task): void;
}

/**
 * The tasks as a table: the task name is each row's header, so a screen reader names the task
 * with every cell; the sortable columns carry aria-sort and a real button.
 */
export function WorklistTable({
  tasks,
  view,
  caption,
  user,
  nameOf,
  onSort,
  actions,
}: {
  tasks: Task[];
  view: WorklistView;
  caption: string;
  user: User;
  nameOf: (userId: string) => string;
  onSort: (key: SortKey) => void;
  actions: RowActions;
}) {
  return (
    <div class="worklist-scroll">
      <table class="worklist-table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Taak</th>
            <th scope="col">Casus</th>
            <th scope="col">Proces en team</th>
            <SortHeader label="Termijn" sortKey="termijn" view={view} onSort={onSort} />
            <SortHeader label="Prioriteit" sortKey="prioriteit" view={view} onSort={onSort} />
            <th scope="col">Behandelaar</th>
            <th scope="col">
              <span class="visually-hidden">Acties</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((task) => (
            <TaskRow key={task.id} task={task} user={user} nameOf={nameOf} actions={actions} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The youth the case is about, so a row names the case and not only its number. */
function Youth({ task }: { task: Task }) {
  const youth = task.jeugdige;
  if (!youth) return null;
  return (
    <span class="youth">
      {youth.initialen}
      {youth.leeftijd !== undefined ? <span class="muted">, {youth.leeftijd} jaar</span> : null}
    </span>
  );
}

function SortHeader({
  label,
  sortKey,
  view,
  onSort,
}: {
  label: string;
  sortKey: SortKey;
  view: WorklistView;
  onSort: (key: SortKey) => void;
}) {
  const active = view.sort === sortKey;
  const ascending = view.direction === 'op';
  return (
    <th scope="col" aria-sort={active ? (ascending ? 'ascending' : 'descending') : 'none'}>
      <button type="button" class="sort" onClick={() => onSort(sortKey)}>
        {label}
        <span class="sort-icon" aria-hidden="true">
          {active ? (ascending ? '▲' : '▼') : '⇅'}
        </span>
      </button>
    </th>
  );
}

function TaskRow({
  task,
  user,
  nameOf,
  actions,
}: {
  task: Task;
  user: User;
  nameOf: (userId: string) => string;
  actions: RowActions;
}) {
  const leader = isTeamleaderOf(user, task.team);
  const mine = task.assignee === user.id;
  const canClaim = !task.assignee && canWorkOn(user, task);
  const canUnclaim = task.assignee !== undefined && (mine || leader);
  // The API lets the holder hand a task over as well as the team's teamleider.
  const canAssign = leader || mine;
  const about = `${task.name}, casus ${task.caseId}`;
  return (
    <tr data-task-id={task.id} class={task.priority > 50 ? 'priority-high' : undefined}>
      <th scope="row" data-label="Taak">
        <Link href={paths.task(task.id)} class="task-link">
          {task.name}
        </Link>{' '}
        <PriorityFlag priority={task.priority} />
      </th>
      <td data-label="Casus">
        <Link href={paths.case(task.caseId)} class="case-link" aria-label={`Casus ${task.caseId}`}>
          {task.caseId}
        </Link>
        <Youth task={task} />
      </td>
      <td data-label="Proces en team">
        <span class="process">{PROCESS_NAMES[task.definitionKey] ?? task.definitionKey}</span>
        <span class="team muted">{teamName(task.team)}</span>
      </td>
      <td class="due-cell" data-label="Termijn">
        <DueDate dueAt={task.dueAt} />
      </td>
      <td data-label="Prioriteit">
        {priorityText(task.priority)}
        {/* The diagrams' default needs no number; other values do, as two "hoog" tasks can differ. */}
        {task.priority !== 50 ? <span class="muted"> ({task.priority})</span> : null}
      </td>
      <td class="holder" data-label="Behandelaar">
        {task.assignee ? (
          <>
            {nameOf(task.assignee)}
            {mine ? <span class="muted"> (u)</span> : null}
          </>
        ) : (
          <span class="holder-open">open</span>
        )}
      </td>
      <td class="row-actions">
        {canClaim ? (
          <button type="button" class="small" aria-label={`Oppakken: ${about}`} onClick={() => actions.claim(task)}>
            Oppakken
          </button>
        ) : null}
        {canUnclaim ? (
          <button
            type="button"
            class="small secondary"
            aria-label={`Vrijgeven: ${about}`}
            onClick={() => actions.unclaim(task)}
          >
            Vrijgeven
          </button>
        ) : null}
        {canAssign ? (
          <button
            type="button"
            class="small secondary"
            aria-label={`Toewijzen: ${about}`}
            aria-haspopup="dialog"
            onClick={() => actions.assign(task)}
          >
            Toewijzen
          </button>
        ) : null}
      </td>
    </tr>
  );
}

/**
 * A label beside the task's name for what must not be missed, in words ("Spoed", "Hoog") and not
 * by colour alone, so it stays in sight on a phone card and in a sort by due date.
 */
function PriorityFlag({ priority }: { priority: number }) {
  if (priority <= 50) return null;
  const urgent = priority >= URGENT_PRIORITY;
  return (
    <span class={urgent ? 'priority-flag urgent' : 'priority-flag'}>
      <span aria-hidden="true">{urgent ? '‼ ' : '! '}</span>
      {urgent ? 'Spoed' : 'Hoog'}
      <span class="visually-hidden"> prioriteit</span>
    </span>
  );
}
