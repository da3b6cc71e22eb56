import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormSchema, JsonValue } from '../../server/contract/api';
import type { FormVersion } from '../../server/contract/forms';
import { ApiClient } from '../support/server';
import { type BrowserRig, loginAs, openRig, saveScreenshot, seriousA11yViolations } from './support/browser';

const PHONE = { width: 390, height: 844 };
const KEY = 'vraagverkenning';
const NOTE = 'Gezinssamenstelling erbij, netwerk eraf, eigen kracht korter';

type Component = { [key: string]: JsonValue };

/**
 * The forms screens (/formulieren, /formulieren/:key) in a real browser against the demo server.
 * Given: the product form `vraagverkenning` (version 1, saved by the system at start-up) and a
 * version 2 that the process owner Lotte Hendriks (`eigenaar`) saved through the API: a field added
 * (gezinssamenstelling), one removed (netwerk) and one changed (eigenKracht: label and maximum
 * length).
 */
describe('form versions in the browser', () => {
  let rig: BrowserRig;
  let eigenaar: ApiClient;
  let version1: FormSchema;
  const contexts: BrowserContext[] = [];

  async function saveForm(schema: FormSchema, note: string): Promise<{ status: number; version: number }> {
    const response = await eigenaar.request('POST', `/api/forms?note=${encodeURIComponent(note)}`, schema);
    const text = await response.text();
    if (response.status !== 201) throw new Error(`saving the form answered ${response.status}: ${text}`);
    return { status: response.status, version: (JSON.parse(text) as { version: number }).version };
  }

  async function as(username: string, viewport?: { width: number; height: number }): Promise<Page> {
    const { context, page } = await loginAs(rig, username);
    contexts.push(context);
    if (viewport) await page.setViewportSize(viewport);
    return page;
  }

  beforeAll(async () => {
    rig = await openRig();
    eigenaar = await ApiClient.login(rig.baseUrl, 'eigenaar');
    version1 = await eigenaar.get<FormSchema>(`/api/forms/${KEY}`);
    const components = (version1.components as Component[])
      .filter((component) => component.key !== 'netwerk')
      .map(
        (component): Component =>
          component.key === 'eigenKracht'
            ? { ...component, label: 'Eigen kracht van het gezin', validate: { maxLength: 1000 } }
            : component,
      );
    const at = components.findIndex((component) => component.key === 'eigenKracht') + 1;
    components.splice(at, 0, {
      type: 'textfield',
      id: 'Field_gezinssamenstelling',
      key: 'gezinssamenstelling',
      label: 'Gezinssamenstelling',
    });
    expect(await saveForm({ ...version1, components }, NOTE)).toEqual({ status: 201, version: 2 });
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await rig?.close();
  });

  it('the process owner finds the forms in the menu, with each form’s version and who changed it when', async () => {
    const page = await as('eigenaar');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Formulieren' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/formulieren');
    await page.getByRole('heading', { level: 1, name: 'Formulieren' }).waitFor();

    const row = page.locator(`tr[data-form="${KEY}"]`);
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('versie 2');
    expect(text).toContain('Lotte Hendriks');
    expect(text).toMatch(/\d{2}-\d{2}-\d{4} \d{2}:\d{2} door/);
    // Forms nobody changed say who put them there: the system, at start-up.
    expect(await page.locator('tr[data-form="triage"]').textContent()).toContain('versie 1');
    expect(await page.locator('tr[data-form="triage"]').textContent()).toContain('het systeem');
    // The editor's addresses (built on the forms-editor branch).
    expect(await page.getByRole('link', { name: 'Nieuw formulier' }).getAttribute('href')).toBe('/formulieren/nieuw');
    expect(await row.getByRole('link', { name: /^Bewerken/ }).getAttribute('href')).toBe(
      `/formulieren/${KEY}/bewerken`,
    );

    await saveScreenshot(page, 'forms');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('shows both versions of a form with who saved them, when, why and which process versions use them', async () => {
    const page = await as('eigenaar');
    await page.goto(`${rig.baseUrl}/formulieren`);
    await page.locator(`tr[data-form="${KEY}"]`).getByRole('link').first().click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/formulieren/${KEY}`);

    const history = page.getByRole('region', { name: 'Versies' });
    const row = (version: number) => history.locator(`tr[data-version="${version}"]`);
    await row(1).waitFor();
    const second = (await row(2).textContent()) ?? '';
    expect(second).toContain('Lotte Hendriks');
    expect(second).toContain(NOTE);
    expect(second).toContain('nieuwste');
    expect(second).toMatch(/\d{2}-\d{2}-\d{4} \d{2}:\d{2}/);
    const first = (await row(1).textContent()) ?? '';
    expect(first).toContain('het systeem');
    expect(first).not.toContain('nieuwste');
    expect(await page.getByRole('link', { name: 'Bewerken', exact: true }).getAttribute('href')).toBe(
      `/formulieren/${KEY}/bewerken`,
    );

    // "Gebruikt door" says what the server knows: each diagram version that pins the form version.
    const versions = await eigenaar.get<FormVersion[]>(`/api/forms/${KEY}/versions`);
    for (const version of versions) {
      const links = row(version.version).locator('.used-by a');
      await expect.poll(() => links.count()).toBe(version.usedBy.length);
      for (const use of version.usedBy) {
        expect(
          await row(version.version)
            .locator(`.used-by a[href="/processen/${use.definitionKey}?versie=${use.version}"]`)
            .count(),
        ).toBe(1);
      }
      if (version.usedBy.length === 0) expect(await row(version.version).textContent()).toContain('geen procesversie');
    }

    await saveScreenshot(page, 'form-versions');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('compares the two versions: the added, removed and changed fields, each change with its old and new value', async () => {
    const page = await as('eigenaar');
    await page.goto(`${rig.baseUrl}/formulieren/${KEY}`);
    await page.getByRole('link', { name: 'Vergelijken met 1 (versie 2 met versie 1)' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('?vergelijk=1-2');
    await page.getByRole('heading', { level: 1, name: /versie 1 en 2 vergeleken/ }).waitFor();

    const changes = page.getByRole('region', { name: 'Wijzigingen van versie 1 naar 2' });
    const added = changes.locator('.change-added li[data-field="gezinssamenstelling"]');
    await added.waitFor();
    expect(await added.textContent()).toContain('nieuw');
    expect(await added.textContent()).toContain('Gezinssamenstelling');
    expect(await added.textContent()).toContain('tekstveld');

    const removed = changes.locator('.change-removed li[data-field="netwerk"]');
    expect(await removed.textContent()).toContain('verwijderd');
    expect(await removed.textContent()).toContain('Netwerk');

    const changed = changes.locator('.change-changed li[data-field="eigenKracht"]');
    expect(await changed.textContent()).toContain('gewijzigd');
    const label = (await changed.locator('li[data-property="label"]').textContent()) ?? '';
    expect(label).toMatch(/Eigen kracht.*wordt.*Eigen kracht van het gezin/);
    const maxLength = (await changed.locator('li[data-property="validate.maxLength"]').textContent()) ?? '';
    expect(maxLength).toContain('maximale lengte');
    expect(maxLength).toMatch(/2000.*wordt.*1000/);
    // Nothing else changed: the other fields are not listed.
    expect(await changes.locator('li[data-field]').count()).toBe(3);

    await saveScreenshot(page, 'form-compare');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Any two versions through the form; the address stays older-first whichever way round.
    await page.goto(`${rig.baseUrl}/formulieren/${KEY}`);
    await page.getByLabel('Oude versie').selectOption('2');
    await page.getByLabel('Nieuwe versie').selectOption('1');
    await page.getByRole('button', { name: 'Vergelijken' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('?vergelijk=1-2');
    await changes.locator('li[data-field="gezinssamenstelling"]').waitFor();
  });

  it('fits a phone: list, versions and comparison, from their own addresses, without sideways scrolling', async () => {
    const page = await as('eigenaar', PHONE);
    for (const [address, ready] of [
      ['/formulieren', `tr[data-form="${KEY}"]`],
      [`/formulieren/${KEY}`, 'tr[data-version="2"]'],
      [`/formulieren/${KEY}?vergelijk=1-2`, 'li[data-field="netwerk"]'],
    ] as const) {
      await page.goto(`${rig.baseUrl}${address}`);
      await page.locator(ready).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), address).toBeLessThanOrEqual(PHONE.width);
      await saveScreenshot(page, `form-versions-phone${address.replaceAll(/[/?=]/g, '-')}`);
      expect(await seriousA11yViolations(page), address).toEqual([]);
    }
  });

  it('says so when a form or a version does not exist', async () => {
    const page = await as('eigenaar');
    await page.goto(`${rig.baseUrl}/formulieren/bestaat-niet`);
    await page.getByText('Het formulier "bestaat-niet" bestaat niet.').waitFor();
    await page.goto(`${rig.baseUrl}/formulieren/${KEY}?vergelijk=1-9`);
    await page.getByText('heeft geen versie 9').waitFor();
  });

  it('a user without the process owner’s role has no menu entry and no way to the editor', async () => {
    const page = await as('slt');
    const menu = page.getByRole('navigation', { name: 'Hoofdmenu' });
    await menu.getByRole('link', { name: 'Processen' }).waitFor();
    expect(await menu.getByRole('link', { name: 'Formulieren' }).count()).toBe(0);
    // Reading stays open to every logged-in user (GET /api/forms), editing does not.
    await page.goto(`${rig.baseUrl}/formulieren`);
    await page.locator(`tr[data-form="${KEY}"]`).waitFor();
    expect(await page.getByRole('link', { name: 'Nieuw formulier' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: /^Bewerken/ }).count()).toBe(0);
  });

  it('shows a version saved meanwhile without reloading the page, on the list and on the form', async () => {
    const page = await as('eigenaar');
    await page.goto(`${rig.baseUrl}/formulieren/${KEY}`);
    await page.locator('tr[data-version="2"]').waitFor();
    const list = await as('slt');
    await list.goto(`${rig.baseUrl}/formulieren`);
    const row = list.locator(`tr[data-form="${KEY}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('versie 2');
    const latest = await eigenaar.get<FormSchema>(`/api/forms/${KEY}`);
    const components = (latest.components as Component[]).map(
      (component): Component =>
        component.key === 'gezinssamenstelling' ? { ...component, validate: { required: true } } : component,
    );
    expect(await saveForm({ ...latest, components }, 'Gezinssamenstelling verplicht')).toEqual({
      status: 201,
      version: 3,
    });
    await page.locator('tr[data-version="3"]').waitFor();
    expect(await page.locator('tr[data-version="3"]').textContent()).toContain('Gezinssamenstelling verplicht');
    await expect.poll(() => row.textContent()).toContain('versie 3');
  });
});
