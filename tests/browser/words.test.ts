import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartInstanceResponse, Task, Variables } from '../../server/contract/api';
import { samples } from '../../server/demo/sample-input';
import { ApiClient } from '../support/server';
import { type BrowserRig, loginAs, openRig, saveScreenshot, seriousA11yViolations } from './support/browser';

const PHONE = { width: 390, height: 844 };

/** Words a user trusts: where a case went, the decision to share, and honest empty states. */
describe('honest words on the everyday screens', () => {
  let rig: BrowserRig;
  const today = new Date();
  const s = samples(today);
  let youth = 0;

  beforeAll(async () => {
    rig = await openRig();
  });
  afterAll(async () => {
    await rig?.close();
  });

  async function openTask(caseId: string, elementId: string, as: string): Promise<Task> {
    const client = await ApiClient.login(rig.baseUrl, as);
    const task = (await client.get<Task[]>(`/api/tasks?caseId=${caseId}&scope=all`)).find(
      (candidate) => candidate.elementId === elementId,
    );
    if (!task) throw new Error(`no open ${elementId} in ${caseId}`);
    return task;
  }

  /** A fresh toeleiding case of SLT Breda Noord at Triage. */
  async function caseAtTriage(): Promise<string> {
    youth += 1;
    const slt = await ApiClient.login(rig.baseUrl, 'slt');
    const { caseId } = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'toeleiding',
      team: 'slt-breda-noord',
      variables: s.aanmelding({ initialen: `W.${youth}.`, geboortedatum: '2012-05-01' }),
    });
    await slt.completeTask(caseId, 'Task_Vraagverkenning', s.vraagverkenning());
    return caseId;
  }

  async function pickUp(page: Page, task: Task): Promise<void> {
    await page.goto(`${rig.baseUrl}/taken/${task.id}`);
    await page.getByRole('button', { name: 'Oppakken' }).click();
    await page.getByText('U heeft deze taak opgepakt').waitFor();
    await expect.poll(() => page.locator('.fjs-readonly').count()).toBe(0);
  }

  it('given a completed task, when the next step is a group task, then it says where the case is and that nobody has it yet; and when nothing is left, that the case is done', async () => {
    const caseId = await caseAtTriage();
    const { context, page } = await loginAs(rig, 'slt');
    await pickUp(page, await openTask(caseId, 'Task_Triage', 'slt'));
    await page.getByRole('radio', { name: 'Laag' }).check();
    await page.getByRole('radio', { name: 'Sociale basis' }).check();
    await page.getByLabel('Toelichting').fill('Opvoedvragen; de sociale basis kan dit oppakken.');
    await page.getByRole('button', { name: 'Afronden' }).click();

    const done = page.locator('.completion');
    await done.getByRole('heading', { name: 'Taak afgerond' }).waitFor();
    await expect
      .poll(() => done.locator('.case-whereabouts').textContent())
      .toBe('De casus staat nu bij: Afsluiten met advies en warme overdracht (medewerker SLT, nog niet opgepakt).');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Volgende taak: Afsluiten met advies en warme overdracht' }).click();
    await page.getByRole('heading', { level: 1, name: 'Afsluiten met advies en warme overdracht' }).waitFor();
    await page.getByRole('button', { name: 'Oppakken' }).click();
    await page.getByText('U heeft deze taak opgepakt').waitFor();
    await expect.poll(() => page.locator('.fjs-readonly').count()).toBe(0);
    await page
      .getByRole('textbox', { name: 'Advies aan jeugdige en ouders' })
      .fill('Opvoedondersteuning via het consultatiebureau.');
    await page.getByRole('button', { name: 'Afronden' }).click();
    await done.getByRole('heading', { name: 'Taak afgerond' }).waitFor();
    await expect
      .poll(() => done.locator('.case-whereabouts').textContent())
      .toBe('De casus is afgerond: er staat niets meer open.');
    await page.setViewportSize(PHONE);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await saveScreenshot(page, 'words-completion-phone');
    await context.close();
  });

  /** A case of a youth of 14 walked through the API to "Besluit delen", after the chair's decision. */
  async function caseAtSharing(besluit: Variables): Promise<string> {
    youth += 1;
    const slt = await ApiClient.login(rig.baseUrl, 'slt');
    const regisseur = await ApiClient.login(rig.baseUrl, 'regisseur');
    const voorzitter = await ApiClient.login(rig.baseUrl, 'voorzitter');
    const born = new Date(today.getTime() - 60 * 86_400_000);
    born.setUTCFullYear(born.getUTCFullYear() - 14);
    const { caseId } = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'toeleiding',
      team: 'slt-breda-noord',
      variables: s.aanmelding({ initialen: `D.${youth}.`, geboortedatum: born.toISOString().slice(0, 10) }),
    });
    await slt.completeTask(caseId, 'Task_Vraagverkenning', s.vraagverkenning('beiden'));
    await slt.completeTask(caseId, 'Task_Triage', s.triage('regulier', 'hoog', 'niet-vrij-toegankelijk'));
    await regisseur.completeTask(caseId, 'Task_MdoVoorbereiden', s.mdoVoorbereiden({ basis: 'beiden' }));
    await voorzitter.completeTask(caseId, 'Task_MdoHouden', besluit);
    return caseId;
  }

  it('given an MDO decision, when the procesregisseur opens "Besluit delen", then the sealed decision to share is on the page, also on a phone', async () => {
    const caseId = await caseAtSharing(s.mdoBesluit({ basis: 'beiden' }));
    const task = await openTask(caseId, 'Task_BesluitDelen', 'regisseur');
    const { context, page } = await loginAs(rig, 'regisseur');
    await page.goto(`${rig.baseUrl}/taken/${task.id}`);
    await page.getByRole('heading', { level: 1, name: 'Besluit delen met jeugdige en ouders' }).waitFor();

    const shared = page.getByRole('region', { name: 'Het besluit om te delen' });
    await shared.getByText('Marieke Smit', { exact: false }).first().waitFor();
    const text = (await shared.textContent()) ?? '';
    expect(text).toContain('Procesregisseur SLT Breda Noord');
    expect(text).toContain('Vastgelegd door');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await saveScreenshot(page, 'words-besluit-delen-desktop');

    await page.setViewportSize(PHONE);
    // Nothing of the decision sticks out of a phone's screen.
    const box = await shared.evaluate((element) => ({
      right: element.getBoundingClientRect().right,
      hidden: element.scrollWidth - element.clientWidth,
    }));
    expect(box.right).toBeLessThanOrEqual(PHONE.width);
    expect(box.hidden).toBeLessThanOrEqual(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await saveScreenshot(page, 'words-besluit-delen-phone');
    await context.close();
  });

  it('given an escalation at level 1, when its diagram page is opened, then the running term is named as a term, not as expired', async () => {
    const teamleider = await ApiClient.login(rig.baseUrl, 'teamleider');
    const { id } = await teamleider.post<StartInstanceResponse>('/api/test/instances', {
      definitionKey: 'escalatieladder',
      team: 'slt-breda-noord',
      variables: { reden: 'financiering', urgentie: 'regulier' },
    });
    const { context, page } = await loginAs(rig, 'teamleider');
    await page.goto(`${rig.baseUrl}/instanties/${id}`);
    const standing = page.getByRole('region', { name: 'Stand van zaken' });
    await expect.poll(() => standing.textContent()).toContain('Termijn bewaakt: Termijn niveau 1 (5 werkdagen)');
    expect(await standing.textContent()).not.toContain('Termijn verstreken');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });

  it('given a proceseigenaar without task groups, when the worklist is empty, then it points to Processen instead of to group tasks', async () => {
    const { context, page } = await loginAs(rig, 'eigenaar');
    const empty = page.locator('.worklist-empty');
    await empty.getByText('Met uw rol krijgt u hier geen taken').waitFor();
    expect(await empty.getByRole('link', { name: 'Bekijk de taken van uw groepen' }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await empty.getByRole('link', { name: 'Processen' }).click();
    await page.waitForURL(/\/processen$/);
    await context.close();
  });

  it('given the modeler, when the owner dry-runs a diagram, then the simulation log speaks Dutch', {
    timeout: 60_000,
  }, async () => {
    const { context, page } = await loginAs(rig, 'eigenaar');
    await page.goto(`${rig.baseUrl}/processen/toeleiding/bewerken`);
    await page.locator('.modeler-canvas .djs-element[data-element-id="Task_Vraagverkenning"]').waitFor();
    const toggle = page.getByRole('button', { name: 'Proefdraaien' });
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');

    await page.locator('.djs-overlays[data-container-id="Start_Aanmelding"] .bts-context-pad').click();
    const entries = page.locator('.bts-log .bts-entry .bts-text');
    await entries.filter({ hasText: 'Vraagverkenning' }).first().waitFor({ state: 'attached' });
    const texts = await entries.allTextContents();
    expect(texts).toContain('Proces gestart');
    expect(texts.join(' ')).not.toMatch(/Process started|Process finished/);
    expect(await page.locator('.bts-log .bts-header').textContent()).toContain('Verslag van het proefdraaien');
    const titles = await page
      .locator('.modeler-canvas [title]')
      .evaluateAll((elements) => elements.map((element) => element.getAttribute('title') ?? ''));
    expect(titles.filter((title) => /Simulation|pause point|Trigger Event|Set animation speed/.test(title))).toEqual(
      [],
    );
    await context.close();
  });
});
