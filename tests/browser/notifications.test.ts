import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClockResponse, Notification, Preferences, StartInstanceResponse, Task } from '../../server/contract/api';
import { samples } from '../../server/demo/sample-input';
import { ApiClient } from '../support/server';
import { type BrowserRig, loginAs, openRig, saveScreenshot, seriousA11yViolations } from './support/browser';

const PHONE = { width: 390, height: 844 };

/** The bell in the header (issue 16): the SLT worker sees a task assigned to them arrive, live. */
describe('the notification bell', () => {
  let rig: BrowserRig;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    rig = await openRig();
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await rig?.close();
  });

  it('shows the unread count live when a teamleider assigns a task, lists it with its links, and is axe-clean', async () => {
    // Given the SLT worker on the worklist, at phone width
    const { context, page } = await loginAs(rig, 'slt');
    contexts.push(context);
    await page.setViewportSize(PHONE);
    const slt = await ApiClient.login(rig.baseUrl, 'slt');
    const before = (await slt.get<Notification[]>('/api/notifications?unread=true')).length;
    await page.getByRole('button', { name: `Meldingen, ${before} ongelezen` }).waitFor({ timeout: 10_000 });

    // When the teamleider assigns a new case's Vraagverkenning to them
    const { now } = await slt.post<ClockResponse>('/api/test/clock', { advance: 'PT0S' });
    const { caseId } = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'toeleiding',
      team: 'slt-breda-noord',
      variables: samples(new Date(now)).aanmelding({ initialen: 'B.T.', geboortedatum: '2014-02-03' }),
    });
    const teamleider = await ApiClient.login(rig.baseUrl, 'teamleider');
    const task = (await teamleider.get<Task[]>(`/api/tasks?caseId=${caseId}`)).find(
      (candidate) => candidate.elementId === 'Task_Vraagverkenning',
    )!;
    await teamleider.post(`/api/tasks/${task.id}/assign`, { userId: 'slt' });

    // Then the bell counts one more, without a reload, and says so politely
    const bell = page.getByRole('button', { name: `Meldingen, ${before + 1} ongelezen` });
    await bell.waitFor();
    await expect.poll(() => page.locator('.notifications-announcement').textContent()).toContain(caseId);

    // And its panel lists the notification with links to the task and the case
    await bell.click();
    const panel = page.getByRole('region', { name: 'Meldingen' });
    const item = panel.getByRole('listitem').filter({ hasText: caseId });
    await item.getByRole('link', { name: 'Naar de taak' }).waitFor();
    expect(await item.getByRole('link', { name: `Naar casus ${caseId}` }).getAttribute('href')).toBe(
      `/casussen/${caseId}`,
    );
    expect(await item.textContent()).not.toContain('B.T.');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).toBeLessThanOrEqual(0);
    // The panel lies within the phone's screen
    const box = (await panel.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await saveScreenshot(page, 'notifications-panel-phone');

    // When they mark it read, the count goes back
    await item.getByRole('button', { name: /^Gelezen/ }).click();
    await page.getByRole('button', { name: `Meldingen, ${before} ongelezen` }).waitFor();

    // And choosing a daily digest is stored
    await panel.getByRole('radio', { name: /Eén keer per dag/ }).check();
    await panel.getByText('Uw keuze is opgeslagen.').waitFor();
    expect(await slt.get<Preferences>('/api/me/preferences')).toEqual({ email: 'dagelijks' });
  }, 90_000);
});
