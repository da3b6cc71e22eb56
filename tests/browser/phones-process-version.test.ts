import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeployResult } from '../../server/contract/api';
import { PROJECT_ROOT } from '../support/process';
import { ApiClient } from '../support/server';
import { type BrowserRig, loginAs, openRig, seriousA11yViolations, VIEWPORT } from './support/browser';

const SIZES = [VIEWPORT, { width: 390, height: 844 }] as const;

/** A process's page right after a deploy, when every running case is still on the older version. */
describe('a process page after a deploy', () => {
  let rig: BrowserRig;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    rig = await openRig();
    // Given a new version of toeleiding, while the demo's cases run on version 1
    const eigenaar = await ApiClient.login(rig.baseUrl, 'eigenaar');
    const v1 = await readFile(path.join(PROJECT_ROOT, 'processes', 'toeleiding.bpmn'), 'utf8');
    const v2 = v1.replace('camunda:dueDate="=werkdagen(10)"', 'camunda:dueDate="=werkdagen(3)"');
    expect(v2).not.toBe(v1);
    const response = await eigenaar.request('POST', '/api/definitions?note=korter', v2, 'application/xml');
    expect(response.status).toBe(201);
    expect(((await response.json()) as DeployResult).version).toBe(2);
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await rig?.close();
  });

  it('opens on version 1, where the cases wait, and says that the new version has none yet', async () => {
    for (const viewport of SIZES) {
      // When the process owner opens the process without choosing a version
      const { context, page } = await loginAs(rig, 'eigenaar');
      contexts.push(context);
      await page.setViewportSize(viewport);
      await page.goto(`${rig.baseUrl}/processen/toeleiding`);

      // Then it shows version 1, and says why
      await page.getByRole('heading', { level: 1, name: /versie 1/ }).waitFor({ timeout: 20_000 });
      expect(page.url()).toContain('versie=1');
      const notice = page.locator('.notice', { hasText: 'hier wachten de lopende casussen' });
      expect(await notice.textContent()).toContain('Op de nieuwste versie (2) wacht nog geen casus');
      expect(await seriousA11yViolations(page)).toEqual([]);

      // And the newest version is one link away
      await notice.getByRole('link', { name: 'Naar de nieuwste versie (2)' }).click();
      await page.getByRole('heading', { level: 1, name: /versie 2/ }).waitFor();
      expect(page.url()).toContain('versie=2');
    }
  }, 120_000);

  it('says on the new version, when asked for it, that the cases wait on version 1, with a link there', async () => {
    for (const viewport of SIZES) {
      // When the process owner asks for version 2
      const { context, page } = await loginAs(rig, 'eigenaar');
      contexts.push(context);
      await page.setViewportSize(viewport);
      await page.goto(`${rig.baseUrl}/processen/toeleiding?versie=2`);

      // Then it stays on version 2, and says where the cases wait
      await page.getByRole('heading', { level: 1, name: /versie 2/ }).waitFor({ timeout: 20_000 });
      const link = page.getByRole('link', { name: /^Versie 1: \d+ wachtende casus/ });
      await link.waitFor({ timeout: 20_000 });
      expect(await page.locator('.waiting-elsewhere').textContent()).toContain('Op versie 2 wacht nog geen casus');
      expect(page.url()).toContain('versie=2');
      expect(await seriousA11yViolations(page)).toEqual([]);

      // And the link opens version 1, where they are
      await link.click();
      await page.getByRole('heading', { level: 1, name: /versie 1/ }).waitFor();
      expect(page.url()).toContain('versie=1');
      expect(await page.locator('.waiting-elsewhere').count()).toBe(0);
    }
  }, 120_000);
});
