import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartInstanceResponse, Task, Variables } from '../../server/contract/api';
import { samples } from '../../server/demo/sample-input';
import { ApiClient } from '../support/server';
import { type BrowserRig, loginAs, openRig, saveScreenshot, seriousA11yViolations } from './support/browser';

/** The task page (/taken/:taskId): pick up, fill in, complete, and on to the next step. */
describe('the task page in the browser', () => {
  let rig: BrowserRig;
  let slt: ApiClient;
  const s = samples(new Date());
  let youth = 0;

  beforeAll(async () => {
    rig = await openRig();
    slt = await ApiClient.login(rig.baseUrl, 'slt');
  });
  afterAll(async () => {
    await rig?.close();
  });

  /** A fresh case of SLT Breda Noord, walked through the API to the open task at `elementId`. */
  async function caseAt(elementId: string, triage?: Variables): Promise<{ caseId: string; task: Task }> {
    youth += 1;
    const { caseId } = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'toeleiding',
      team: 'slt-breda-noord',
      variables: s.aanmelding({ initialen: `T.${youth}.`, geboortedatum: '2012-05-01' }),
    });
    await slt.completeTask(caseId, 'Task_Vraagverkenning', s.vraagverkenning());
    if (triage) await slt.completeTask(caseId, 'Task_Triage', triage);
    // A case's team sees all of its open tasks, whoever they are for.
    const teamleider = await ApiClient.login(rig.baseUrl, 'teamleider');
    const task = (await teamleider.get<Task[]>(`/api/tasks?caseId=${caseId}&scope=all`)).find(
      (candidate) => candidate.elementId === elementId,
    );
    if (!task) throw new Error(`no open ${elementId} in ${caseId}`);
    return { caseId, task };
  }

  it('lets an SLT worker pick up Triage, fill it in, and go on to the next task of the case in one click', async () => {
    const { caseId, task } = await caseAt('Task_Triage');
    const { context, page } = await loginAs(rig, 'slt');
    await page.goto(`${rig.baseUrl}/taken/${task.id}`);

    await page.getByRole('heading', { level: 1, name: 'Triage' }).waitFor();
    const summary = page.getByRole('region', { name: 'Over deze taak' });
    expect(await summary.getByRole('link', { name: caseId }).getAttribute('href')).toBe(`/casussen/${caseId}`);
    expect(await summary.textContent()).toMatch(/T\.\d+\., \d+ jaar/);
    expect(await summary.textContent()).toContain('SLT Breda Noord');
    expect(await summary.textContent()).toContain('Toeleiding');
    expect(await summary.textContent()).toContain('medewerker SLT');
    expect(await summary.textContent()).toContain('nog niemand');
    // Until the task is picked up, the form is for reading only.
    expect(await page.getByRole('button', { name: 'Afronden' }).isDisabled()).toBe(true);
    await page.getByRole('radio', { name: 'Laag' }).focus();
    await page.keyboard.press('Space');
    expect(await page.getByRole('radio', { name: 'Laag' }).isChecked()).toBe(false);

    await page.getByRole('button', { name: 'Oppakken' }).click();
    await page.getByText('U heeft deze taak opgepakt').waitFor();
    await expect.poll(() => page.locator('.fjs-readonly').count()).toBe(0);
    expect(await summary.textContent()).toContain('u zelf');

    // The prefill comes from the case: the urgency as first seen at the registration.
    expect(await page.getByRole('radio', { name: 'Regulier' }).isChecked()).toBe(true);
    await page.getByRole('radio', { name: 'Laag' }).check();
    await page.getByRole('radio', { name: 'Sociale basis' }).check();
    await page.getByLabel('Toelichting').fill('Opvoedvragen; de sociale basis kan dit oppakken.');
    await page.getByRole('button', { name: 'Afronden' }).click();

    const done = page.locator('.completion');
    await done.getByRole('heading', { name: 'Taak afgerond' }).waitFor();
    // Focus moves to the result, so a screen reader says it at once.
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('completion'))).toBe(true);
    const next = page.getByRole('link', { name: 'Volgende taak: Afsluiten met advies en warme overdracht' });
    await next.click();

    await page.getByRole('heading', { level: 1, name: 'Afsluiten met advies en warme overdracht' }).waitFor();
    expect(page.url()).toMatch(/\/taken\/[^/]+$/);
    expect(page.url()).not.toContain(task.id);
    await context.close();
  });

  it('can be completed with the keyboard alone, from picking it up to opening the next task', async () => {
    const { task } = await caseAt('Task_Triage');
    const { context, page } = await loginAs(rig, 'slt');
    await page.goto(`${rig.baseUrl}/taken/${task.id}`);
    await page.getByRole('button', { name: 'Oppakken' }).waitFor();

    await tabTo(page, 'Oppakken');
    await page.keyboard.press('Enter');
    await page.getByText('U heeft deze taak opgepakt').waitFor();
    await expect.poll(() => page.locator('.fjs-readonly').count()).toBe(0);

    // Complexiteit: tabbing into a group with nothing chosen lands on its first option.
    await tabTo(page, 'Laag');
    await page.keyboard.press('Space');
    await tabTo(page, 'Uithuisplaatsing wordt overwogen');
    // Uitkomst: arrow keys move through the options and choose as they go.
    await tabTo(page, 'Geen jeugdhulp nodig');
    while ((await focusedName(page)) !== 'Gemeentelijk sociaal domein') await page.keyboard.press('ArrowDown');
    await tabTo(page, 'Toelichting');
    await page.keyboard.type('Schulden staan centraal; overdracht aan de gemeente.');
    await tabTo(page, 'Afronden');
    await page.keyboard.press('Space');

    await page.getByRole('heading', { name: 'Taak afgerond' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('completion'))).toBe(true);
    await tabTo(page, 'Volgende taak: Overdracht aan gemeentelijk sociaal domein');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Overdracht aan gemeentelijk sociaal domein' }).waitFor();

    const completed = await slt.get<{ variables: Record<string, unknown> }>(`/api/instances/${task.instanceId}`);
    expect(completed.variables).toMatchObject({
      complexiteit: 'laag',
      uitkomst: 'gemeentelijk-sociaal-domein',
      urgentie: 'regulier',
    });
    await context.close();
  });

  it('shows the browser’s and the server’s validation messages next to the field they belong to', async () => {
    const { task } = await caseAt('Task_AfsluitenAdvies', s.triage('regulier', 'laag', 'sociale-basis'));
    const { context, page } = await loginAs(rig, 'slt');
    await page.goto(`${rig.baseUrl}/taken/${task.id}`);
    await page.getByRole('button', { name: 'Oppakken' }).click();
    await page.getByText('U heeft deze taak opgepakt').waitFor();

    const advies = page.getByRole('textbox', { name: 'Advies aan jeugdige en ouders' });
    const adviesField = page.locator('.fjs-form-field').filter({ has: advies });

    // Nothing filled in: the browser says so next to the field, and the summary links to it.
    await page.getByRole('button', { name: 'Afronden' }).click();
    await expect.poll(() => adviesField.locator('.fjs-form-field-error').textContent()).toBe('Dit veld is verplicht.');
    expect(await advies.getAttribute('aria-invalid')).toBe('true');
    const alert = page.getByRole('alert');
    expect(await alert.textContent()).toContain('Het formulier is nog niet compleet');
    expect(await alert.textContent()).toContain('Advies aan jeugdige en ouders: Dit veld is verplicht.');

    // Only spaces: form-js accepts that, the server does not. Its message lands at the same field.
    await advies.fill('   ');
    await expect.poll(() => adviesField.locator('.fjs-form-field-error').count()).toBe(0);
    await page.getByRole('button', { name: 'Afronden' }).click();
    await expect
      .poll(() => adviesField.locator('.fjs-form-field-error').textContent())
      .toBe('"Advies aan jeugdige en ouders" is verplicht.');
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('De server heeft het formulier niet geaccepteerd');
    expect(await advies.getAttribute('aria-invalid')).toBe('true');
    // The summary's link takes the user (and the focus) to the field.
    await page
      .getByRole('alert')
      .getByRole('link', { name: /Advies/ })
      .click();
    await expect.poll(() => advies.evaluate((element) => element === document.activeElement)).toBe(true);

    // Typing a real advice clears the server's message; then the task completes.
    await advies.fill('Opvoedondersteuning via het consultatiebureau.');
    await expect.poll(() => adviesField.locator('.fjs-form-field-error').count()).toBe(0);
    await page.getByRole('button', { name: 'Afronden' }).click();
    await page.getByRole('heading', { name: 'Taak afgerond' }).waitFor();
    // Nothing follows in this case for this user: the way back is the worklist.
    await page.getByRole('link', { name: 'Terug naar de werkvoorraad' }).waitFor();
    await context.close();
  });

  it('says who holds a task, also when a colleague picks it up while it is open on screen', async () => {
    const { task } = await caseAt('Task_HulpInzettenSlt', s.triage('regulier', 'laag', 'hulp-binnen-slt'));
    const { context, page } = await loginAs(rig, 'regisseur');
    await page.goto(`${rig.baseUrl}/taken/${task.id}`);
    await page.getByRole('button', { name: 'Oppakken' }).waitFor();

    const colleague = await ApiClient.login(rig.baseUrl, 'regisseur2');
    await colleague.post(`/api/tasks/${task.id}/claim`);

    await expect
      .poll(() => page.locator('.claim-bar').textContent(), { timeout: 10_000 })
      .toContain('opgepakt door Fatima El Amrani');
    expect(await page.getByRole('button', { name: 'Oppakken' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Afronden' }).isDisabled()).toBe(true);
    await context.close();
  });

  it('shows a colleague’s claim that came in while the page was still reading the task', async () => {
    const { task } = await caseAt('Task_HulpInzettenSlt', s.triage('regulier', 'laag', 'hulp-binnen-slt'));
    const { context, page } = await loginAs(rig, 'regisseur');
    const colleague = await ApiClient.login(rig.baseUrl, 'regisseur2');
    // The page's live connection, and the moment it hears the colleague's claim.
    const frames = listenToFrames(page);
    // The page's first read of the task answers with the task as it was before the claim, and
    // only after the claim's live event has reached the page.
    await page.route(
      `**/api/tasks/${task.id}`,
      async (route) => {
        const before = await route.fetch();
        await frames.seen((candidate) => candidate.startsWith('40'));
        await colleague.post(`/api/tasks/${task.id}/claim`);
        await frames.seen((candidate) => candidate.includes('"task:updated"') && candidate.includes(task.id));
        await route.fulfill({ response: before });
      },
      { times: 1 },
    );
    await page.goto(`${rig.baseUrl}/taken/${task.id}`);

    await expect
      .poll(() => page.locator('.claim-bar').textContent(), { timeout: 10_000 })
      .toContain('opgepakt door Fatima El Amrani');
    expect(await page.getByRole('button', { name: 'Oppakken' }).count()).toBe(0);
    await context.close();
  });

  it('keeps a colleague’s claim on screen when a read that was under way answers after it', async () => {
    const { task } = await caseAt('Task_HulpInzettenSlt', s.triage('regulier', 'laag', 'hulp-binnen-slt'));
    const { context, page } = await loginAs(rig, 'regisseur');
    const colleague = await ApiClient.login(rig.baseUrl, 'regisseur2');
    const frames = listenToFrames(page);
    // The page's second read is taken before the colleague's claim and answers only after the
    // claim's live event has reached the page: the order a loaded server can produce, since it
    // logs each read after taking it.
    const read = await holdSecondRead(page, task.id);
    await page.goto(`${rig.baseUrl}/taken/${task.id}`);
    await read.held;
    await colleague.post(`/api/tasks/${task.id}/claim`);
    await frames.seen((frame) => frame.includes('"task:updated"') && frame.includes(task.id));
    read.release();
    await read.answered;
    await expect
      .poll(() => page.locator('.claim-bar').textContent(), { timeout: 10_000 })
      .toContain('opgepakt door Fatima El Amrani');
    // The late answer is in the page; give it time to be applied, and it must not undo the claim.
    await page.waitForTimeout(300);
    expect(await page.locator('.claim-bar').textContent()).toContain('opgepakt door Fatima El Amrani');
    expect(await page.getByRole('button', { name: 'Oppakken' }).count()).toBe(0);
    await context.close();
  });

  it('keeps the user’s own claim on screen when a read that was under way answers after it', async () => {
    const { task } = await caseAt('Task_HulpInzettenSlt', s.triage('regulier', 'laag', 'hulp-binnen-slt'));
    const { context, page } = await loginAs(rig, 'regisseur');
    // The page's second read is taken, then held until the user has picked the task up.
    const read = await holdSecondRead(page, task.id);
    await page.goto(`${rig.baseUrl}/taken/${task.id}`);
    await read.held;
    await page.getByRole('button', { name: 'Oppakken' }).click();
    await page.getByText('U heeft deze taak opgepakt').waitFor();
    read.release();
    await read.answered;
    await page.waitForTimeout(300);
    expect(await page.locator('.claim-bar').textContent()).toContain('U heeft deze taak opgepakt');
    expect(await page.getByRole('button', { name: 'Afronden' }).isDisabled()).toBe(false);
    await context.close();
  });

  it('says plainly who has the task when picking it up comes too late', async () => {
    const { task } = await caseAt('Task_HulpInzettenSlt', s.triage('regulier', 'laag', 'hulp-binnen-slt'));
    const { context, page } = await loginAs(rig, 'regisseur');
    // No live updates on this page, so it still offers "Oppakken" after a colleague took the task.
    await page.routeWebSocket(/socket\.io/, (socket) => socket.close());
    await page.route('**/socket.io/**', (route) => route.abort());
    await page.goto(`${rig.baseUrl}/taken/${task.id}`);
    await page.getByRole('button', { name: 'Oppakken' }).waitFor();

    const colleague = await ApiClient.login(rig.baseUrl, 'regisseur2');
    await colleague.post(`/api/tasks/${task.id}/claim`);
    await page.getByRole('button', { name: 'Oppakken' }).click();

    await expect
      .poll(() => page.locator('.claim-bar').textContent())
      .toContain('Deze taak is al opgepakt door Fatima El Amrani');
    // The message comes from the refused claim; the task's details follow from the reload it triggers.
    await expect
      .poll(() => page.getByRole('region', { name: 'Over deze taak' }).textContent())
      .toContain('Fatima El Amrani');
    expect(await page.getByRole('button', { name: 'Afronden' }).isDisabled()).toBe(true);
    await context.close();
  });

  it('says in Dutch when a task does not exist or may not be seen', async () => {
    const { context, page } = await loginAs(rig, 'slt');
    await page.goto(`${rig.baseUrl}/taken/bestaat-niet`);
    await page.getByText('Deze taak bestaat niet of is niet zichtbaar voor u.').waitFor();
    expect(await page.getByRole('link', { name: 'Terug naar de werkvoorraad' }).count()).toBe(1);
    await context.close();
  });

  it('has no serious or critical accessibility problems, also while it shows errors', async () => {
    const { task } = await caseAt('Task_Triage');
    const { context, page } = await loginAs(rig, 'slt');
    await page.goto(`${rig.baseUrl}/taken/${task.id}`);
    await page.getByRole('button', { name: 'Oppakken' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await saveScreenshot(page, 'task');

    await page.getByRole('button', { name: 'Oppakken' }).click();
    await page.getByText('U heeft deze taak opgepakt').waitFor();
    await page.getByRole('button', { name: 'Afronden' }).click();
    await page.getByRole('alert').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });
});

/** The accessible name of the focused element, as far as these forms need it. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element) return '';
    const input = element as HTMLInputElement;
    const label = input.labels?.[0]?.textContent ?? element.getAttribute('aria-label') ?? element.textContent ?? '';
    return label.replace('*', '').replace(/\s+/g, ' ').trim();
  });
}

/** Presses Tab (only Tab) until the element with this name has the focus. */
async function tabTo(page: Page, name: string, maxPresses = 60): Promise<void> {
  for (let presses = 0; presses < maxPresses; presses += 1) {
    if ((await focusedName(page)) === name) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`"${name}" never got the focus (last: "${await focusedName(page)}")`);
}

/** The frames a page receives on its live connection, and a wait for the first that matches. */
function listenToFrames(page: Page): { seen: (matches: (frame: string) => boolean) => Promise<void> } {
  const frames: string[] = [];
  const waiting = new Set<(frame: string) => void>();
  page.on('websocket', (socket) =>
    socket.on('framereceived', ({ payload }) => {
      const frame = payload.toString();
      frames.push(frame);
      for (const listener of waiting) listener(frame);
    }),
  );
  return {
    seen: (matches) =>
      new Promise<void>((resolve) => {
        if (frames.some(matches)) return resolve();
        const listener = (candidate: string) => {
          if (!matches(candidate)) return;
          waiting.delete(listener);
          resolve();
        };
        waiting.add(listener);
      }),
  };
}

/**
 * Holds the page's second read of a task (the one it makes when its live connection connects):
 * taken from the server at once, answered with that answer only once released. `held` resolves
 * when it is taken, `answered` when the page has received the late answer.
 */
async function holdSecondRead(
  page: Page,
  taskId: string,
): Promise<{ held: Promise<void>; release: () => void; answered: Promise<unknown> }> {
  let reads = 0;
  let taken: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    taken = resolve;
  });
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(`**/api/tasks/${taskId}`, async (route) => {
    reads += 1;
    if (reads !== 2) return route.continue();
    const before = await route.fetch();
    taken();
    await released;
    await route.fulfill({ response: before });
  });
  const answered = page.waitForEvent('requestfinished', {
    predicate: (request) => request.url().endsWith(`/api/tasks/${taskId}`) && reads === 2,
    timeout: 20_000,
  });
  return { held, release, answered };
}
