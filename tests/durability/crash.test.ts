import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry, InstanceDetail, StartInstanceResponse, Task } from '../../server/contract/api';
import { inParallel, type ServerProcess, spawnServer } from '../support/process';
import { ApiClient, removeDataDir } from '../support/server';

/**
 * "A 2xx answer to anything that changes state means the change is durable: a crash right after it
 * loses nothing." The server runs as a real process and is killed with SIGKILL in the middle of a
 * stream of task completions; a new process on the same data folder must show every answered
 * completion, and every other one either not done at all or done completely.
 */
describe('a crash during a stream of task completions', () => {
  const CASES = 40;
  const CONCURRENCY = 4;
  const KILL_AFTER = 15;

  const processes: ServerProcess[] = [];
  let dataDir: string;
  let server: ServerProcess;
  let teamleider: ApiClient;
  let slt: ApiClient;

  interface Triage {
    instanceId: string;
    caseId: string;
    taskId: string;
  }
  let triages: Triage[];
  /** Completions the crashed server answered 2xx, by task id. */
  const acknowledged = new Set<string>();
  /** Completions sent but not answered 2xx (in flight at the kill, or never sent). */
  const unacknowledged = new Set<string>();
  /** Completions sent and not yet answered at the moment of the kill. */
  let inFlightAtKill = 0;

  const spawn = async () => {
    const started = await spawnServer({ dataDir });
    processes.push(started);
    return started;
  };
  const stateOf = async (triage: Triage) => ({
    instance: await teamleider.get<InstanceDetail>(`/api/instances/${triage.instanceId}`),
    openTasks: await teamleider.get<Task[]>(`/api/tasks?caseId=${triage.caseId}`),
    history: await teamleider.get<HistoryEntry[]>(`/api/instances/${triage.instanceId}/history`),
  });
  const completionsIn = (history: HistoryEntry[], taskId: string) =>
    history.filter((entry) => entry.type === 'task.completed' && entry.data?.taskId === taskId);

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-crash-'));
    server = await spawn();
    const before = await ApiClient.login(server.baseUrl, 'slt');

    // Given 40 routering cases whose triage slt has claimed,
    triages = [];
    await inParallel(Array.from({ length: CASES }), 8, async () => {
      const { id, caseId } = await before.post<StartInstanceResponse>('/api/instances', {
        definitionKey: 'routering',
        team: 'slt-breda-noord',
      });
      const [task] = await before.get<Task[]>(`/api/tasks?caseId=${caseId}`);
      await before.post(`/api/tasks/${task!.id}/claim`);
      triages.push({ instanceId: id, caseId, taskId: task!.id });
    });

    // when completions stream in, 4 at a time, and the server is killed after the 15th answer,
    let killed: Promise<void> | undefined;
    let inFlight = 0;
    await inParallel(triages, CONCURRENCY, async ({ taskId }) => {
      if (killed) {
        unacknowledged.add(taskId);
        return;
      }
      let ok = false;
      inFlight++;
      try {
        const response = await before.request('POST', `/api/tasks/${taskId}/complete`, {
          variables: { urgentie: 'regulier' },
        });
        ok = response.ok;
        if (!ok && !killed)
          throw new Error(`completing ${taskId} answered ${response.status}: ${await response.text()}`);
      } catch (error) {
        // The connection died with the server: the outcome is unknown to the client.
        if (!killed) throw error;
      } finally {
        inFlight--;
      }
      (ok ? acknowledged : unacknowledged).add(taskId);
      if (ok && acknowledged.size === KILL_AFTER && !killed) {
        inFlightAtKill = inFlight;
        killed = server.kill('SIGKILL');
      }
    });
    await killed;

    // and a new server process starts on the same data folder.
    server = await spawn();
    teamleider = await ApiClient.login(server.baseUrl, 'teamleider');
    slt = await ApiClient.login(server.baseUrl, 'slt');
  });

  afterAll(async () => {
    for (const started of processes) await started.kill('SIGKILL');
    if (dataDir) await removeDataDir(dataDir);
  });

  it('was killed while completions were still in flight', () => {
    expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(acknowledged.size + unacknowledged.size).toBe(CASES);
    // The kill came in the middle of the stream, with other completions sent and not yet answered.
    expect(inFlightAtKill).toBeGreaterThan(0);
    expect(unacknowledged.size).toBeGreaterThan(0);
  });

  it('keeps every completion that was answered 200 before the crash', async () => {
    for (const triage of triages.filter(({ taskId }) => acknowledged.has(taskId))) {
      const { instance, openTasks, history } = await stateOf(triage);
      expect({ taskId: triage.taskId, active: instance.activeElementIds }).toEqual({
        taskId: triage.taskId,
        active: ['Task_Regulier'],
      });
      expect(instance.variables.urgentie).toBe('regulier');
      expect(openTasks.map((task) => task.elementId)).toEqual(['Task_Regulier']);
      expect(openTasks.some((task) => task.id === triage.taskId)).toBe(false);
      expect(completionsIn(history, triage.taskId)).toHaveLength(1);
      expect(completionsIn(history, triage.taskId)[0]).toMatchObject({ actor: 'slt', elementId: 'Task_Triage' });
    }
  });

  it('leaves every other triage either still open with its holder or completed, never lost or half-done', async () => {
    for (const triage of triages.filter(({ taskId }) => unacknowledged.has(taskId))) {
      const { instance, openTasks, history } = await stateOf(triage);
      const context = {
        taskId: triage.taskId,
        active: instance.activeElementIds,
        open: openTasks.map((task) => task.elementId),
      };
      expect(instance.state, JSON.stringify(context)).toBe('active');
      // Exactly one of the two tasks is active, and the open-task list agrees with the instance.
      expect([['Task_Triage'], ['Task_Regulier']], JSON.stringify(context)).toContainEqual(instance.activeElementIds);
      expect(
        openTasks.map((task) => task.elementId),
        JSON.stringify(context),
      ).toEqual(instance.activeElementIds);
      expect(instance.openTasks.map((task) => task.id)).toEqual(openTasks.map((task) => task.id));
      if (instance.activeElementIds[0] === 'Task_Triage') {
        // Not done at all: the same task, still held by slt, with no completion in the history.
        expect(openTasks[0]).toMatchObject({ id: triage.taskId, assignee: 'slt' });
        expect(completionsIn(history, triage.taskId)).toEqual([]);
      } else {
        // Done completely: routed on, and the completion is in the history once.
        expect(instance.variables.urgentie).toBe('regulier');
        expect(completionsIn(history, triage.taskId)).toHaveLength(1);
      }
    }
  });

  it('lists exactly the open tasks the instances wait at, across all cases', async () => {
    const everything = await teamleider.get<Task[]>('/api/tasks?scope=all');
    const ours = everything.filter((task) => triages.some((triage) => triage.caseId === task.caseId));
    expect(ours).toHaveLength(CASES);
    expect(new Set(ours.map((task) => task.caseId)).size).toBe(CASES);
  });

  it('writes each history entry once, also when it repairs the history log after the crash', async () => {
    for (const triage of triages) {
      const { history } = await stateOf(triage);
      const keys = history.map((entry) => JSON.stringify(entry));
      expect(new Set(keys).size, triage.caseId).toBe(keys.length);
      expect(
        history.filter((entry) => entry.type === 'task.created' && entry.elementId === 'Task_Regulier').length,
      ).toBeLessThanOrEqual(1);
    }
  });

  it('lets the triages that were still open be completed after the restart', async () => {
    const stillOpen = [];
    for (const triage of triages.filter(({ taskId }) => unacknowledged.has(taskId))) {
      const { openTasks } = await stateOf(triage);
      if (openTasks[0]?.id === triage.taskId) stillOpen.push(triage);
    }
    for (const triage of stillOpen) {
      await slt.post(`/api/tasks/${triage.taskId}/complete`, { variables: { urgentie: 'regulier' } });
      const { instance, openTasks } = await stateOf(triage);
      expect(instance.activeElementIds).toEqual(['Task_Regulier']);
      expect(openTasks.map((task) => task.elementId)).toEqual(['Task_Regulier']);
    }
  });
});
