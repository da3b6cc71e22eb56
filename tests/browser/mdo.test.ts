import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionView, StartInstanceResponse, Task } from '../../server/contract/api';
import { samples } from '../../server/demo/sample-input';
import { ApiClient } from '../support/server';
import { type BrowserRig, loginAs, openRig, saveScreenshot, seriousA11yViolations } from './support/browser';

/** The MDO chair's screen: the form "MDO houden en besluit vastleggen" with its live checklist. */
describe('the MDO chair’s screen in the browser', () => {
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

  /**
   * A fresh case (a youth of 14, so both the youth and the parents consent) walked through the API
   * to the MDO: triage says complex, the procesregisseur prepared it with the three required
   * disciplines invited.
   */
  async function caseAtMdo(): Promise<{ caseId: string; task: Task }> {
    youth += 1;
    const slt = await ApiClient.login(rig.baseUrl, 'slt');
    const regisseur = await ApiClient.login(rig.baseUrl, 'regisseur');
    const voorzitter = await ApiClient.login(rig.baseUrl, 'voorzitter');
    // 14 years and two months old, so still 14 on the MDO day a week from now, whatever today is.
    const born = new Date(today.getTime() - 60 * 86_400_000);
    born.setUTCFullYear(born.getUTCFullYear() - 14);
    const birthDate = born.toISOString().slice(0, 10);
    const { caseId } = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'toeleiding',
      team: 'slt-breda-noord',
      variables: s.aanmelding({ initialen: `M.${youth}.`, geboortedatum: birthDate }),
    });
    await slt.completeTask(caseId, 'Task_Vraagverkenning', s.vraagverkenning('beiden'));
    await slt.completeTask(caseId, 'Task_Triage', s.triage('regulier', 'hoog', 'niet-vrij-toegankelijk'));
    await regisseur.completeTask(caseId, 'Task_MdoVoorbereiden', s.mdoVoorbereiden({ basis: 'beiden' }));
    const task = (await voorzitter.get<Task[]>(`/api/tasks?caseId=${caseId}`)).find(
      (candidate) => candidate.elementId === 'Task_MdoHouden',
    );
    if (!task) throw new Error(`no MDO for the chair in ${caseId}`);
    return { caseId, task };
  }

  async function openAsChair(task: Task): Promise<{ page: Page; close: () => Promise<void> }> {
    const { context, page } = await loginAs(rig, 'voorzitter');
    await page.goto(`${rig.baseUrl}/taken/${task.id}`);
    await page.getByRole('button', { name: 'Oppakken' }).click();
    await page.getByText('U heeft deze taak opgepakt').waitFor();
    // Editable once form-js has re-rendered; only the form's own read-only field stays so.
    await expect.poll(() => page.locator('.fjs-readonly').count()).toBe(1);
    return { page, close: () => context.close() };
  }

  it('keeps the chair from recording a decision while a required discipline is missing, and records it once everyone is there', async () => {
    const { caseId, task } = await caseAtMdo();
    const { page, close } = await openAsChair(task);
    const panel = page.getByRole('complementary', { name: 'Controle vóór het besluit' });
    const record = page.getByRole('button', { name: 'Besluit vastleggen' });

    // The attendees from the preparation are there, one "aanwezig" checkbox each.
    await page.getByRole('checkbox', { name: 'Deelnemer 1 aanwezig' }).check();
    await page.getByRole('checkbox', { name: 'Deelnemer 2 aanwezig' }).check();
    expect(await page.getByRole('checkbox', { name: 'Deelnemer 3 aanwezig' }).isChecked()).toBe(false);

    await page.getByRole('radio', { name: 'Besluit vastleggen' }).check();
    await fillDecision(page);
    // The evaluation date's help promises no default the field does not have.
    expect(await page.getByText('meestal 3 maanden na het besluit', { exact: false }).count()).toBe(1);
    expect(await page.getByText('Standaard over 3 maanden').count()).toBe(0);

    // Deelnemer 3 is the one for "verblijf met behandeling en crisiszorg".
    await expect.poll(() => panel.textContent()).toContain('Verblijf met behandeling en crisiszorg: niet aanwezig');
    expect(await panel.textContent()).toContain('Sociale basis: aanwezig');
    expect(await panel.textContent()).toContain('1 punt niet in orde');
    expect(await panel.textContent()).toContain('MDO opnieuw plannen');
    expect(await panel.textContent()).toContain(
      '14 jaar op de MDO-datum: toestemming van de jeugdige én de ouders met gezag nodig',
    );
    expect(await record.isDisabled()).toBe(true);
    expect(await page.locator('#submit-hint').textContent()).toContain('Het besluit kan nog niet worden vastgelegd');
    expect(await record.getAttribute('aria-describedby')).toBe('submit-hint');
    expect(await panel.locator('[aria-live="polite"]').count()).toBe(1);

    await page.getByRole('checkbox', { name: 'Deelnemer 3 aanwezig' }).check();
    await expect.poll(() => panel.textContent()).toContain('Alles in orde: het besluit kan worden vastgelegd.');
    await expect.poll(() => record.isDisabled()).toBe(false);
    await record.click();

    await page.getByRole('heading', { name: 'Het besluit is vastgelegd' }).waitFor();
    // Where the case went: to the procesregisseur, who shares the decision.
    await expect
      .poll(() => page.locator('.case-whereabouts').textContent())
      .toContain('De casus staat nu bij: Besluit delen met jeugdige en ouders');
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('completion'))).toBe(true);
    expect(await page.getByRole('link', { name: 'Bekijk het besluit in de casus' }).getAttribute('href')).toBe(
      `/casussen/${caseId}`,
    );
    // Sharing the decision is the procesregisseur's step: nothing more for the chair here.
    await page.getByRole('link', { name: 'Terug naar de werkvoorraad' }).waitFor();

    const voorzitter = await ApiClient.login(rig.baseUrl, 'voorzitter');
    const decisions = (await voorzitter.get<DecisionView[]>(`/api/cases/${caseId}/decisions`)).filter(
      (decision) => decision.kind === 'mdo',
    );
    expect(decisions).toHaveLength(1);
    expect(decisions[0]!.recordedBy.name).toBe('Marieke Smit (voorzitter MDO)');
    expect(decisions[0]!.content).toMatchObject({
      mdoUitkomst: 'besluit',
      besluit: { regieBij: 'Ruben Jansen, SLT Breda Noord' },
    });
    expect(decisions[0]!.content.deelnemers).toEqual([
      expect.objectContaining({ naam: 'Deelnemer 1', aanwezig: true }),
      expect.objectContaining({ naam: 'Deelnemer 2', aanwezig: true }),
      expect.objectContaining({ naam: 'Deelnemer 3', aanwezig: true }),
    ]);
    await close();
  });

  it('lets the chair switch to "MDO opnieuw plannen" from the checklist and record that instead', async () => {
    const { task } = await caseAtMdo();
    const { page, close } = await openAsChair(task);
    await page.getByRole('radio', { name: 'Besluit vastleggen' }).check();
    await page.getByRole('button', { name: 'Kies "MDO opnieuw plannen"' }).click();

    await expect.poll(() => page.getByRole('radio', { name: 'MDO opnieuw plannen' }).isChecked()).toBe(true);
    await page.getByLabel('Waarom opnieuw plannen?').fill('De aanbieder van verblijf kon niet komen.');
    // Replanning is never blocked by the rules.
    // The submit button says what it will do now, not "Besluit vastleggen".
    expect(await page.getByRole('button', { name: 'Besluit vastleggen' }).count()).toBe(0);
    const replan = page.getByRole('button', { name: 'MDO opnieuw plannen', exact: true });
    await expect.poll(() => replan.isDisabled()).toBe(false);
    await replan.click();
    await page.getByRole('heading', { name: 'Vastgelegd: MDO opnieuw plannen' }).waitFor();
    await expect
      .poll(() => page.locator('.case-whereabouts').textContent())
      .toContain('De casus staat nu bij: MDO voorbereiden');
    await close();
  });

  it('shows the server’s rule problems in a summary, and at the field where one belongs', async () => {
    const { task } = await caseAtMdo();
    const { page, close } = await openAsChair(task);
    for (const n of [1, 2, 3]) await page.getByRole('checkbox', { name: `Deelnemer ${n} aanwezig` }).check();
    await page.getByRole('radio', { name: 'Besluit vastleggen' }).check();
    await fillDecision(page);
    // The checklist follows the server's own rules, so only a server that knows more (a changed
    // rule, or data that changed meanwhile) refuses now; this answer stands in for that.
    await page.route('**/api/tasks/*/complete', (route) =>
      route.fulfill({
        status: 422,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: 'about:blank',
          title: 'Besluit niet toegestaan',
          status: 422,
          detail: 'Dit MDO-besluit kan niet worden vastgelegd.',
          problems: [
            {
              path: 'variables.toestemming.basis',
              code: 'consent-missing',
              message: 'De jeugdige is 16 jaar op de MDO-datum: toestemming van de jeugdige zelf is nodig.',
            },
            {
              path: 'variables.deelnemers',
              code: 'discipline-absent',
              message: 'De vereiste discipline "Wonen met begeleiding" was niet aanwezig.',
            },
          ],
        }),
      }),
    );
    await page.getByRole('button', { name: 'Besluit vastleggen' }).click();

    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('Het besluit kan niet worden vastgelegd');
    expect(await alert.textContent()).toContain('Dit MDO-besluit kan niet worden vastgelegd.');
    expect(await alert.textContent()).toContain('"Wonen met begeleiding" was niet aanwezig');
    await expect.poll(() => alert.evaluate((element) => element === document.activeElement)).toBe(true);
    const consentField = page
      .locator('.fjs-form-field')
      .filter({ has: page.getByRole('textbox', { name: 'Wie geeft toestemming?' }) });
    expect(await consentField.locator('.fjs-form-field-error').textContent()).toContain(
      'toestemming van de jeugdige zelf is nodig',
    );
    await alert.getByRole('link', { name: /Wie geeft toestemming/ }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? '')).toMatch(/Field_toestemming_basis$/);
    await close();
  });

  it('has no serious or critical accessibility problems', async () => {
    const { task } = await caseAtMdo();
    const { page, close } = await openAsChair(task);
    await page.getByRole('checkbox', { name: 'Deelnemer 1 aanwezig' }).check();
    await page.getByRole('radio', { name: 'Besluit vastleggen' }).check();
    await page
      .getByRole('complementary', { name: 'Controle vóór het besluit' })
      .getByText('niet in orde')
      .first()
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    // The attendance list and the checklist side by side: what the chair works with in a meeting.
    await page.evaluate(() =>
      document.querySelector('.fjs-form-field-dynamiclist')?.scrollIntoView({ block: 'start' }),
    );
    await saveScreenshot(page, 'mdo');
    await close();
  });

  /** Everything a decision needs besides attendance, as the chair types it during the meeting. */
  async function fillDecision(page: Page): Promise<void> {
    await page.getByLabel('Doelen').fill('Veilig thuis wonen en weer naar school.');
    await page.getByLabel('Veiligheid').fill('Geen acuut gevaar.');
    await page.getByLabel('Ontwikkeling').fill('Achterstand op school.');
    await page.getByLabel('Eigen kracht en netwerk').fill('Oma en buren helpen.');
    await page.getByLabel('Passendheid').fill('Specialistische ambulante hulp past.');
    await page
      .getByRole('group', { name: 'Ingezette taakgebieden' })
      .getByRole('checkbox', { name: 'Specialistische en locatiegebonden jeugdhulp' })
      .check();
    await page.getByLabel('Regie bij').fill('Ruben Jansen, SLT Breda Noord');
    await page.getByLabel('Wat is afgesproken?').fill('Intake bij de aanbieder plannen.');
    await page.getByRole('checkbox', { name: 'Er is overeenstemming over dit besluit' }).check();
    await page.getByRole('textbox', { name: 'Wie', exact: true }).fill('Procesregisseur');
    await fillDate(page, 'Wanneer', 14);
    await fillDate(page, 'Evaluatiedatum', 91);
  }

  /** Types a date the Dutch way (d-m-jjjj), as the date field expects it. */
  async function fillDate(page: Page, label: string, daysFromToday: number): Promise<void> {
    const date = new Date(today.getTime() + daysFromToday * 86_400_000);
    const field = page.getByRole('textbox', { name: label, exact: true });
    await field.fill(`${date.getDate()}-${date.getMonth() + 1}-${date.getFullYear()}`);
    await field.press('Enter');
    await field.press('Escape');
  }
});
