import { readFile } from 'node:fs/promises';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessLogItem, AccessLogPage } from '../../server/contract/admin';
import type { CaseList } from '../../server/contract/api';
import { ApiClient } from '../support/server';
import { tamperWithAccessLog } from '../support/store';
import { type BrowserRig, loginAs, openRig, saveScreenshot, seriousA11yViolations } from './support/browser';

const PHONE = { width: 390, height: 844 };

/**
 * The privacy officer's access log (/beheer/toegangslog), in a real browser against the demo: Ruben
 * (`regisseur`) reads a case of his team, Joost (`regisseur-zuid`, another team) tries to, and
 * Ingrid (`privacy`, privacyfunctionaris) finds both in the log by the case number.
 */
describe('the access log for the privacy officer', () => {
  let rig: BrowserRig;
  let caseId: string;
  /** Ruben's read of the case, as the server logged it. */
  let read: AccessLogItem;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    rig = await openRig();
    const ruben = await ApiClient.login(rig.baseUrl, 'regisseur');
    const page = await ruben.get<CaseList>('/api/cases?limit=200');
    // The oldest case: no other test here reads it, so its entries are the ones made below.
    caseId = page.items.at(-1)!.caseId;
    await ruben.get(`/api/cases/${caseId}`);
    const joost = await ApiClient.login(rig.baseUrl, 'regisseur-zuid');
    expect((await joost.request('GET', `/api/cases/${caseId}`)).status).toBe(404);
    const privacy = await ApiClient.login(rig.baseUrl, 'privacy');
    const logged = await privacy.get<AccessLogPage>(`/api/admin/access-log?caseId=${caseId}&userId=regisseur`);
    read = logged.items.find((item) => item.resource === `case/${caseId}`)!;
    expect(read).toBeDefined();
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await rig?.close();
  });

  async function as(username: string, viewport?: { width: number; height: number }): Promise<Page> {
    const { context, page } = await loginAs(rig, username);
    contexts.push(context);
    if (viewport) await page.setViewportSize(viewport);
    return page;
  }

  async function openLog(page: Page, query = ''): Promise<void> {
    await page.goto(`${rig.baseUrl}/beheer/toegangslog${query}`);
    await page.getByRole('heading', { level: 1, name: 'Toegangslog' }).waitFor();
    await resultsShown(page);
  }

  async function resultsShown(page: Page): Promise<void> {
    await page.locator('.access-log-table, .access-log-empty:not([aria-busy])').first().waitFor({ timeout: 20_000 });
  }

  async function searchCase(page: Page, text: string): Promise<void> {
    const form = page.getByRole('search', { name: 'Toegangslog doorzoeken' });
    await form.getByRole('textbox', { name: 'Casusnummer' }).fill(text);
    await form.getByRole('button', { name: 'Zoeken' }).click();
    await page.waitForURL((url) => url.searchParams.get('casus') === text);
    await resultsShown(page);
  }

  function rows(page: Page): Locator {
    return page.locator('.access-log-table tbody tr');
  }

  async function cells(row: Locator): Promise<Record<string, string>> {
    return row
      .locator('[data-label]')
      .evaluateAll((all) =>
        Object.fromEntries(all.map((cell) => [cell.getAttribute('data-label'), (cell.textContent ?? '').trim()])),
      );
  }

  /** The day of an instant as a user in the Netherlands types it. */
  function typedDay(at: string): string {
    return new Date(at).toLocaleDateString('nl-NL', {
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      timeZone: 'Europe/Amsterdam',
    });
  }

  it('lets the privacy officer find who read a case by its number: the user, the moment and “Ingezien”', async () => {
    // Given Ingrid, privacyfunctionaris, logged in: the header names her role, and no team or region
    const page = await as('privacy');
    expect(await page.locator('.who-roles').textContent()).toBe('privacyfunctionaris');

    // When she opens Beheer from the header, which is the access log for her, and searches for the case Ruben read
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Beheer' }).click();
    await page.waitForURL((url) => url.pathname === '/beheer/toegangslog');
    await page.getByRole('heading', { level: 1, name: 'Toegangslog' }).waitFor();
    await resultsShown(page);
    expect(
      await page
        .getByRole('navigation', { name: 'Beheer' })
        .getByRole('link', { name: 'Toegangslog' })
        .getAttribute('aria-current'),
    ).toBe('page');
    await searchCase(page, caseId);

    // Then Ruben's read is listed: when to the second, who by name and id, what, from where
    const row = page.locator(`.access-log-table tr[data-seq="${read.seq}"]`);
    await row.waitFor();
    const shown = await cells(row);
    expect(shown.Moment).toMatch(/^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}$/);
    expect(shown.Moment!.slice(0, 10)).toBe(typedDay(read.at));
    expect(shown.Gebruiker).toContain('Ruben Jansen');
    expect(shown.Gebruiker).toContain('regisseur');
    expect(shown.Handeling).toBe('Ingezien');
    expect(shown.Casus).toBe(caseId);
    expect(shown.Wat).toContain('casus');
    expect(shown.Adres).not.toBe('');
    // and only entries of that case, with how many were found
    const listed = await rows(page).evaluateAll((all) =>
      all.map((row) => row.querySelector('[data-label="Casus"]')?.textContent),
    );
    expect(new Set(listed)).toEqual(new Set([caseId]));
    expect(await page.locator('.access-log-count').textContent()).toMatch(new RegExp(`${listed.length} regels?`));
    // and Joost's refused attempt is there too
    expect(await rows(page).filter({ hasText: 'Joost Bakker' }).filter({ hasText: 'Geweigerd' }).count()).toBe(1);
    // and the case number is no link: the privacy officer may not see the case itself
    expect(await page.locator('.access-log-table a').count()).toBe(0);
    await saveScreenshot(page, 'access-log-search');

    // When Ruben reads the case once more and she searches again, the new read is there at once
    const before = await rows(page).count();
    await (await ApiClient.login(rig.baseUrl, 'regisseur')).get(`/api/cases/${caseId}`);
    await page.getByRole('search', { name: 'Toegangslog doorzoeken' }).getByRole('button', { name: 'Zoeken' }).click();
    await expect.poll(() => rows(page).count(), { timeout: 15_000 }).toBe(before + 1);
    await expect.poll(() => page.locator('.access-log-status').textContent()).toBe(`${before + 1} regels.`);
  }, 120_000);

  it('keeps the search in the address, and refuses a day that does not exist next to its field', async () => {
    const page = await as('privacy');
    const day = typedDay(read.at);
    // Given a bookmarked search for the case and Ruben
    await openLog(page, `?casus=${encodeURIComponent(caseId)}&gebruiker=regisseur`);
    const form = page.getByRole('search', { name: 'Toegangslog doorzoeken' });
    expect(await form.getByRole('textbox', { name: 'Casusnummer' }).inputValue()).toBe(caseId);
    expect(await form.getByRole('combobox', { name: 'Gebruiker' }).inputValue()).toBe('regisseur');
    await page.locator(`.access-log-table tr[data-seq="${read.seq}"]`).waitFor();

    // When she limits the period to a day that does not exist
    const from = form.getByRole('textbox', { name: 'Van' });
    await from.fill('31-02-2026');
    await form.getByRole('button', { name: 'Zoeken' }).click();

    // Then it is refused next to the field, as typed (not moved to March), and nothing is searched
    await expect.poll(() => page.locator('#toegang-van-fout').textContent()).toContain('geen bestaande datum');
    expect(await from.getAttribute('aria-invalid')).toBe('true');
    expect(await from.inputValue()).toBe('31-02-2026');
    expect(await from.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(new URL(page.url()).searchParams.has('van')).toBe(false);

    // When she gives the day of the read as the whole period, the read is found, and the address says so
    await from.fill(day);
    await form.getByRole('textbox', { name: 'Tot en met' }).fill(day);
    await form.getByRole('button', { name: 'Zoeken' }).click();
    await page.waitForURL((url) => url.searchParams.get('van') === day && url.searchParams.get('tot') === day);
    await page.locator(`.access-log-table tr[data-seq="${read.seq}"]`).waitFor({ timeout: 20_000 });
    expect(await page.locator('#toegang-van-fout').count()).toBe(0);

    // When the period lies before the read, nothing is found, and the screen says so
    await from.fill('01-01-2020');
    await form.getByRole('textbox', { name: 'Tot en met' }).fill('31-12-2020');
    await form.getByRole('button', { name: 'Zoeken' }).click();
    await page.waitForURL((url) => url.searchParams.get('van') === '01-01-2020');
    await resultsShown(page);
    expect(await page.locator('.access-log-empty').textContent()).toContain('Geen regels gevonden');
    await expect.poll(() => page.locator('.access-log-status').textContent()).toContain('Geen regels gevonden');

    // and a bookmarked address with an impossible day shows it back with why, and searches nothing
    await openLog(page, `?casus=${encodeURIComponent(caseId)}&tot=30-02-2026`);
    expect(await form.getByRole('textbox', { name: 'Tot en met' }).inputValue()).toBe('30-02-2026');
    expect(await page.locator('#toegang-tot-fout').textContent()).toContain('geen bestaande datum');
    expect(await page.locator('.access-log-table').count()).toBe(0);
  }, 120_000);

  it('finds a user by name, and loads more entries with the cursor, moving focus to the first one added', async () => {
    // Given more reads of another case by Fatima than one page holds (50)
    const fatima = await ApiClient.login(rig.baseUrl, 'regisseur2');
    const other = (await fatima.get<CaseList>('/api/cases?limit=200')).items.find((item) => item.caseId !== caseId)!;
    for (let index = 0; index < 55; index++) await fatima.get(`/api/cases/${other.caseId}`);
    const privacy = await ApiClient.login(rig.baseUrl, 'privacy');
    const all: AccessLogItem[] = [];
    let cursor: string | undefined;
    do {
      const page = await privacy.get<AccessLogPage>(
        `/api/admin/access-log?caseId=${other.caseId}&userId=regisseur2&limit=20${cursor ? `&cursor=${cursor}` : ''}`,
      );
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(all.length).toBeGreaterThanOrEqual(55);

    // When Ingrid searches the case and types Fatima's name as the user
    const page = await as('privacy');
    await openLog(page);
    const form = page.getByRole('search', { name: 'Toegangslog doorzoeken' });
    await form.getByRole('textbox', { name: 'Casusnummer' }).fill(other.caseId);
    await form.getByRole('combobox', { name: 'Gebruiker' }).fill('Fatima El Amrani (procesregisseur)');
    await form.getByRole('button', { name: 'Zoeken' }).click();

    // Then the address names her by id, and one page of her reads is shown, newest first
    await page.waitForURL((url) => url.searchParams.get('gebruiker') === 'regisseur2');
    await resultsShown(page);
    expect(await rows(page).count()).toBe(50);
    expect(await page.locator('.access-log-count').textContent()).toContain('50 regels getoond, er zijn er meer');

    // When she loads more
    await page.getByRole('button', { name: 'Meer laden' }).click();

    // Then the rest follows, each entry once, in the server's order, and focus is on the first one added
    await expect.poll(() => rows(page).count(), { timeout: 15_000 }).toBe(all.length);
    const seqs = await rows(page).evaluateAll((list) => list.map((row) => Number(row.getAttribute('data-seq'))));
    expect(seqs).toEqual(all.map((item) => item.seq));
    expect(await page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-seq'))).toBe(
      String(seqs[50]),
    );
    expect(await page.getByRole('button', { name: 'Meer laden' }).count()).toBe(0);
    for (const user of await page.locator('.access-log-table [data-label="Gebruiker"]').allTextContents())
      expect(user).toContain('Fatima El Amrani');
  }, 180_000);

  it('names live watching in words: a case page open in the browser reads as “live meekijken”', async () => {
    // Given Ruben with a case open in his browser, which follows its instances live
    const ruben = await as('regisseur');
    const watched = (
      await ApiClient.login(rig.baseUrl, 'regisseur').then((client) => client.get<CaseList>('/api/cases?limit=200'))
    ).items.find((item) => item.caseId !== caseId)!.caseId;
    await ruben.goto(`${rig.baseUrl}/casussen/${watched}`);
    await ruben.getByRole('heading', { level: 2, name: 'Regie' }).waitFor({ timeout: 20_000 });

    // When Ingrid searches that case and Ruben
    const page = await as('privacy');
    await expect
      .poll(
        async () => {
          await openLog(page, `?casus=${encodeURIComponent(watched)}&gebruiker=regisseur`);
          return page.locator('.access-log-table [data-label="Wat"]').allTextContents();
        },
        { timeout: 20_000 },
      )
      // Then the watch is listed in words, next to the reads of the case page
      .toContainEqual(expect.stringContaining('live meekijken'));
    const what = await page.locator('.access-log-table [data-label="Wat"]').allTextContents();
    expect(what).toContainEqual(expect.stringMatching(/^casus/));
  }, 120_000);

  it('exports the current search as a CSV file that holds the read', async () => {
    const page = await as('privacy');
    await openLog(page, `?casus=${encodeURIComponent(caseId)}`);
    const link = page.getByRole('link', { name: 'Exporteer CSV' });
    const href = new URL((await link.getAttribute('href'))!, rig.baseUrl);
    expect(href.searchParams.get('caseId')).toBe(caseId);

    // When she downloads the export
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);

    // Then the file holds Ruben's read of the case, and no other case
    const text = await readFile((await download.path())!, 'utf8');
    const lines = text.trim().split(/\r?\n/);
    expect(lines.length).toBeGreaterThan(1);
    const line = lines.find((candidate) => candidate.includes(`case/${caseId}`) && candidate.includes('regisseur'));
    expect(line).toBeDefined();
    expect(lines.slice(1).every((candidate) => candidate.includes(caseId))).toBe(true);
  }, 120_000);

  it('checks the hash chain: intact with the number of entries', async () => {
    const page = await as('privacy');
    await openLog(page);
    await page.getByRole('button', { name: 'Controleer de keten' }).click();
    await expect
      .poll(() => page.locator('.verify-status').textContent(), { timeout: 20_000 })
      .toMatch(/Het logboek is intact: \d+ regels gecontroleerd/);
    expect(await page.getByRole('alert').count()).toBe(0);
  }, 120_000);

  it('is open to the beheerder too, and tells anyone else they have no access', async () => {
    const beheer = await as('beheer');
    await openLog(beheer, `?casus=${encodeURIComponent(caseId)}`);
    await beheer.locator(`.access-log-table tr[data-seq="${read.seq}"]`).waitFor({ timeout: 20_000 });

    const ruben = await as('regisseur');
    await ruben.goto(`${rig.baseUrl}/beheer/toegangslog`);
    await ruben.getByRole('heading', { level: 1, name: 'Toegangslog' }).waitFor();
    expect(await ruben.locator('main').textContent()).toContain('U hebt geen toegang tot het toegangslog');
    expect(await ruben.locator('.access-log-table, .access-log-search').count()).toBe(0);
  }, 120_000);

  it('has no serious accessibility problems and no sideways page scroll, on a desktop and on a phone', async () => {
    for (const viewport of [undefined, PHONE]) {
      const page = await as('privacy', viewport);
      await openLog(page, `?casus=${encodeURIComponent(caseId)}`);
      expect(await rows(page).count()).toBeGreaterThan(0);
      // with an error in the form and the chain's result on screen
      await page.getByRole('textbox', { name: 'Van' }).fill('32-13-2026');
      await page.getByRole('button', { name: 'Zoeken' }).click();
      await page.locator('#toegang-van-fout').waitFor();
      await page.getByRole('button', { name: 'Controleer de keten' }).click();
      await page.locator('.verify-status .notice').waitFor({ timeout: 20_000 });
      expect(await seriousA11yViolations(page)).toEqual([]);
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
      ).toBeLessThanOrEqual(0);
      if (viewport) {
        // The table scrolls in its own labelled region, which a keyboard user can reach
        const region = page.getByRole('region', { name: 'Gevonden regels van het toegangslog' });
        expect(await region.getAttribute('tabindex')).toBe('0');
        const box = await region.boundingBox();
        expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
        await region.scrollIntoViewIfNeeded();
        await saveScreenshot(page, 'access-log-phone');
      }
    }
  }, 180_000);

  // Last: it changes the log file under the running server.
  it('says plainly from which line the log was changed when a line was tampered with', async () => {
    // Given a line of the stored log changed behind the server's back (a backdated read)
    await tamperWithAccessLog(
      rig.server.dataDir,
      (line) => line.resource === `case/${caseId}` && line.userId === 'regisseur',
      (line) => {
        line.at = `2019${line.at.slice(4)}`;
      },
    );

    // When the privacy officer checks the chain
    const page = await as('privacy');
    await openLog(page);
    await page.getByRole('button', { name: 'Controleer de keten' }).click();

    // Then an alert names the first line that no longer fits
    await expect
      .poll(() => page.getByRole('alert').allTextContents(), { timeout: 20_000 })
      .toContainEqual(expect.stringContaining(`Het logboek is gewijzigd of ingekort vanaf regel ${read.seq}`));
  }, 120_000);
});
