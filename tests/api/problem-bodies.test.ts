import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem, StartInstanceResponse, Task } from '../../server/contract/api';
import { ApiClient, FIXTURE_PROCESSES, removeDataDir, startServer, type TestServer } from '../support/server';

const REFUSED = fileURLToPath(new URL('../fixtures/refused', import.meta.url));

/**
 * The exact problem+json a client sees when the domain refuses a request, one per kind of
 * refusal: status, title, detail and problems, as the client shows them.
 */
describe('problem answers to refused requests', () => {
  let server: TestServer;
  let slt: ApiClient;
  let regisseur: ApiClient;
  let eigenaar: ApiClient;

  beforeAll(async () => {
    server = await startServer();
    slt = await ApiClient.login(server.baseUrl, 'slt');
    regisseur = await ApiClient.login(server.baseUrl, 'regisseur');
    eigenaar = await ApiClient.login(server.baseUrl, 'eigenaar');
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  async function problemOf(response: Response): Promise<Problem> {
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as Problem;
    expect(response.status).toBe(problem.status);
    return problem;
  }

  async function triageTask(): Promise<Task> {
    const { caseId } = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'routering',
      team: 'slt-breda-noord',
      variables: {},
    });
    const tasks = await slt.get<Task[]>(`/api/tasks?caseId=${caseId}`);
    return tasks.find((task) => task.elementId === 'Task_Triage')!;
  }

  it('answers a task nobody can see with 404 Niet gevonden', async () => {
    const problem = await problemOf(await slt.request('POST', '/api/tasks/bestaat-niet/claim', {}));

    expect(problem).toEqual({
      type: 'about:blank',
      title: 'Niet gevonden',
      status: 404,
      detail: 'Deze taak bestaat niet of is niet zichtbaar voor u.',
    });
  });

  it('answers starting a case for another team with 403 Niet toegestaan', async () => {
    const response = await regisseur.request('POST', '/api/instances', {
      definitionKey: 'routering',
      team: 'slt-breda-zuid',
      variables: {},
    });

    expect(await problemOf(response)).toEqual({
      type: 'about:blank',
      title: 'Niet toegestaan',
      status: 403,
      detail: 'U kunt geen casus starten voor team "slt-breda-zuid".',
    });
  });

  it('answers completing a task nobody claimed with 409 Conflict', async () => {
    const task = await triageTask();

    const response = await slt.request('POST', `/api/tasks/${task.id}/complete`, { variables: {} });

    expect(await problemOf(response)).toEqual({
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      detail: 'Pak de taak eerst op.',
    });
  });

  it('answers variables that are not an object with 400 Ongeldige invoer, naming the field', async () => {
    const task = await triageTask();
    await slt.post(`/api/tasks/${task.id}/claim`);

    const response = await slt.request('POST', `/api/tasks/${task.id}/complete`, { variables: ['urgentie'] });

    expect(await problemOf(response)).toEqual({
      type: 'about:blank',
      title: 'Ongeldige invoer',
      status: 400,
      detail: 'De variabelen moeten een object zijn.',
      problems: [{ path: 'variables', code: 'type', message: 'Verwacht een object.' }],
    });
  });

  it('answers a diagram that breaks the rules with 422, naming the element', async () => {
    const xml = await readFile(path.join(REFUSED, 'script-task.bpmn'), 'utf8');

    const problem = await problemOf(await eigenaar.request('POST', '/api/definitions', xml, 'application/xml'));

    expect(problem).toMatchObject({
      type: 'about:blank',
      title: 'Diagram voldoet niet aan de regels',
      status: 422,
      detail: 'Het diagram kan niet worden uitgerold: 1 probleem/problemen.',
      problems: [expect.objectContaining({ elementId: 'Script_Kwaad', code: 'script-task' })],
    });
  });

  it('answers a migration mapping that breaks the rules with 422, naming the element', async () => {
    const xml = await readFile(path.join(FIXTURE_PROCESSES, 'kind.bpmn'), 'utf8');
    const changed = xml.replace('name="MDO houden en besluit vastleggen"', 'name="MDO houden en besluit noteren"');
    expect((await eigenaar.request('POST', '/api/definitions', changed, 'application/xml')).status).toBe(201);

    const response = await eigenaar.request('POST', '/api/definitions/kind/migrations/dry-run', {
      fromVersion: 1,
      toVersion: 2,
      mapping: { Task_Besluit: 'Task_Bestaat_Niet' },
    });

    expect(await problemOf(response)).toMatchObject({
      type: 'about:blank',
      title: 'Koppeling voldoet niet aan de regels',
      status: 422,
      detail: 'De koppeling van oude naar nieuwe stappen klopt niet.',
      problems: [expect.objectContaining({ elementId: 'Task_Bestaat_Niet', code: 'mapping-target-unknown' })],
    });
  });

  it('answers a body that is not JSON with 400 Ongeldige invoer', async () => {
    const response = await slt.request('POST', '/api/instances', '{"definitionKey":', 'application/json');

    expect(await problemOf(response)).toEqual({
      type: 'about:blank',
      title: 'Ongeldige invoer',
      status: 400,
      detail: 'De inhoud van het verzoek kan niet worden gelezen (ongeldige JSON?).',
    });
  });
});
