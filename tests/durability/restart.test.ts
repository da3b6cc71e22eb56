import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry, InstanceDetail, StartInstanceResponse, Task } from '../../server/contract/api';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';

/**
 * A server that stops and starts again on the same data folder carries on where it was: the same
 * tasks, holders, due dates, timers and history. Each restart is a NEW application object, so
 * nothing survives in memory; only what the first server stored.
 */
describe('restart on the same data folder', () => {
  const TEAM = 'slt-breda-noord';
  /** A `termijn` instance waits at its task and at the timer on the task's boundary. */
  const WAITING_WITH_TIMER = ['Task_Overleg', 'Timer_Termijn'];
  let server: TestServer;
  let dataDir: string;

  /** Logs in the users the scenarios need on the server that currently runs. */
  const users = async () => ({
    slt: await ApiClient.login(server.baseUrl, 'slt'),
    regisseur: await ApiClient.login(server.baseUrl, 'regisseur'),
    teamleider: await ApiClient.login(server.baseUrl, 'teamleider'),
    expertteam: await ApiClient.login(server.baseUrl, 'expertteam'),
  });
  let as: Awaited<ReturnType<typeof users>>;

  const start = (definitionKey: string, variables: Record<string, unknown> = {}) =>
    as.slt.post<StartInstanceResponse>('/api/instances', { definitionKey, team: TEAM, variables });
  const openTasks = (caseId: string) => as.teamleider.get<Task[]>(`/api/tasks?caseId=${caseId}`);
  const onlyTask = async (caseId: string) => {
    const tasks = await openTasks(caseId);
    expect(tasks).toHaveLength(1);
    return tasks[0]!;
  };
  const instance = (id: string) => as.teamleider.get<InstanceDetail>(`/api/instances/${id}`);
  const history = (id: string) => as.teamleider.get<HistoryEntry[]>(`/api/instances/${id}/history`);

  const restart = async (options: { engineCacheSize?: number } = {}) => {
    await server.stop();
    server = await startServer({ dataDir, ...options });
    as = await users();
  };

  // Given, before the restart:
  let claimedTriage: StartInstanceResponse; // Triage claimed by slt
  let openTriage: StartInstanceResponse; // Triage nobody holds yet
  let claimedRegulier: StartInstanceResponse; // past triage, "Hulp inzetten" claimed by regisseur
  let crisis: StartInstanceResponse; // past triage, "Crisisinterventie" (due in 24 hours) unclaimed
  let termijn: StartInstanceResponse; // "Overleg teamleiders" with a 24-hour boundary timer
  let tasksBefore: Task[];
  let instancesBefore: Map<string, InstanceDetail>;
  let historyBefore: Map<string, HistoryEntry[]>;
  let allInstances: () => StartInstanceResponse[];

  beforeAll(async () => {
    server = await startServer();
    dataDir = server.dataDir;
    as = await users();

    claimedTriage = await start('routering');
    await as.slt.post(`/api/tasks/${(await onlyTask(claimedTriage.caseId)).id}/claim`);
    openTriage = await start('routering');
    claimedRegulier = await start('routering');
    await as.slt.completeTask(claimedRegulier.caseId, 'Task_Triage', { urgentie: 'regulier' });
    await as.regisseur.post(`/api/tasks/${(await onlyTask(claimedRegulier.caseId)).id}/claim`);
    crisis = await start('routering');
    await as.slt.completeTask(crisis.caseId, 'Task_Triage', { urgentie: 'crisis' });
    termijn = await start('termijn', { urgentie: 'crisis' });
    allInstances = () => [claimedTriage, openTriage, claimedRegulier, crisis, termijn];

    tasksBefore = await as.teamleider.get<Task[]>('/api/tasks?scope=all');
    instancesBefore = new Map();
    historyBefore = new Map();
    for (const { id } of allInstances()) {
      instancesBefore.set(id, await instance(id));
      historyBefore.set(id, await history(id));
    }
    // The timer is pending: the term has not passed, the case still waits at Overleg.
    expect(instancesBefore.get(termijn.id)!.activeElementIds.toSorted()).toEqual(WAITING_WITH_TIMER);
    expect(historyBefore.get(termijn.id)!.map((entry) => entry.type)).toContain('timer.scheduled');

    await restart();
  });

  afterAll(async () => {
    await server?.stop();
    if (dataDir) await removeDataDir(dataDir);
  });

  it('lists the same open tasks after a restart, with the same ids, holders and due dates', async () => {
    const tasksAfter = await as.teamleider.get<Task[]>('/api/tasks?scope=all');
    expect(tasksBefore).toHaveLength(5);
    expect(tasksAfter).toEqual(tasksBefore);
    const holders = Object.fromEntries(tasksAfter.map((task) => [task.caseId, task.assignee ?? null]));
    expect(holders).toEqual({
      [claimedTriage.caseId]: 'slt',
      [openTriage.caseId]: null,
      [claimedRegulier.caseId]: 'regisseur',
      [crisis.caseId]: null,
      [termijn.caseId]: null,
    });
    expect(tasksAfter.every((task) => typeof task.dueAt === 'string')).toBe(true);
    // The holders see their own tasks in "mine", as before.
    expect((await as.slt.get<Task[]>('/api/tasks?scope=mine')).map((task) => task.caseId)).toEqual([
      claimedTriage.caseId,
    ]);
    expect((await as.regisseur.get<Task[]>('/api/tasks?scope=mine')).map((task) => task.caseId)).toEqual([
      claimedRegulier.caseId,
    ]);
    // Every instance is where it was, with the same variables.
    for (const { id } of allInstances()) expect(await instance(id)).toEqual(instancesBefore.get(id));
  });

  it('lets the holder of a claimed task complete it after the restart, and the case moves on', async () => {
    const triage = await onlyTask(claimedTriage.caseId);
    // No new claim: the claim from before the restart still holds, also against others.
    expect((await as.teamleider.request('POST', `/api/tasks/${triage.id}/complete`, { variables: {} })).status).toBe(
      409,
    );
    expect((await as.teamleider.request('POST', `/api/tasks/${triage.id}/claim`)).status).toBe(403);
    await as.slt.post(`/api/tasks/${triage.id}/complete`, { variables: { urgentie: 'regulier' } });
    const routed = await instance(claimedTriage.id);
    expect(routed.activeElementIds).toEqual(['Task_Regulier']);
    expect(routed.takenFlowIds).toContain('Flow_Regulier');
    expect(routed.variables.urgentie).toBe('regulier');
    expect(routed.openTasks.map((task) => task.name)).toEqual(['Hulp inzetten']);

    const hulp = await onlyTask(claimedRegulier.caseId);
    await as.regisseur.post(`/api/tasks/${hulp.id}/complete`, { variables: {} });
    const done = await instance(claimedRegulier.id);
    expect(done.state).toBe('completed');
    expect(done.activeElementIds).toEqual([]);
    expect(await openTasks(claimedRegulier.caseId)).toEqual([]);

    // The unclaimed triage can still be claimed and completed, and its gateway still routes.
    await as.slt.completeTask(openTriage.caseId, 'Task_Triage', { urgentie: 'crisis' });
    expect((await instance(openTriage.id)).activeElementIds).toEqual(['Task_Crisis']);

    // The crisis task created before the restart is worked on as usual.
    const crisisWorker = await ApiClient.login(server.baseUrl, 'crisis');
    await crisisWorker.completeTask(crisis.caseId, 'Task_Crisis');
    expect((await instance(crisis.id)).state).toBe('completed');
  });

  it('fires the boundary timer after the restart when the test clock passes the term, and the escalation task appears', async () => {
    expect((await instance(termijn.id)).activeElementIds.toSorted()).toEqual(WAITING_WITH_TIMER);
    await as.slt.post('/api/test/clock', { advance: 'PT23H' });
    expect((await instance(termijn.id)).activeElementIds.toSorted()).toEqual(WAITING_WITH_TIMER);

    await as.slt.post('/api/test/clock', { advance: 'PT2H' });

    const escalated = await instance(termijn.id);
    expect(escalated.activeElementIds).toEqual(['Task_Expertteam']);
    expect(escalated.completedElementIds).toContain('Timer_Termijn');
    expect((await as.expertteam.get<Task[]>(`/api/tasks?caseId=${termijn.caseId}`)).map((task) => task.name)).toEqual([
      'Advies Regionaal Expertteam',
    ]);
    expect((await openTasks(termijn.caseId)).map((task) => task.elementId)).toEqual(['Task_Expertteam']);
    const types = (await history(termijn.id)).map((entry) => entry.type);
    expect(types.filter((type) => type === 'timer.fired')).toHaveLength(1);
    expect(types.filter((type) => type === 'timer.scheduled')).toHaveLength(1);
    expect(types).toContain('task.cancelled');
  });

  it('keeps the history from before the restart and appends to it, never rewriting an entry', async () => {
    for (const { id } of allInstances()) {
      const before = historyBefore.get(id)!;
      const after = await history(id);
      expect(before.length).toBeGreaterThan(0);
      expect(after.slice(0, before.length)).toEqual(before);
      // Every instance had something happen after the restart, and only after the old entries.
      expect(after.length).toBeGreaterThan(before.length);
      for (let index = 1; index < after.length; index++) {
        expect(Date.parse(after[index]!.at)).toBeGreaterThanOrEqual(Date.parse(after[index - 1]!.at));
      }
    }
    const appended = (await history(claimedTriage.id)).slice(historyBefore.get(claimedTriage.id)!.length);
    expect(appended[0]).toMatchObject({
      actor: 'slt',
      type: 'task.completed',
      elementId: 'Task_Triage',
      data: { variabelen: { urgentie: 'regulier' } },
    });
    expect(appended).toContainEqual(expect.objectContaining({ type: 'task.created', elementId: 'Task_Regulier' }));
  });

  it('keeps the history when the server restarts again with nothing new in between', async () => {
    const ids = allInstances().map(({ id }) => id);
    const beforeSecond = new Map<string, HistoryEntry[]>();
    for (const id of ids) beforeSecond.set(id, await history(id));
    await restart();
    for (const id of ids) expect(await history(id)).toEqual(beforeSecond.get(id));
  });

  describe('with an engine cache of one case', () => {
    let cases: StartInstanceResponse[];
    let timerCase: StartInstanceResponse;

    beforeAll(async () => {
      cases = [];
      for (let index = 0; index < 4; index++) cases.push(await start('routering'));
      timerCase = await start('termijn', { urgentie: 'crisis' });
      // One case in memory at a time: every action below on another case evicts the previous one.
      await restart({ engineCacheSize: 1 });
    });

    it('completes tasks across cases in alternation, each recovered from its stored state', async () => {
      // Claim every triage, then complete them in turn: each completion recovers an evicted engine.
      const triages = [];
      for (const started of cases) {
        const task = await onlyTask(started.caseId);
        await as.slt.post(`/api/tasks/${task.id}/claim`);
        triages.push(task);
      }
      for (const [index, task] of triages.entries()) {
        await as.slt.post(`/api/tasks/${task.id}/complete`, {
          variables: { urgentie: index % 2 === 0 ? 'regulier' : 'crisis' },
        });
      }
      for (const [index, started] of cases.entries()) {
        expect((await instance(started.id)).activeElementIds).toEqual([
          index % 2 === 0 ? 'Task_Regulier' : 'Task_Crisis',
        ]);
      }

      // Then, across the cases again, claim and complete the next task of each in alternation.
      const crisisWorker = await ApiClient.login(server.baseUrl, 'crisis');
      const workerOf = (index: number) => (index % 2 === 0 ? as.regisseur : crisisWorker);
      const next = [];
      for (const [index, started] of cases.entries()) {
        const task = await onlyTask(started.caseId);
        await workerOf(index).post(`/api/tasks/${task.id}/claim`);
        next.push(task);
      }
      for (const index of [3, 1, 2, 0])
        await workerOf(index).post(`/api/tasks/${next[index]!.id}/complete`, { variables: {} });

      for (const [index, started] of cases.entries()) {
        const done = await instance(started.id);
        expect(done.state).toBe('completed');
        expect(done.completedElementIds).toEqual(
          expect.arrayContaining(['Task_Triage', index % 2 === 0 ? 'Task_Regulier' : 'Task_Crisis', 'End']),
        );
        expect(await openTasks(started.caseId)).toEqual([]);
        const types = (await history(started.id)).map((entry) => entry.type);
        expect(types.filter((type) => type === 'task.completed')).toHaveLength(2);
        expect(types.at(-1)).toBe('instance.completed');
      }
    });

    it('fires a timer of a case that is not in memory, after recovering it from its stored state', async () => {
      // The routering cases above have pushed the timer case out of the cache.
      expect(server.app.cases.cachedCases).toBeLessThanOrEqual(1);
      expect((await instance(timerCase.id)).activeElementIds.toSorted()).toEqual(WAITING_WITH_TIMER);
      await as.slt.post('/api/test/clock', { advance: 'PT25H' });
      expect((await instance(timerCase.id)).activeElementIds).toEqual(['Task_Expertteam']);
      expect((await openTasks(timerCase.caseId)).map((task) => task.elementId)).toEqual(['Task_Expertteam']);
      const types = (await history(timerCase.id)).map((entry) => entry.type);
      expect(types.filter((type) => type === 'timer.fired')).toHaveLength(1);
    });

    it('records no phantom task when a task is completed on an engine recovered from stored state', async () => {
      // Every routering instance of this suite reached each of its user tasks once, and nothing
      // cancels a task in it. A recovered engine announces its waiting task again; that must not
      // become a second task (which the completion would then cancel).
      for (const { id } of [claimedTriage, openTriage, claimedRegulier, crisis, ...cases]) {
        const entries = await history(id);
        const created = entries.filter((entry) => entry.type === 'task.created').map((entry) => entry.elementId);
        const cancelled = entries.filter((entry) => entry.type === 'task.cancelled').map((entry) => entry.elementId);
        expect({ id, created, cancelled }).toEqual({ id, created: [...new Set(created)], cancelled: [] });
      }
    });
  });
});
