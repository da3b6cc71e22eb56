import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Task, User } from '../../../server/contract/api';
import { api } from '../../api/http';
import { useLiveEvent } from '../../api/live';
import { Link, paths } from '../../app/router';

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
  mdoOutcome,
}: {
  task: Task;
  user: User;
  mdoOutcome?: MdoOutcome | undefined;
}) {
  const box = useRef<HTMLDivElement>(null);
  // undefined while looking; null when the case has nothing more for this user.
  const [next, setNext] = useState<Task | null | undefined>(undefined);

  useEffect(() => {
    box.current?.focus();
    let cancelled = false;
    api
      .get<Task[]>(`/api/tasks?caseId=${encodeURIComponent(task.caseId)}&scope=all`)
      .then((tasks) => {
        if (cancelled) return;
        const mine = tasks.filter((candidate) => candidate.id !== task.id && canPickUp(candidate, user));
        // A task already held by this user comes first; the server sorts the rest by due date.
        setNext((current) => current ?? mine.find((candidate) => candidate.assignee === user.id) ?? mine[0] ?? null);
      })
      .catch(() => {
        if (!cancelled) setNext((current) => current ?? null);
      });
    return () => {
      cancelled = true;
    };
  }, [task.caseId, task.id, user]);

  // A next step the engine creates a moment later (after a call or a timer) still gets offered.
  const onCreated = useCallback(
    (created: Task) => {
      if (created.caseId === task.caseId && canPickUp(created, user)) setNext((current) => current ?? created);
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
