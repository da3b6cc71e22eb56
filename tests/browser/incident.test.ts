import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstanceDetail, StartInstanceResponse } from '../../server/contract/api';
import { doublingFeelForXml as doubling } from '../support/hostile-feel';
import { ApiClient } from '../support/server';
import { type BrowserRig, loginAs, openRig, saveScreenshot, seriousA11yViolations } from './support/browser';

const DIAGRAM = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_incident" targetNamespace="http://casusregie.nl/tests">
  <bpmn:process id="incident-zichtbaar" name="Incident zichtbaar" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Wacht" />
    <bpmn:intermediateCatchEvent id="Wacht" name="Een uur wachten">
      <bpmn:timerEventDefinition id="Timer_wacht"><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Wacht" targetRef="Taak" />
    <bpmn:userTask id="Taak" name="Aanmelding" camunda:candidateGroups="procesregisseur" camunda:formKey="aanmelding"
      camunda:priority="=${doubling(21)}" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Taak" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;

/** A case stuck on an incident shows it on its case page (see tests/api/incidents.test.ts). */
describe('an incident in the browser', () => {
  let rig: BrowserRig;
  let caseId = '';

  beforeAll(async () => {
    rig = await openRig();
    const eigenaar = await ApiClient.login(rig.baseUrl, 'eigenaar');
    const deployed = await eigenaar.request('POST', '/api/definitions', DIAGRAM, 'application/xml');
    expect(deployed.status).toBe(201);
    const regisseur = await ApiClient.login(rig.baseUrl, 'regisseur');
    const started = await regisseur.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'incident-zichtbaar',
      team: 'slt-breda-noord',
    });
    caseId = started.caseId;
    await eigenaar.post('/api/test/clock', { advance: 'PT2H' });
    const detail = await regisseur.get<InstanceDetail>(`/api/instances/${started.id}`);
    expect(detail.incidents?.map((incident) => incident.state)).toEqual(['open']);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('shows a Dutch alert on the case page naming the stuck step and what failed', async () => {
    const { context, page } = await loginAs(rig, 'regisseur');
    await page.goto(`${rig.baseUrl}/casussen/${caseId}`);

    // The step's name arrives with the diagram, after the case itself.
    const alert = page.getByRole('alert').filter({ hasText: 'Een uur wachten' });
    await alert.waitFor();

    const text = await alert.textContent();
    expect(text).toContain('Deze casus staat stil door een incident');
    expect(text).toContain('Een uur wachten');
    expect(text).toContain('De FEEL-expressie');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await saveScreenshot(page, 'case-incident');
    await context.close();
  });
});
