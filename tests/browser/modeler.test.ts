import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DefinitionVersion, InstanceDetail, StartInstanceResponse, Task } from '../../server/contract/api';
import { samples } from '../../server/demo/sample-input';
import { addWorkingDays } from '../../server/engine/workdays';
import { ApiClient } from '../support/server';
import { type BrowserRig, loginAs, openRig, saveScreenshot, seriousA11yViolations } from './support/browser';

/**
 * The modeler at /processen/:key/bewerken in a real browser against the demo server: a process
 * owner edits through the properties panel (real clicks and typing), sees lint findings while
 * editing, dry-runs and deploys; the API then shows which version each case follows.
 */
describe('the modeler in the browser', () => {
  let rig: BrowserRig;
  let slt: ApiClient;
  let eigenaar: ApiClient;

  beforeAll(async () => {
    rig = await openRig();
    slt = await ApiClient.login(rig.baseUrl, 'slt');
    eigenaar = await ApiClient.login(rig.baseUrl, 'eigenaar');
  });
  afterAll(async () => {
    await rig?.close();
  });

  function startToeleiding(initialen: string): Promise<StartInstanceResponse> {
    return slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'toeleiding',
      team: 'slt-breda-noord',
      variables: samples(new Date()).aanmelding({ initialen, geboortedatum: '2011-03-04' }),
    });
  }

  async function openTask(caseId: string, elementId: string): Promise<Task> {
    const task = (await slt.get<Task[]>(`/api/tasks?caseId=${caseId}&scope=all`)).find(
      (candidate) => candidate.elementId === elementId,
    );
    if (!task) throw new Error(`no open ${elementId} in case ${caseId}`);
    return task;
  }

  async function toeleidingVersions(): Promise<DefinitionVersion[]> {
    return (await eigenaar.get<DefinitionVersion[]>('/api/definitions?all=true')).filter(
      (definition) => definition.key === 'toeleiding',
    );
  }

  async function openModeler(page: Page, query = ''): Promise<void> {
    await page.goto(`${rig.baseUrl}/processen/toeleiding/bewerken${query}`);
    await shape(page, 'Task_Vraagverkenning').waitFor();
    await expect.poll(() => page.locator('.lint-summary').textContent()).not.toContain('loopt');
  }

  function shape(page: Page, elementId: string): Locator {
    return page.locator(`.modeler-canvas .djs-element[data-element-id="${elementId}"]`);
  }

  function panel(page: Page): Locator {
    return page.getByRole('region', { name: 'Eigenschappen' });
  }

  /** Clicks a sequence flow on its line (the middle of its bounding box may be empty canvas). */
  async function clickFlow(page: Page, elementId: string): Promise<void> {
    const point = await shape(page, elementId)
      .locator('.djs-hit')
      .evaluate((hit) => {
        const path = hit as SVGGeometryElement;
        const middle = path.getPointAtLength(path.getTotalLength() / 2);
        const matrix = path.getScreenCTM()!;
        return {
          x: middle.x * matrix.a + middle.y * matrix.c + matrix.e,
          y: middle.x * matrix.b + middle.y * matrix.d + matrix.f,
        };
      });
    await page.mouse.click(point.x, point.y);
  }

  async function select(page: Page, elementId: string, name: string, flow = false): Promise<void> {
    if (flow) await clickFlow(page, elementId);
    else await shape(page, elementId).click();
    await expect.poll(() => panel(page).locator('.bio-properties-panel-header-label').textContent()).toBe(name);
  }

  /** Opens a section of the properties panel (sections remember being open across elements). */
  async function openSection(page: Page, title: string): Promise<void> {
    const header = panel(page)
      .locator('.bio-properties-panel-group-header')
      .filter({ has: page.getByText(title, { exact: true }) });
    if (!(await header.getAttribute('class'))?.includes('open')) await header.click();
    await expect.poll(() => header.getAttribute('class')).toContain('open');
  }

  /** Replaces a field's text by typing, then leaves the field (which commits it to the diagram). */
  async function retype(page: Page, label: string, value: string): Promise<void> {
    const field = panel(page).getByLabel(label, { exact: true });
    await field.click();
    await field.press('Control+A');
    await field.press('Backspace');
    if (value) await field.pressSequentially(value);
    await field.press('Tab');
  }

  function finding(page: Page, code: string, elementId: string): Locator {
    return page.locator(`.finding[data-code="${code}"][data-element-id="${elementId}"]`);
  }

  it('lets a process owner change a due date and a condition in the properties panel and deploy them: new cases follow version 2, an older case keeps version 1', {
    timeout: 120_000,
  }, async () => {
    // Given a case that started on version 1 before the change
    const older = await startToeleiding('O.A.');
    expect((await slt.get<InstanceDetail>(`/api/instances/${older.id}`)).version).toBe(1);

    // When the process owner changes Vraagverkenning's due date and the condition of "Hulp binnen SLT"
    const { context, page } = await loginAs(rig, 'eigenaar');
    await openModeler(page);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Toeleiding bewerken vanaf versie 1');
    await select(page, 'Task_Vraagverkenning', 'Vraagverkenning');
    await openSection(page, 'Toewijzing en termijn');
    expect(await panel(page).getByLabel('Termijn', { exact: true }).inputValue()).toBe('=werkdagen(10)');
    await retype(page, 'Termijn', '=werkdagen(3)');
    await expect.poll(() => page.locator('.modeler-state').textContent()).toBe('Gewijzigd, nog niet uitgerold');

    await select(page, 'Flow_HulpBinnenSlt', 'Hulp binnen SLT', true);
    await openSection(page, 'Voorwaarde');
    const condition = 'Voorwaarde (FEEL, begint met =)';
    expect(await panel(page).getByLabel(condition, { exact: true }).inputValue()).toBe('=uitkomst = "hulp-binnen-slt"');
    await retype(page, condition, '=uitkomst = "hulp-binnen-slt" and complexiteit = "laag"');
    // The edits keep the diagram clean for the server's rules.
    await expect
      .poll(() => page.locator('.lint-summary').textContent())
      .toBe('Geen bevindingen: het diagram voldoet aan de regels.');

    // and deploys it with a note
    await page
      .getByLabel('Notitie bij deze versie (optioneel)')
      .fill('Vraagverkenning binnen 3 werkdagen; hulp binnen SLT alleen bij lage complexiteit.');
    await page.getByRole('button', { name: 'Uitrollen als nieuwe versie' }).click();

    // Then the page says so, with the focus on the outcome, and the address opens the new version
    const result = page.locator('.deploy-result[data-outcome="created"]');
    await expect.poll(() => result.getByRole('heading').textContent()).toBe('Versie 2 uitgerold');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Versie 2 uitgerold');
    expect(await result.textContent()).toContain('Zonder waarschuwingen.');
    await expect.poll(() => new URL(page.url()).search).toBe('?versie=2');
    await expect.poll(() => page.locator('#versie-keuze').inputValue()).toBe('2');
    expect(await page.locator('.modeler-state').textContent()).toBe('Uitgerold als versie 2');
    await context.close();

    // and the server holds version 2 with the note, the new due date and the new condition
    const versions = await toeleidingVersions();
    const second = versions.find((definition) => definition.version === 2);
    expect(second).toMatchObject({
      deployedBy: 'eigenaar',
      note: 'Vraagverkenning binnen 3 werkdagen; hulp binnen SLT alleen bij lage complexiteit.',
    });
    const xml = await (await eigenaar.request('GET', '/api/definitions/toeleiding/versions/2/xml')).text();
    expect(xml).toMatch(/id="Task_Vraagverkenning"[^>]*camunda:dueDate="=werkdagen\(3\)"/);
    expect(xml).toMatch(
      /=uitkomst = ("|&quot;)hulp-binnen-slt("|&quot;) and complexiteit = ("|&quot;)laag("|&quot;)<\/bpmn:conditionExpression>/,
    );

    // and a new case follows version 2: its Vraagverkenning is due in 3 working days
    const newer = await startToeleiding('N.B.');
    expect((await slt.get<InstanceDetail>(`/api/instances/${newer.id}`)).version).toBe(2);
    const newTask = await openTask(newer.caseId, 'Task_Vraagverkenning');
    const dueIn = (task: Task, days: number) =>
      Math.abs(new Date(task.dueAt!).getTime() - addWorkingDays(new Date(task.createdAt), days).getTime());
    expect(dueIn(newTask, 3)).toBeLessThan(5_000);
    // while the older case stays on version 1 with its 10 working days
    expect((await slt.get<InstanceDetail>(`/api/instances/${older.id}`)).version).toBe(1);
    expect(dueIn(await openTask(older.caseId, 'Task_Vraagverkenning'), 10)).toBeLessThan(5_000);

    // and each routes by its own version's condition: the same triage (hulp binnen SLT, complexity
    // "midden") goes to the SLT on version 1 and, without "laag", to the default flow on version 2
    const today = samples(new Date());
    for (const started of [older, newer]) {
      await slt.completeTask(started.caseId, 'Task_Vraagverkenning', today.vraagverkenning());
      await slt.completeTask(started.caseId, 'Task_Triage', today.triage('regulier', 'midden', 'hulp-binnen-slt'));
    }
    const olderNow = await slt.get<InstanceDetail>(`/api/instances/${older.id}`);
    const newerNow = await slt.get<InstanceDetail>(`/api/instances/${newer.id}`);
    expect(olderNow.takenFlowIds).toContain('Flow_HulpBinnenSlt');
    expect(olderNow.activeElementIds).toContain('Task_HulpInzettenSlt');
    expect(newerNow.takenFlowIds).toContain('Flow_Advies');
    expect(newerNow.takenFlowIds).not.toContain('Flow_HulpBinnenSlt');
    expect(newerNow.activeElementIds).toContain('Task_AfsluitenAdvies');
  });

  it('shows a lint finding as soon as a task loses its candidate group, on the diagram and in Dutch beside it, and takes the owner to the task', {
    timeout: 60_000,
  }, async () => {
    const { context, page } = await loginAs(rig, 'eigenaar');
    await openModeler(page);
    await select(page, 'Task_Triage', 'Triage');
    await openSection(page, 'Toewijzing en termijn');
    await retype(page, 'Kandidaatgroepen', '');

    const item = finding(page, 'casusregie/user-task-candidate-group', 'Task_Triage');
    await item.waitFor();
    expect(await item.locator('.finding-severity').textContent()).toBe('Fout');
    expect(await item.locator('.finding-message').textContent()).toContain('heeft geen kandidaatgroep');
    expect(await page.locator('.lint-summary').textContent()).toBe('1 fout in het diagram.');
    // On the diagram: bpmn-js-bpmnlint's marker on the task, with the same Dutch sentence
    const marker = page.locator('.djs-overlays[data-container-id="Task_Triage"] .bjsl-overlay');
    await marker.waitFor({ state: 'attached' });
    expect(await marker.locator('.bjsl-dropdown').textContent()).toContain('heeft geen kandidaatgroep');

    // The finding's element is a button: it selects the task again after the owner moved on
    await select(page, 'Task_Vraagverkenning', 'Vraagverkenning');
    await item.getByRole('button', { name: /^Triage/ }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => shape(page, 'Task_Triage').getAttribute('class')).toContain('selected');
    // and the keyboard continues in the properties panel, where the task is fixed
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('eigenschappen-kop');
    await expect.poll(() => panel(page).locator('.bio-properties-panel-header-label').textContent()).toBe('Triage');

    // Undo brings the group back and the finding goes
    await page.getByRole('button', { name: 'Ongedaan maken' }).click();
    await expect.poll(() => item.count()).toBe(0);
    expect(await page.locator('.lint-summary').textContent()).toBe(
      'Geen bevindingen: het diagram voldoet aan de regels.',
    );
    await context.close();
  });

  it('answers an unchanged diagram with its version, and lists the problems of a refused deploy by element, marked on the diagram', {
    timeout: 60_000,
  }, async () => {
    const { context, page } = await loginAs(rig, 'eigenaar');
    await openModeler(page);
    const deploy = page.getByRole('button', { name: 'Uitrollen als nieuwe versie' });

    // Deploying what is already the latest version deploys nothing
    await deploy.click();
    await expect
      .poll(() => page.locator('.deploy-result').getByRole('heading').textContent())
      .toBe('Ongewijzigd: al versie 2');

    // A task without a form: the server refuses the deploy and names the task
    await select(page, 'Task_Triage', 'Triage');
    await openSection(page, 'Formulier');
    const formChoice = panel(page).getByLabel('Formulier', { exact: true });
    // The form is a choice of the forms that exist, not a key to type.
    await expect.poll(() => formChoice.locator('option').count()).toBeGreaterThan(10);
    expect(await formChoice.inputValue()).toBe('triage');
    await formChoice.selectOption('');
    await deploy.click();
    const refused = page.locator('.deploy-result[data-outcome="refused"]');
    await expect.poll(() => refused.getByRole('heading').textContent()).toBe('Niet uitgerold: één probleem');
    const problem = refused.locator('.finding[data-code="form-missing"][data-element-id="Task_Triage"]');
    expect(await problem.locator('.finding-message').textContent()).toContain(
      'Een gebruikerstaak heeft een formulier nodig',
    );
    expect(await shape(page, 'Task_Triage').getAttribute('class')).toContain('cr-deploy-problem');
    expect(
      await page.locator('.djs-overlays[data-container-id="Task_Triage"] .cr-deploy-problem-label').textContent(),
    ).toBe('⚠ probleem');

    expect(await seriousA11yViolations(page)).toEqual([]);

    // Clicking the element in the list selects it in the modeler
    await select(page, 'Task_Vraagverkenning', 'Vraagverkenning');
    await problem.getByRole('button', { name: /^Triage/ }).click();
    await expect.poll(() => shape(page, 'Task_Triage').getAttribute('class')).toContain('selected');
    await expect.poll(() => panel(page).locator('.bio-properties-panel-header-label').textContent()).toBe('Triage');
    expect(await panel(page).getByLabel('Formulier', { exact: true }).inputValue()).toBe('');

    // Nothing was deployed
    expect(Math.max(...(await toeleidingVersions()).map((definition) => definition.version))).toBe(2);
    await context.close();
  });

  it('dry-runs the diagram with the token simulation, read-only meanwhile', { timeout: 60_000 }, async () => {
    const { context, page } = await loginAs(rig, 'eigenaar');
    await openModeler(page);
    const toggle = page.getByRole('button', { name: 'Proefdraaien' });
    const deploy = page.getByRole('button', { name: 'Uitrollen als nieuwe versie' });
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    const simulationMode = page.locator('.modeler-canvas .bjs-container.simulation');
    expect(await simulationMode.count()).toBe(1);
    expect(await deploy.isDisabled()).toBe(true);
    expect(await page.locator('#uitrollen-geblokkeerd').textContent()).toBe('Zet proefdraaien uit om uit te rollen.');

    expect(await seriousA11yViolations(page)).toEqual([]);

    // A token started at the start event runs through the first user task (the simulation's log says so)
    await page.locator('.djs-overlays[data-container-id="Start_Aanmelding"] .bts-context-pad').click();
    await page
      .locator('.bts-log .bts-entry .bts-text', { hasText: 'Vraagverkenning' })
      .first()
      .waitFor({ state: 'attached' });

    await toggle.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('false');
    expect(await simulationMode.count()).toBe(0);
    expect(await deploy.isDisabled()).toBe(false);
    await context.close();
  });

  it('shows the diagram read-only, with the reason, to someone who is not a process owner', {
    timeout: 60_000,
  }, async () => {
    const { context, page } = await loginAs(rig, 'teamleider');
    await page.goto(`${rig.baseUrl}/processen/toeleiding/bewerken?versie=1`);
    await page.locator('.djs-element[data-element-id="Task_Vraagverkenning"]').waitFor();
    expect(await page.locator('[data-read-only="true"]').textContent()).toContain(
      'Alleen een proceseigenaar kan een proces bewerken',
    );
    expect(await page.getByRole('button', { name: 'Uitrollen als nieuwe versie' }).count()).toBe(0);
    expect(await page.locator('.djs-palette').count()).toBe(0);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Toeleiding versie 1');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });

  it('has no serious or critical accessibility violations with a task open in the properties panel, and lets the keyboard find an element', {
    timeout: 60_000,
  }, async () => {
    const { context, page } = await loginAs(rig, 'eigenaar');
    await openModeler(page);
    await select(page, 'Task_Vraagverkenning', 'Vraagverkenning');
    await openSection(page, 'Toewijzing en termijn');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await saveScreenshot(page, 'modeler');

    // The diagram is a focusable widget with a name; Ctrl+F finds an element and selects it.
    const diagram = page.getByRole('application', { name: 'Diagram van Toeleiding om te bewerken' });
    await diagram.focus();
    await page.keyboard.press('Control+f');
    await page.keyboard.type('Triage');
    await page.keyboard.press('Enter');
    await expect.poll(() => panel(page).locator('.bio-properties-panel-header-label').textContent()).toBe('Triage');
    expect(await shape(page, 'Task_Triage').getAttribute('class')).toContain('selected');
    await context.close();
  });
});
