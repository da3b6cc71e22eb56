import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DefinitionVersion,
  DeployResult,
  ElementInstances,
  ElementStatistics,
  InstanceDetail,
  InstanceSummary,
  Problem,
  StartInstanceResponse,
} from '../../server/contract/api';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';

const REFUSED = fileURLToPath(new URL('../fixtures/refused', import.meta.url));

/** A small valid diagram; `extraTask` adds a second user task, making a different version. */
function diagram(key: string, { extraTask = false } = {}): string {
  const afterIntake = extraTask ? 'Task_Controle' : 'End';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_${key}" targetNamespace="http://casusregie.nl/tests">
  <bpmn:process id="${key}" name="Uitroltest ${key}" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="Flow_Start" sourceRef="Start" targetRef="Task_Intake" />
    <bpmn:userTask id="Task_Intake" name="Intake" camunda:candidateGroups="procesregisseur" />
    <bpmn:sequenceFlow id="Flow_Intake" sourceRef="Task_Intake" targetRef="${afterIntake}" />${
      extraTask
        ? `
    <bpmn:userTask id="Task_Controle" name="Controle" camunda:candidateGroups="procesregisseur" />
    <bpmn:sequenceFlow id="Flow_Controle" sourceRef="Task_Controle" targetRef="End" />`
        : ''
    }
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>
`;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('definitions API', () => {
  let server: TestServer;
  let eigenaar: ApiClient;
  let regisseur: ApiClient;
  let slt: ApiClient;

  beforeAll(async () => {
    server = await startServer();
    eigenaar = await ApiClient.login(server.baseUrl, 'eigenaar');
    regisseur = await ApiClient.login(server.baseUrl, 'regisseur');
    slt = await ApiClient.login(server.baseUrl, 'slt');
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  const deploy = (client: ApiClient, xml: string, contentType = 'application/xml') =>
    client.request('POST', '/api/definitions', xml, contentType);

  async function problemOf(response: Response, status: number): Promise<Problem> {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await response.json()) as Problem;
  }

  const start = (client: ApiClient, definitionKey: string, variables: Record<string, string> = {}) =>
    client.post<StartInstanceResponse>('/api/instances', { definitionKey, team: 'slt-breda-noord', variables });

  it('lists the latest version of every deployed process with its hash and who deployed it', async () => {
    const definitions = await regisseur.get<DefinitionVersion[]>('/api/definitions');

    expect(definitions.map((definition) => definition.key)).toEqual(
      expect.arrayContaining(['kind', 'lange-termijn', 'ouder', 'routering', 'termijn']),
    );
    const routering = definitions.find((definition) => definition.key === 'routering');
    expect(routering).toEqual({
      key: 'routering',
      name: 'Routering (test)',
      version: 1,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      deployedAt: expect.any(String),
      deployedBy: expect.any(String),
      ...(routering && 'note' in routering ? { note: expect.any(String) } : {}),
    });
    expect(Number.isNaN(Date.parse(routering!.deployedAt))).toBe(false);
  });

  it('serves the XML of a deployed version as application/xml', async () => {
    const response = await regisseur.request('GET', '/api/definitions/routering/versions/1/xml');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/xml/);
    const fixture = await readFile(new URL('../fixtures/processes/routering.bpmn', import.meta.url), 'utf8');
    expect(await response.text()).toBe(fixture);
  });

  it('answers 404 for the XML of a version or process that does not exist', async () => {
    await problemOf(await regisseur.request('GET', '/api/definitions/routering/versions/99/xml'), 404);
    await problemOf(await regisseur.request('GET', '/api/definitions/bestaat-niet/versions/1/xml'), 404);
  });

  it('deploys a new diagram as version 1 for a process owner, and the same XML again as that version', async () => {
    const xml = diagram('uitrol-nieuw');

    const first = await deploy(eigenaar, xml);
    expect(first.status).toBe(201);
    const result = (await first.json()) as DeployResult;
    expect(result).toMatchObject({ key: 'uitrol-nieuw', version: 1, sha256: sha256(xml) });
    // Lint findings do not block the deploy; they come back as warnings, in Dutch.
    expect(result.warnings).toContainEqual({
      elementId: 'Start',
      code: 'label-required',
      message: expect.stringContaining('heeft geen naam'),
    });
    expect(result.warnings).toContainEqual({
      elementId: 'Task_Intake',
      code: 'no-bpmndi',
      message: expect.stringContaining('niet op de tekening'),
    });

    const again = await deploy(eigenaar, xml);
    expect(again.status).toBe(200);
    expect((await again.json()) as DeployResult).toMatchObject({
      key: 'uitrol-nieuw',
      version: 1,
      sha256: sha256(xml),
    });

    const listed = (await eigenaar.get<DefinitionVersion[]>('/api/definitions')).filter(
      (definition) => definition.key === 'uitrol-nieuw',
    );
    expect(listed).toEqual([
      expect.objectContaining({
        version: 1,
        sha256: sha256(xml),
        deployedBy: 'eigenaar',
        name: 'Uitroltest uitrol-nieuw',
      }),
    ]);
  });

  it('deploys a changed diagram as the next version, lists only the latest unless all=true, and keeps running instances on their version', async () => {
    const v1 = diagram('uitrol-versies');
    const v2 = diagram('uitrol-versies', { extraTask: true });
    expect((await deploy(eigenaar, v1)).status).toBe(201);
    const before = await start(regisseur, 'uitrol-versies');

    const response = await deploy(eigenaar, v2);

    expect(response.status).toBe(201);
    expect((await response.json()) as DeployResult).toMatchObject({
      key: 'uitrol-versies',
      version: 2,
      sha256: sha256(v2),
    });
    const latest = (await eigenaar.get<DefinitionVersion[]>('/api/definitions')).filter(
      (definition) => definition.key === 'uitrol-versies',
    );
    expect(latest.map((definition) => definition.version)).toEqual([2]);
    const all = (await eigenaar.get<DefinitionVersion[]>('/api/definitions?all=true')).filter(
      (definition) => definition.key === 'uitrol-versies',
    );
    expect(all.map((definition) => definition.version).sort()).toEqual([1, 2]);

    // The instance started before the new version stays on version 1, diagram and all.
    expect((await regisseur.get<InstanceDetail>(`/api/instances/${before.id}`)).version).toBe(1);
    const xmlResponse = await regisseur.request('GET', `/api/instances/${before.id}/xml`);
    expect(xmlResponse.status).toBe(200);
    expect(xmlResponse.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(await xmlResponse.text()).toBe(v1);
    const after = await start(regisseur, 'uitrol-versies');
    expect((await regisseur.get<InstanceDetail>(`/api/instances/${after.id}`)).version).toBe(2);
    expect(await (await regisseur.request('GET', `/api/instances/${after.id}/xml`)).text()).toBe(v2);
    const summaries = await regisseur.get<InstanceSummary[]>('/api/instances?definitionKey=uitrol-versies');
    expect(summaries.map((summary) => [summary.id, summary.version])).toEqual(
      expect.arrayContaining([
        [before.id, 1],
        [after.id, 2],
      ]),
    );

    // And each runs its own version: version 1 ends after the intake, version 2 goes on to a check.
    await regisseur.completeTask(before.caseId, 'Task_Intake');
    await regisseur.completeTask(after.caseId, 'Task_Intake');
    expect((await regisseur.get<InstanceDetail>(`/api/instances/${before.id}`)).state).toBe('completed');
    expect((await regisseur.get<InstanceDetail>(`/api/instances/${after.id}`)).activeElementIds).toEqual([
      'Task_Controle',
    ]);
  });

  it('refuses a deploy by someone who is not a process owner with 403', async () => {
    await problemOf(await deploy(regisseur, diagram('uitrol-verboden')), 403);

    const keys = (await eigenaar.get<DefinitionVersion[]>('/api/definitions')).map((definition) => definition.key);
    expect(keys).not.toContain('uitrol-verboden');
  });

  it('refuses a diagram with a script task with 422 naming the element and the rule', async () => {
    const xml = await readFile(`${REFUSED}/script-task.bpmn`, 'utf8');

    const problem = await problemOf(await deploy(eigenaar, xml), 422);

    expect(problem).toMatchObject({ status: 422, title: expect.any(String), detail: expect.any(String) });
    expect(problem.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ elementId: 'Script_Kwaad', code: 'script-task', message: expect.any(String) }),
      ]),
    );
  });

  it('refuses a diagram with a JavaScript condition with 422 naming the flow and the rule', async () => {
    const xml = await readFile(`${REFUSED}/javascript-condition.bpmn`, 'utf8');

    const problem = await problemOf(await deploy(eigenaar, xml), 422);

    expect(problem.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ elementId: 'Flow_Js', code: 'script-condition', message: expect.any(String) }),
      ]),
    );
    const keys = (await eigenaar.get<DefinitionVersion[]>('/api/definitions?all=true')).map(
      (definition) => definition.key,
    );
    expect(keys).not.toContain('kwaadaardig');
  });

  it('refuses a body that is not XML with 400, never 500', async () => {
    await problemOf(await deploy(eigenaar, 'dit is geen XML <<<'), 400);
    await problemOf(await deploy(eigenaar, '<bpmn:definitions><niet-gesloten>'), 400);
    await problemOf(await deploy(eigenaar, ''), 400);
    await problemOf(await deploy(eigenaar, JSON.stringify({ xml: diagram('uitrol-json') }), 'application/json'), 400);
  });

  it('counts per element the instances waiting there, those that passed, and the overdue tasks', async () => {
    const first = await start(slt, 'routering');
    await start(slt, 'routering');

    const statistics = await slt.get<ElementStatistics[]>('/api/definitions/routering/versions/1/statistics');
    expect(statistics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ elementId: 'Task_Triage', active: 2, completed: 0, overdue: 0 }),
      ]),
    );
    for (const entry of statistics) {
      expect(entry).toMatchObject({
        elementId: expect.any(String),
        active: expect.any(Number),
        completed: expect.any(Number),
        overdue: expect.any(Number),
      });
    }

    await slt.completeTask(first.caseId, 'Task_Triage', { urgentie: 'regulier' });
    await slt.post('/api/test/clock', { advance: 'P7D' }); // past the remaining triage's two working days
    const later = await slt.get<ElementStatistics[]>('/api/definitions/routering/versions/1/statistics');
    const byElement = new Map(later.map((entry) => [entry.elementId, entry]));
    expect(byElement.get('Task_Triage')).toMatchObject({
      elementId: 'Task_Triage',
      active: 1,
      completed: 1,
      overdue: 1,
    });
    // The remaining triage has waited since it was created, seven days ago.
    expect(byElement.get('Task_Triage')?.longestWaitMs).toBeGreaterThanOrEqual(7 * 86_400_000);
    expect(byElement.get('Task_Regulier')?.longestWaitMs).toBeLessThan(8 * 86_400_000);
    expect(byElement.get('Gateway_Urgentie')).toMatchObject({ completed: 1 });
    expect(byElement.get('Task_Regulier')).toMatchObject({ active: 1, overdue: 0 });
    expect(byElement.get('Task_Crisis')?.active ?? 0).toBe(0);
  });

  it('counts a case waiting at a task with a boundary timer once, at the task, not also at its armed timer', async () => {
    await start(slt, 'termijn', { urgentie: 'regulier' });

    const statistics = await slt.get<ElementStatistics[]>('/api/definitions/termijn/versions/1/statistics');

    expect(statistics.find((entry) => entry.elementId === 'Task_Overleg')?.active).toBeGreaterThanOrEqual(1);
    expect(statistics.find((entry) => entry.elementId === 'Timer_Termijn')?.active ?? 0).toBe(0);
  });

  it('lists the cases waiting at an element, longest waiting first, only those the user may see', async () => {
    const older = await start(slt, 'routering');
    await slt.post('/api/test/clock', { advance: 'PT1H' });
    const newer = await start(slt, 'routering');

    const waiting = await slt.get<ElementInstances>(
      '/api/definitions/routering/versions/1/elements/Task_Triage/instances',
    );

    const ids = waiting.items.map((item) => item.id);
    expect(ids.indexOf(older.id)).toBeLessThan(ids.indexOf(newer.id));
    expect(waiting.items.find((item) => item.id === newer.id)).toMatchObject({
      caseId: newer.caseId,
      task: { elementId: 'Task_Triage' },
      overdue: false,
    });
    expect(waiting.total).toBeGreaterThanOrEqual(2);
    // Another team's procesregisseur sees the count, but none of these cases.
    const zuid = await ApiClient.login(server.baseUrl, 'regisseur-zuid');
    const seenByZuid = await zuid.get<ElementInstances>(
      '/api/definitions/routering/versions/1/elements/Task_Triage/instances',
    );
    expect(seenByZuid.total).toBe(waiting.total);
    expect(seenByZuid.items.map((item) => item.id)).not.toContain(newer.id);
  });

  it('answers 404 for the statistics of a version that does not exist', async () => {
    await problemOf(await slt.request('GET', '/api/definitions/routering/versions/7/statistics'), 404);
  });
});
