import type NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type EventBus from 'diagram-js/lib/core/EventBus';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Task } from '../../server/contract/api';
import type { InstanceUpdate } from '../../server/contract/events';
import { useLiveEvent } from '../api/live';
import { useUserNames } from '../api/use-users';
import { Link, navigate, paths } from '../app/router';
import { processName } from '../components/case/case-summary';
import { STATE_NAMES } from '../components/case/labels';
import { formatDateTime } from '../components/due-date';
import { Breadcrumb } from '../components/instance/breadcrumb';
import { Legend } from '../components/instance/legend';
import { Standing } from '../components/instance/standing';
import { calledInstances, useCaseInstances, useInstance } from '../components/instance/use-instance';
import { LoadFailed } from '../components/load-failed';
import { usePageTitle } from '../components/page-title';
import { RefreshFailed, RefreshStatus } from '../components/refresh-status';
import { DiagramCanvas } from '../diagram/diagram-canvas';
import drillDownModule from '../diagram/drill-down';
import liveStateModule from '../diagram/live-state';
import type LiveStateRenderer from '../diagram/live-state/LiveStateRenderer';
import { NAVIGATE_EVENT, type NavigateEvent, type WaitingTask } from '../diagram/live-state/LiveStateRenderer';
import { NotFoundScreen } from './not-found-screen';

/**
 * One process instance live on the diagram version it runs on, at `/instanties/:id`: where it
 * stands (markers), what waits for whom until when (badges), the way up to the case and down into
 * called processes. Live events change markers and badges in place; the diagram is imported once,
 * so it never jumps while someone is looking at it. The same state is written out as text for
 * those who cannot use the picture.
 */

const MODULES = [liveStateModule, drillDownModule];
/** How often "te laat" is re-judged while the page stays open. */
const OVERDUE_TICK_MS = 30_000;

export function InstanceScreen({ id }: { id: string }) {
  const { state, reload, applyUpdate, applyTask } = useInstance(id);
  const ready = state.status === 'ready' ? state : undefined;
  const family = useCaseInstances(ready?.detail, ready?.elements);
  const names = useUserNames();
  const now = useNow(OVERDUE_TICK_MS);
  const [renderer, setRenderer] = useState<LiveStateRenderer | null>(null);
  const rendererRef = useRef<LiveStateRenderer | null>(null);

  const title = ready
    ? `${processName(ready.detail.definitionKey)} · casus ${ready.detail.caseId}`
    : state.status === 'not-found'
      ? 'Niet gevonden'
      : 'Procesinstantie';
  usePageTitle(title);

  // Markers straight from the event's payload, before Preact renders anything: the fastest path.
  const onInstance = useCallback(
    (update: InstanceUpdate) => {
      if (update.id !== id) return;
      rendererRef.current?.showState(update);
      applyUpdate(update);
    },
    [id, applyUpdate],
  );
  useLiveEvent('instance:updated', onInstance);
  const onTask = useCallback((task: Task) => applyTask(task, false), [applyTask]);
  const onTaskDone = useCallback((task: Task) => applyTask(task, true), [applyTask]);
  useLiveEvent('task:created', onTask);
  useLiveEvent('task:updated', onTask);
  useLiveEvent('task:completed', onTaskDone);

  const onReady = useCallback((viewer: NavigatedViewer) => {
    const found = viewer.get<LiveStateRenderer>('liveStateRenderer');
    viewer.get<EventBus>('eventBus').on<NavigateEvent>(NAVIGATE_EVENT, ({ href, newTab }) => {
      if (newTab) window.open(href, '_blank', 'noopener');
      else navigate(href);
    });
    rendererRef.current = found;
    setRenderer(found);
  }, []);
  const [drawError, setDrawError] = useState<string | undefined>(undefined);

  const detail = ready?.detail;
  const calls = useMemo(() => calledInstances(detail, family), [detail, family]);
  const tasks = useMemo<WaitingTask[]>(
    () =>
      (detail?.openTasks ?? []).map((task) => ({
        taskId: task.id,
        elementId: task.elementId,
        name: task.name,
        holder: task.assignee ? (names.get(task.assignee) ?? task.assignee) : undefined,
        dueAt: task.dueAt,
        href: paths.task(task.id),
      })),
    [detail?.openTasks, names],
  );
  useEffect(() => {
    if (renderer && detail) {
      renderer.showState(detail);
      renderer.showIncidents((detail.incidents ?? []).filter((incident) => incident.state === 'open'));
    }
  }, [renderer, detail?.activeElementIds, detail?.completedElementIds, detail?.takenFlowIds, detail?.incidents]);
  useEffect(() => {
    renderer?.showWaiting(tasks, calls, now);
  }, [renderer, tasks, calls, now]);

  if (state.status === 'not-found') {
    return <NotFoundScreen message={`Procesinstantie ${id} bestaat niet, of u mag deze niet zien.`} />;
  }
  if (state.status === 'loading') {
    return (
      <section class="instance-page" aria-busy="true">
        <h1>Procesinstantie</h1>
        <p role="status">Het diagram wordt geladen…</p>
      </section>
    );
  }
  if (state.status === 'error') {
    return (
      <section class="instance-page">
        <h1>Procesinstantie</h1>
        <LoadFailed message={`De procesinstantie kon niet worden geladen. ${state.message}`} onRetry={reload} />
        <p>
          <Link href={paths.worklist()}>Terug naar de werkvoorraad</Link>
        </p>
      </section>
    );
  }

  const current = state.detail;
  const process = processName(current.definitionKey);
  return (
    <div class="instance-page">
      <Breadcrumb current={current} family={family} />
      <div class="instance-heading">
        <h1>
          {process} <span class="instance-case">· casus {current.caseId}</span>
        </h1>
        <p class="instance-meta">
          <span class={`state state-${current.state}`}>{capitalise(STATE_NAMES[current.state])}</span>{' '}
          <span class="muted">
            versie {current.version} van het diagram · gestart {formatDateTime(new Date(current.startedAt))}
            {current.endedAt ? ` · beëindigd ${formatDateTime(new Date(current.endedAt))}` : ''}
          </span>
        </p>
        <RefreshStatus class="instance-status" refreshedAt={state.refreshedAt} />
      </div>
      <RefreshFailed error={state.refreshError} stale="Wat u ziet kan verouderd zijn." />
      {drawError ? (
        <p class="notice error" role="alert">
          {drawError} De stand van zaken staat hieronder in tekst.
        </p>
      ) : null}
      <section class="instance-diagram" aria-labelledby="diagram-kop">
        <h2 id="diagram-kop" class="visually-hidden">
          Diagram
        </h2>
        <DiagramCanvas
          xml={state.xml}
          modules={MODULES}
          label={`Diagram van ${process}`}
          describedBy="stand-kop"
          onReady={onReady}
          onError={setDrawError}
        >
          <Legend />
        </DiagramCanvas>
      </section>
      <Standing detail={current} elements={state.elements} calls={calls} names={names} now={now} />
    </div>
  );
}

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
