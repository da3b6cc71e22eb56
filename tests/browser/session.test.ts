import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserRig, loginAs, openRig, seriousA11yViolations, VIEWPORT } from './support/browser';

/** Logging in and out in a real browser; every client URL answers with the app. */
describe('session in the browser', () => {
  let rig: BrowserRig;

  beforeAll(async () => {
    rig = await openRig();
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('shows a Dutch login that says plainly when the password is wrong, and has no serious accessibility problems', async () => {
    const context = await rig.browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    await page.goto(`${rig.baseUrl}/taken/bestaat-niet`);
    await page.getByLabel('Gebruikersnaam').fill('regisseur');
    await page.getByLabel('Wachtwoord').fill('fout');
    await page.getByRole('button', { name: 'Inloggen' }).click();

    await expect.poll(() => page.getByRole('alert').textContent()).toContain('klopt niet');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });

  it('shows the user’s name, roles and teams after login, and returns to the login after logout', async () => {
    const { context, page } = await loginAs(rig, 'regisseur');
    const who = page.getByLabel('Ingelogd als');
    await expect.poll(() => who.textContent()).toContain('Ruben Jansen');
    expect(await who.textContent()).toContain('procesregisseur');
    expect(await who.textContent()).toContain('SLT Breda Noord');

    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.getByRole('button', { name: 'Inloggen' }).waitFor();
    // The session is really gone: a reload still shows the login.
    await page.reload();
    await page.getByRole('button', { name: 'Inloggen' }).waitFor();
    await context.close();
  });
});
