import { useCallback, useEffect, useState } from 'preact/hooks';
import type { InstanceDetail, InstanceSummary, Task } from '../../../server/contract/api';
import type { InstanceUpdate } from '../../../server/contract/events';
import { ApiError, api } from '../../api/http';
import { connectLive } from '../../api/live';
import { type LiveState, useLiveResource } from '../../api/use-live-resource';
import { paths } from '../../app/router';
import type { CalledInstance } from '../../diagram/live-state/LiveStateRenderer';
import { processName } from '../case/case-summary';
import { type DiagramElements, parseElements } from '../case/diagram-elements';

/**
 * The data of the instance screen: the instance and its diagram, read once and then kept current
 * from live events (markers from the update's payload, tasks from task events), re-read only when
 * an event says more than it carries.
 */

export interface Loaded {
  detail: InstanceDetail;
  xml: string;
  elements: DiagramElements;
}

export type ScreenState =
  | { status: 'loading' }
  | { status: 'not-found' }
  | { status: 'error'; message: string }
  | ({ status: 'ready'; refreshedAt?: Date; refreshError?: string } & Loaded);

/** Loads the instance and its diagram once, then keeps the instance current from live events. */
export function useInstance(id: string) {
  const { state, load, latest, apply } = useLiveResource<Loaded>(
    async (previous) => {
      const [detail, xml] = await Promise.all([
        api.get<InstanceDetail>(`/api/instances/${encodeURIComponent(id)}`),
        // The diagram version an instance runs on never changes: fetch it once.
        previous ? Promise.resolve(previous.xml) : fetchXml(id),
      ]);
      return { detail, xml, elements: previous?.elements ?? parseElements(xml) };
    },
    [id],
    // A re-read that finds nothing new (e.g. after watching again) is not announced as a change.
    (before, after) => JSON.stringify(before.detail) === JSON.stringify(after.detail),
  );
  const screenState: ScreenState = state.status === 'ready' ? flatten(state) : state;

  // Follow the instance. Rooms do not survive a reconnect and events may be missed meanwhile, so
  // every (re)connect watches again and then re-reads once.
  useEffect(() => {
    const live = connectLive();
    const watch = () =>
      live.emit('instance:watch', { id }, (ack) => {
        if (ack.ok && latest.current) void load();
      });
    if (live.connected) watch();
    live.on('connect', watch);
    return () => {
      live.off('connect', watch);
      live.emit('instance:unwatch', { id });
    };
  }, [id, load]);

  const applyUpdate = useCallback(
    (update: InstanceUpdate) => {
      const current = latest.current;
      if (!current) return;
      const detail: InstanceDetail = {
        ...current.detail,
        state: update.state,
        activeElementIds: update.activeElementIds,
        completedElementIds: update.completedElementIds,
        takenFlowIds: update.takenFlowIds,
      };
      apply({ ...current, detail });
      if (needsDetail(current.detail, detail, current.elements)) void load();
    },
    [load, apply],
  );

  const applyTask = useCallback(
    (task: Task, done: boolean) => {
      const current = latest.current;
      if (!current || task.instanceId !== current.detail.id) return;
      const others = current.detail.openTasks.filter((open) => open.id !== task.id);
      const openTasks =
        done || task.state !== 'open'
          ? others
          : [...others, task].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      apply({ ...current, detail: { ...current.detail, openTasks } });
    },
    [apply],
  );

  return { state: screenState, reload: () => void load(), applyUpdate, applyTask };
}

function flatten({ data, refreshedAt, refreshError }: LiveState<Loaded> & { status: 'ready' }): ScreenState {
  return {
    status: 'ready',
    ...data,
    ...(refreshedAt ? { refreshedAt } : {}),
    ...(refreshError ? { refreshError } : {}),
  };
}

async function fetchXml(id: string): Promise<string> {
  const response = await fetch(`/api/instances/${encodeURIComponent(id)}/xml`, {
    credentials: 'same-origin',
    headers: { accept: 'application/xml' },
  });
  if (response.ok) return response.text();
  throw new ApiError(response.status, {
    type: 'about:blank',
    title: response.statusText,
    status: response.status,
    detail: 'Het diagram kon niet worden opgehaald.',
  });
}

/**
 * Whether an update says more than its payload carries: the instance ended (end time), a user task
 * waits that we have no task for, or a call activity runs whose instance we do not know yet.
 * Otherwise the task events (which reach watchers before the update) already said it all.
 */
function needsDetail(before: InstanceDetail, after: InstanceDetail, elements: DiagramElements): boolean {
  if (before.state !== after.state) return true;
  const taskElements = new Set(after.openTasks.map((task) => task.elementId));
  return after.activeElementIds.some((elementId) => {
    const type = elements.get(elementId)?.type;
    if (type === 'userTask') return !taskElements.has(elementId);
    if (type === 'callActivity') return !before.activeElementIds.includes(elementId);
    return false;
  });
}

/**
 * The instances of the case as summaries (one call): for the breadcrumb up to the root and for the
 * instances this one's call activities started. Re-read when a child is added or a call ends.
 */
export function useCaseInstances(
  detail: InstanceDetail | undefined,
  elements: DiagramElements | undefined,
): readonly InstanceSummary[] {
  const [family, setFamily] = useState<readonly InstanceSummary[]>([]);
  const caseId = detail?.caseId;
  // A called instance ends exactly when its call activity stops being active.
  const activeCalls =
    detail?.activeElementIds.filter((elementId) => elements?.get(elementId)?.type === 'callActivity') ?? [];
  const key = `${caseId} ${detail?.childIds.join(' ')} ${activeCalls.join(' ')}`;
  useEffect(() => {
    if (!caseId) return;
    let alive = true;
    api
      .get<InstanceSummary[]>(`/api/instances?caseId=${encodeURIComponent(caseId)}`)
      .then((found) => {
        if (alive) setFamily(found);
      })
      // Without it the diagram still works; only the breadcrumb and the drill-down links wait.
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [key]);
  return family;
}

/** Per call activity the instance it opens: the newest active one it started, else the newest. */
export function calledInstances(
  detail: InstanceDetail | undefined,
  family: readonly InstanceSummary[],
): CalledInstance[] {
  if (!detail) return [];
  const byCall = new Map<string, InstanceSummary>();
  for (const child of family) {
    if (child.parentId !== detail.id || !child.calledBy) continue;
    const chosen = byCall.get(child.calledBy);
    const active = child.state === 'active';
    const better =
      !chosen ||
      (active && chosen.state !== 'active') ||
      (active === (chosen.state === 'active') && child.startedAt > chosen.startedAt);
    if (better) byCall.set(child.calledBy, child);
  }
  return [...byCall].map(([elementId, child]) => ({
    elementId,
    href: paths.instance(child.id),
    processName: processName(child.definitionKey),
    active: child.state === 'active',
  }));
}
