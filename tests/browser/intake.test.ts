import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstanceSummary, StartInstanceResponse } from '../../server/contract/api';
import { samples } from '../../server/demo/sample-input';
import { ApiClient } from '../support/server';
import { type BrowserRig, loginAs, openRig, saveScreenshot, seriousA11yViolations } from './support/browser';

/** Aanmelden (/aanmelden): a hulpvraag becomes a case, with a warning before a second case of a youth. */
describe('registering a hulpvraag in the browser', () => {
  let rig: BrowserRig;
  let slt: ApiClient;

  beforeAll(async () => {
    rig = await openRig();
    slt = await ApiClient.login(rig.baseUrl, 'slt');
  });
  afterAll(async () => {
    await rig?.close();
  });

  /** Chooses an option of a form-js select with the mouse, as a user would. */
  async function choose(page: Page, label: string, option: string): Promise<void> {
    const field = page.locator('.fjs-form-field-select').filter({ hasText: label });
    await field.locator('.fjs-select-display').click();
    await field.locator('.fjs-dropdownlist-item', { hasText: option }).click();
  }

  /** Fills everything but the youth, partly by keyboard. */
  async function fillRest(page: Page): Promise<void> {
    await choose(page, 'Wie meldt aan?', 'Huisarts');
    await page.getByLabel('Hulpvraag').click();
    await page.keyboard.type('Zorgen over somberheid en schoolverzuim.');
  }

  const caseIdOf = (page: Page) => new URL(page.url()).pathname.split('/')[2]!;

  it('given an SLT worker, when they register a case by keyboard and mouse with a date that does not exist first, then the date is refused next to its field, and once corrected they land on the new case at Vraagverkenning', async () => {
    const { context, page } = await loginAs(rig, 'slt');

    // Given the screen, reached from the header
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Aanmelden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Aanmelden' }).waitFor();
    expect(await page.getByLabel('Team').inputValue()).toBe('slt-breda-noord');

    // When the form is filled in, the youth by keyboard, with 31 February as birth date
    await fillRest(page);
    await page.keyboard.press('Tab');
    await page.keyboard.type('X.K.');
    await page.keyboard.press('Tab');
    await page.keyboard.type('31-02-2012');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Breda');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    expect(await page.getByRole('radio', { name: 'Regulier' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Aanmelden' }).click();

    // Then the error summary has focus and names the date, which stays as typed
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary')))
      .toBe(true);
    const link = summary.getByRole('link', { name: /Geboortedatum/ });
    expect(await link.textContent()).toContain('"31-02-2012" is geen bestaande datum');
    const dateField = page.getByLabel('Geboortedatum');
    expect(await dateField.inputValue()).toBe('31-02-2012');
    expect(page.url()).toMatch(/\/aanmelden$/);

    // When the link is followed and the date corrected, and Aanmelden pressed with the keyboard
    await link.click();
    await expect.poll(() => dateField.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('Control+a');
    await page.keyboard.type('14-02-2012');
    await page.getByRole('button', { name: 'Aanmelden' }).focus();
    await page.keyboard.press('Enter');

    // Then the new case opens, waiting at Vraagverkenning, with the birth date as typed
    await page.waitForURL(/\/casussen\/C-/);
    await page.getByText('Vraagverkenning').first().waitFor();
    const instances = await slt.get<Array<InstanceSummary & { variables?: unknown }>>(
      `/api/instances?caseId=${caseIdOf(page)}`,
    );
    const root = await slt.get<{ variables: { jeugdige: unknown } }>(`/api/instances/${instances[0]!.id}`);
    expect(root.variables.jeugdige).toEqual({ initialen: 'X.K.', geboortedatum: '2012-02-14' });
    await context.close();
  });

  it('given an open case of a youth in the team, when the same youth is registered again, then the screen warns and links to that case before anything is made, and "Toch aanmelden" still registers', async () => {
    const first = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'toeleiding',
      team: 'slt-breda-noord',
      variables: samples(rig.server.app.clock.now()).aanmelding({ initialen: 'W.D.', geboortedatum: '2013-07-09' }),
    });
    const { context, page } = await loginAs(rig, 'slt');
    await page.goto(`${rig.baseUrl}/aanmelden`);
    await page.locator('.fjs-form').waitFor();

    await fillRest(page);
    await page.getByLabel('Initialen of pseudoniem').fill('w d');
    await page.getByLabel('Geboortedatum').fill('9-7-2013');
    await page.getByLabel('Gemeente').fill('Breda');
    await page.getByRole('radio', { name: 'Spoed' }).check();
    await page.getByRole('button', { name: 'Aanmelden' }).click();

    const warning = page.getByRole('alert').filter({ hasText: 'misschien al een open casus' });
    await warning.waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.classList.contains('duplicate-warning')))
      .toBe(true);
    const toFirst = warning.getByRole('link', { name: `Casus ${first.caseId} bekijken` });
    expect(await toFirst.getAttribute('href')).toBe(`/casussen/${first.caseId}`);
    expect(page.url()).toMatch(/\/aanmelden$/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await saveScreenshot(page, 'aanmelden-dubbel');

    await warning.getByRole('button', { name: 'Toch aanmelden' }).click();
    await page.waitForURL(/\/casussen\/C-/);
    expect(caseIdOf(page)).not.toBe(first.caseId);
    await context.close();
  });

  it('given the crisis service, when it opens Aanmelden, then it chooses from every team of the region', async () => {
    const { context, page } = await loginAs(rig, 'crisis');
    await page.goto(`${rig.baseUrl}/aanmelden`);

    const options = page.getByLabel('Team').locator('option');
    await options.first().waitFor({ state: 'attached' });
    expect(await options.allTextContents()).toEqual([
      'Kies een team…',
      'SLT Altena',
      'SLT Breda Noord',
      'SLT Breda Zuid',
      'SLT Oosterhout',
    ]);
    await context.close();
  });

  it('has no serious or critical accessibility violations on /aanmelden, at desktop and at phone width', async () => {
    const { context, page } = await loginAs(rig, 'slt');
    await page.goto(`${rig.baseUrl}/aanmelden`);
    await page.locator('.fjs-form').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await saveScreenshot(page, 'aanmelden');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    // Nothing wider than the phone: no sideways scrolling to reach a field or the button.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: 'test-artifacts/screenshots/aanmelden-telefoon.png', fullPage: true });
    await context.close();
  });
});
