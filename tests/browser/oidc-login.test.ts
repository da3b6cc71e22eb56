import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OidcRig, startWithOidc } from '../support/oidc-provider';
import { PROJECT_ROOT } from '../support/process';
import { CHROMIUM, seriousA11yViolations, VIEWPORT } from './support/browser';

/**
 * Logging in with the municipality's identity provider in a real browser: a real OpenID provider
 * (on localhost, another site than the app on 127.0.0.1) and a demo-mode server with the built client.
 */
describe('login with the municipality’s identity provider in the browser', () => {
  let rig: OidcRig;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    rig = await startWithOidc({
      processesDir: path.join(PROJECT_ROOT, 'processes'),
      clientDir: process.env.CLIENT_OUT_DIR ?? path.join(PROJECT_ROOT, 'client', 'dist'),
    });
    rig.provider.account('p.dekker', {
      preferred_username: 'p.dekker',
      name: 'Pim Dekker',
      email: 'p.dekker@gemeente.example',
      casusregie_roles: ['procesregisseur', 'regisseur-van-iets-anders'],
      casusregie_teams: ['slt-breda-noord'],
    });
    rig.provider.account('zonder.rol', { name: 'Zonder Rol', casusregie_roles: [], casusregie_teams: [] });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
    });
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await rig?.close();
  });

  async function freshPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: VIEWPORT, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    contexts.push(context);
    return context.newPage();
  }

  /** On the provider's own login page (oidc-provider's development form), as `login`. */
  async function logInAtProvider(page: Page, login: string): Promise<void> {
    await page.waitForURL((url) => url.origin === rig.provider.issuer);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('wat-dan-ook');
    await page.getByRole('button', { name: 'Sign-in' }).click();
  }

  it('given a procesregisseur of slt-breda-noord at the provider, when they click the button and log in there, then they land on their team’s worklist with the token’s roles, and logging out ends the session', async () => {
    const page = await freshPage();
    await page.goto(`${rig.server.baseUrl}/?lijst=groep`);
    const button = page.getByRole('link', { name: 'Inloggen met uw gemeente-account' });
    await button.waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await button.click();
    await logInAtProvider(page, 'p.dekker');

    // Back at the page they opened, logged in as the token says
    await page.getByRole('button', { name: 'Uitloggen' }).waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).search).toBe('?lijst=groep');
    const who = page.getByLabel('Ingelogd als');
    await expect.poll(() => who.textContent()).toContain('Pim Dekker');
    expect(await who.textContent()).toContain('procesregisseur');
    expect(await who.textContent()).toContain('SLT Breda Noord');
    // Their team's work, as any procesregisseur of the team sees it
    await page.locator('table tbody tr').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('table tbody').textContent()).toContain('Hulp inzetten binnen SLT');

    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.getByRole('link', { name: 'Inloggen met uw gemeente-account' }).waitFor();
    await page.reload();
    await page.getByRole('link', { name: 'Inloggen met uw gemeente-account' }).waitFor();
    const session = await page.evaluate(async () => (await fetch('/api/session')).status);
    expect(session).toBe(401);
  });

  it('given a user without a role of Casusregie at the provider, when they log in there, then the login screen says in Dutch why there is no session', async () => {
    const page = await freshPage();
    await page.goto(`${rig.server.baseUrl}/`);

    await page.getByRole('link', { name: 'Inloggen met uw gemeente-account' }).click();
    await logInAtProvider(page, 'zonder.rol');

    await expect
      .poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 })
      .toContain('geen rol in Casusregie');
    expect(page.url()).toBe(`${rig.server.baseUrl}/`);
    expect(await page.getByRole('button', { name: 'Uitloggen' }).count()).toBe(0);
  });
});
