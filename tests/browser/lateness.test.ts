import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../server/contract/api';
import { workingDaysBetween } from '../../server/engine/workdays';
import { ApiClient } from '../support/server';
import { type BrowserRig, loginAs, openRig, saveScreenshot, seriousA11yViolations, VIEWPORT } from './support/browser';

const SIZES = [
  { name: 'desktop', viewport: VIEWPORT },
  { name: 'telefoon', viewport: { width: 390, height: 844 } },
] as const;

/**
 * How late a task is, in words, against the demo server with its clock moved on: hours while it
 * is less than a day, working days after that.
 */
describe('lateness in words', () => {
  let rig: BrowserRig;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    rig = await openRig();
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await rig?.close();
  });

  async function overdueListAt(viewport: { width: number; height: number }, now: string): Promise<Page> {
    const { context, page } = await loginAs(rig, 'teamleider');
    contexts.push(context);
    await context.clock.install({ time: new Date(now) });
    await page.setViewportSize(viewport);
    await page.goto(`${rig.baseUrl}/?lijst=te-laat`);
    await page.locator('tbody tr').first().waitFor({ timeout: 20_000 });
    return page;
  }

  function dueCell(page: Page, taskId: string) {
    return page.locator(`tr[data-task-id="${taskId}"] td.due-cell`);
  }

  it('says a missed crisis norm is hours late, and flags the breach "Spoed" with its 4-hour term', async () => {
    // Given the demo crisis, whose 24-hour norm is breached, and six more hours
    const teamleider = await ApiClient.login(rig.baseUrl, 'teamleider');
    await teamleider.post('/api/test/clock', { advance: 'PT25H' });
    const { now } = await teamleider.post<{ now: string }>('/api/test/clock', { advance: 'PT6H' });
    const breach = (await teamleider.get<Task[]>('/api/tasks?scope=all&overdue=true')).find(
      (task) => task.name === 'Crisisnorm overschreden: regie nemen',
    );
    expect(breach).toBeDefined();
    const hoursLate = Math.floor((Date.parse(now) - Date.parse(breach!.dueAt!)) / 3_600_000);
    expect(hoursLate).toBeGreaterThanOrEqual(1);
    expect(hoursLate).toBeLessThan(24);

    for (const { viewport } of SIZES) {
      // When the teamleider opens the overdue tasks
      const page = await overdueListAt(viewport, now);
      // Then the breach says how many hours late it is, and that it is urgent
      await expect.poll(() => dueCell(page, breach!.id).textContent()).toContain(`${hoursLate} uur te laat`);
      expect(await page.locator(`tr[data-task-id="${breach!.id}"] th`).textContent()).toContain('Spoed');
    }
  }, 120_000);

  it('says a task more than a day late is so many working days late, on the worklist and the case page', async () => {
    // Given a week and a half later
    const teamleider = await ApiClient.login(rig.baseUrl, 'teamleider');
    const { now } = await teamleider.post<{ now: string }>('/api/test/clock', { advance: 'P10D' });
    const overdue = (await teamleider.get<Task[]>('/api/tasks?scope=all&overdue=true')).filter(
      (task) => Date.parse(now) - Date.parse(task.dueAt!) > 24 * 3_600_000,
    );
    const task = overdue.find((candidate) => workingDaysBetween(new Date(candidate.dueAt!), new Date(now)) > 1);
    expect(task).toBeDefined();
    const days = workingDaysBetween(new Date(task!.dueAt!), new Date(now));

    for (const { name, viewport } of SIZES) {
      // When the teamleider opens the overdue tasks
      const page = await overdueListAt(viewport, now);
      // Then the task says how many working days late it is, in words
      await expect.poll(() => dueCell(page, task!.id).textContent()).toContain(`${days} werkdagen te laat`);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await saveScreenshot(page, `over-termijn-${name}`);

      // And its case page says the same of the open task
      await page.goto(`${rig.baseUrl}/casussen/${task!.caseId}`);
      const openTasks = page.getByRole('region', { name: 'Open taken' });
      await expect.poll(() => openTasks.textContent(), { timeout: 20_000 }).toContain(`${days} werkdagen te laat`);
    }
  }, 180_000);
});
