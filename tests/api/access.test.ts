import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView, InstanceDetail, InstanceSummary, StartInstanceResponse, Task } from '../../server/contract/api';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';

/** Need to know (Jeugdwet 7.3.11): a case you may not see does not exist for you. */
describe('need-to-know access', () => {
  let server: TestServer;
  const users: Record<string, ApiClient> = {};
  const as = (username: string): ApiClient => {
    const client = users[username];
    if (!client) throw new Error(`not logged in: ${username}`);
    return client;
  };

  beforeAll(async () => {
    server = await startServer();
    for (const username of [
      'slt',
      'regisseur',
      'regisseur-zuid',
      'voorzitter',
      'beschikker',
      'teamleider',
      'plaatser',
      'crisis',
      'eigenaar',
      'beheer',
      'beleid',
      'privacy',
    ]) {
      users[username] = await ApiClient.login(server.baseUrl, username);
    }
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  const start = (client: ApiClient, definitionKey: string, team: string, variables: Record<string, unknown> = {}) =>
    client.post<StartInstanceResponse>('/api/instances', { definitionKey, team, variables });

  /** Asserts a 404 that says no more than "unknown": the same answer as for an id that never existed. */
  async function expectHidden(client: ApiClient, url: string, unknownUrl: string, method = 'GET') {
    const hidden = await client.request(method, url);
    const unknown = await client.request(method, unknownUrl);
    expect(hidden.status, `${method} ${url}`).toBe(404);
    expect(hidden.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await hidden.json()).toEqual(await unknown.json());
  }

  describe('between teams', () => {
    let noord: StartInstanceResponse;
    let triage: Task;

    beforeAll(async () => {
      noord = await start(as('slt'), 'routering', 'slt-breda-noord', { jeugdige: { initialen: 'N.N.' } });
      [triage] = (await as('slt').get<Task[]>(`/api/tasks?caseId=${noord.caseId}`)) as [Task];
    });

    it('answers 404 to a procesregisseur of another team for the instance, its diagram and its history', async () => {
      const zuid = as('regisseur-zuid');

      await expectHidden(zuid, `/api/instances/${noord.id}`, '/api/instances/bestaat-niet');
      await expectHidden(zuid, `/api/instances/${noord.id}/xml`, '/api/instances/bestaat-niet/xml');
      await expectHidden(zuid, `/api/instances/${noord.id}/history`, '/api/instances/bestaat-niet/history');
    });

    it('answers 404 to a procesregisseur of another team for the case', async () => {
      await expectHidden(as('regisseur-zuid'), `/api/cases/${noord.caseId}`, '/api/cases/C-BESTAATNT');
    });

    it('answers 404 to a procesregisseur of another team for the task, and for acting on it', async () => {
      const zuid = as('regisseur-zuid');

      await expectHidden(zuid, `/api/tasks/${triage.id}`, '/api/tasks/bestaat-niet');
      await expectHidden(zuid, `/api/tasks/${triage.id}/claim`, '/api/tasks/bestaat-niet/claim', 'POST');
      await expectHidden(zuid, `/api/tasks/${triage.id}/unclaim`, '/api/tasks/bestaat-niet/unclaim', 'POST');
    });

    it('leaves another team’s instances and tasks out of every list', async () => {
      const zuid = as('regisseur-zuid');
      await start(zuid, 'routering', 'slt-breda-zuid');
      const { caseId } = await start(as('slt'), 'routering', 'slt-breda-noord');
      await as('slt').completeTask(caseId, 'Task_Triage', { urgentie: 'regulier' }); // now a procesregisseur task

      expect(await zuid.get<Task[]>(`/api/tasks?caseId=${caseId}`)).toEqual([]);
      for (const scope of ['all', 'group', 'mine']) {
        const tasks = await zuid.get<Task[]>(`/api/tasks?scope=${scope}`);
        expect(
          tasks.some((task) => task.caseId === caseId || task.caseId === noord.caseId),
          `scope=${scope}`,
        ).toBe(false);
        expect(
          tasks.every((task) => task.team === 'slt-breda-zuid'),
          `scope=${scope}`,
        ).toBe(true);
      }
      expect(await zuid.get<InstanceSummary[]>(`/api/instances?caseId=${noord.caseId}`)).toEqual([]);
      const instances = await zuid.get<InstanceSummary[]>('/api/instances');
      expect(instances.length).toBeGreaterThan(0);
      expect(instances.every((instance) => instance.team === 'slt-breda-zuid')).toBe(true);
      // The same task is on the worklist of the procesregisseur in the case's own team.
      expect((await as('regisseur').get<Task[]>('/api/tasks?scope=group')).some((task) => task.caseId === caseId)).toBe(
        true,
      );
    });

    it('refuses with 403 to start a case for a team one does not belong to', async () => {
      const response = await as('regisseur-zuid').request('POST', '/api/instances', {
        definitionKey: 'routering',
        team: 'slt-breda-noord',
      });

      expect(response.status).toBe(403);
    });

    it('lets someone who works in both teams see the cases of both', async () => {
      const { caseId: zuidCase } = await start(as('regisseur-zuid'), 'routering', 'slt-breda-zuid');
      const beschikker = as('beschikker');

      expect((await beschikker.get<CaseView>(`/api/cases/${zuidCase}`)).team).toBe('slt-breda-zuid');
      expect((await beschikker.get<CaseView>(`/api/cases/${noord.caseId}`)).team).toBe('slt-breda-noord');
    });

    it('hides a case of another team from its teamleider too', async () => {
      const { id, caseId } = await start(as('regisseur-zuid'), 'routering', 'slt-breda-zuid');

      await expectHidden(as('teamleider'), `/api/cases/${caseId}`, '/api/cases/C-BESTAATNT');
      await expectHidden(as('teamleider'), `/api/instances/${id}`, '/api/instances/bestaat-niet');
    });
  });

  describe('regional roles', () => {
    it('shows a case to the plaatsingscoordinator only once it reaches a plaatsing task', async () => {
      const plaatser = as('plaatser');
      const { id, caseId } = await start(as('regisseur'), 'ouder', 'slt-breda-noord', { urgentie: 'spoed' });

      await expectHidden(plaatser, `/api/cases/${caseId}`, '/api/cases/C-BESTAATNT');
      await expectHidden(plaatser, `/api/instances/${id}`, '/api/instances/bestaat-niet');
      expect(await plaatser.get<Task[]>(`/api/tasks?caseId=${caseId}`)).toEqual([]);
      expect(await plaatser.get<InstanceSummary[]>(`/api/instances?caseId=${caseId}`)).toEqual([]);

      await as('voorzitter').completeTask(caseId, 'Task_Besluit', { besluit: { verblijfNodig: true } });

      const view = await plaatser.get<CaseView>(`/api/cases/${caseId}`);
      expect(view.caseId).toBe(caseId);
      expect((await plaatser.get<InstanceDetail>(`/api/instances/${id}`)).activeElementIds).toEqual(['Task_Plaatsing']);
      const tasks = await plaatser.get<Task[]>(`/api/tasks?caseId=${caseId}`);
      expect(tasks.map((task) => task.elementId)).toEqual(['Task_Plaatsing']);
      expect((await plaatser.request('POST', `/api/tasks/${tasks[0]!.id}/claim`)).status).toBe(200);
      // Another regional role whose process the case never reached still sees nothing.
      await expectHidden(as('crisis'), `/api/cases/${caseId}`, '/api/cases/C-BESTAATNT');
    });

    it('keeps a case hidden from the plaatsingscoordinator when the decision needs no placement', async () => {
      const { caseId } = await start(as('regisseur'), 'ouder', 'slt-breda-noord', { urgentie: 'regulier' });

      await as('voorzitter').completeTask(caseId, 'Task_Besluit', { besluit: { verblijfNodig: false } });

      await expectHidden(as('plaatser'), `/api/cases/${caseId}`, '/api/cases/C-BESTAATNT');
    });
  });

  describe('system roles', () => {
    it('shows the process owner, the administrator, the policy officer and the privacy officer no cases, instances or tasks at all', async () => {
      const { id, caseId } = await start(as('slt'), 'routering', 'slt-breda-noord');

      for (const username of ['eigenaar', 'beheer', 'beleid', 'privacy']) {
        const client = as(username);
        expect(await client.get<InstanceSummary[]>('/api/instances'), username).toEqual([]);
        expect(await client.get<Task[]>('/api/tasks'), username).toEqual([]);
        await expectHidden(client, `/api/cases/${caseId}`, '/api/cases/C-BESTAATNT');
        await expectHidden(client, `/api/instances/${id}`, '/api/instances/bestaat-niet');
      }
    });

    it('does not let the process owner start a case', async () => {
      const response = await as('eigenaar').request('POST', '/api/instances', {
        definitionKey: 'routering',
        team: 'slt-breda-noord',
      });

      expect(response.status).toBe(403);
    });
  });

  describe('a case and its instance tree', () => {
    it('lists the root instance and the instances its call activities started', async () => {
      const { id, caseId } = await start(as('regisseur'), 'ouder', 'slt-breda-noord', { urgentie: 'spoed' });

      const view = await as('voorzitter').get<CaseView>(`/api/cases/${caseId}`);

      expect(view.caseId).toBe(caseId);
      expect(view.team).toBe('slt-breda-noord');
      expect(view.instances).toHaveLength(2);
      const root = view.instances.find((instance) => instance.id === id);
      const child = view.instances.find((instance) => instance.id !== id);
      expect(root).toMatchObject({ caseId, definitionKey: 'ouder', state: 'active', activeElementIds: ['Call_Kind'] });
      expect(root).not.toHaveProperty('parentId');
      expect(child).toMatchObject({
        caseId,
        definitionKey: 'kind',
        parentId: id,
        state: 'active',
        activeElementIds: ['Task_Besluit'],
      });
    });

    it('adds instances started on the same case with caseId to its tree', async () => {
      const first = await start(as('slt'), 'routering', 'slt-breda-noord');

      const second = await as('slt').post<StartInstanceResponse>('/api/instances', {
        definitionKey: 'routering',
        team: 'slt-breda-noord',
        caseId: first.caseId,
      });

      expect(second.caseId).toBe(first.caseId);
      const view = await as('slt').get<CaseView>(`/api/cases/${first.caseId}`);
      expect(view.instances.map((instance) => instance.id).sort()).toEqual([first.id, second.id].sort());
    });

    it('answers 404 when another team starts an instance on a case it cannot see', async () => {
      const { caseId } = await start(as('slt'), 'routering', 'slt-breda-noord');

      const response = await as('regisseur-zuid').request('POST', '/api/instances', {
        definitionKey: 'routering',
        team: 'slt-breda-zuid',
        caseId,
      });

      expect(response.status).toBe(404);
    });
  });
});
