import type { JSX, RefObject } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Task, TaskDetail, User, Variables } from '../../server/contract/api';
import { ApiError, api, messageOf } from '../api/http';
import { useLiveConnect, useLiveEvent } from '../api/live';
import { useUserNames } from '../api/use-users';
import { Link, paths } from '../app/router';
import { useUser } from '../app/session';
import { MdoChecklist } from '../components/mdo/mdo-checklist';
import { checkMdo, mdoSubmitLabel } from '../components/mdo/mdo-checks';
import { withCompactAttendees } from '../components/mdo/mdo-schema';
import { usePageTitle } from '../components/page-title';
import { CompletionResult, type MdoOutcome } from '../components/task/completion-result';
import { DecisionToShare, SHARE_DECISION_FORM } from '../components/task/decision-to-share';
import { ErrorSummary } from '../components/task/error-summary';
import type { FieldMessage, FieldTarget, FormController } from '../components/task/form-controller';
import { FormView } from '../components/task/form-view';
import { TaskSummary } from '../components/task/task-summary';
import '../styles/task.css';

/**
 * One task with its form (/taken/:taskId): pick it up, fill in the form, complete it, and go on
 * to the next step of the case. The MDO chair's form gets a live checklist of the decision rules
 * beside it.
 */

const MISSING = 'Deze taak bestaat niet of is niet zichtbaar voor u.';
const MDO_FORM = 'mdo-besluit';

type Loaded =
  | { status: 'loading' }
  | { status: 'missing' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; task: TaskDetail };

/** What the task's view does with the page's live events once it is on screen. */
interface LiveHandlers {
  onTask: (task: Task) => void;
  onConnect: () => void;
}

interface Summary {
  title: string;
  intro?: string | undefined;
  items: FieldMessage[];
}

export function TaskPage({ taskId }: { taskId: string }) {
  const user = useUser();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  // Names of colleagues, to say who holds a task; without them the page still works.
  const names = useUserNames();

  // Live events are heard from the moment the page opens, before its first read: a colleague's
  // claim between that read and the task's view appearing would otherwise be lost. Until the view
  // is there to take them, an event (or the socket connecting) only marks the read as stale.
  const view = useRef<LiveHandlers | null>(null);
  const stale = useRef(false);
  // A read can answer with the task as it was before an event that reached the page while the
  // read was under way (the server logs the read after taking it). The events heard during the
  // latest read are therefore replayed over its answer, and only the latest read counts.
  const replay = useRef<Task[] | null>(null);
  const reading = useRef(0);

  const load = useCallback(async () => {
    stale.current = false;
    const ticket = ++reading.current;
    replay.current = [];
    try {
      const answer = await api.get<TaskDetail>(`/api/tasks/${encodeURIComponent(taskId)}`);
      if (ticket !== reading.current) return;
      const task: TaskDetail = Object.assign({}, answer, ...(replay.current ?? []));
      replay.current = null;
      setLoaded({ status: 'ready', task });
    } catch (error) {
      if (ticket !== reading.current) return;
      replay.current = null;
      setLoaded(
        error instanceof ApiError && error.status === 404
          ? { status: 'missing' }
          : { status: 'failed', message: messageOf(error) },
      );
    }
  }, [taskId]);

  // A change to the task, from a live event or the user's own claim: shown, and replayed over
  // the answer of a read still under way.
  const change = useCallback((changed: Task) => {
    replay.current?.push(changed);
    setLoaded((previous) =>
      previous.status === 'ready' ? { status: 'ready', task: { ...previous.task, ...changed } } : previous,
    );
  }, []);

  const onTaskEvent = useCallback(
    (changed: Task) => {
      if (changed.id !== taskId) return;
      if (view.current) view.current.onTask(changed);
      else {
        replay.current?.push(changed);
        stale.current = true;
      }
    },
    [taskId],
  );
  useLiveEvent('task:updated', onTaskEvent);
  useLiveEvent('task:completed', onTaskEvent);
  // Events sent before the socket joined its rooms never reach this page: read again then.
  const onConnect = useCallback(() => {
    if (view.current) view.current.onConnect();
    else stale.current = true;
  }, []);
  useLiveConnect(onConnect);

  const listen = useCallback(
    (handlers: LiveHandlers) => {
      view.current = handlers;
      if (stale.current) void load();
      return () => {
        if (view.current === handlers) view.current = null;
      };
    },
    [load],
  );

  useEffect(() => {
    void load();
  }, [load]);

  usePageTitle(
    loaded.status === 'ready' ? loaded.task.name : loaded.status === 'loading' ? 'Taak' : 'Taak niet gevonden',
  );

  if (loaded.status === 'loading') return <p role="status">De taak wordt geladen…</p>;
  if (loaded.status === 'missing' || loaded.status === 'failed') {
    return (
      <section>
        <h1>Taak niet gevonden</h1>
        <p>{loaded.status === 'missing' ? MISSING : loaded.message}</p>
        <p>
          <Link href={paths.worklist()}>Terug naar de werkvoorraad</Link>
        </p>
      </section>
    );
  }
  return <TaskView task={loaded.task} user={user} names={names} onChange={change} reload={load} listen={listen} />;
}

function TaskView(props: {
  task: TaskDetail;
  user: User;
  names: ReadonlyMap<string, string>;
  onChange: (changed: Task) => void;
  reload: () => Promise<void>;
  listen: (handlers: LiveHandlers) => () => void;
}) {
  const { task, user, names } = props;
  const [controller, setController] = useState<FormController | null>(null);
  const [formData, setFormData] = useState<Variables>({});
  const [busy, setBusy] = useState<'claim' | 'unclaim' | 'complete' | null>(null);
  const [claimMessage, setClaimMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [completed, setCompleted] = useState<{ mdoOutcome: MdoOutcome | undefined } | null>(null);
  const [now] = useState(() => Date.now());
  const formArea = useRef<HTMLDivElement>(null);
  const summaryBox = useRef<HTMLDivElement>(null);
  const claimStatus = useRef<HTMLParagraphElement>(null);
  const focusClaimStatus = useRef(false);
  // Live events come in through a handler made once; it reads the current state from refs.
  const current = useRef({ completing: false, completed: false });
  current.current.completed = completed !== null;

  const isMdo = task.formKey === MDO_FORM;
  const schema = useMemo(() => (task.form && isMdo ? withCompactAttendees(task.form) : task.form), [task.form, isMdo]);
  const checks = useMemo(() => (isMdo ? checkMdo(task.variables, formData) : null), [isMdo, task.variables, formData]);

  const open = task.state === 'open';
  const holds = open && task.assignee === user.id;
  const inGroup = task.candidateGroups.some((group) => (user.roles as string[]).includes(group));
  const readOnly = !holds || busy !== null || completed !== null;
  const holderName = task.assignee
    ? task.assignee === user.id
      ? 'u zelf'
      : (names.get(task.assignee) ?? task.assignee)
    : 'nog niemand';

  useEffect(() => {
    if (summary) summaryBox.current?.focus();
  }, [summary]);
  useEffect(() => {
    if (focusClaimStatus.current) {
      focusClaimStatus.current = false;
      claimStatus.current?.focus();
    }
  });

  const onTask = useCallback(
    (changed: Task) => {
      const state = current.current;
      if (state.completing || state.completed) return;
      props.onChange(changed);
    },
    // props.onChange is the parent's one callback for the whole visit.
    [],
  );
  const onConnect = useCallback(() => {
    const state = current.current;
    if (!state.completing && !state.completed) void props.reload();
  }, []);
  // A layout effect: it takes over the page's live events in the same render that shows the
  // task, before any further event can come in.
  useLayoutEffect(() => props.listen({ onTask, onConnect }), [props.listen, onTask, onConnect]);

  const claim = async () => {
    setBusy('claim');
    setClaimMessage(null);
    try {
      const claimed = await api.post<Task>(`/api/tasks/${encodeURIComponent(task.id)}/claim`);
      props.onChange(claimed);
      setClaimMessage(null);
      focusClaimStatus.current = true;
    } catch (error) {
      // 409: someone else holds it; the server's message names them. Show who has it now.
      setClaimMessage({ error: true, text: messageOf(error) });
      await props.reload();
      focusClaimStatus.current = true;
    } finally {
      setBusy(null);
    }
  };

  const unclaim = async () => {
    setBusy('unclaim');
    try {
      await api.post(`/api/tasks/${encodeURIComponent(task.id)}/unclaim`);
      setClaimMessage({ error: false, text: 'U heeft de taak vrijgegeven; een collega kan haar nu oppakken.' });
      await props.reload();
    } catch (error) {
      setClaimMessage({ error: true, text: messageOf(error) });
    } finally {
      setBusy(null);
      focusClaimStatus.current = true;
    }
  };

  const complete = async () => {
    let variables: Variables = {};
    if (controller) {
      const result = controller.submit();
      if (result.errors.length > 0) {
        setSummary({
          title: 'Het formulier is nog niet compleet',
          intro: 'Verbeter deze velden en rond dan opnieuw af:',
          items: result.errors,
        });
        return;
      }
      // Dates typed as dd-mm-jjjj arrive here as ISO dates, as the server expects them.
      variables = result.data;
    } else if (task.form) {
      return; // the form is still loading
    }
    if (checks?.blocked) return;
    setSummary(null);
    setBusy('complete');
    current.current.completing = true;
    try {
      await api.post(`/api/tasks/${encodeURIComponent(task.id)}/complete`, { variables });
      const outcome =
        isMdo && (variables.mdoUitkomst === 'besluit' || variables.mdoUitkomst === 'opnieuw-plannen')
          ? variables.mdoUitkomst
          : undefined;
      setCompleted({ mdoOutcome: outcome });
    } catch (error) {
      current.current.completing = false;
      setSummary(problemSummary(error, controller, isMdo));
      if (error instanceof ApiError && error.status === 409) await props.reload();
    } finally {
      setBusy(null);
    }
  };

  const goTo = (target: FieldTarget) => {
    if (controller && formArea.current) controller.focus(target, formArea.current);
  };

  const chooseReplan = () => {
    if (controller && formArea.current) controller.chooseOption('mdoUitkomst', 'opnieuw-plannen', formArea.current);
  };

  const submitLabel = isMdo ? mdoSubmitLabel(checks?.outcome) : 'Afronden';
  const blockedHint = checks?.blocked
    ? `Het besluit kan nog niet worden vastgelegd: ${checks.problems.length} ${checks.problems.length === 1 ? 'punt' : 'punten'} in de controle ${checks.problems.length === 1 ? 'is' : 'zijn'} niet in orde. Kies anders "MDO opnieuw plannen".`
    : undefined;

  return (
    <article class="task-page">
      <p class="back-link">
        <Link href={paths.worklist()}>
          <span aria-hidden="true">← </span>Werkvoorraad
        </Link>
      </p>
      <h1>{task.name}</h1>
      <TaskSummary task={task} holder={holderName} now={now} />

      {!completed && (
        <ClaimBar
          task={task}
          holds={holds}
          inGroup={inGroup}
          holderName={holderName}
          busy={busy}
          message={claimMessage}
          statusRef={claimStatus}
          onClaim={claim}
          onUnclaim={unclaim}
        />
      )}

      {summary && (
        <ErrorSummary
          title={summary.title}
          intro={summary.intro}
          items={summary.items}
          onGoTo={goTo}
          summaryRef={summaryBox}
        />
      )}

      {completed ? (
        <CompletionResult task={task} user={user} names={names} mdoOutcome={completed.mdoOutcome} />
      ) : (
        <div class={isMdo ? 'task-work with-panel' : 'task-work'}>
          <div class="task-form-area" ref={formArea}>
            {task.formKey === SHARE_DECISION_FORM && <DecisionToShare task={task} />}
            {schema ? (
              <FormView
                schema={schema}
                data={task.variables}
                readOnly={readOnly}
                onChange={setFormData}
                onReady={setController}
              />
            ) : (
              <p>Deze taak heeft geen formulier: u kunt haar direct afronden.</p>
            )}
            {open && (
              <div class="task-actions">
                <button
                  type="button"
                  class="primary-action"
                  onClick={complete}
                  disabled={!holds || busy !== null || (schema !== null && !controller) || checks?.blocked === true}
                  aria-describedby={blockedHint || !holds ? 'submit-hint' : undefined}
                >
                  {busy === 'complete' ? 'Bezig met vastleggen…' : submitLabel}
                </button>
                {(blockedHint || !holds) && (
                  <p id="submit-hint" class="submit-hint">
                    {blockedHint ?? 'Pak de taak eerst op; daarna kunt u het formulier invullen en afronden.'}
                  </p>
                )}
              </div>
            )}
          </div>
          {checks && <MdoChecklist checks={checks} onChooseReplan={chooseReplan} canChoose={holds && busy === null} />}
        </div>
      )}
    </article>
  );
}

function ClaimBar(props: {
  task: TaskDetail;
  holds: boolean;
  inGroup: boolean;
  holderName: string;
  busy: string | null;
  message: { error: boolean; text: string } | null;
  statusRef: RefObject<HTMLParagraphElement>;
  onClaim: () => void;
  onUnclaim: () => void;
}) {
  const { task, holds, inGroup, holderName, busy, message } = props;
  let status: string;
  let action: JSX.Element | null = null;
  if (task.state !== 'open') {
    status =
      task.state === 'completed'
        ? 'Deze taak is al afgerond. U ziet het formulier zoals het is ingevuld.'
        : 'Deze taak is vervallen.';
  } else if (holds) {
    status = 'U heeft deze taak opgepakt: vul het formulier in en rond af.';
    action = (
      <button type="button" class="secondary" onClick={props.onUnclaim} disabled={busy !== null}>
        Vrijgeven
      </button>
    );
  } else if (task.assignee) {
    status = `Deze taak is opgepakt door ${holderName}. U kunt het formulier bekijken, maar niet invullen.`;
  } else if (inGroup) {
    status = 'Nog niemand heeft deze taak opgepakt. Pak haar op om het formulier in te vullen.';
    action = (
      <button type="button" onClick={props.onClaim} disabled={busy !== null}>
        {busy === 'claim' ? 'Bezig met oppakken…' : 'Oppakken'}
      </button>
    );
  } else {
    status = 'U hoort niet bij de groep van deze taak. U kunt het formulier bekijken, maar niet invullen.';
  }
  return (
    <div class={`claim-bar${holds ? ' held' : ''}`}>
      <div>
        {message && <p class={message.error ? 'error-text' : 'claim-info'}>{message.text}</p>}
        <p class="claim-status" tabIndex={-1} ref={props.statusRef}>
          {status}
        </p>
      </div>
      {action}
    </div>
  );
}

/** The summary to show for a refused completion: per field (400), per rule (422), or plainly. */
function problemSummary(error: unknown, controller: FormController | null, isMdo: boolean): Summary {
  if (!(error instanceof ApiError)) return { title: 'De taak is niet afgerond', intro: messageOf(error), items: [] };
  const problems = error.problem.problems ?? [];
  const items = controller
    ? controller.showServerProblems(problems)
    : problems.map((problem) => ({ message: problem.message }));
  if (error.status === 400) {
    return {
      title: 'De server heeft het formulier niet geaccepteerd',
      intro: 'Verbeter deze punten en rond dan opnieuw af:',
      items,
    };
  }
  if (error.status === 422) {
    return {
      title: isMdo ? 'Het besluit kan niet worden vastgelegd' : 'De taak kan niet worden afgerond',
      intro: error.problem.detail ?? error.problem.title,
      items,
    };
  }
  return { title: 'De taak is niet afgerond', intro: messageOf(error), items };
}
