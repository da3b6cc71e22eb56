import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DefinitionVersion, DeployResult, Problem } from '../../server/contract/api';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';

function diagram(key: string, taskName: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_${key}" targetNamespace="http://casusregie.nl/tests">
  <bpmn:process id="${key}" name="Versies ${key}" isExecutable="true">
    <bpmn:startEvent id="Start" name="Start" />
    <bpmn:sequenceFlow id="Flow_Start" sourceRef="Start" targetRef="Task_Intake" />
    <bpmn:userTask id="Task_Intake" name="${taskName}" camunda:candidateGroups="procesregisseur" />
    <bpmn:sequenceFlow id="Flow_Intake" sourceRef="Task_Intake" targetRef="End" />
    <bpmn:endEvent id="End" name="Klaar" />
  </bpmn:process>
</bpmn:definitions>
`;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the version history of a process', () => {
  let server: TestServer;
  let eigenaar: ApiClient;
  let regisseur: ApiClient;

  beforeAll(async () => {
    server = await startServer();
    eigenaar = await ApiClient.login(server.baseUrl, 'eigenaar');
    regisseur = await ApiClient.login(server.baseUrl, 'regisseur');
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  const deploy = (xml: string, note?: string) =>
    eigenaar.request(
      'POST',
      `/api/definitions${note === undefined ? '' : `?note=${encodeURIComponent(note)}`}`,
      xml,
      'application/xml',
    );

  it('lists every version with who deployed it, when, its note and its sha256, oldest first', async () => {
    const first = diagram('historie', 'Intake');
    const second = diagram('historie', 'Intake en screening');
    expect((await deploy(first, 'Eerste versie, zoals afgesproken in het procesoverleg')).status).toBe(201);
    expect((await deploy(second)).status).toBe(201);

    const versions = await regisseur.get<DefinitionVersion[]>('/api/definitions/historie/versions');

    expect(versions).toEqual([
      {
        key: 'historie',
        name: 'Versies historie',
        version: 1,
        sha256: sha256(first),
        deployedAt: expect.any(String),
        deployedBy: 'eigenaar',
        note: 'Eerste versie, zoals afgesproken in het procesoverleg',
      },
      {
        key: 'historie',
        name: 'Versies historie',
        version: 2,
        sha256: sha256(second),
        deployedAt: expect.any(String),
        deployedBy: 'eigenaar',
      },
    ]);
    expect(Date.parse(versions[1]!.deployedAt)).toBeGreaterThanOrEqual(Date.parse(versions[0]!.deployedAt));
  });

  it('keeps the note after a restart', async () => {
    expect((await deploy(diagram('historie-herstart', 'Intake'), 'Blijft bewaard')).status).toBe(201);
    await server.stop();
    server = await startServer({ dataDir: server.dataDir });
    const client = await ApiClient.login(server.baseUrl, 'regisseur');

    const versions = await client.get<DefinitionVersion[]>('/api/definitions/historie-herstart/versions');

    expect(versions).toEqual([expect.objectContaining({ version: 1, note: 'Blijft bewaard' })]);
    eigenaar = await ApiClient.login(server.baseUrl, 'eigenaar');
    regisseur = client;
  });

  it('shows the versions of the processes deployed at start-up, with the file they came from as note', async () => {
    const versions = await regisseur.get<DefinitionVersion[]>('/api/definitions/routering/versions');

    expect(versions).toEqual([
      expect.objectContaining({ version: 1, deployedBy: 'systeem', note: 'uit routering.bpmn' }),
    ]);
  });

  it("answers the same XML again with its version and leaves that version's note as it was", async () => {
    const xml = diagram('historie-zelfde', 'Intake');
    expect((await deploy(xml, 'Origineel')).status).toBe(201);

    const again = await deploy(xml, 'Nog een keer');

    expect(again.status).toBe(200);
    expect(((await again.json()) as DeployResult).version).toBe(1);
    expect(await regisseur.get<DefinitionVersion[]>('/api/definitions/historie-zelfde/versions')).toEqual([
      expect.objectContaining({ version: 1, note: 'Origineel' }),
    ]);
  });

  it('refuses a note of more than 500 characters with 400 and deploys nothing', async () => {
    const response = await deploy(diagram('historie-lang', 'Intake'), 'x'.repeat(501));

    expect(response.status).toBe(400);
    expect(((await response.json()) as Problem).problems).toEqual([expect.objectContaining({ path: 'note' })]);
    expect((await regisseur.request('GET', '/api/definitions/historie-lang/versions')).status).toBe(404);
  });

  it('accepts a note of exactly 500 characters', async () => {
    expect((await deploy(diagram('historie-precies', 'Intake'), 'é'.repeat(500))).status).toBe(201);
  });

  it('answers 404 problem details for a process that was never deployed', async () => {
    const response = await regisseur.request('GET', '/api/definitions/bestaat-niet/versions');

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('describes the new endpoints and fields in the OpenAPI document', async () => {
    const document = (await (await fetch(`${server.baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string }> }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };

    expect(document.paths['/api/definitions/{key}/versions']).toHaveProperty('get');
    expect(document.paths['/api/definitions/{key}/migrations/dry-run']).toHaveProperty('post');
    expect(document.paths['/api/definitions/{key}/migrations']).toHaveProperty('post');
    expect(document.paths['/api/definitions']!.post!.parameters?.map((parameter) => parameter.name)).toContain('note');
    expect(document.components.schemas.DefinitionVersion!.properties).toHaveProperty('note');
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['MigrationRequest', 'MigrationCheck', 'MigrationResult']),
    );
  });
});
