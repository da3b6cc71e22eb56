import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry, InstanceDetail, StartInstanceResponse, Task } from '../../server/contract/api';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';

/** Engine scenarios over tiny fixture diagrams, each through the API of a real server. */
describe('engine scenarios', () => {
  let server: TestServer;
  let slt: ApiClient;
  let regisseur: ApiClient;

  beforeAll(async () => {
    server = await startServer();
    slt = await ApiClient.login(server.baseUrl, 'slt');
    regisseur = await ApiClient.login(server.baseUrl, 'regisseur');
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  const start = (client: ApiClient, definitionKey: string, variables: Record<string, unknown> = {}) =>
    client.post<StartInstanceResponse>('/api/instances', { definitionKey, team: 'slt-breda-noord', variables });

  it('turns a user task into a task record with candidate group, form key and priority', async () => {
    const { caseId } = await start(slt, 'routering');
    const [task] = await slt.get<Task[]>(`/api/tasks?caseId=${caseId}`);
    expect(task).toMatchObject({
      elementId: 'Task_Triage',
      name: 'Triage',
      candidateGroups: ['slt-medewerker'],
      formKey: 'triage',
      priority: 70,
      dueAt: expect.any(String),
    });
  });

  it('routes an exclusive gateway by a FEEL condition on the submitted variables', async () => {
    const crisis = await start(slt, 'routering');
    await slt.completeTask(crisis.caseId, 'Task_Triage', { urgentie: 'crisis' });
    const regulier = await start(slt, 'routering');
    await slt.completeTask(regulier.caseId, 'Task_Triage', { urgentie: 'regulier' });

    const crisisInstance = await slt.get<InstanceDetail>(`/api/instances/${crisis.id}`);
    expect(crisisInstance.activeElementIds).toEqual(['Task_Crisis']);
    expect(crisisInstance.takenFlowIds).toContain('Flow_Crisis');
    expect(crisisInstance.variables.urgentie).toBe('crisis');
    const regulierInstance = await regisseur.get<InstanceDetail>(`/api/instances/${regulier.id}`);
    expect(regulierInstance.activeElementIds).toEqual(['Task_Regulier']);
    expect(regulierInstance.openTasks[0]).toMatchObject({
      name: 'Hulp inzetten',
      candidateGroups: ['procesregisseur'],
    });
  });

  it('escalates by a boundary timer when the test clock passes the term, and cancels the waiting task', async () => {
    const teamleider = await ApiClient.login(server.baseUrl, 'teamleider');
    const expertteam = await ApiClient.login(server.baseUrl, 'expertteam');
    const { id, caseId } = await start(slt, 'termijn', { urgentie: 'crisis' });
    const [overleg] = await teamleider.get<Task[]>(`/api/tasks?caseId=${caseId}`);
    expect(overleg?.elementId).toBe('Task_Overleg');
    // The regional expert team cannot see the case before it reaches them.
    expect((await expertteam.request('GET', `/api/instances/${id}`)).status).toBe(404);

    await slt.post('/api/test/clock', { advance: 'PT25H' });

    const instance = await teamleider.get<InstanceDetail>(`/api/instances/${id}`);
    expect(instance.activeElementIds).toEqual(['Task_Expertteam']);
    expect(instance.completedElementIds).toContain('Timer_Termijn');
    const expertTasks = await expertteam.get<Task[]>(`/api/tasks?caseId=${caseId}`);
    expect(expertTasks.map((task) => task.name)).toEqual(['Advies Regionaal Expertteam']);
    const history = await teamleider.get<HistoryEntry[]>(`/api/instances/${id}/history`);
    expect(history.map((entry) => entry.type)).toEqual(
      expect.arrayContaining(['timer.scheduled', 'timer.fired', 'task.cancelled', 'task.created']),
    );
  });

  it('runs a timer of 60 days, longer than Node can schedule, on the server clock', async () => {
    const { id, caseId } = await start(regisseur, 'lange-termijn');
    expect((await regisseur.get<InstanceDetail>(`/api/instances/${id}`)).activeElementIds).toEqual(['Timer_Wacht']);
    await regisseur.post('/api/test/clock', { advance: 'P59D' });
    expect(await regisseur.get<Task[]>(`/api/tasks?caseId=${caseId}`)).toEqual([]);
    await regisseur.post('/api/test/clock', { advance: 'P2D' });
    const tasks = await regisseur.get<Task[]>(`/api/tasks?caseId=${caseId}`);
    expect(tasks.map((task) => task.elementId)).toEqual(['Task_Evaluatie']);
  });

  it('starts a child instance for a call activity with explicit variables and continues the parent with its output', async () => {
    const voorzitter = await ApiClient.login(server.baseUrl, 'voorzitter');
    const plaatser = await ApiClient.login(server.baseUrl, 'plaatser');
    const { id, caseId } = await start(regisseur, 'ouder', { urgentie: 'spoed', geheim: 'blijft in ouder' });

    const parent = await regisseur.get<InstanceDetail>(`/api/instances/${id}`);
    expect(parent.childIds).toHaveLength(1);
    const child = await voorzitter.get<InstanceDetail>(`/api/instances/${parent.childIds[0]}`);
    expect(child).toMatchObject({
      caseId,
      definitionKey: 'kind',
      parentId: id,
      variables: { urgentie: 'spoed', reden: 'complex' },
    });
    expect(child.variables).not.toHaveProperty('geheim');

    await voorzitter.completeTask(caseId, 'Task_Besluit', {
      besluit: { verblijfNodig: true, regieBij: 'SLT' },
      notitie: 'alleen in kind',
    });

    const after = await regisseur.get<InstanceDetail>(`/api/instances/${id}`);
    expect(after.variables.besluit).toEqual({ verblijfNodig: true, regieBij: 'SLT' });
    expect(after.variables).not.toHaveProperty('notitie');
    expect(after.activeElementIds).toEqual(['Task_Plaatsing']);
    expect((await voorzitter.get<InstanceDetail>(`/api/instances/${child.id}`)).state).toBe('completed');
    // The regional placement coordinator now sees the case, because it reached their process.
    expect((await plaatser.get<Task[]>('/api/tasks?scope=group')).some((task) => task.caseId === caseId)).toBe(true);
  });
});
