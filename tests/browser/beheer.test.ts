import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseSummary } from '../../server/contract/api';
import { ApiClient } from '../support/server';
import { type BrowserRig, loginAs, openRig, saveScreenshot, seriousA11yViolations, VIEWPORT } from './support/browser';

const PHONE = { width: 390, height: 844 };

/**
 * The beheerder's screens under /beheer and the forced password change, in a real browser
 * against the real server: a new procesregisseur is made on screen, logs in with the one-time
 * password read off that screen, must choose their own, and then works in their team.
 */
describe('managing users and the first password in the browser', () => {
  let rig: BrowserRig;

  beforeAll(async () => {
    rig = await openRig();
  }, 120_000);
  afterAll(async () => {
    await rig?.close();
  });

  /** Logs in through the login screen with any password; the caller waits for what comes next. */
  async function loginWith(username: string, password: string): Promise<Page> {
    const context = await rig.browser.newContext({
      viewport: VIEWPORT,
      locale: 'nl-NL',
      timezoneId: 'Europe/Amsterdam',
    });
    const page = await context.newPage();
    await page.goto(`${rig.baseUrl}/`);
    await page.getByLabel('Gebruikersnaam').fill(username);
    await page.getByLabel('Wachtwoord').fill(password);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    return page;
  }

  async function openUsers(page: Page): Promise<void> {
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Beheer' }).click();
    await page.waitForURL(/\/beheer\/gebruikers$/);
    await page.locator('.admin-table').waitFor();
  }

  /** Creates a user through the form and answers the one-time password shown on the screen. */
  async function createOnScreen(
    page: Page,
    user: { username: string; name: string; email: string; role: string; team: string },
  ): Promise<string> {
    await page.getByRole('link', { name: 'Nieuwe gebruiker' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nieuwe gebruiker' }).waitFor();
    await page.getByLabel('Gebruikersnaam').fill(user.username);
    await page.getByLabel('Naam', { exact: true }).fill(user.name);
    await page.getByLabel('E-mailadres').fill(user.email);
    await page.getByRole('group', { name: 'Rollen' }).getByLabel(user.role, { exact: true }).check();
    await page.getByRole('group', { name: 'Teams' }).getByLabel(user.team).check();
    await page.getByRole('button', { name: 'Gebruiker aanmaken' }).click();
    const shown = page.locator('#eenmalig-wachtwoord');
    await shown.waitFor();
    return (await shown.textContent())?.trim() ?? '';
  }

  it('given the beheerder, when they create a procesregisseur in SLT Breda Noord, then that user logs in with the one-time password shown once, must replace it (a short one is refused with the rule), and then sees the cases of their team', async () => {
    // Given the beheerder on the users screen, reached from the header
    const { context: beheerContext, page } = await loginAs(rig, 'beheer');
    await openUsers(page);
    expect(await page.getByRole('navigation', { name: 'Beheer' }).getByRole('link').allTextContents()).toEqual([
      'Gebruikers',
      'Teams',
      'Toegangslog',
    ]);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await saveScreenshot(page, 'beheer-gebruikers');

    // When a procesregisseur is created, first with a username the server refuses
    await page.getByRole('link', { name: 'Nieuwe gebruiker' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nieuwe gebruiker' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await saveScreenshot(page, 'beheer-nieuwe-gebruiker');
    await page.getByLabel('Gebruikersnaam').fill('Noor Bakker');
    await page.getByLabel('Naam', { exact: true }).fill('Noor Bakker (procesregisseur)');
    await page.getByRole('group', { name: 'Rollen' }).getByLabel('procesregisseur', { exact: true }).check();
    await page
      .getByRole('group', { name: 'Teams' })
      .getByLabel(/SLT Breda Noord/)
      .check();
    await page.getByRole('button', { name: 'Gebruiker aanmaken' }).click();

    // Then the summary has focus and the username's message is at the field
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary')))
      .toBe(true);
    expect(await summary.getByRole('link', { name: /Gebruikersnaam/ }).count()).toBe(1);
    expect(await page.locator('#gebruiker-username-fout').textContent()).toMatch(/kleine letters/i);
    expect(await page.getByLabel('Gebruikersnaam').getAttribute('aria-invalid')).toBe('true');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // When corrected, the one-time password is shown once, with how to hand it over
    await page.getByLabel('Gebruikersnaam').fill('nbakker');
    await page.getByRole('button', { name: 'Gebruiker aanmaken' }).click();
    const shown = page.locator('#eenmalig-wachtwoord');
    await shown.waitFor();
    const oneTime = (await shown.textContent())?.trim() ?? '';
    expect(oneTime.length).toBeGreaterThanOrEqual(12);
    expect(await page.locator('.one-time-password').textContent()).toContain('maar één keer');
    expect(await page.getByRole('button', { name: 'Wachtwoord kopiëren' }).count()).toBe(1);
    await saveScreenshot(page, 'beheer-eenmalig-wachtwoord');

    // And the new user is in the list, in their team, never logged in
    await page.getByRole('link', { name: 'Naar alle gebruikers' }).click();
    await page.getByLabel('Zoek op naam').fill('noor');
    const row = page.locator('.admin-table tbody tr');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('SLT Breda Noord');
    expect(await row.textContent()).toContain('Nog nooit');
    expect(await row.textContent()).toContain('eenmalig wachtwoord nog niet gewijzigd');
    expect(page.url()).toContain('zoek=noor');

    // When the beheerder logs out and the new user logs in with the one-time password
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.getByRole('button', { name: 'Inloggen' }).waitFor();
    await beheerContext.close();
    const noor = await loginWith('nbakker', oneTime);

    // Then only the password screen shows, with the rule up front
    await noor.getByRole('heading', { level: 1, name: 'Kies een nieuw wachtwoord' }).waitFor();
    expect(await noor.getByRole('navigation', { name: 'Hoofdmenu' }).count()).toBe(0);
    expect(await noor.locator('#wachtwoord-regel').textContent()).toContain('Minstens 12 tekens');
    expect(await seriousA11yViolations(noor)).toEqual([]);
    await saveScreenshot(noor, 'wachtwoord-kiezen');

    // When a too short password is chosen, the server refuses it at the field
    await noor.getByLabel('Eenmalig wachtwoord').fill(oneTime);
    await noor.getByLabel('Nieuw wachtwoord', { exact: true }).fill('kort123');
    await noor.getByLabel('Herhaal het nieuwe wachtwoord').fill('kort123');
    await noor.getByRole('button', { name: 'Wachtwoord opslaan en verder' }).click();
    const newError = noor.locator('#wachtwoord-nieuw-fout');
    await newError.waitFor();
    expect(await newError.textContent()).toMatch(/12/);
    expect(await noor.getByLabel('Nieuw wachtwoord', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await expect
      .poll(() => noor.evaluate(() => document.activeElement?.classList.contains('error-summary')))
      .toBe(true);
    expect(await seriousA11yViolations(noor)).toEqual([]);

    // When a good one is chosen, the app opens as usual
    const chosen = 'zomeravond aan de Mark 2026';
    await noor.getByLabel('Nieuw wachtwoord', { exact: true }).fill(chosen);
    await noor.getByLabel('Herhaal het nieuwe wachtwoord').fill(chosen);
    await noor.getByRole('button', { name: 'Wachtwoord opslaan en verder' }).click();
    await noor.getByRole('button', { name: 'Uitloggen' }).waitFor();
    expect(await noor.locator('.who-name').textContent()).toBe('Noor Bakker (procesregisseur)');

    // Then the case list shows the cases of SLT Breda Noord, the same a colleague of the team sees
    const colleague = await ApiClient.login(rig.baseUrl, 'regisseur');
    const teamCases = (await colleague.get<{ items: CaseSummary[] }>('/api/cases')).items;
    expect(teamCases.length).toBeGreaterThan(0);
    await noor.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Casussen' }).click();
    await noor.locator('.case-table').waitFor({ timeout: 20_000 });
    const shownIds = await noor
      .locator('.case-table tbody tr')
      .evaluateAll((rows) => rows.map((tr) => tr.getAttribute('data-case-id')));
    expect(shownIds).toContain(teamCases[0]!.caseId);
    const teamsShown = await noor.locator('.case-table td[data-label="Team"]').allTextContents();
    expect(new Set(teamsShown)).toEqual(new Set(['SLT Breda Noord']));

    // And the new password is the one that logs in from now on
    const again = await ApiClient.login(rig.baseUrl, 'nbakker', chosen);
    expect((await again.get<{ mustChangePassword?: boolean }>('/api/session')).mustChangePassword).not.toBe(true);
    await noor.context().close();
  }, 120_000);

  it('given a new user, when the beheerder adds a role, resets their password and deactivates them on screen after the warning, then the old password stops working, and on deactivation their open session ends at once', async () => {
    const { context: beheerContext, page } = await loginAs(rig, 'beheer');
    await openUsers(page);
    const oneTime = await createOnScreen(page, {
      username: 'tijdelijk',
      name: 'Tijdelijke Kracht',
      email: 'tijdelijk@example.org',
      role: 'medewerker SLT',
      team: 'SLT Breda Zuid',
    });

    await page.getByRole('link', { name: 'Gebruiker Tijdelijke Kracht bekijken' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tijdelijke Kracht' }).waitFor();
    expect(page.url()).toMatch(/\/beheer\/gebruikers\/tijdelijk$/);

    // When the beheerder gives them a second role, the change is saved and said to apply at the next login
    await page.getByRole('group', { name: 'Rollen' }).getByLabel('voorzitter MDO').check();
    await page.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
    await page.getByText('De wijzigingen zijn opgeslagen. De rollen of teams zijn gewijzigd').waitFor();
    expect(await page.locator('.muted').first().textContent()).toContain('tijdelijk');

    // When the password is reset, a new one-time password is shown once and the old one no longer works
    await page.getByRole('button', { name: 'Wachtwoord opnieuw instellen' }).click();
    await page.getByRole('button', { name: 'Ja, nieuw wachtwoord maken' }).click();
    await page.getByRole('heading', { name: 'Nieuw eenmalig wachtwoord' }).waitFor();
    const reset = (await page.locator('#eenmalig-wachtwoord').textContent())?.trim() ?? '';
    expect(reset).not.toBe(oneTime);
    const old = await new ApiClient(rig.baseUrl).request('POST', '/api/session', {
      username: 'tijdelijk',
      password: oneTime,
    });
    expect(old.status).toBeGreaterThanOrEqual(400);
    const again = await ApiClient.login(rig.baseUrl, 'tijdelijk', reset);
    expect((await again.request('GET', '/api/session')).status).toBe(200);

    // When they are deactivated after the warning
    await page.getByRole('button', { name: 'Deactiveren' }).click();
    const confirm = page.locator('.admin-confirm');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('sessies van deze gebruiker eindigen direct');
    await confirm.getByRole('button', { name: 'Ja, deactiveren' }).click();
    await page.getByText('Tijdelijke Kracht is gedeactiveerd').waitFor();

    // Then their open session answers 401 at once and the password no longer logs in
    expect((await again.request('GET', '/api/session')).status).toBe(401);
    const refused = await new ApiClient(rig.baseUrl).request('POST', '/api/session', {
      username: 'tijdelijk',
      password: reset,
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);

    // And the list, filtered on deactivated users, shows them
    await page.goto(`${rig.baseUrl}/beheer/gebruikers?actief=nee`);
    await page.locator('.admin-table').waitFor();
    expect(await page.locator('.admin-table tbody').textContent()).toContain('Tijdelijke Kracht');
    await beheerContext.close();
  }, 60_000);

  it('given the beheerder on a phone, the users screen fits the screen without sideways scrolling and has no serious accessibility violations', async () => {
    const { context, page } = await loginAs(rig, 'beheer');
    await page.setViewportSize(PHONE);
    await page.goto(`${rig.baseUrl}/beheer/gebruikers`);
    await page.locator('.admin-table').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-artifacts/screenshots/beheer-gebruikers-telefoon.png', fullPage: true });
    await context.close();
  });

  it('given the beheerder, when they add a team and rename it, then the teams list shows it with its region', async () => {
    const { context, page } = await loginAs(rig, 'beheer');
    await page.goto(`${rig.baseUrl}/beheer/teams`);
    await page.getByRole('heading', { level: 1, name: 'Teams' }).waitFor();
    await page.locator('.admin-table').waitFor();
    const form = page.getByRole('form', { name: 'Nieuw team' });
    await form.getByLabel('Id').fill('slt-etten-leur');
    await form.getByLabel('Naam').fill('SLT Etten-Leur');
    await form.getByLabel('Regio').fill('West-Brabant West');
    await form.getByRole('button', { name: 'Team aanmaken' }).click();
    await page.getByText('Team SLT Etten-Leur is aangemaakt.').waitFor();

    await page.getByRole('button', { name: 'Wijzigen SLT Etten-Leur' }).click();
    const edit = page.getByRole('form', { name: 'Team SLT Etten-Leur wijzigen' });
    await edit.getByLabel('Naam').fill('SLT Etten-Leur en Zundert');
    await edit.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText('Team SLT Etten-Leur en Zundert is opgeslagen.').waitFor();
    const row = page.locator('.admin-table tbody tr', { hasText: 'slt-etten-leur' });
    expect(await row.textContent()).toContain('West-Brabant West');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });

  it('given any local user, when they change their password from the header menu with a wrong current one first, then the mistake is named at that field, and the new password logs in afterwards', async () => {
    const { context, page } = await loginAs(rig, 'voorzitter');
    await page.getByRole('link', { name: 'Wachtwoord wijzigen' }).click();
    await page.waitForURL(/\/wachtwoord$/);
    await page.getByRole('heading', { level: 1, name: 'Wachtwoord wijzigen' }).waitFor();

    const chosen = 'overleg op dinsdagochtend 9 uur';
    await page.getByLabel('Huidig wachtwoord').fill('niet-demo');
    await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill(chosen);
    await page.getByLabel('Herhaal het nieuwe wachtwoord').fill(chosen);
    await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
    await page.locator('#wachtwoord-huidig-fout').waitFor();
    expect(await page.getByLabel('Huidig wachtwoord').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Huidig wachtwoord').fill('demo');
    await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
    await page.getByText('Uw wachtwoord is gewijzigd.').waitFor();
    expect(await page.getByLabel('Nieuw wachtwoord', { exact: true }).inputValue()).toBe('');
    expect(await seriousA11yViolations(page)).toEqual([]);

    const fresh = await ApiClient.login(rig.baseUrl, 'voorzitter', chosen);
    expect((await fresh.request('GET', '/api/session')).status).toBe(200);
    await context.close();
  }, 60_000);

  it('given a procesregisseur, the header has no Beheer link and /beheer says they have no access', async () => {
    const { context, page } = await loginAs(rig, 'regisseur');
    expect(
      await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Beheer' }).count(),
    ).toBe(0);
    await page.goto(`${rig.baseUrl}/beheer`);
    await page.getByText('U heeft geen toegang tot beheer').waitFor();
    await page.goto(`${rig.baseUrl}/beheer/gebruikers`);
    await page.getByText('U heeft geen toegang tot beheer').waitFor();
    await context.close();
  });

  it('given the privacy officer, /beheer opens the access log, the only tab they see', async () => {
    const { context, page } = await loginAs(rig, 'privacy');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Beheer' }).click();
    await page.waitForURL(/\/beheer\/toegangslog$/);
    await context.close();
  });
});
