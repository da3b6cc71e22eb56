import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AssignTaskRequest, Task, User } from '../../server/contract/api';
import { ApiError, api, messageOf } from '../api/http';
import { useDirectory } from '../api/use-users';
import { Link, navigate, paths } from '../app/router';
import { PROCESS_NAMES, useUser } from '../app/session';
import { LoadFailed } from '../components/load-failed';
import { usePageTitle } from '../components/page-title';
import { AssignDialog } from '../components/worklist/assign-dialog';
import { useWorklist } from '../components/worklist/use-worklist';
import {
  applyFilters,
  listDefinition,
  readView,
  type SortKey,
  sortTasks,
  toggledSort,
  type WorklistView,
  writeView,
} from '../components/worklist/view';
import { WorklistFilters } from '../components/worklist/worklist-filters';
import { WorklistTable } from '../components/worklist/worklist-table';
import { WorklistTabs } from '../components/worklist/worklist-tabs';
import '../styles/worklist.css';

/** Roles that work on no case at all (need to know): they have no tasks. */
const NO_CASE_ROLES = new Set<string>(['proceseigenaar', 'beheerder', 'beleidsmedewerker', 'privacyfunctionaris']);

/** Where focus goes once an action on a row is done, so keyboard users keep their place. */
interface FocusRequest {
  taskId: string;
  target: 'task' | 'assign';
  /** Makes every request a new value, also for the same row twice. */
  serial: number;
}

/**
 * The worklist at `/`: the user's tasks in a few lists, sorted and filtered as the URL says, kept
 * current live, with the actions a user needs before opening a task (claim, release, assign).
 */
export function WorklistScreen({ query }: { query: URLSearchParams }) {
  const user = useUser();
  const view = readView(query, user);
  const list = listDefinition(view.list);
  usePageTitle(`${list.label} · Werkvoorraad`);

  const directory = useDirectory();
  const nameOf = useCallback((userId: string) => directory.get(userId)?.name ?? userId, [directory]);
  const worklist = useWorklist(view.list, user, nameOf);
  const { tasks, announce } = worklist;

  const [alert, setAlert] = useState('');
  const [assigning, setAssigning] = useState<Task | null>(null);
  const [focusRequest, setFocusRequest] = useState<FocusRequest | null>(null);
  const busy = useRef(new Set<string>());
  const heading = useRef<HTMLHeadingElement>(null);
  const serial = useRef(0);

  const visible = useMemo(
    () => (tasks ? sortTasks(applyFilters(tasks, view), view) : []),
    [tasks, view.process, view.team, view.sort, view.direction],
  );

  useEffect(() => setAlert(''), [view.list]);

  // After a filter change, say how many tasks remain: the table itself changes out of sight of a
  // screen reader user who is on the select.
  const lastFilter = useRef(`${view.process}|${view.team}`);
  useEffect(() => {
    const filter = `${view.process}|${view.team}`;
    if (filter === lastFilter.current || !tasks) return;
    lastFilter.current = filter;
    announce(
      view.process || view.team
        ? `${countText(visible.length)} met deze filters.`
        : `Filters gewist: ${countText(visible.length)}.`,
    );
  }, [view.process, view.team, tasks !== null]);

  useEffect(() => {
    if (!focusRequest) return;
    const row = document.querySelector(`tr[data-task-id="${CSS.escape(focusRequest.taskId)}"]`);
    const target =
      focusRequest.target === 'assign'
        ? row?.querySelector<HTMLElement>('button[aria-haspopup="dialog"]')
        : row?.querySelector<HTMLElement>('.task-link');
    // A row that left the list (a task released from "Mijn taken") leaves focus on the list's heading.
    (target ?? heading.current)?.focus();
  }, [focusRequest]);

  const focusRow = (taskId: string, target: FocusRequest['target'] = 'task') =>
    setFocusRequest({ taskId, target, serial: ++serial.current });

  const change = (next: WorklistView) => navigate(paths.worklist(writeView(next)), { replace: true });

  const sortBy = (key: SortKey) => {
    const next = toggledSort(view, key);
    change(next);
    announce(`Gesorteerd op ${sortText(next)}.`);
  };

  /** Runs an action on one row at a time; a failure says why and shows the row as it now is. */
  const act = async (task: Task, verb: string, action: () => Promise<void>) => {
    if (busy.current.has(task.id)) return;
    busy.current.add(task.id);
    setAlert('');
    try {
      await worklist.ownAction(task.id, action);
    } catch (failure) {
      const lost = failure instanceof ApiError && failure.status === 409;
      setAlert(`${verb} van ${task.name} (casus ${task.caseId}) is niet gelukt. ${messageOf(failure)}`);
      // Someone else was first, or the task changed meanwhile: show the row as the server has it.
      if (lost || (failure instanceof ApiError && (failure.status === 403 || failure.status === 404)))
        await worklist.reload();
    } finally {
      busy.current.delete(task.id);
      focusRow(task.id);
    }
  };

  const taskUrl = (task: Task, step: string) => `/api/tasks/${encodeURIComponent(task.id)}/${step}`;

  const actions = {
    claim: (task: Task) =>
      void act(task, 'Oppakken', async () => {
        const claimed = await api.post<Task>(taskUrl(task, 'claim'));
        worklist.applyOwn(claimed, `U hebt ${task.name} (casus ${task.caseId}) opgepakt.`);
      }),
    unclaim: (task: Task) =>
      void act(task, 'Vrijgeven', async () => {
        const released = await api.post<Task>(taskUrl(task, 'unclaim'));
        worklist.applyOwn(released, `${task.name} (casus ${task.caseId}) is vrijgegeven.`);
      }),
    assign: (task: Task) => {
      setAlert('');
      setAssigning(task);
    },
  };

  const assignTo = async (task: Task, colleague: User) => {
    // Errors stay in the dialog, next to the choice they are about.
    await worklist.ownAction(task.id, async () => {
      const assigned = await api.post<Task>(taskUrl(task, 'assign'), {
        userId: colleague.id,
      } satisfies AssignTaskRequest);
      worklist.applyOwn(assigned, `${task.name} (casus ${task.caseId}) is toegewezen aan ${colleague.name}.`);
    });
  };

  const closeDialog = (task: Task, assigned: boolean) => {
    setAssigning(null);
    focusRow(task.id, assigned ? 'task' : 'assign');
  };

  const processes = unique([
    ...Object.keys(PROCESS_NAMES),
    ...(tasks ?? []).map((task) => task.definitionKey),
    view.process,
  ]);
  const teams = unique([...user.teams, ...(tasks ?? []).map((task) => task.team), view.team]).sort((a, b) =>
    a.localeCompare(b, 'nl'),
  );
  const filtered = view.process !== '' || view.team !== '';
  const noTaskGroups = user.roles.every((role) => NO_CASE_ROLES.has(role));

  return (
    <section class="worklist" aria-labelledby="werkvoorraad-titel">
      <h1 id="werkvoorraad-titel">Werkvoorraad</h1>
      {noTaskGroups ? (
        <p class="notice">Met uw rol werkt u niet aan casussen, dus hier staan voor u geen taken.</p>
      ) : null}
      <WorklistTabs view={view} user={user} />
      <WorklistFilters view={view} processes={processes} teams={teams} onChange={change} />

      <div class="worklist-messages">
        <div role="alert" class="worklist-alert">
          {alert ? (
            <div class="notice error">
              <p>{alert}</p>
              <button type="button" class="secondary small" onClick={() => setAlert('')}>
                Melding sluiten
              </button>
            </div>
          ) : null}
        </div>
        <p role="status" class="worklist-status">
          {worklist.announcement ? <span key={worklist.announcement.id}>{worklist.announcement.text}</span> : null}
        </p>
      </div>

      <div class="worklist-heading">
        <h2 id="lijst-titel" ref={heading} tabIndex={-1}>
          {list.label}
        </h2>
        {tasks ? (
          <p class="muted">{filtered ? `${visible.length} van ${countText(tasks.length)}` : countText(tasks.length)}</p>
        ) : null}
      </div>

      {worklist.loadError ? (
        <LoadFailed
          message={`De taken konden niet worden geladen. ${worklist.loadError}`}
          onRetry={() => void worklist.reload()}
          alert={false}
          compact
        />
      ) : tasks === null ? (
        <p class="worklist-loading">Taken worden geladen…</p>
      ) : tasks.length === 0 ? (
        <div class="worklist-empty">
          {noTaskGroups ? (
            // An owner or beheerder has no task groups, so "pick up a group task" would send them nowhere.
            <p>
              Met uw rol krijgt u hier geen taken: u werkt aan de processen zelf. Die vindt u onder{' '}
              <Link href={paths.processes()}>Processen</Link>.
            </p>
          ) : (
            <p>{list.empty}</p>
          )}
          {view.list === 'mijn' && !noTaskGroups ? (
            <p>
              <Link href={paths.worklist(writeView({ ...view, list: 'groep' }))}>Bekijk de taken van uw groepen</Link>{' '}
              en pak er een op.
            </p>
          ) : null}
        </div>
      ) : visible.length === 0 ? (
        <div class="worklist-empty">
          <p>Geen taken met deze filters. Kies een ander proces of team, of wis de filters.</p>
        </div>
      ) : (
        <WorklistTable
          tasks={visible}
          view={view}
          caption={`${list.label}, gesorteerd op ${sortText(view)}`}
          user={user}
          nameOf={nameOf}
          onSort={sortBy}
          actions={actions}
        />
      )}

      {assigning ? (
        <AssignDialog
          key={assigning.id}
          task={assigning}
          holderName={assigning.assignee ? nameOf(assigning.assignee) : ''}
          assign={(colleague) => assignTo(assigning, colleague)}
          onClose={(assigned) => closeDialog(assigning, assigned)}
        />
      ) : null}
    </section>
  );
}

function sortText(view: WorklistView): string {
  if (view.sort === 'termijn') return `termijn, ${view.direction === 'op' ? 'vroegste eerst' : 'laatste eerst'}`;
  return `prioriteit, ${view.direction === 'af' ? 'hoogste eerst' : 'laagste eerst'}`;
}

function countText(count: number): string {
  return count === 1 ? '1 taak' : `${count} taken`;
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((value) => value !== ''))];
}
