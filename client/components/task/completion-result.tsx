import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { CaseList, CaseStep, Task, User } from '../../../server/contract/api';
import { api } from '../../api/http';
import { useLiveEvent } from '../../api/live';
import { Link, paths } from '../../app/router';
import { ROLE_NAMES } from '../../app/session';
import { formatDateTime } from '../due-date';

/** What the chair chose, when the completed task recorded an MDO outcome. */
export type MdoOutcome = 'besluit' | 'opnieuw-plannen';

/**
 * Shown once a task is completed: says so (focus moves here, so screen readers hear it at once)
 * and offers the next step in one click: the case's next task this user can work on, or the
 * worklist when there is none.
 */
export function CompletionResult({
  task,
  user,
  names,
  mdoOutcome,
}: {
  task: Task;
  user: User;
  /** Display names of colleagues by user id, to say who holds the case now. */
  names: ReadonlyMap<string, string>;
  mdoOutcome?: MdoOutcome | undefined;
}) {
  const box = useRef<HTMLDivElement>(null);
  // undefined while looking; null when the case has nothing more for this user.
  const [next, setNext] = useState<Task | null | undefined>(undefined);
  // undefined while looking; null when the server shows this user nothing about where the case is.
  const [where, setWhere] = useState<Whereabouts | null | undefined>(undefined);
  const [asked, setAsked] = useState(0);

  useEffect(() => {
    box.current?.focus();
  }, []);

  useEffect(() => {
    let cancelled = false;
    // Both lists come filtered by the server: only tasks and cases this user may see.
    const tasks = api.get<Task[]>(`/api/tasks?caseId=${encodeURIComponent(task.caseId)}&scope=all`);
    const steps = api
      .get<CaseList>(`/api/cases?q=${encodeURIComponent(task.caseId)}&limit=20`)
      .then((list) => list.items.find((item) => item.caseId === task.caseId) ?? null)
      .catch(() => null);
    tasks
      .then((all) => {
        if (cancelled) return;
        const mine = all.filter((candidate) => candidate.id !== task.id && canPickUp(candidate, user));
        // A task already held by this user comes first; the server sorts the rest by due date.
        setNext((current) => current ?? mine.find((candidate) => candidate.assignee === user.id) ?? mine[0] ?? null);
      })
      .catch(() => {
        if (!cancelled) setNext((current) => current ?? null);
      });
    void Promise.all([tasks.catch(() => [] as Task[]), steps]).then(([all, summary]) => {
      if (cancelled) return;
      const open = all.filter((candidate) => candidate.id !== task.id && candidate.state === 'open');
      if (open.length > 0) setWhere({ kind: 'tasks', tasks: open });
      else if (summary && (summary.state === 'closed' || summary.currentSteps.length === 0)) setWhere({ kind: 'done' });
      else if (summary) setWhere({ kind: 'steps', steps: summary.currentSteps });
      else setWhere(null);
    });
    return () => {
      cancelled = true;
    };
  }, [task.caseId, task.id, user, asked]);

  // A next step the engine creates a moment later (after a call or a timer) still gets offered.
  const onCreated = useCallback(
    (created: Task) => {
      if (created.caseId !== task.caseId) return;
      if (canPickUp(created, user)) setNext((current) => current ?? created);
      setAsked((count) => count + 1);
    },
    [task.caseId, user],
  );
  useLiveEvent('task:created', onCreated);

  const { title, text } = message(task, mdoOutcome);
  return (
    <div class="completion notice success" role="group" tabIndex={-1} ref={box} aria-labelledby="completion-title">
      <h2 id="completion-title">
        <span aria-hidden="true">✓ </span>
        {title}
      </h2>
      <p>{text}</p>
      {where && <p class="case-whereabouts">{whereaboutsText(where, user, names)}</p>}
      {next === undefined && <p class="muted">Volgende taak zoeken…</p>}
      {next && (
        <p>
          <Link href={paths.task(next.id)} class="button next-task">
            Volgende taak: {next.name}
          </Link>
        </p>
      )}
      {next === null && (
        <p>
          Er staat in deze casus nu geen taak voor u klaar.{' '}
          <Link href={paths.worklist()} class="button">
            Terug naar de werkvoorraad
          </Link>
        </p>
      )}
      <p class="more-links">
        <Link href={paths.case(task.caseId)}>
          {mdoOutcome === 'besluit' ? 'Bekijk het besluit in de casus' : 'Naar de casus'}
        </Link>
        {next && (
          <>
            {' · '}
            <Link href={paths.worklist()}>Naar de werkvoorraad</Link>
          </>
        )}
      </p>
    </div>
  );
}

type Whereabouts = { kind: 'tasks'; tasks: Task[] } | { kind: 'steps'; steps: CaseStep[] } | { kind: 'done' };

/** Where the case went after this task, and who has it now, in one sentence. */
function whereaboutsText(where: Whereabouts, user: User, names: ReadonlyMap<string, string>): string {
  if (where.kind === 'done') return 'De casus is afgerond: er staat niets meer open.';
  if (where.kind === 'steps') {
    // Steps whose tasks this user may not see: named, without saying who holds them.
    const tasks = where.steps.filter((step) => step.kind === 'task').map((step) => step.name);
    const waits = where.steps
      .filter((step) => step.kind === 'wait')
      .map((step) => (step.dueAt ? `${step.name} (tot ${formatDateTime(new Date(step.dueAt))})` : step.name));
    const parts = [
      ...(tasks.length > 0 ? [`De casus staat nu bij: ${tasks.join('; ')}.`] : []),
      ...(waits.length > 0 ? [`De casus wacht op: ${waits.join('; ')}.`] : []),
    ];
    return parts.join(' ');
  }
  const places = where.tasks.map((open) => `${open.name} (${holderText(open, user, names)})`);
  return `De casus staat nu bij: ${places.join('; ')}.`;
}

function holderText(task: Task, user: User, names: ReadonlyMap<string, string>): string {
  if (task.assignee === user.id) return 'bij u';
  if (task.assignee) return `bij ${names.get(task.assignee) ?? task.assignee}`;
  const groups = task.candidateGroups.map((group) => ROLE_NAMES[group] ?? group).join(' of ');
  return groups ? `${groups}, nog niet opgepakt` : 'nog niet opgepakt';
}

/** A task this user could work on right away: held by them, or free and in one of their groups. */
function canPickUp(task: Task, user: User): boolean {
  if (task.state !== 'open') return false;
  if (task.assignee) return task.assignee === user.id;
  return task.candidateGroups.some((group) => (user.roles as string[]).includes(group));
}

function message(task: Task, mdoOutcome: MdoOutcome | undefined): { title: string; text: string } {
  if (mdoOutcome === 'besluit') {
    return {
      title: 'Het besluit is vastgelegd',
      text: 'Het MDO-besluit staat nu in de casus en kan niet meer worden gewijzigd; een correctie wordt een nieuw besluit.',
    };
  }
  if (mdoOutcome === 'opnieuw-plannen') {
    return {
      title: 'Vastgelegd: MDO opnieuw plannen',
      text: 'De procesregisseur krijgt de taak om een nieuw MDO voor te bereiden.',
    };
  }
  return { title: 'Taak afgerond', text: `U heeft de taak "${task.name}" afgerond.` };
}
