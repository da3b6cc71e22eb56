import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DefinitionVersion, InstanceDetail, StartInstanceResponse, Task } from '../../server/contract/api';
import { samples } from '../../server/demo/sample-input';
import { ApiClient } from '../support/server';
import { type BrowserRig, loginAs, openRig, saveScreenshot, seriousA11yViolations } from './support/browser';

const PHONE = { width: 390, height: 844 };

interface FormListItem {
  key: string;
  version: number;
  title: string;
  updatedBy: string;
}

/**
 * The form editor in a real browser against the demo server: a process owner adds a step to the
 * toeleiding in the modeler, makes its form with "Nieuw formulier" without leaving the diagram,
 * deploys, and a procesregisseur completes the new step with that form. And the editor's own
 * screens (/formulieren/nieuw, /formulieren/:key/bewerken), also at phone width.
 */
describe('the form editor in the browser', () => {
  let rig: BrowserRig;
  let slt: ApiClient;
  let eigenaar: ApiClient;
  let regisseur: ApiClient;

  beforeAll(async () => {
    rig = await openRig();
    slt = await ApiClient.login(rig.baseUrl, 'slt');
    eigenaar = await ApiClient.login(rig.baseUrl, 'eigenaar');
    regisseur = await ApiClient.login(rig.baseUrl, 'regisseur');
  });
  afterAll(async () => {
    await rig?.close();
  });

  function shape(page: Page, elementId: string): Locator {
    return page.locator(`.modeler-canvas .djs-element[data-element-id="${elementId}"]`);
  }

  function panel(page: Page): Locator {
    return page.getByRole('region', { name: 'Eigenschappen' });
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

  /**
   * Selects a shape by clicking it. Right after the canvas took a click (ending the typing of a
   * name) a click on the shape is now and then taken for part of that one, so it is repeated
   * until the properties panel shows the shape.
   */
  async function selectShape(page: Page, elementId: string, name: string): Promise<void> {
    const header = panel(page).locator('.bio-properties-panel-header-label');
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await shape(page, elementId).click();
      await page.waitForTimeout(600);
      if ((await header.textContent()) === name) return;
    }
    expect(await header.textContent()).toBe(name);
  }

  /** Opens a section of the form editor's properties panel. */
  async function openEditorSection(properties: Locator, title: string): Promise<void> {
    const header = properties.locator('.bio-properties-panel-group-header', {
      has: properties.page().getByText(title, { exact: true }),
    });
    if (!(await header.getAttribute('class'))?.includes('open')) await header.click();
    await expect.poll(() => header.getAttribute('class')).toContain('open');
  }

  /** The middle of a sequence flow's line, in page coordinates. */
  async function middleOfFlow(page: Page, elementId: string): Promise<{ x: number; y: number }> {
    return shape(page, elementId)
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
  }

  async function toeleidingVersions(): Promise<DefinitionVersion[]> {
    return (await eigenaar.get<DefinitionVersion[]>('/api/definitions?all=true')).filter(
      (definition) => definition.key === 'toeleiding',
    );
  }

  it('lets a process owner add a step with a new form from the modeler and deploy it; a procesregisseur then completes that step with the new form', {
    timeout: 180_000,
  }, async () => {
    const before = Math.max(...(await toeleidingVersions()).map((definition) => definition.version));
    const { context, page } = await loginAs(rig, 'eigenaar');
    await page.goto(`${rig.baseUrl}/processen/toeleiding/bewerken`);
    await shape(page, 'Task_Vraagverkenning').waitFor();
    await expect.poll(() => page.locator('.lint-summary').textContent()).not.toContain('loopt');

    // The process owner drops a new task on the flow from the triage's routing to help within the SLT
    const drop = await middleOfFlow(page, 'Flow_HulpBinnenSlt');
    await page.locator('.djs-palette .entry[data-action="create.task"]').click();
    await page.mouse.move(drop.x - 40, drop.y - 40, { steps: 4 });
    await page.mouse.move(drop.x, drop.y, { steps: 4 });
    await page.mouse.click(drop.x, drop.y);
    // names it as it opens for typing
    await page.locator('.djs-direct-editing-parent').waitFor();
    await page.keyboard.type('Huisbezoek afleggen');
    // a click on the empty canvas beside it ends the typing
    await page.mouse.click(drop.x + 150, drop.y + 130);
    const task = page.locator('.modeler-canvas .djs-shape', { hasText: 'Huisbezoek afleggen' });
    await task.waitFor();
    // and makes it a user task for the procesregisseur
    const taskId = (await task.getAttribute('data-element-id'))!;
    await selectShape(page, taskId, 'Huisbezoek afleggen');
    await page.locator('.djs-context-pad .entry[data-action="replace"]').click();
    await page.locator('.djs-popup [data-id="replace-with-user-task"]').click();
    await selectShape(page, taskId, 'Huisbezoek afleggen');
    await openSection(page, 'Toewijzing en termijn');
    await retype(page, 'Kandidaatgroepen', 'procesregisseur');
    await retype(page, 'Termijn', '=werkdagen(5)');

    // The form is a choice of the existing forms, with "Nieuw formulier" beside it
    await openSection(page, 'Formulier');
    const formChoice = panel(page).getByLabel('Formulier', { exact: true });
    await expect.poll(() => formChoice.locator('option').count()).toBeGreaterThan(10);
    expect(await formChoice.inputValue()).toBe('');
    await panel(page).getByRole('button', { name: 'Nieuw formulier' }).click();

    // which opens the form editor over the modeler
    const dialog = page.getByRole('dialog', { name: 'Nieuw formulier voor "Huisbezoek afleggen"' });
    await dialog.waitFor();
    const key = dialog.getByLabel('Formuliersleutel');
    expect(await key.inputValue()).toBe('huisbezoek-afleggen');
    await dialog.locator('.fjs-palette').waitFor();
    // The palette offers only what the server accepts, in Dutch
    const palette = dialog.locator('.fjs-palette-field');
    const types = await palette.evaluateAll((buttons) =>
      buttons.map((button) => button.getAttribute('data-field-type')),
    );
    expect(types).toContain('textarea');
    for (const refused of ['html', 'iframe', 'button', 'table', 'image', 'filepicker', 'expression', 'documentPreview'])
      expect(types).not.toContain(refused);
    expect(await dialog.locator('.fjs-palette-header').textContent()).toBe('Onderdelen');

    // The diagram's routing reads variables this form does not set yet: the editor names them
    const missing = dialog.locator('.routing-missing');
    expect(await missing.locator('li', { hasText: /^uitkomst / }).textContent()).toContain('Hulp binnen SLT');
    expect(await missing.locator('.routing-hint.missing').count()).toBeGreaterThan(0);

    // A text area, added with the keyboard, labelled, keyed and required in the editor's panel
    await dialog.locator('.fjs-palette-field[data-field-type="textarea"]').focus();
    await page.keyboard.press('Enter');
    // selected in the editor's canvas, its properties show beside it
    await dialog.locator('.fjs-form-field-textarea').click();
    const properties = dialog.locator('.fjs-properties-panel');
    await openEditorSection(properties, 'Algemeen');
    const label = properties.getByRole('textbox', { name: 'Label', exact: true });
    await label.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Bevindingen huisbezoek');
    const fieldKey = properties.getByLabel('Sleutel (variabele)', { exact: true });
    await fieldKey.fill('1bevindingen');
    // A key that is no variable name is a problem at once, from the server's own rules
    await expect.poll(() => dialog.locator('.form-problems').textContent()).toContain('geldige variabelenaam');
    await fieldKey.fill('bevindingenHuisbezoek');
    await expect
      .poll(() => dialog.locator('.form-check-summary').textContent())
      .toBe('Het formulier voldoet aan de regels.');
    // Validation is its own section of the editor's panel
    await openEditorSection(properties, 'Controle');
    await properties.getByRole('checkbox', { name: 'Verplicht' }).check();

    // Preview with test data: the form as the worker will see it, filled in
    await dialog
      .getByLabel('Testgegevens (JSON, optioneel)')
      .fill('{"bevindingenHuisbezoek": "Gezin thuis getroffen"}');
    await dialog.getByRole('button', { name: 'Voorbeeld tonen' }).click();
    const preview = dialog.locator('.form-preview');
    await expect.poll(() => preview.getByLabel(/Bevindingen huisbezoek/).inputValue()).toBe('Gezin thuis getroffen');

    expect(await seriousA11yViolations(page)).toEqual([]);
    await saveScreenshot(page, 'form-editor-dialog');
    // The dialog fits a phone too
    await page.setViewportSize(PHONE);
    await expect.poll(() => dialog.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1366, height: 768 });

    // Saved as version 1 with a note; the dialog closes and the task names the new form
    await dialog.getByLabel('Notitie bij deze versie (optioneel)').fill('Formulier voor het huisbezoek.');
    await dialog.getByRole('button', { name: 'Opslaan als nieuwe versie' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.locator('.notice[role="status"]').first().textContent()).toContain(
      'Formulier "huisbezoek-afleggen" is opgeslagen als versie 1',
    );
    await expect.poll(() => formChoice.inputValue()).toBe('huisbezoek-afleggen');
    // and it can be changed later on its own page, in a new window that leaves the diagram open
    const edit = panel(page).getByRole('link', { name: 'Dit formulier bewerken (nieuw venster)' });
    expect(await edit.getAttribute('href')).toBe('/formulieren/huisbezoek-afleggen/bewerken');
    expect(await edit.getAttribute('target')).toBe('_blank');
    const forms = await eigenaar.get<FormListItem[]>('/api/forms');
    expect(forms.find((form) => form.key === 'huisbezoek-afleggen')).toMatchObject({
      version: 1,
      title: 'Huisbezoek afleggen',
      updatedBy: 'eigenaar',
    });
    // The diagram kept its edits meanwhile
    expect(await task.count()).toBe(1);
    expect(await page.locator('.modeler-state').textContent()).toBe('Gewijzigd, nog niet uitgerold');

    // The process owner deploys the diagram
    await page.getByLabel('Notitie bij deze versie (optioneel)').first().fill('Huisbezoek na de vraagverkenning.');
    await page.getByRole('button', { name: 'Uitrollen als nieuwe versie' }).click();
    const result = page.locator('.deploy-result[data-outcome="created"]');
    await expect.poll(() => result.getByRole('heading').textContent()).toBe(`Versie ${before + 1} uitgerold`);
    await context.close();

    // A new case routed to help within the SLT reaches the new step, for the procesregisseur
    const s = samples(new Date());
    const started = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'toeleiding',
      team: 'slt-breda-noord',
      variables: s.aanmelding({ initialen: 'H.B.', geboortedatum: '2013-02-03' }),
    });
    expect((await slt.get<InstanceDetail>(`/api/instances/${started.id}`)).version).toBe(before + 1);
    await slt.completeTask(started.caseId, 'Task_Vraagverkenning', s.vraagverkenning());
    await slt.completeTask(started.caseId, 'Task_Triage', s.triage('regulier', 'midden', 'hulp-binnen-slt'));
    const visit = (await regisseur.get<Task[]>(`/api/tasks?caseId=${started.caseId}`)).find(
      (candidate) => candidate.name === 'Huisbezoek afleggen',
    );
    expect(visit).toBeDefined();

    // The procesregisseur completes it with the new form
    const worker = await loginAs(rig, 'regisseur');
    await worker.page.goto(`${rig.baseUrl}/taken/${visit!.id}`);
    await worker.page.getByRole('heading', { level: 1, name: 'Huisbezoek afleggen' }).waitFor();
    await worker.page.getByRole('button', { name: 'Oppakken' }).click();
    await worker.page.getByText('U heeft deze taak opgepakt').waitFor();
    // The field is required: completing without it is refused on the page
    await worker.page.getByRole('button', { name: 'Afronden' }).click();
    await worker.page.getByText('Dit veld is verplicht.').first().waitFor();
    await worker.page.getByLabel(/Bevindingen huisbezoek/).fill('Gezin thuis getroffen; school gaat goed.');
    await worker.page.getByRole('button', { name: 'Afronden' }).click();
    await worker.page.locator('.completion').getByRole('heading', { name: 'Taak afgerond' }).waitFor();
    await worker.context.close();

    // and the case goes on to the help within the SLT, with the variable the form set
    const instance = await slt.get<InstanceDetail>(`/api/instances/${started.id}`);
    expect(instance.activeElementIds).toContain('Task_HulpInzettenSlt');
    expect(instance.completedElementIds).toContain(taskId);
    expect(instance.variables).toMatchObject({ bevindingenHuisbezoek: 'Gezin thuis getroffen; school gaat goed.' });
  });

  it('builds a new form at /formulieren/nieuw on a phone, refuses a taken key, saves it and edits it again at its own address', {
    timeout: 120_000,
  }, async () => {
    const { context, page } = await loginAs(rig, 'eigenaar');
    await page.setViewportSize(PHONE);
    await page.goto(`${rig.baseUrl}/formulieren/nieuw`);
    await page.getByRole('heading', { level: 1, name: 'Nieuw formulier' }).waitFor();
    await page.locator('.fjs-palette').waitFor();
    // Nothing wider than the phone: the palette, the form and its properties stack
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    const palette = (await page.locator('.fjs-palette-container').boundingBox())!;
    const canvas = (await page.locator('.fjs-form-editor .fjs-form-container').boundingBox())!;
    const properties = (await page.locator('.fjs-editor-properties-container').boundingBox())!;
    expect(canvas.y).toBeGreaterThanOrEqual(palette.y + palette.height - 1);
    expect(properties.y).toBeGreaterThanOrEqual(canvas.y + canvas.height - 1);

    // A key that a form already has would add a version to that form: refused before saving
    const key = page.getByLabel('Formuliersleutel');
    await key.fill('triage');
    await expect.poll(() => page.locator('.form-problems').textContent()).toContain('Er bestaat al een formulier');
    await key.fill('Huisbezoek!');
    await expect.poll(() => page.locator('.form-problems').textContent()).toContain('De formuliersleutel');
    await page.getByRole('button', { name: 'Opslaan als nieuwe versie' }).click();
    await page.getByText('Het formulier kan nog niet worden opgeslagen').waitFor();
    // and nothing was sent: the triage form is still at its first version
    expect((await eigenaar.get<FormListItem[]>('/api/forms')).find((form) => form.key === 'triage')?.version).toBe(1);

    await key.fill('nazorg-gesprek');
    await page.locator('.fjs-palette-field[data-field-type="textfield"]').focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('.form-check-summary').textContent())
      .toBe('Het formulier voldoet aan de regels.');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await saveScreenshot(page, 'form-editor-phone');

    await page.getByRole('button', { name: 'Opslaan als nieuwe versie' }).click();
    await expect.poll(() => page.locator('.save-result').textContent()).toContain('Opgeslagen als versie 1');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/formulieren/nazorg-gesprek/bewerken');

    // Its own address opens it again; saving it unchanged makes no new version
    await page.goto(`${rig.baseUrl}/formulieren/nazorg-gesprek/bewerken`);
    await page.getByRole('heading', { level: 1, name: 'Formulier nazorg-gesprek bewerken' }).waitFor();
    await page.locator('.fjs-palette').waitFor();
    expect(await page.getByLabel('Formuliersleutel').count()).toBe(0);
    await page.getByRole('button', { name: 'Opslaan als nieuwe versie' }).click();
    await expect.poll(() => page.locator('.save-result').textContent()).toContain('Niets gewijzigd: dit is versie 1');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });

  it('keeps the editor for process owners, and answers an unknown form as not found', async () => {
    const { context, page } = await loginAs(rig, 'regisseur');
    await page.goto(`${rig.baseUrl}/formulieren/nieuw`);
    await page.getByText('Alleen een proceseigenaar kan formulieren maken en wijzigen.').waitFor();
    await context.close();

    const owner = await loginAs(rig, 'eigenaar');
    await owner.page.goto(`${rig.baseUrl}/formulieren/bestaat-niet/bewerken`);
    await owner.page.getByText('Het formulier "bestaat-niet" bestaat niet.').waitFor();
    await owner.context.close();
  });
});
