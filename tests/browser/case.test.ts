import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionView, InstanceDetail, InstanceSummary, Task } from '../../server/contract/api';
import { samples } from '../../server/demo/sample-input';
import { ApiClient } from '../support/server';
import { type BrowserRig, loginAs, openRig, saveScreenshot, seriousA11yViolations } from './support/browser';

/** The case page in a real browser, against the demo cases of server/demo/seed.ts. */
describe('case page in the browser', () => {
  let rig: BrowserRig;
  let teamleider: ApiClient;
  /** Demo case ids by the youth's initials (breda-noord, as the teamleider sees them). */
  const cases = new Map<string, string>();
  let zuidCaseId = '';

  beforeAll(async () => {
    rig = await openRig();
    teamleider = await ApiClient.login(rig.baseUrl, 'teamleider');
    const roots = (await teamleider.get<InstanceSummary[]>('/api/instances')).filter((instance) => !instance.parentId);
    for (const root of roots) {
      const detail = await teamleider.get<InstanceDetail>(`/api/instances/${root.id}`);
      const jeugdige = detail.variables.jeugdige as { initialen: string };
      cases.set(jeugdige.initialen, root.caseId);
    }
    const zuid = await ApiClient.login(rig.baseUrl, 'regisseur-zuid');
    zuidCaseId = (await zuid.get<InstanceSummary[]>('/api/instances')).find(
      (instance) => instance.team === 'slt-breda-zuid',
    )!.caseId;
  });
  afterAll(async () => {
    await rig?.close();
  });

  function caseOf(initials: string): string {
    const caseId = cases.get(initials);
    if (!caseId) throw new Error(`no demo case for ${initials}: ${[...cases.keys()].join(', ')}`);
    return caseId;
  }

  async function openCase(page: Page, caseId: string): Promise<void> {
    await page.goto(`${rig.baseUrl}/casussen/${caseId}`);
    await page.getByRole('heading', { level: 2, name: 'Samenvatting' }).waitFor();
  }

  /** The timeline's entries as their visible text, in the order shown. */
  async function timeline(page: Page): Promise<string[]> {
    return page
      .getByRole('region', { name: 'Geschiedenis' })
      .getByRole('listitem')
      .filter({ has: page.locator('.event-what') })
      .allTextContents();
  }

  it('shows the youth’s initials and age, the team, the current step and the open tasks', async () => {
    const caseId = caseOf('B.V.');
    const { context, page } = await loginAs(rig, 'teamleider');
    await openCase(page, caseId);

    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(caseId);
    const summary = page.getByRole('region', { name: 'Samenvatting' });
    const facts = await summary.textContent();
    expect(facts).toContain('B.V.');
    expect(facts).toContain(`${ageToday('2014-04-04')} jaar`);
    expect(facts).toContain('SLT Breda Noord');
    expect(await summary.getByRole('listitem').filter({ hasText: 'Beschikking afgeven' }).textContent()).toContain(
      'Toeleiding',
    );

    // Every instance of the case links to its live diagram.
    const instances = await teamleider.get<InstanceSummary[]>(`/api/instances?caseId=${caseId}`);
    for (const instance of instances) {
      expect(await summary.locator(`a[href="/instanties/${instance.id}"]`).count()).toBe(1);
    }

    const [task] = await teamleider.get<Task[]>(`/api/tasks?caseId=${caseId}`);
    const row = page
      .getByRole('region', { name: 'Open taken' })
      .getByRole('row')
      .filter({ hasText: 'Beschikking afgeven' });
    expect(await row.getByRole('link', { name: 'Beschikking afgeven' }).getAttribute('href')).toBe(
      `/taken/${task!.id}`,
    );
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells).toEqual([
      'Beschikking afgeven',
      'Toeleiding',
      'consulent gemeente',
      'open',
      expect.stringMatching(/\d{4}/),
    ]);
    await context.close();
  });

  it('shows a recorded MDO decision read-only, with who recorded it and when', async () => {
    const caseId = caseOf('B.V.');
    const decision = (await teamleider.get<DecisionView[]>(`/api/cases/${caseId}/decisions`)).find(
      (candidate) => candidate.kind === 'mdo',
    )!;
    const { context, page } = await loginAs(rig, 'teamleider');
    await openCase(page, caseId);

    const decisions = page.getByRole('region', { name: 'Besluiten' });
    const record = decisions.getByRole('article', { name: /MDO-besluit/ });
    const text = await record.textContent();
    expect(text).toContain('Vastgelegd door Marieke Smit (voorzitter MDO)');
    expect(await record.locator(`time[datetime="${decision.recordedAt}"]`).count()).toBe(1);
    // The content in words: the decision, who was there, who consented.
    expect(text).toContain('Specialistische en locatiegebonden jeugdhulp');
    expect(text).toContain('Regie bij');
    expect(text).toContain('Procesregisseur SLT Breda Noord');
    expect(text).toContain('Jeugdige én ouders');
    expect(
      await record.getByRole('row').filter({ hasText: 'Deelnemer 1' }).getByRole('cell').allTextContents(),
    ).toEqual(['Deelnemer 1', 'Organisatie sociale-basis', 'Sociale basis', 'ja']);
    // Read-only: nothing on the decisions to edit or submit.
    expect(await decisions.locator('input, textarea, select, button, [contenteditable="true"]').count()).toBe(0);
    await context.close();
  });

  it('marks a corrected decision and links it to its correction, which says what it corrects and why', async () => {
    const caseId = caseOf('T.W.');
    const original = (await teamleider.get<DecisionView[]>(`/api/cases/${caseId}/decisions`)).find(
      (candidate) => candidate.kind === 'mdo',
    )!;
    const chair = await ApiClient.login(rig.baseUrl, 'voorzitter');
    const besluit = original.content.besluit as Record<string, unknown>;
    const correction = await chair.post<DecisionView>(`/api/cases/${caseId}/decisions/${original.id}/corrections`, {
      content: { ...original.content, besluit: { ...besluit, regieBij: 'Procesregisseur Ruben Jansen' } },
      reason: 'De regie stond bij de verkeerde persoon.',
    });

    const { context, page } = await loginAs(rig, 'teamleider');
    await openCase(page, caseId);
    const decisions = page.getByRole('region', { name: 'Besluiten' });
    const corrected = decisions.locator(`#besluit-${original.id}`);
    expect(await corrected.textContent()).toContain('Gecorrigeerd');
    const replacement = decisions.getByRole('article', { name: /Correctie: MDO-besluit/ });
    const text = await replacement.textContent();
    expect(text).toContain('Corrigeert het MDO-besluit van');
    expect(text).toContain('Reden van de correctie: De regie stond bij de verkeerde persoon.');
    expect(text).toContain('Procesregisseur Ruben Jansen');
    expect(await replacement.getAttribute('id')).toBe(`besluit-${correction.id}`);

    // Following the link takes the reader, and the keyboard focus, to the correction.
    await corrected.getByRole('link', { name: 'Naar de correctie' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`besluit-${correction.id}`);
    expect(page.url()).toContain(`/casussen/${caseId}#besluit-${correction.id}`);
    expect(await page.getByRole('heading', { name: 'Samenvatting' }).count()).toBe(1);
    await context.close();
  });

  it('shows the history as a timeline of steps in order, with the names of who took them', async () => {
    const caseId = caseOf('B.V.');
    const { context, page } = await loginAs(rig, 'teamleider');
    await openCase(page, caseId);

    const entries = await timeline(page);
    const at = (text: string) => {
      const index = entries.findIndex((entry) => entry.includes(text));
      expect(index, `"${text}" in the timeline`).toBeGreaterThanOrEqual(0);
      return index;
    };
    const order = [
      'Proces gestart: Toeleiding',
      'Vraagverkenning afgerond',
      'Triage afgerond',
      'Deelproces gestart: MDO',
      'MDO voorbereiden afgerond',
      'MDO houden en besluit vastleggen afgerond',
      'Besluit vastgelegd: MDO-besluit',
      'Proces afgerond: MDO',
      'Nieuwe taak: Beschikking afgeven',
    ].map(at);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(entries[at('Vraagverkenning afgerond')]).toContain('door Sanne de Vries (SLT)');
    expect(entries[at('MDO voorbereiden opgepakt')]).toContain('door Ruben Jansen (procesregisseur)');
    expect(entries[at('MDO houden en besluit vastleggen afgerond')]).toContain('door Marieke Smit (voorzitter MDO)');
    // The submitted decision fields, summarised in words.
    expect(entries[at('Triage afgerond')]).toContain('Niet vrij toegankelijke jeugdhulp');

    // Newest first on request.
    await page.getByRole('button', { name: 'Nieuwste eerst' }).click();
    // (The demo assigns the regievoerder after the steps, so that entry is the newest.)
    await expect.poll(() => timeline(page)).toEqual([...entries].reverse());
    await context.close();
  });

  it('updates in place, without a reload, when someone claims and completes a task of the case', async () => {
    const caseId = caseOf('L.B.');
    // The teamleider hears the case's task events; the procesregisseur does not, and follows the instances instead.
    const leader = await loginAs(rig, 'teamleider');
    const director = await loginAs(rig, 'regisseur');
    for (const { page } of [leader, director]) {
      await openCase(page, caseId);
      await page.getByRole('link', { name: 'Vraagverkenning' }).waitFor();
      await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    }
    const tasks = leader.page.getByRole('region', { name: 'Open taken' });

    const slt = await ApiClient.login(rig.baseUrl, 'slt');
    const [task] = await slt.get<Task[]>(`/api/tasks?caseId=${caseId}`);
    await slt.post(`/api/tasks/${task!.id}/claim`);
    await expect
      .poll(() => tasks.getByRole('row').filter({ hasText: 'Vraagverkenning' }).textContent())
      .toContain('Sanne de Vries (SLT)');

    await slt.post(`/api/tasks/${task!.id}/complete`, { variables: samples(new Date()).vraagverkenning('beiden') });
    for (const { page } of [leader, director]) {
      await expect.poll(() => page.getByRole('region', { name: 'Open taken' }).textContent()).toContain('Triage');
      expect(await page.getByRole('region', { name: 'Open taken' }).textContent()).not.toContain('Vraagverkenning');
      await expect
        .poll(async () => (await timeline(page)).find((entry) => entry.includes('Vraagverkenning afgerond')))
        .toContain('Sanne de Vries (SLT)');
      expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    }
    await leader.context.close();
    await director.context.close();
  });

  it('says a case of another team, or one that does not exist, is not found', async () => {
    const { context, page } = await loginAs(rig, 'teamleider');
    for (const caseId of [zuidCaseId, 'C-BESTAATNIET']) {
      await page.goto(`${rig.baseUrl}/casussen/${caseId}`);
      await page.getByRole('heading', { level: 1, name: 'Niet gevonden' }).waitFor();
      expect(await page.getByRole('main').textContent()).toContain('niet zien');
      // Nothing of the case leaks: no initials, no sections.
      expect(await page.getByRole('heading', { name: 'Samenvatting' }).count()).toBe(0);
    }
    expect(await page.title()).toContain('Niet gevonden');
    await context.close();
  });

  it('has no serious accessibility problems, with one h1 and its sections as landmarks', async () => {
    const { context, page } = await loginAs(rig, 'teamleider');
    await openCase(page, caseOf('N.O.'));
    await page.getByRole('article', { name: /Escalatiebesluit/ }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    for (const name of ['Samenvatting', 'Open taken', 'Besluiten', 'Geschiedenis']) {
      expect(await page.getByRole('region', { name }).count()).toBe(1);
    }
    expect(await seriousA11yViolations(page)).toEqual([]);

    await openCase(page, caseOf('B.V.'));
    await page.getByRole('article', { name: /MDO-besluit/ }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await saveScreenshot(page, 'case');
    await context.close();
  });
});

/** Whole years since a birth date, today in the Netherlands. */
function ageToday(birthDate: string): number {
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}
