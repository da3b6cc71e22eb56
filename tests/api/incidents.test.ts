import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  HistoryEntry,
  Incident,
  InstanceDetail,
  ProcessIncident,
  StartInstanceResponse,
} from '../../server/contract/api';
import { doublingFeelForXml as doubling } from '../support/hostile-feel';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';

/**
 * A case whose engine action keeps failing becomes an incident (issue 10, point 4): here a timer
 * whose next task has a priority that, until a date passes, builds a 200 MB string and so breaks
 * the FEEL limits. The firing fails, the case records an incident, the timer is not fired again
 * (not at the next drain, not after a restart), and a process owner's retry after the date has
 * passed moves the case on.
 */
const FORM_CATALOGUE = fileURLToPath(new URL('../fixtures/form-catalogue', import.meta.url));

const DIAGRAM = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_incident" targetNamespace="http://casusregie.nl/tests">
  <bpmn:process id="incident-timer" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Wacht" />
    <bpmn:intermediateCatchEvent id="Wacht">
      <bpmn:timerEventDefinition id="Timer_wacht"><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Wacht" targetRef="Taak" />
    <bpmn:userTask id="Taak" camunda:candidateGroups="procesregisseur" camunda:formKey="intake"
      camunda:priority="=if now() &gt;= date and time(grens) then 1 else ${doubling(21)}" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Taak" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;

describe('incidents', () => {
  let server: TestServer;
  let eigenaar: ApiClient;
  let regisseur: ApiClient;
  let instanceId: string;
  let grens = '';

  const login = async () => {
    eigenaar = await ApiClient.login(server.baseUrl, 'eigenaar');
    regisseur = await ApiClient.login(server.baseUrl, 'regisseur');
  };
  const advance = (advance: string) => eigenaar.post('/api/test/clock', { advance });
  const detail = () => regisseur.get<InstanceDetail>(`/api/instances/${instanceId}`);
  const processIncidents = () => eigenaar.get<ProcessIncident[]>('/api/definitions/incident-timer/incidents');
  const history = () => regisseur.get<HistoryEntry[]>(`/api/instances/${instanceId}/history`);

  beforeAll(async () => {
    server = await startServer({ processesDir: FORM_CATALOGUE });
    await login();
    const deployed = await eigenaar.request('POST', '/api/definitions', DIAGRAM, 'application/xml');
    expect(deployed.status).toBe(201);
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  it('records a timer whose firing breaks a FEEL limit as an open incident on its instance, and the server serves', async () => {
    // Given a case whose priority is only computable after a date two days ahead
    grens = new Date(Date.now() + 2 * 24 * 3600 * 1000).toISOString();
    const started = await regisseur.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'incident-timer',
      team: 'slt-breda-noord',
      variables: { grens },
    });
    instanceId = started.id;

    // When its timer falls due
    await advance('PT2H');

    // Then the instance shows one open incident at the timer, in Dutch, and still waits there
    const instance = await detail();
    expect(instance.incidents).toEqual([
      expect.objectContaining({
        instanceId,
        elementId: 'Wacht',
        kind: 'timer',
        state: 'open',
        attempts: 1,
        message: expect.stringContaining('De FEEL-expressie'),
      }),
    ]);
    expect(instance.activeElementIds).toEqual(['Wacht']);
    expect((await history()).filter((entry) => entry.type === 'incident.raised')).toHaveLength(1);
    expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);
  });

  it('lists the open incident to a proceseigenaar on the process, without case data; others get 403', async () => {
    // Given the open incident of the case above
    const [incident] = (await detail()).incidents ?? [];

    // When the process owner asks for the process's incidents
    const response = await eigenaar.request('GET', '/api/definitions/incident-timer/incidents');

    // Then it is there, naming its case and step but carrying none of the case's variables
    expect(response.status).toBe(200);
    const list = (await response.json()) as ProcessIncident[];
    expect(list).toEqual([
      {
        id: incident!.id,
        instanceId,
        caseId: expect.any(String),
        definitionKey: 'incident-timer',
        version: 1,
        elementId: 'Wacht',
        kind: 'timer',
        message: incident!.message,
        at: incident!.at,
        attempts: 1,
      },
    ]);
    // (the message quotes the diagram's expression, which names the variable, but never its value)
    expect(JSON.stringify(list)).not.toContain(grens);
    expect(JSON.stringify(list)).not.toContain('variables');

    // And a regisseur, who works on cases but does not own the process, is refused
    const refused = await regisseur.request('GET', '/api/definitions/incident-timer/incidents');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    // And an unknown process is 404
    expect((await eigenaar.request('GET', '/api/definitions/bestaat-niet/incidents')).status).toBe(404);
  });

  it('does not fire the failed timer again at the next drain nor after a restart', async () => {
    await advance('PT1H');
    await server.stop();
    server = await startServer({ processesDir: FORM_CATALOGUE, dataDir: server.dataDir });
    await login();
    await advance('PT3H');

    const instance = await detail();
    expect(instance.incidents?.map((incident) => [incident.state, incident.attempts])).toEqual([['open', 1]]);
    expect((await history()).filter((entry) => entry.type === 'incident.raised')).toHaveLength(1);
    // The process owner's list is rebuilt at start-up
    expect((await processIncidents()).map((incident) => incident.instanceId)).toEqual([instanceId]);
  });

  it('lets only a proceseigenaar retry (403 for others); a retry too early fails, one after the date moves the case on', async () => {
    const [incident] = (await detail()).incidents ?? [];
    const retryUrl = `/api/instances/${instanceId}/incidents/${incident!.id}/retry`;

    expect((await regisseur.request('POST', retryUrl)).status).toBe(403);

    // A retry before the date has passed fails again: 409, the incident stays open with two attempts
    const early = await eigenaar.request('POST', retryUrl);
    expect(early.status).toBe(409);
    expect((await detail()).incidents?.[0]).toMatchObject({ state: 'open', attempts: 2 });
    expect((await processIncidents()).map((listed) => listed.attempts)).toEqual([2]);

    await advance('P3D');
    const response = await eigenaar.request('POST', retryUrl);

    expect(response.status).toBe(200);
    expect(((await response.json()) as Incident).state).toBe('resolved');
    const instance = await detail();
    expect(instance.activeElementIds).toEqual(['Taak']);
    expect(instance.openTasks.map((task) => task.elementId)).toEqual(['Taak']);
    expect(instance.incidents?.[0]).toMatchObject({ state: 'resolved', resolvedAt: expect.any(String) });
    expect((await history()).map((entry) => entry.type)).toContain('incident.resolved');
    expect(await processIncidents()).toEqual([]);

    // And a resolved incident cannot be retried again
    expect((await eigenaar.request('POST', retryUrl)).status).toBe(409);
  });
});
