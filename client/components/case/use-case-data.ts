import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { CaseHistoryEntry, CaseView, DecisionView, InstanceDetail, Task } from '../../../server/contract/api';
import type { InstanceUpdate } from '../../../server/contract/events';
import { api } from '../../api/http';
import { connectLive, useLiveEvent } from '../../api/live';
import { type LiveState, useLiveResource } from '../../api/use-live-resource';
import { type DiagramElements, diagramElements } from './diagram-elements';

/** Everything the case page shows, read together so the parts never contradict each other. */
export interface CaseData {
  view: CaseView;
  /** Every instance of the case in detail, in the order the server lists them. */
  instances: InstanceDetail[];
  history: CaseHistoryEntry[];
  decisions: DecisionView[];
}

export type CaseState = LiveState<CaseData>;

async function fetchCase(caseId: string): Promise<CaseData> {
  const id = encodeURIComponent(caseId);
  const view = await api.get<CaseView>(`/api/cases/${id}`);
  const [instances, history, decisions] = await Promise.all([
    Promise.all(
      view.instances.map((instance) => api.get<InstanceDetail>(`/api/instances/${encodeURIComponent(instance.id)}`)),
    ),
    api.get<CaseHistoryEntry[]>(`/api/cases/${id}/history`),
    api.get<DecisionView[]>(`/api/cases/${id}/decisions`),
  ]);
  return { view, instances, history, decisions };
}

/**
 * Loads a case and keeps it current: task events of this case (for those in the task's groups,
 * its holder and the team leader) and updates of its instances (for anyone who may see the case,
 * through `instance:watch`) both trigger a fresh read, without reloading the page. Reads that
 * arrive while one is running are folded into one more read, so a burst of events costs two.
 */
export function useCaseData(caseId: string): { state: CaseState; reload: () => void } {
  const { state, load, latest } = useLiveResource(() => fetchCase(caseId), [caseId]);

  const onTask = useCallback(
    (task: Task) => {
      if (task.caseId === caseId) void load();
    },
    [caseId, load],
  );
  useLiveEvent('task:created', onTask);
  useLiveEvent('task:updated', onTask);
  useLiveEvent('task:completed', onTask);
  // Its regievoerder changed or it was closed, perhaps by someone else.
  const onCase = useCallback(
    (update: { caseId: string }) => {
      if (update.caseId === caseId) void load();
    },
    [caseId, load],
  );
  useLiveEvent('case:updated', onCase);

  // Follow every instance of the case; a new child instance is followed after the read that finds it.
  const instanceIds = state.status === 'ready' ? state.data.view.instances.map((instance) => instance.id) : [];
  const watchKey = instanceIds.join(' ');
  const watched = useRef(new Set<string>());
  useEffect(() => {
    const live = connectLive();
    const ids = watchKey ? watchKey.split(' ') : [];
    for (const id of ids) {
      if (!watched.current.has(id)) {
        live.emit('instance:watch', { id });
        watched.current.add(id);
      }
    }
  }, [watchKey]);
  useEffect(() => {
    const live = connectLive();
    const set = watched.current;
    // Rooms do not survive a reconnect, and events may have been missed meanwhile: watch again and re-read.
    const onConnect = () => {
      for (const id of set) live.emit('instance:watch', { id });
      if (latest.current) void load();
    };
    live.on('connect', onConnect);
    return () => {
      live.off('connect', onConnect);
      for (const id of set) live.emit('instance:unwatch', { id });
      set.clear();
    };
  }, [load]);
  const onInstance = useCallback(
    (update: InstanceUpdate) => {
      if (watched.current.has(update.id)) void load();
    },
    [load],
  );
  useLiveEvent('instance:updated', onInstance);

  return { state, reload: () => void load() };
}

/** The element names of each instance's diagram, by instance id; filled in as diagrams arrive. */
export function useDiagramElements(
  instances: ReadonlyArray<{ id: string; definitionKey: string; version: number }>,
): ReadonlyMap<string, DiagramElements> {
  const [elements, setElements] = useState<ReadonlyMap<string, DiagramElements>>(new Map());
  const key = instances.map((instance) => `${instance.id}:${instance.definitionKey}@${instance.version}`).join(' ');
  useEffect(() => {
    let alive = true;
    for (const instance of instances) {
      if (elements.has(instance.id)) continue;
      diagramElements(instance)
        .then((found) => {
          if (alive) setElements((previous) => new Map(previous).set(instance.id, found));
        })
        // Names are a nicety: without them the page shows humanised element ids.
        .catch(() => undefined);
    }
    return () => {
      alive = false;
    };
    // `instances` is summarised by `key`: a new array with the same instances needs no new fetch.
  }, [key]);
  return elements;
}
