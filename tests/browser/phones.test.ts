import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DecisionView,
  InstanceDetail,
  InstanceSummary,
  StartInstanceResponse,
  Task,
} from '../../server/contract/api';
import { samples } from '../../server/demo/sample-input';
import { ApiClient } from '../support/server';
import { type BrowserRig, loginAs, openRig, saveScreenshot, seriousA11yViolations, VIEWPORT } from './support/browser';

const PHONE = { width: 390, height: 844 };
const SIZES = [
  { name: 'desktop', viewport: VIEWPORT },
  { name: 'telefoon', viewport: PHONE },
] as const;

/**
 * The everyday screens on a phone (390 x 844) and a desktop, against the demo server: nothing a
 * user needs lies off-screen to the side, and urgent tasks are named as such.
 */
describe('the everyday screens on a phone and a desktop', () => {
  let rig: BrowserRig;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    rig = await openRig();
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await rig?.close();
  });

  async function userAt(username: string, viewport: { width: number; height: number }): Promise<Page> {
    const { context, page } = await loginAs(rig, username);
    contexts.push(context);
    await page.setViewportSize(viewport);
    return page;
  }

  /** How far the page reaches beyond the screen's width, and which elements stick out most. */
  async function overflow(page: Page): Promise<{ extra: number; widest: string[] }> {
    return page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const widest = [...document.querySelectorAll<HTMLElement>('main *')]
        .filter((element) => element.getBoundingClientRect().right > width + 1)
        // The outermost ones: where the content first goes beyond the screen.
        .filter((element) => (element.parentElement?.getBoundingClientRect().right ?? 0) <= width + 1)
        .slice(0, 5)
        .map(
          (element) =>
            `${element.tagName.toLowerCase()}.${element.className} (${Math.round(element.getBoundingClientRect().width)}px)`,
        );
      return { extra: document.documentElement.scrollWidth - width, widest };
    });
  }

  async function expectOnScreen(page: Page, selector: string, within: Page | ReturnType<Page['locator']>) {
    const box = await within.locator(selector).first().boundingBox();
    expect(box, selector).not.toBeNull();
    const width = page.viewportSize()!.width;
    expect(box!.x, selector).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, selector).toBeLessThanOrEqual(width);
  }

  it('shows each worklist task with its due date, holder and "Oppakken" on screen, without scrolling sideways', async () => {
    for (const { name, viewport } of SIZES) {
      // Given a procesregisseur with open group tasks
      const page = await userAt('regisseur', viewport);

      // When she opens the tasks of her groups
      await page.goto(`${rig.baseUrl}/?lijst=groep`);
      const row = page.locator('tbody tr').filter({ has: page.getByRole('button', { name: /^Oppakken: / }) });
      await row.first().waitFor({ timeout: 20_000 });

      // Then the first open task's due date, holder and "Oppakken" are within the screen's width
      await expectOnScreen(page, 'td.due-cell', row.first());
      await expectOnScreen(page, 'td.holder', row.first());
      await expectOnScreen(page, 'button:text-is("Oppakken")', row.first());
      expect(await overflow(page)).toMatchObject({ extra: 0 });
      expect(await seriousA11yViolations(page)).toEqual([]);
      await saveScreenshot(page, `werkvoorraad-${name}`);
    }
  }, 120_000);

  it('flags the crisis intervention "Spoed" in words in the worklist, at both sizes', async () => {
    for (const { viewport } of SIZES) {
      // Given the demo's crisis, whose 24-hour norm runs
      const page = await userAt('crisis', viewport);
      // When the crisis service opens its group tasks
      await page.goto(`${rig.baseUrl}/?lijst=groep`);
      const row = page.locator('tbody tr').filter({ hasText: 'Crisisinterventie' }).first();
      await row.waitFor({ timeout: 20_000 });
      // Then the task says "Spoed" beside its name, and its priority in words
      expect(await row.locator('th').textContent()).toContain('Spoed');
      expect(await row.textContent()).toMatch(/spoed/);
      await expectOnScreen(page, '.priority-flag', row);
    }
  }, 120_000);

  it('keeps a task form within the screen', async () => {
    const slt = await ApiClient.login(rig.baseUrl, 'slt');
    const task = (await slt.get<Task[]>('/api/tasks?scope=all')).find(
      (candidate) => candidate.name === 'Vraagverkenning',
    );
    expect(task).toBeDefined();
    for (const { name, viewport } of SIZES) {
      const page = await userAt('slt', viewport);
      await page.goto(`${rig.baseUrl}/taken/${task!.id}`);
      await page.locator('.fjs-form').waitFor({ timeout: 20_000 });
      expect(await overflow(page)).toMatchObject({ extra: 0 });
      expect(await seriousA11yViolations(page)).toEqual([]);
      await saveScreenshot(page, `taak-${name}`);
    }
  }, 120_000);

  it('keeps the MDO chair’s form within the screen', async () => {
    // Given a case at the MDO (a youth of 14), prepared with the required disciplines invited
    const s = samples(new Date());
    const slt = await ApiClient.login(rig.baseUrl, 'slt');
    const regisseur = await ApiClient.login(rig.baseUrl, 'regisseur');
    const voorzitter = await ApiClient.login(rig.baseUrl, 'voorzitter');
    const born = new Date(Date.now() - 60 * 86_400_000);
    born.setUTCFullYear(born.getUTCFullYear() - 14);
    const { caseId } = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'toeleiding',
      team: 'slt-breda-noord',
      variables: s.aanmelding({ initialen: 'T.F.', geboortedatum: born.toISOString().slice(0, 10) }),
    });
    await slt.completeTask(caseId, 'Task_Vraagverkenning', s.vraagverkenning('beiden'));
    await slt.completeTask(caseId, 'Task_Triage', s.triage('regulier', 'hoog', 'niet-vrij-toegankelijk'));
    await regisseur.completeTask(caseId, 'Task_MdoVoorbereiden', s.mdoVoorbereiden({ basis: 'beiden' }));
    const task = (await voorzitter.get<Task[]>(`/api/tasks?caseId=${caseId}`)).find(
      (candidate) => candidate.elementId === 'Task_MdoHouden',
    );
    expect(task).toBeDefined();
    await voorzitter.post(`/api/tasks/${task!.id}/claim`);

    for (const { name, viewport } of SIZES) {
      // When the chair opens it
      const page = await userAt('voorzitter', viewport);
      await page.goto(`${rig.baseUrl}/taken/${task!.id}`);
      await page.getByRole('complementary', { name: 'Controle vóór het besluit' }).waitFor({ timeout: 20_000 });
      await page.getByRole('checkbox', { name: 'Deelnemer 1 aanwezig' }).waitFor();
      // Then the form and its checklist fit the screen's width
      const result = await overflow(page);
      expect(result, result.widest.join(', ')).toMatchObject({ extra: 0 });
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.getByRole('checkbox', { name: 'Deelnemer 1 aanwezig' }).scrollIntoViewIfNeeded();
      await saveScreenshot(page, `mdo-${name}`);
    }
  }, 180_000);

  it('shows a decision’s values in readable lines on the case page, not a letter per line', async () => {
    // Given the demo case of B.V., which has an MDO decision
    const teamleider = await ApiClient.login(rig.baseUrl, 'teamleider');
    const roots = (await teamleider.get<InstanceSummary[]>('/api/instances')).filter((instance) => !instance.parentId);
    let caseId = '';
    for (const root of roots) {
      const detail = await teamleider.get<InstanceDetail>(`/api/instances/${root.id}`);
      if ((detail.variables.jeugdige as { initialen?: string } | undefined)?.initialen === 'B.V.') caseId = root.caseId;
    }
    expect(caseId).not.toBe('');
    expect((await teamleider.get<DecisionView[]>(`/api/cases/${caseId}/decisions`)).length).toBeGreaterThan(0);

    for (const { name, viewport } of SIZES) {
      // When the teamleider opens the case
      const page = await userAt('teamleider', viewport);
      await page.goto(`${rig.baseUrl}/casussen/${caseId}`);
      const decisions = page.getByRole('region', { name: 'Besluiten' });
      await decisions.getByRole('article').first().waitFor({ timeout: 20_000 });

      // Then every value has room for whole words (at least 10 characters wide), within the screen
      const narrowest = await decisions.evaluate((region) => {
        const widths = [...region.querySelectorAll('dd')]
          .filter((dd) => (dd.textContent ?? '').trim().length > 10)
          .map((dd) => dd.getBoundingClientRect().width);
        return Math.min(...widths);
      });
      expect(narrowest).toBeGreaterThan(120);
      expect(await overflow(page)).toMatchObject({ extra: 0 });
      expect(await seriousA11yViolations(page)).toEqual([]);
      await decisions.getByRole('article').first().scrollIntoViewIfNeeded();
      await saveScreenshot(page, `casus-${name}`);
    }
  }, 120_000);
});
