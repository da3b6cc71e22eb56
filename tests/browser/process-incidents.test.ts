import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstanceDetail, StartInstanceResponse } from '../../server/contract/api';
import { doublingFeelForXml as doubling } from '../support/hostile-feel';
import { ApiClient } from '../support/server';
import { type BrowserRig, loginAs, openRig, saveScreenshot, seriousA11yViolations } from './support/browser';

/**
 * A process owner, who may not see cases, finds the incidents of their process on its screen and
 * retries one (issue 10, point 4). The task after the timer has a priority that, until a date
 * passes, builds a string too large for the FEEL limits (as in tests/api/incidents.test.ts).
 */

const DIAGRAM = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_incident" targetNamespace="http://casusregie.nl/tests">
  <bpmn:process id="incident-herstel" name="Incident herstel" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Wacht" />
    <bpmn:intermediateCatchEvent id="Wacht" name="Een uur wachten">
      <bpmn:timerEventDefinition id="Timer_wacht"><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Wacht" targetRef="Taak" />
    <bpmn:userTask id="Taak" name="Aanmelding" camunda:candidateGroups="procesregisseur" camunda:formKey="aanmelding"
      camunda:priority="=if now() &gt;= date and time(grens) then 1 else ${doubling(21)}" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Taak" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_1">
    <bpmndi:BPMNPlane id="Plane_1" bpmnElement="incident-herstel">
      <bpmndi:BPMNShape id="Start_di" bpmnElement="Start"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Wacht_di" bpmnElement="Wacht"><dc:Bounds x="262" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Taak_di" bpmnElement="Taak"><dc:Bounds x="370" y="80" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="End_di" bpmnElement="End"><dc:Bounds x="542" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_1_di" bpmnElement="Flow_1"><di:waypoint x="188" y="120" /><di:waypoint x="262" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_2_di" bpmnElement="Flow_2"><di:waypoint x="298" y="120" /><di:waypoint x="370" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_3_di" bpmnElement="Flow_3"><di:waypoint x="470" y="120" /><di:waypoint x="542" y="120" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;

describe('incidents on the process screen', () => {
  let rig: BrowserRig;
  let eigenaar: ApiClient;
  let regisseur: ApiClient;
  let started: StartInstanceResponse;

  beforeAll(async () => {
    rig = await openRig();
    eigenaar = await ApiClient.login(rig.baseUrl, 'eigenaar');
    const deployed = await eigenaar.request('POST', '/api/definitions', DIAGRAM, 'application/xml');
    expect(deployed.status).toBe(201);
    regisseur = await ApiClient.login(rig.baseUrl, 'regisseur');
    const { now } = await eigenaar.post<{ now: string }>('/api/test/clock', { advance: 'PT0S' });
    started = await regisseur.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'incident-herstel',
      team: 'slt-breda-noord',
      variables: { grens: new Date(Date.parse(now) + 2 * 24 * 3600 * 1000).toISOString() },
    });
    await eigenaar.post('/api/test/clock', { advance: 'PT2H' });
    const detail = await regisseur.get<InstanceDetail>(`/api/instances/${started.id}`);
    expect(detail.incidents?.map((incident) => incident.state)).toEqual(['open']);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('lets a proceseigenaar find the incident and retry it once the date has passed: the row goes, with a success message', async () => {
    // Given the process owner on the process's screen
    const { context, page } = await loginAs(rig, 'eigenaar');
    await page.goto(`${rig.baseUrl}/processen/incident-herstel`);
    const section = page.getByRole('region', { name: 'Incidenten' });
    const row = section.getByRole('row').filter({ hasText: started.caseId });
    await row.waitFor();

    // Then the row names the step, what failed, the attempts and the case number
    const text = await row.textContent();
    expect(text).toContain('Een uur wachten');
    expect(text).toContain('De FEEL-expressie');
    expect(text).toContain(started.caseId);
    // And the step's badge on the diagram counts the incident
    const badge = page.locator('button.cr-count-badge[data-element-id="Wacht"]');
    await badge.filter({ hasText: 'incident' }).waitFor();
    expect(await badge.getAttribute('title')).toBe('Een uur wachten: 1 casus, 1 incident');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await badge.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'process-incident-open');

    // When they retry before the date has passed, it fails again: the row stays with two
    // attempts, the Dutch reason is announced, and the focus stays on the button
    const button = row.getByRole('button', { name: /Opnieuw proberen/ });
    await button.focus();
    await page.keyboard.press('Enter');
    const status = section.getByRole('status');
    await status.filter({ hasText: 'niet gelukt' }).waitFor();
    expect(await status.textContent()).toContain('De FEEL-expressie');
    await row.getByRole('cell', { name: '2', exact: true }).waitFor();
    expect(await button.evaluate((element) => element === document.activeElement)).toBe(true);

    // When the date has passed and they press "Opnieuw proberen" again from the keyboard
    await eigenaar.post('/api/test/clock', { advance: 'P3D' });
    await page.keyboard.press('Enter');

    // Then a polite status says it worked, the row is gone and the case moved on
    await status.filter({ hasText: 'Gelukt' }).waitFor();
    expect(await status.textContent()).toContain('is opgelost');
    await section.getByText('Er zijn geen open incidenten in dit proces.').waitFor();
    expect(await section.getByRole('row').filter({ hasText: started.caseId }).count()).toBe(0);
    const detail = await regisseur.get<InstanceDetail>(`/api/instances/${started.id}`);
    expect(detail.activeElementIds).toEqual(['Taak']);
    await page.locator('button.cr-count-badge[data-element-id="Taak"]').waitFor();
    expect(await page.locator('button.cr-count-badge', { hasText: 'incident' }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await saveScreenshot(page, 'process-incident-retried');
    await context.close();
  });
});
