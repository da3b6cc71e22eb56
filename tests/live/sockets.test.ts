import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DeployResult, StartInstanceResponse, Task } from '../../server/contract/api';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';
import { LiveClient, pause } from '../support/sockets';

/** How long "nothing arrives" is given before a test concludes that nothing will. */
const QUIET_MS = 300;

/** Live events over socket.io: who hears what, checked like the REST reads. */
describe('live events', () => {
  let server: TestServer;
  const users: Record<string, ApiClient> = {};
  const open: LiveClient[] = [];

  const as = (username: string): ApiClient => {
    const client = users[username];
    if (!client) throw new Error(`not logged in: ${username}`);
    return client;
  };

  /** A connected socket for a logged-in user, closed after the test. */
  async function live(username: string): Promise<LiveClient> {
    const client = await LiveClient.as(as(username));
    open.push(client);
    return client;
  }

  beforeAll(async () => {
    server = await startServer();
    for (const username of [
      'slt',
      'regisseur',
      'regisseur2',
      'regisseur-zuid',
      'teamleider',
      'voorzitter',
      'plaatser',
      'eigenaar',
    ]) {
      users[username] = await ApiClient.login(server.baseUrl, username);
    }
  });
  afterEach(() => {
    for (const client of open.splice(0)) client.close();
  });
  afterAll(async () => {
    for (const client of open.splice(0)) client.close();
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  const startRoutering = () =>
    as('slt').post<StartInstanceResponse>('/api/instances', { definitionKey: 'routering', team: 'slt-breda-noord' });

  async function openTask(client: ApiClient, caseId: string, elementId: string): Promise<Task> {
    const task = (await client.get<Task[]>(`/api/tasks?caseId=${caseId}`)).find(
      (candidate) => candidate.elementId === elementId,
    );
    if (!task) throw new Error(`no open ${elementId} in ${caseId}`);
    return task;
  }

  /** A routering case that triage sent to the procesregisseurs of slt-breda-noord. */
  async function regulierCase(): Promise<{ id: string; caseId: string; task: Task }> {
    const started = await startRoutering();
    await as('slt').completeTask(started.caseId, 'Task_Triage', { urgentie: 'regulier' });
    return { ...started, task: await openTask(as('regisseur'), started.caseId, 'Task_Regulier') };
  }

  describe('authentication', () => {
    it('refuses a socket without a session cookie', async () => {
      await expect(LiveClient.connect(server.baseUrl, '')).rejects.toThrow();
    });

    it('refuses a socket with an unknown session cookie', async () => {
      await expect(LiveClient.connect(server.baseUrl, 'casusregie.sid=geraden')).rejects.toThrow();
    });

    it('refuses a socket whose session was logged out', async () => {
      const client = await ApiClient.login(server.baseUrl, 'regisseur');
      const cookie = client.cookie;
      expect((await client.request('DELETE', '/api/session')).status).toBe(204);

      await expect(LiveClient.connect(server.baseUrl, cookie)).rejects.toThrow();
    });

    it('closes the live connection when its session logs out, so no more events reach it', async () => {
      const client = await ApiClient.login(server.baseUrl, 'regisseur2');
      const socket = await LiveClient.as(client);
      open.push(socket);
      const disconnected = new Promise<void>((resolve) => socket.socket.on('disconnect', () => resolve()));

      expect((await client.request('DELETE', '/api/session')).status).toBe(204);

      await disconnected;
      expect(socket.socket.connected).toBe(false);
    });

    it('accepts a socket with the session cookie of a logged-in user', async () => {
      const client = await live('regisseur');

      expect(client.socket.connected).toBe(true);
    });
  });

  describe('task events', () => {
    it('tells the candidate group and the claimer that a task was claimed, and no one in another team', async () => {
      const { caseId, task } = await regulierCase();
      const [regisseur, regisseur2, zuid] = await Promise.all([
        live('regisseur'),
        live('regisseur2'),
        live('regisseur-zuid'),
      ]);

      await as('regisseur').post(`/api/tasks/${task.id}/claim`);

      const heard = await regisseur2.waitFor('task:updated', (update) => update.id === task.id);
      expect(heard).toMatchObject({ id: task.id, caseId, elementId: 'Task_Regulier', assignee: 'regisseur' });
      // The payload is the task as GET /api/tasks shows it.
      expect(heard).toEqual(await openTask(as('regisseur2'), caseId, 'Task_Regulier'));
      await expect(
        regisseur.waitFor('task:updated', (update) => update.id === task.id && update.assignee === 'regisseur'),
      ).resolves.toBeDefined();

      await pause(QUIET_MS);
      expect(zuid.all('task:updated', (update) => update.caseId === caseId)).toEqual([]);
      expect(zuid.all('task:created', (update) => update.caseId === caseId)).toEqual([]);
    });

    it('tells the team’s teamleider about a claim in their team', async () => {
      const { task } = await regulierCase();
      const teamleider = await live('teamleider');

      await as('regisseur2').post(`/api/tasks/${task.id}/claim`);

      await expect(
        teamleider.waitFor('task:updated', (update) => update.id === task.id && update.assignee === 'regisseur2'),
      ).resolves.toBeDefined();
    });

    it('announces a new task to its candidate group only', async () => {
      const [slt, regisseur, zuid] = await Promise.all([live('slt'), live('regisseur'), live('regisseur-zuid')]);

      const { caseId } = await startRoutering();

      const created = await slt.waitFor('task:created', (task) => task.caseId === caseId);
      expect(created).toMatchObject({ elementId: 'Task_Triage', candidateGroups: ['slt-medewerker'], caseId });
      expect(created).not.toHaveProperty('assignee');

      await as('slt').completeTask(caseId, 'Task_Triage', { urgentie: 'regulier' });

      const regulier = await regisseur.waitFor('task:created', (task) => task.caseId === caseId);
      expect(regulier).toMatchObject({ elementId: 'Task_Regulier', candidateGroups: ['procesregisseur'] });
      await expect(slt.waitFor('task:completed', (task) => task.id === created.id)).resolves.toMatchObject({
        elementId: 'Task_Triage',
      });
      await pause(QUIET_MS);
      expect(
        regisseur.all('task:created', (task) => task.elementId === 'Task_Triage' && task.caseId === caseId),
      ).toEqual([]);
      expect(zuid.all('task:created', (task) => task.caseId === caseId)).toEqual([]);
    });

    it('announces a task for a regional role to that role when the case reaches it', async () => {
      const plaatser = await live('plaatser');
      const { caseId } = await as('regisseur').post<StartInstanceResponse>('/api/instances', {
        definitionKey: 'ouder',
        team: 'slt-breda-noord',
        variables: { urgentie: 'spoed' },
      });

      await as('voorzitter').completeTask(caseId, 'Task_Besluit', { besluit: { verblijfNodig: true } });

      await expect(plaatser.waitFor('task:created', (task) => task.caseId === caseId)).resolves.toMatchObject({
        elementId: 'Task_Plaatsing',
        candidateGroups: ['plaatsingscoordinator'],
      });
    });

    it('tells the candidate group that a task was completed', async () => {
      const { task } = await regulierCase();
      const regisseur2 = await live('regisseur2');
      await as('regisseur').post(`/api/tasks/${task.id}/claim`);

      await as('regisseur').post(`/api/tasks/${task.id}/complete`, { variables: {} });

      await expect(regisseur2.waitFor('task:completed', (update) => update.id === task.id)).resolves.toMatchObject({
        id: task.id,
      });
    });
  });

  describe('watching a process’s statistics', () => {
    it('sends a busy process’s statistics batched, at most about once a second, ending with the latest counts', async () => {
      const watcher = await live('eigenaar');
      expect(await watcher.watchDefinition('routering', 1)).toEqual({ ok: true });
      const before = Date.now();

      const started = await Promise.all(Array.from({ length: 8 }, () => startRoutering()));

      const latest = await watcher.waitFor(
        'definition:statistics',
        (update) =>
          (update.statistics.find((entry) => entry.elementId === 'Task_Triage')?.active ?? 0) >= started.length,
        5000,
      );
      expect(latest).toMatchObject({ key: 'routering', version: 1 });
      await pause(1500);
      const received = watcher.all('definition:statistics');
      const seconds = (Date.now() - before) / 1000;
      // Eight starts, one message per batch: never one per action.
      expect(received.length).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
      expect(received.length).toBeLessThan(started.length);
    });

    it('refuses to watch a definition version that does not exist', async () => {
      const watcher = await live('eigenaar');
      expect(await watcher.watchDefinition('routering', 99)).toMatchObject({ ok: false, status: 404 });
    });
  });

  describe('watching an instance', () => {
    it('acknowledges a watch and then sends the instance’s progress after a completion', async () => {
      const { id, caseId } = await startRoutering();
      const watcher = await live('regisseur2');
      const bystander = await live('regisseur');

      expect(await watcher.watch(id)).toEqual({ ok: true });
      await as('slt').completeTask(caseId, 'Task_Triage', { urgentie: 'regulier' });

      const update = await watcher.waitFor(
        'instance:updated',
        (candidate) => candidate.id === id && candidate.activeElementIds.includes('Task_Regulier'),
      );
      expect(update).toEqual({
        id,
        state: 'active',
        activeElementIds: ['Task_Regulier'],
        completedElementIds: expect.arrayContaining(['Start', 'Task_Triage', 'Gateway_Urgentie']),
        takenFlowIds: expect.arrayContaining(['Flow_Start', 'Flow_Triage', 'Flow_Regulier']),
      });
      await pause(QUIET_MS);
      expect(bystander.all('instance:updated', (candidate) => candidate.id === id)).toEqual([]);
    });

    it('tells a watcher when a task of the instance is claimed, even if the task is not for the watcher’s groups', async () => {
      const { id, task } = await regulierCase();
      // The MDO chair of the team may see the case, but the task is a procesregisseur's.
      const watcher = await live('voorzitter');
      expect(await watcher.watch(id)).toEqual({ ok: true });

      await as('regisseur').post(`/api/tasks/${task.id}/claim`);

      await expect(watcher.waitFor('task:updated', (update) => update.id === task.id)).resolves.toMatchObject({
        assignee: 'regisseur',
      });
    });

    it('sends the completed state when the watched instance ends, and nothing after an unwatch', async () => {
      const { id, task } = await regulierCase();
      const watcher = await live('regisseur2');
      expect(await watcher.watch(id)).toEqual({ ok: true });
      await as('regisseur').post(`/api/tasks/${task.id}/claim`);

      await as('regisseur').post(`/api/tasks/${task.id}/complete`, { variables: {} });

      await expect(
        watcher.waitFor('instance:updated', (update) => update.id === id && update.state === 'completed'),
      ).resolves.toMatchObject({
        activeElementIds: [],
      });

      const other = await startRoutering();
      expect(await watcher.watch(other.id)).toEqual({ ok: true });
      await new Promise<void>((resolve) => watcher.socket.emit('instance:unwatch', { id: other.id }, () => resolve()));
      await as('slt').completeTask(other.caseId, 'Task_Triage', { urgentie: 'regulier' });
      await pause(QUIET_MS);
      expect(watcher.all('instance:updated', (update) => update.id === other.id)).toEqual([]);
    });

    it('answers a watch on an instance the user may not see with 404, like the REST read, and sends it nothing', async () => {
      const { id, caseId } = await startRoutering();
      const zuid = await live('regisseur-zuid');

      expect(await zuid.watch(id)).toMatchObject({ ok: false, status: 404 });
      expect(await zuid.watch('bestaat-niet')).toMatchObject({ ok: false, status: 404 });

      await as('slt').completeTask(caseId, 'Task_Triage', { urgentie: 'regulier' });
      await pause(QUIET_MS);
      expect(zuid.all('instance:updated', (update) => update.id === id)).toEqual([]);
    });
  });

  describe('definitions', () => {
    it('announces a newly deployed diagram version with its key and version', async () => {
      const regisseur = await live('regisseur');
      const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_live" targetNamespace="http://casusregie.nl/tests">
  <bpmn:process id="live-uitrol" name="Live uitrol" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task_1" />
    <bpmn:userTask id="Task_1" name="Taak" camunda:candidateGroups="procesregisseur" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_1" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>
`;

      const response = await as('eigenaar').request('POST', '/api/definitions', xml, 'application/xml');
      expect(response.status).toBe(201);
      const { version } = (await response.json()) as DeployResult;

      await expect(
        regisseur.waitFor('definition:deployed', (deployed) => deployed.key === 'live-uitrol'),
      ).resolves.toEqual({ key: 'live-uitrol', version });
    });
  });
});
