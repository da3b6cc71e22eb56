import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  InstanceDetail,
  InstanceSummary,
  Problem,
  StartInstanceResponse,
  Task,
  TaskDetail,
} from '../../server/contract/api';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';

/** Worklists and the life of one task (claim, release, assign, complete) through the REST API. */
describe('tasks API', () => {
  let server: TestServer;
  let slt: ApiClient;
  let regisseur: ApiClient;
  let regisseur2: ApiClient;
  let teamleider: ApiClient;

  beforeAll(async () => {
    server = await startServer();
    // One after the other: concurrent logins currently race on sessions.json and can answer 500.
    slt = await ApiClient.login(server.baseUrl, 'slt');
    regisseur = await ApiClient.login(server.baseUrl, 'regisseur');
    regisseur2 = await ApiClient.login(server.baseUrl, 'regisseur2');
    teamleider = await ApiClient.login(server.baseUrl, 'teamleider');
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  const startRoutering = (variables: Record<string, unknown> = {}) =>
    slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'routering',
      team: 'slt-breda-noord',
      variables,
    });

  async function openTask(client: ApiClient, caseId: string, elementId: string): Promise<Task> {
    const task = (await client.get<Task[]>(`/api/tasks?caseId=${caseId}`)).find(
      (candidate) => candidate.elementId === elementId,
    );
    if (!task) throw new Error(`no open ${elementId} in ${caseId}`);
    return task;
  }

  /** A routering case whose triage sent it to the procesregisseurs: its open Task_Regulier. */
  async function regulierTask(): Promise<Task> {
    const { caseId } = await startRoutering();
    await slt.completeTask(caseId, 'Task_Triage', { urgentie: 'regulier' });
    return openTask(regisseur, caseId, 'Task_Regulier');
  }

  async function problemOf(response: Response, status: number): Promise<Problem> {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await response.json()) as Problem;
  }

  describe('worklists', () => {
    it('lists the open tasks of one case with caseId, and no others', async () => {
      const first = await startRoutering();
      const second = await startRoutering();

      const tasks = await slt.get<Task[]>(`/api/tasks?caseId=${first.caseId}`);

      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({
        id: expect.any(String),
        instanceId: first.id,
        caseId: first.caseId,
        elementId: 'Task_Triage',
        name: 'Triage',
        candidateGroups: ['slt-medewerker'],
        createdAt: expect.any(String),
        dueAt: expect.any(String),
        priority: 70,
        formKey: 'triage',
      });
      expect(tasks[0]).not.toHaveProperty('assignee');
      expect(tasks.some((task) => task.caseId === second.caseId)).toBe(false);
    });

    it('shows a claimed task in the holder’s scope=mine list and not in a colleague’s', async () => {
      const task = await regulierTask();
      await regisseur.post(`/api/tasks/${task.id}/claim`);

      const mine = await regisseur.get<Task[]>('/api/tasks?scope=mine');
      const colleague = await regisseur2.get<Task[]>('/api/tasks?scope=mine');

      expect(mine.map((candidate) => candidate.id)).toContain(task.id);
      expect(mine.every((candidate) => candidate.assignee === 'regisseur')).toBe(true);
      expect(colleague.map((candidate) => candidate.id)).not.toContain(task.id);
    });

    it('shows a task in scope=group to its candidate group, and to a teamleider only in scope=all', async () => {
      const { caseId } = await startRoutering();
      const triage = await openTask(slt, caseId, 'Task_Triage');

      const sltGroup = await slt.get<Task[]>('/api/tasks?scope=group');
      const regisseurGroup = await regisseur.get<Task[]>('/api/tasks?scope=group');
      const leaderGroup = await teamleider.get<Task[]>('/api/tasks?scope=group');
      const leaderAll = await teamleider.get<Task[]>('/api/tasks?scope=all');

      expect(sltGroup.map((task) => task.id)).toContain(triage.id);
      expect(regisseurGroup.map((task) => task.id)).not.toContain(triage.id);
      expect(leaderGroup.map((task) => task.id)).not.toContain(triage.id);
      expect(leaderAll.map((task) => task.id)).toContain(triage.id);
    });

    it('answers an unknown scope with 400 naming the scope parameter', async () => {
      const problem = await problemOf(await slt.request('GET', '/api/tasks?scope=iedereen'), 400);

      expect(problem.problems).toEqual([expect.objectContaining({ path: 'scope' })]);
    });

    it('lists with overdue=true only the tasks whose due date the clock has passed', async () => {
      const late = await startRoutering();
      const regulier = await regulierTask(); // due in P10D
      const lateTriage = await openTask(slt, late.caseId, 'Task_Triage'); // due in two working days

      expect((await slt.get<Task[]>('/api/tasks?overdue=true')).map((task) => task.id)).not.toContain(lateTriage.id);

      const { now } = await slt.post<{ now: string }>('/api/test/clock', { advance: 'P7D' });
      const fresh = await startRoutering();
      const freshTriage = await openTask(slt, fresh.caseId, 'Task_Triage');

      const overdue = await slt.get<Task[]>('/api/tasks?overdue=true');
      expect(overdue.map((task) => task.id)).toContain(lateTriage.id);
      expect(overdue.map((task) => task.id)).not.toContain(freshTriage.id);
      expect(overdue.every((task) => task.dueAt !== undefined && Date.parse(task.dueAt) < Date.parse(now))).toBe(true);
      expect((await regisseur.get<Task[]>('/api/tasks?overdue=true')).map((task) => task.id)).not.toContain(
        regulier.id,
      );
      expect((await regisseur.get<Task[]>('/api/tasks')).map((task) => task.id)).toContain(regulier.id);
    });
  });

  describe('one task', () => {
    it('returns a task with its form (null without a form file) and the instance variables', async () => {
      const { caseId } = await startRoutering({ jeugdige: { initialen: 'T.T.' }, urgentie: 'regulier' });
      const triage = await openTask(slt, caseId, 'Task_Triage');

      const detail = await slt.get<TaskDetail>(`/api/tasks/${triage.id}`);

      expect(detail).toMatchObject({ ...triage, form: null });
      expect(detail.variables).toMatchObject({ jeugdige: { initialen: 'T.T.' }, urgentie: 'regulier' });
    });

    it('answers an unknown task id with 404', async () => {
      await problemOf(await slt.request('GET', '/api/tasks/bestaat-niet'), 404);
      await problemOf(await slt.request('POST', '/api/tasks/bestaat-niet/claim'), 404);
    });
  });

  describe('claiming', () => {
    it('gives a claimed task to the claimer, and answers 409 to a colleague who claims it afterwards', async () => {
      const task = await regulierTask();

      const claimed = await regisseur.request('POST', `/api/tasks/${task.id}/claim`);
      expect(claimed.status).toBe(200);
      expect((await claimed.json()) as Task).toMatchObject({ id: task.id, assignee: 'regisseur' });

      await problemOf(await regisseur2.request('POST', `/api/tasks/${task.id}/claim`), 409);
      expect(await openTask(regisseur2, task.caseId, 'Task_Regulier')).toMatchObject({ assignee: 'regisseur' });
    });

    it('lets the holder claim their own task again without harm', async () => {
      const task = await regulierTask();
      await regisseur.post(`/api/tasks/${task.id}/claim`);

      const again = await regisseur.request('POST', `/api/tasks/${task.id}/claim`);

      expect(again.status).toBe(200);
      expect((await again.json()) as Task).toMatchObject({ assignee: 'regisseur' });
    });

    it('gives the task to exactly one of two colleagues who claim it at the same instant', async () => {
      const task = await regulierTask();

      const answers = await Promise.all([
        regisseur.request('POST', `/api/tasks/${task.id}/claim`),
        regisseur2.request('POST', `/api/tasks/${task.id}/claim`),
      ]);

      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
      const winner = answers[0]!.status === 200 ? 'regisseur' : 'regisseur2';
      expect(await openTask(regisseur, task.caseId, 'Task_Regulier')).toMatchObject({ assignee: winner });
    });

    it('refuses with 403 a claim by someone who sees the task but is not in its candidate group', async () => {
      const { caseId } = await startRoutering();
      const triage = await openTask(teamleider, caseId, 'Task_Triage');

      await problemOf(await teamleider.request('POST', `/api/tasks/${triage.id}/claim`), 403);
      expect(await openTask(slt, caseId, 'Task_Triage')).not.toHaveProperty('assignee');
    });
  });

  describe('releasing and assigning', () => {
    it('lets the holder release a task', async () => {
      const task = await regulierTask();
      await regisseur.post(`/api/tasks/${task.id}/claim`);

      const released = await regisseur.request('POST', `/api/tasks/${task.id}/unclaim`);

      expect(released.status).toBe(200);
      expect((await released.json()) as Task).not.toHaveProperty('assignee');
      expect((await regisseur2.request('POST', `/api/tasks/${task.id}/claim`)).status).toBe(200);
    });

    it('refuses with 403 a colleague who releases a task someone else holds', async () => {
      const task = await regulierTask();
      await regisseur.post(`/api/tasks/${task.id}/claim`);

      await problemOf(await regisseur2.request('POST', `/api/tasks/${task.id}/unclaim`), 403);
      expect(await openTask(regisseur, task.caseId, 'Task_Regulier')).toMatchObject({ assignee: 'regisseur' });
    });

    it('lets the team’s teamleider release a task someone holds', async () => {
      const task = await regulierTask();
      await regisseur.post(`/api/tasks/${task.id}/claim`);

      const released = await teamleider.request('POST', `/api/tasks/${task.id}/unclaim`);

      expect(released.status).toBe(200);
      expect(await openTask(regisseur, task.caseId, 'Task_Regulier')).not.toHaveProperty('assignee');
    });

    it('lets the teamleider assign a task to an eligible colleague', async () => {
      const task = await regulierTask();
      await regisseur.post(`/api/tasks/${task.id}/claim`);

      const assigned = await teamleider.request('POST', `/api/tasks/${task.id}/assign`, { userId: 'regisseur2' });

      expect(assigned.status).toBe(200);
      expect((await assigned.json()) as Task).toMatchObject({ id: task.id, assignee: 'regisseur2' });
      expect((await regisseur2.get<Task[]>('/api/tasks?scope=mine')).map((mine) => mine.id)).toContain(task.id);
      expect((await regisseur.get<Task[]>('/api/tasks?scope=mine')).map((mine) => mine.id)).not.toContain(task.id);
    });

    it('lets the holder hand a task to a colleague', async () => {
      const task = await regulierTask();
      await regisseur.post(`/api/tasks/${task.id}/claim`);

      const assigned = await regisseur.request('POST', `/api/tasks/${task.id}/assign`, { userId: 'regisseur2' });

      expect(assigned.status).toBe(200);
      expect((await assigned.json()) as Task).toMatchObject({ assignee: 'regisseur2' });
    });

    it('refuses with 403 an assignment by a colleague who does not hold the task', async () => {
      const task = await regulierTask();
      await regisseur.post(`/api/tasks/${task.id}/claim`);

      await problemOf(await regisseur2.request('POST', `/api/tasks/${task.id}/assign`, { userId: 'regisseur2' }), 403);
    });

    it('refuses with 400 on userId an assignment to someone outside the candidate group, or to nobody', async () => {
      const task = await regulierTask();

      const ineligible = await problemOf(
        await teamleider.request('POST', `/api/tasks/${task.id}/assign`, { userId: 'slt' }),
        400,
      );
      expect(ineligible.problems).toEqual([expect.objectContaining({ path: 'userId' })]);
      const otherTeam = await problemOf(
        await teamleider.request('POST', `/api/tasks/${task.id}/assign`, { userId: 'regisseur-zuid' }),
        400,
      );
      expect(otherTeam.problems).toEqual([expect.objectContaining({ path: 'userId' })]);
      const missing = await problemOf(await teamleider.request('POST', `/api/tasks/${task.id}/assign`, {}), 400);
      expect(missing.problems).toEqual([expect.objectContaining({ path: 'userId' })]);
      expect(await openTask(regisseur, task.caseId, 'Task_Regulier')).not.toHaveProperty('assignee');
    });
  });

  describe('completing', () => {
    it('completes a held task and answers with the instance summary', async () => {
      const { id, caseId } = await startRoutering();
      const triage = await openTask(slt, caseId, 'Task_Triage');
      await slt.post(`/api/tasks/${triage.id}/claim`);

      const response = await slt.request('POST', `/api/tasks/${triage.id}/complete`, {
        variables: { urgentie: 'regulier' },
      });

      expect(response.status).toBe(200);
      const summary = (await response.json()) as InstanceSummary;
      expect(summary).toMatchObject({
        id,
        caseId,
        team: 'slt-breda-noord',
        definitionKey: 'routering',
        version: expect.any(Number),
        state: 'active',
        startedAt: expect.any(String),
        activeElementIds: ['Task_Regulier'],
      });
      const instance = await slt.get<InstanceDetail>(`/api/instances/${id}`);
      expect(instance.variables).toMatchObject({ urgentie: 'regulier' });
      expect(instance.completedElementIds).toContain('Task_Triage');
    });

    it('answers with a completed instance summary when the last task ends the process', async () => {
      const task = await regulierTask();
      await regisseur.post(`/api/tasks/${task.id}/claim`);

      const summary = await regisseur.post<InstanceSummary>(`/api/tasks/${task.id}/complete`, { variables: {} });

      expect(summary).toMatchObject({
        id: task.instanceId,
        state: 'completed',
        activeElementIds: [],
        endedAt: expect.any(String),
      });
      expect(await regisseur.get<Task[]>(`/api/tasks?caseId=${task.caseId}`)).toEqual([]);
    });

    it('refuses with 409 to complete a task nobody holds, or that a colleague holds', async () => {
      const task = await regulierTask();

      await problemOf(await regisseur.request('POST', `/api/tasks/${task.id}/complete`, { variables: {} }), 409);
      await regisseur2.post(`/api/tasks/${task.id}/claim`);
      await problemOf(await regisseur.request('POST', `/api/tasks/${task.id}/complete`, { variables: {} }), 409);
      expect(await openTask(regisseur, task.caseId, 'Task_Regulier')).toMatchObject({ assignee: 'regisseur2' });
    });

    it('refuses with 409 to complete a task a second time', async () => {
      const task = await regulierTask();
      await regisseur.post(`/api/tasks/${task.id}/claim`);
      await regisseur.post(`/api/tasks/${task.id}/complete`, { variables: {} });

      await problemOf(await regisseur.request('POST', `/api/tasks/${task.id}/complete`, { variables: {} }), 409);
      await problemOf(await regisseur.request('POST', `/api/tasks/${task.id}/claim`), 409);
    });

    it('refuses with 400 and one problem per invalid variable name, and changes nothing', async () => {
      const { id, caseId } = await startRoutering();
      const triage = await openTask(slt, caseId, 'Task_Triage');
      await slt.post(`/api/tasks/${triage.id}/claim`);

      const problem = await problemOf(
        await slt.request('POST', `/api/tasks/${triage.id}/complete`, {
          variables: { '1x': 1, fields: 'x', urgentie: 'regulier' },
        }),
        400,
      );

      expect(problem.problems).toHaveLength(2);
      expect(problem.problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: 'variables.1x', code: expect.any(String), message: expect.any(String) }),
          expect.objectContaining({ path: 'variables.fields', code: expect.any(String), message: expect.any(String) }),
        ]),
      );
      const instance = await slt.get<InstanceDetail>(`/api/instances/${id}`);
      expect(instance.activeElementIds).toEqual(['Task_Triage']);
      expect(instance.variables).not.toHaveProperty('urgentie');
    });

    it('refuses with 400 variables that are not an object', async () => {
      const { caseId } = await startRoutering();
      const triage = await openTask(slt, caseId, 'Task_Triage');
      await slt.post(`/api/tasks/${triage.id}/claim`);

      const problem = await problemOf(
        await slt.request('POST', `/api/tasks/${triage.id}/complete`, { variables: ['urgentie'] }),
        400,
      );

      expect(problem.problems).toEqual([expect.objectContaining({ path: 'variables' })]);
    });
  });
});
