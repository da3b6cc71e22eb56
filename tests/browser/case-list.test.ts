import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstanceDetail, InstanceSummary, Task } from '../../server/contract/api';
import { samples } from '../../server/demo/sample-input';
import { workingDaysBetween } from '../../server/engine/workdays';
import { ApiClient } from '../support/server';
import { type BrowserRig, loginAs, openRig, saveScreenshot, seriousA11yViolations } from './support/browser';

const PHONE = { width: 390, height: 844 };

/**
 * The case list (/casussen), the regievoerder and closing a case, in a real browser against the
 * demo cases of server/demo/seed.ts: eleven in SLT Breda Noord, owned by Ruben (`regisseur`) or
 * Fatima (`regisseur2`) but for the newest aanmelding (L.B.), and one in Breda Zuid. Each test
 * changes its own demo case, so the tests do not depend on their order (but for the last one).
 */
describe('the case list, the regievoerder and closing a case', () => {
  let rig: BrowserRig;
  let teamleider: ApiClient;
  const contexts: BrowserContext[] = [];
  /** Demo case ids by the youth's initials. */
  const cases = new Map<string, string>();

  beforeAll(async () => {
    rig = await openRig();
    teamleider = await ApiClient.login(rig.baseUrl, 'teamleider');
    const zuid = await ApiClient.login(rig.baseUrl, 'regisseur-zuid');
    for (const client of [teamleider, zuid]) {
      const roots = (await client.get<InstanceSummary[]>('/api/instances')).filter((instance) => !instance.parentId);
      for (const root of roots) {
        const detail = await client.get<InstanceDetail>(`/api/instances/${root.id}`);
        cases.set((detail.variables.jeugdige as { initialen: string }).initialen, root.caseId);
      }
    }
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await rig?.close();
  });

  function caseOf(initials: string): string {
    const caseId = cases.get(initials);
    if (!caseId) throw new Error(`no demo case for ${initials}: ${[...cases.keys()].join(', ')}`);
    return caseId;
  }

  async function as(username: string, viewport?: { width: number; height: number }): Promise<Page> {
    const { context, page } = await loginAs(rig, username);
    contexts.push(context);
    if (viewport) await page.setViewportSize(viewport);
    return page;
  }

  async function openList(page: Page, query = ''): Promise<void> {
    await page.goto(`${rig.baseUrl}/casussen${query}`);
    await page.getByRole('heading', { level: 1, name: 'Casussen' }).waitFor();
    await page.locator('.case-table, .case-list-empty:not([aria-busy])').first().waitFor({ timeout: 20_000 });
  }

  async function search(page: Page, text: string): Promise<void> {
    await page.getByRole('searchbox', { name: 'Zoeken' }).fill(text);
    await page.getByRole('searchbox', { name: 'Zoeken' }).press('Enter');
    await page.waitForURL((url) => url.searchParams.get('zoek') === text);
    await page.locator('.case-table, .case-list-empty:not([aria-busy])').first().waitFor({ timeout: 20_000 });
  }

  function caseRow(page: Page, caseId: string): Locator {
    return page.locator(`.case-table tr[data-case-id="${caseId}"]`);
  }

  async function cell(row: Locator, label: string): Promise<string> {
    return ((await row.locator(`[data-label="${label}"]`).textContent()) ?? '').trim();
  }

  async function openCase(page: Page, caseId: string): Promise<void> {
    await page.goto(`${rig.baseUrl}/casussen/${caseId}`);
    await page.getByRole('heading', { level: 2, name: 'Regie' }).waitFor({ timeout: 20_000 });
  }

  async function noSidewaysScroll(page: Page): Promise<number> {
    return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  }

  it('lets a procesregisseur find a case by the youth’s initials from the header and open it', async () => {
    // Given Ruben, procesregisseur in Breda Noord, on his worklist
    const caseId = caseOf('L.B.');
    const page = await as('regisseur');

    // When he opens Casussen from the header and searches for "L.B."
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Casussen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Casussen' }).waitFor();
    await search(page, 'L.B.');

    // Then the case is listed with the youth, the team, the current step and the day it opened
    const row = caseRow(page, caseId);
    await row.waitFor();
    expect(await cell(row, 'Jeugdige')).toBe(`L.B., ${ageToday('2012-03-14')} jaar`);
    expect(await cell(row, 'Team')).toBe('SLT Breda Noord');
    expect(await cell(row, 'Huidige stappen')).toContain('Vraagverkenning');
    expect(await cell(row, 'Geopend')).toMatch(/^\d{2}-\d{2}-\d{4}$/);
    // and the search is in the address, so the view can be bookmarked
    expect(new URL(page.url()).searchParams.get('zoek')).toBe('L.B.');
    await saveScreenshot(page, 'case-list-search');

    // When he opens it, the case page shows it
    await row.getByRole('link', { name: caseId }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(caseId) }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/casussen/${caseId}`);
  }, 120_000);

  it('offers no case list to a process owner, who may see no case', async () => {
    const page = await as('eigenaar');
    const menu = page.getByRole('navigation', { name: 'Hoofdmenu' });
    await menu.getByRole('link', { name: 'Processen' }).waitFor();
    expect(await menu.getByRole('link', { name: 'Casussen' }).count()).toBe(0);
  }, 120_000);

  it('finds a case by its date of birth typed the Dutch way and by its case number', async () => {
    const caseId = caseOf('M.K.');
    const page = await as('regisseur');
    await openList(page);
    await search(page, '02-09-2015');
    expect(
      await page
        .locator('.case-table tbody tr')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-case-id'))),
    ).toEqual([caseId]);
    await search(page, caseId);
    expect(await caseRow(page, caseId).count()).toBe(1);
    // A date that does not exist is refused in words, next to the search, not as a failure
    await page.getByRole('searchbox', { name: 'Zoeken' }).fill('31-02-2012');
    await page.getByRole('searchbox', { name: 'Zoeken' }).press('Enter');
    await expect
      .poll(() => page.getByRole('alert').allTextContents())
      .toContainEqual(expect.stringContaining('geen bestaande datum'));
    expect(await page.getByRole('button', { name: 'Opnieuw proberen' }).count()).toBe(0);
  }, 120_000);

  it('does not show another team’s case: regisseur-zuid searching the same initials finds nothing', async () => {
    // Given Joost, procesregisseur in Breda Zuid
    const page = await as('regisseur-zuid');
    await openList(page);

    // When he searches for the initials of a Breda Noord case
    await search(page, 'L.B.');

    // Then nothing is found, and the screen says so in Dutch
    expect(await page.locator('.case-table').count()).toBe(0);
    expect(await page.locator('.case-list-empty').textContent()).toContain('Geen casussen gevonden');
    await expect.poll(() => page.locator('.case-list-status').textContent()).toContain('Geen casussen gevonden');
  }, 120_000);

  it('lets a procesregisseur take an unowned case, which then stands in “Mijn casussen”', async () => {
    // Given the case without a regievoerder, open on Fatima's screen
    const caseId = caseOf('L.B.');
    const page = await as('regisseur2');
    await openCase(page, caseId);
    const regie = page.getByRole('region', { name: 'Regie' });
    expect(await regie.textContent()).toContain('nog niemand');

    // When she takes the regie
    await regie.getByRole('button', { name: 'Regie nemen' }).click();

    // Then the page names her as regievoerder, and says so
    await expect.poll(() => regie.locator('.regisseur-line').textContent()).toContain('Fatima El Amrani');
    await expect.poll(() => regie.getByRole('status').first().textContent()).toContain('regievoerder');
    expect(await regie.getByRole('button', { name: 'Regie nemen' }).count()).toBe(0);

    // and "Mijn casussen" lists it, and only cases she is the regievoerder of
    await openList(page);
    await page.getByRole('checkbox', { name: 'Mijn casussen' }).check();
    await page.waitForURL((url) => url.searchParams.get('mijn') === 'ja');
    await caseRow(page, caseId).waitFor();
    const owners = await page.locator('.case-table [data-label="Regievoerder"]').allTextContents();
    expect(owners.length).toBeGreaterThan(0);
    for (const owner of owners) expect(owner).toContain('Fatima El Amrani');
    // and Ruben's "Mijn casussen" does not
    const ruben = await as('regisseur');
    await openList(ruben, '?mijn=ja');
    expect(await caseRow(ruben, caseId).count()).toBe(0);
  }, 120_000);

  it('lets a teamleider change the regievoerder, which the case list then shows', async () => {
    // Given Anouk, teamleider, on a case that Ruben owns
    const caseId = caseOf('R.M.');
    const page = await as('teamleider');
    await openCase(page, caseId);
    const regie = page.getByRole('region', { name: 'Regie' });
    expect(await regie.locator('.regisseur-line').textContent()).toContain('Ruben Jansen');

    // When she picks Fatima from the team's procesregisseurs (Ruben is no choice: he has it)
    const select = regie.getByRole('combobox', { name: 'Andere regievoerder' });
    const choices = await select.locator('option:not([disabled])').allTextContents();
    expect(choices).toEqual(['Kies een procesregisseur', 'Fatima El Amrani (procesregisseur)']);
    // (submitting without a choice says what is missing)
    await regie.getByRole('button', { name: 'Wijzigen' }).click();
    expect(await regie.locator('#regievoerder-fout').textContent()).toBe('Kies een procesregisseur.');
    await select.selectOption({ label: 'Fatima El Amrani (procesregisseur)' });
    await regie.getByRole('button', { name: 'Wijzigen' }).click();

    // Then the page shows her as regievoerder, and says so
    await expect.poll(() => regie.locator('.regisseur-line').textContent()).toContain('Fatima El Amrani');
    await expect.poll(() => regie.locator('.regie-status').textContent()).toContain('Fatima El Amrani');
    // and the history records it
    await expect
      .poll(() => page.getByRole('region', { name: 'Geschiedenis' }).textContent())
      .toContain('Regievoerder: Fatima El Amrani');

    // and the case list shows her in the case's row
    await openList(page);
    await search(page, 'R.M.');
    expect(await cell(caseRow(page, caseId), 'Regievoerder')).toContain('Fatima El Amrani');
  }, 120_000);

  it('closes a case with a required reason; it leaves the open list and shows who closed it and why', async () => {
    // Given Anouk, teamleider, on an open case with an open task
    const caseId = caseOf('S.A.');
    expect((await teamleider.get<Task[]>(`/api/tasks?caseId=${caseId}`)).length).toBeGreaterThan(0);
    const page = await as('teamleider');
    await openCase(page, caseId);
    const regie = page.getByRole('region', { name: 'Regie' });

    // When she opens "Casus afsluiten", focus goes to the reason
    await regie.getByRole('button', { name: 'Casus afsluiten' }).click();
    const reason = regie.getByRole('textbox', { name: /Reden/ });
    await expect.poll(() => reason.evaluate((element) => element === document.activeElement)).toBe(true);
    // and closing without a reason is refused, in Dutch, with focus back on the reason
    await regie.getByRole('button', { name: 'Casus afsluiten' }).click();
    expect(await regie.locator('#afsluit-fout').textContent()).toBe('Geef een reden voor het afsluiten.');
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    expect(await reason.evaluate((element) => element === document.activeElement)).toBe(true);

    // When she gives a reason and closes it
    await reason.fill('Hulpvraag ingetrokken door moeder.');
    await regie.getByRole('button', { name: 'Casus afsluiten' }).click();

    // Then the page shows the case closed: who, when, why; and its open tasks are gone
    const notice = regie.locator('.case-closed');
    await notice.waitFor({ timeout: 15_000 });
    const text = await notice.textContent();
    expect(text).toContain('Deze casus is gesloten');
    expect(text).toContain('Anouk Mulder');
    expect(text).toContain('Hulpvraag ingetrokken door moeder.');
    await expect
      .poll(() => page.getByRole('region', { name: 'Open taken' }).textContent())
      .toContain('Er staan geen open taken');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Deze casus is gesloten');
    expect(await regie.getByRole('button', { name: 'Casus afsluiten' }).count()).toBe(0);
    expect(await teamleider.get<Task[]>(`/api/tasks?caseId=${caseId}`)).toEqual([]);

    // and the (open) case list no longer has it, while "Gesloten" does
    await openList(page);
    await search(page, 'S.A.');
    expect(await caseRow(page, caseId).count()).toBe(0);
    await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Gesloten' });
    await page.waitForURL((url) => url.searchParams.get('status') === 'gesloten');
    await caseRow(page, caseId).waitFor({ timeout: 15_000 });
    expect(await cell(caseRow(page, caseId), 'Stand')).toMatch(/^Gesloten op \d{2}-\d{2}-\d{4}$/);
  }, 120_000);

  it('offers closing to the case’s regievoerder, and not to another procesregisseur', async () => {
    // K.P.'s case is Fatima's: she may close it; Ruben may neither close it nor take it.
    const fatima = await as('regisseur2');
    await openCase(fatima, caseOf('K.P.'));
    await fatima.getByRole('region', { name: 'Regie' }).getByRole('button', { name: 'Casus afsluiten' }).waitFor();

    const ruben = await as('regisseur');
    await openCase(ruben, caseOf('K.P.'));
    const regie = ruben.getByRole('region', { name: 'Regie' });
    expect(await regie.locator('.regisseur-line').textContent()).toContain('Fatima El Amrani');
    expect(await regie.getByRole('button').count()).toBe(0);
  }, 120_000);

  it('keeps a filtered view in the address, and shows a regievoerder change live without losing the scroll position', async () => {
    // Given Ruben on the open cases of his team, scrolled down, with a small window
    const caseId = caseOf('D.R.');
    const page = await as('regisseur', { width: 1000, height: 400 });
    await openList(page, '?team=slt-breda-noord');
    expect(await page.getByRole('combobox', { name: 'Team' }).inputValue()).toBe('slt-breda-noord');
    await caseRow(page, caseId).scrollIntoViewIfNeeded();
    await page.evaluate(() => {
      document.body.dataset.zelfdePagina = 'ja';
    });
    const scrolled = await page.evaluate(() => window.scrollY);
    expect(scrolled).toBeGreaterThan(0);

    // When the teamleider makes Fatima its regievoerder elsewhere
    const fatima = (await teamleider.get<Array<{ id: string; name: string }>>('/api/users')).find((user) =>
      user.name.startsWith('Fatima'),
    )!;
    const response = await teamleider.request('PUT', `/api/cases/${caseId}/regisseur`, { userId: fatima.id });
    expect(response.status).toBe(200);

    // Then the row shows her without a reload, and the page stays where it was
    await expect.poll(() => cell(caseRow(page, caseId), 'Regievoerder'), { timeout: 15_000 }).toContain('Fatima');
    expect(await page.evaluate(() => document.body.dataset.zelfdePagina)).toBe('ja');
    expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
  }, 120_000);

  it('loads more cases with the cursor, moving focus to the first case added', async () => {
    // Given more open cases than one page holds (25)
    const slt = await ApiClient.login(rig.baseUrl, 'slt');
    const sample = samples(new Date());
    for (let index = 0; index < 26; index++) {
      await slt.post('/api/instances', {
        definitionKey: 'toeleiding',
        team: 'slt-breda-noord',
        variables: sample.aanmelding({ initialen: 'Z.Z.', geboortedatum: '2016-01-01' }),
      });
    }
    const ruben = await ApiClient.login(rig.baseUrl, 'regisseur');
    const open = await ruben.get<{ items: Array<{ caseId: string }> }>('/api/cases?state=open&limit=200');
    const page = await as('regisseur');
    await openList(page);
    const rows = page.locator('.case-table tbody tr');
    expect(await rows.count()).toBe(25);

    // When he asks for more
    await page.getByRole('button', { name: 'Meer laden' }).click();

    // Then the rest of the cases follow, with no case twice, and focus is on the first one added
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThan(25);
    const ids = await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-case-id')));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(open.items.map((item) => item.caseId));
    expect(await page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-case-id'))).toBe(
      ids[25],
    );
    expect(await page.getByRole('button', { name: 'Meer laden' }).count()).toBe(0);
  }, 180_000);

  it('shows the youth’s initials and age in every worklist row, also on a phone', async () => {
    for (const viewport of [undefined, PHONE]) {
      const page = await as('regisseur', viewport);
      for (const list of ['', '?lijst=groep', '?lijst=te-laat']) {
        await page.goto(`${rig.baseUrl}/${list}`);
        await page.locator('.worklist-table, .worklist-empty').first().waitFor({ timeout: 20_000 });
        const cells = await page.locator('.worklist-table tbody tr td:nth-of-type(1)').allTextContents();
        for (const text of cells) expect(text).toMatch(/^C-[0-9A-Z]+[A-Z]\.([A-Z]\.)*, \d+ jaar$/);
        if (viewport && cells.length > 0) {
          const box = await page.locator('.worklist-table tbody tr .youth').first().boundingBox();
          expect(box).not.toBeNull();
          expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
        }
      }
      // Group tasks exist in the demo: the check above ran on real rows.
      await page.goto(`${rig.baseUrl}/?lijst=groep`);
      await page.locator('.worklist-table .youth').first().waitFor({ timeout: 20_000 });
      expect(await page.locator('.worklist-table .youth').first().textContent()).toMatch(/, \d+ jaar$/);
    }
  }, 180_000);

  it('has no serious accessibility problems on the case list and the case page, on a desktop and on a phone', async () => {
    for (const viewport of [undefined, PHONE]) {
      const page = await as('teamleider', viewport);
      await openList(page, '?status=alle');
      expect(await page.locator('.case-table tbody tr').count()).toBeGreaterThan(0);
      expect(await seriousA11yViolations(page)).toEqual([]);
      expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
      if (viewport) {
        await page.locator('.case-table tbody tr').first().scrollIntoViewIfNeeded();
        await saveScreenshot(page, 'case-list-phone');
      }

      // The case page with the teamleider's controls, and the close form open with an error shown
      await openCase(page, caseOf('T.W.'));
      const regie = page.getByRole('region', { name: 'Regie' });
      await regie.getByRole('combobox').waitFor();
      await regie.getByRole('button', { name: 'Casus afsluiten' }).click();
      await regie.getByRole('button', { name: 'Casus afsluiten' }).click();
      await regie.locator('#afsluit-fout').filter({ hasText: 'Geef een reden' }).waitFor();
      expect(await seriousA11yViolations(page)).toEqual([]);
      expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
      if (viewport) {
        await page.getByRole('heading', { name: 'Regie' }).scrollIntoViewIfNeeded();
        await saveScreenshot(page, 'case-regie-phone');
      }
    }
    // The regievoerder's own view of a case
    const ruben = await as('regisseur', PHONE);
    await openCase(ruben, caseOf('N.O.'));
    expect(await seriousA11yViolations(ruben)).toEqual([]);
  }, 180_000);

  // Last: it moves the server's clock, which fires timers in every case.
  it('marks an overdue case with how late it is, and lists it under “Alleen over termijn”', async () => {
    // Given L.B.'s Vraagverkenning, three weeks past its term on the server's clock
    const caseId = caseOf('L.B.');
    const [task] = await teamleider.get<Task[]>(`/api/tasks?caseId=${caseId}`);
    expect(task?.dueAt).toBeDefined();
    const { now } = await teamleider.post<{ now: string }>('/api/test/clock', { advance: 'P21D' });
    const days = workingDaysBetween(new Date(task!.dueAt!), new Date(now));
    expect(days).toBeGreaterThan(1);
    // and a browser whose clock agrees with the server's
    const page = await as('regisseur');
    await page.clock.setSystemTime(new Date(now));

    // When Ruben asks for the overdue cases among L.B.'s
    await openList(page, '?zoek=L.B.');
    await page.getByRole('checkbox', { name: 'Alleen over termijn' }).check();
    await page.waitForURL((url) => url.searchParams.get('te-laat') === 'ja' && url.searchParams.get('zoek') === 'L.B.');
    await caseRow(page, caseId).waitFor({ timeout: 15_000 });

    // Then the case says in words how late it is
    expect(await cell(caseRow(page, caseId), 'Stand')).toBe(`⚠ ${days} werkdagen te laat`);
  }, 120_000);
});

/** Whole years from a date of birth to today in Amsterdam, as the server counts them. */
function ageToday(birth: string): number {
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}
