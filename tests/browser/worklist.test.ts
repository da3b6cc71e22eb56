import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../server/contract/api';
import { ApiClient } from '../support/server';
import { type BrowserRig, loginAs, openRig, saveScreenshot, seriousA11yViolations } from './support/browser';

/**
 * The worklist in a real browser against a demo-mode server: lists and filters in the URL, live
 * changes by colleagues, a lost claim race, a teamleider's assignment, and accessibility.
 */
describe('the worklist', () => {
  let rig: BrowserRig;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    rig = await openRig();
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await rig?.close();
  });

  async function userOn(username: string, address: string): Promise<Page> {
    const { context, page } = await loginAs(rig, username);
    contexts.push(context);
    await page.goto(rig.baseUrl + address);
    await taskRows(page).first().waitFor({ timeout: 20_000 });
    return page;
  }

  /** The open task at an element, as the API shows it to a user. */
  async function openTask(username: string, name: string): Promise<Task> {
    const client = await ApiClient.login(rig.baseUrl, username);
    const task = (await client.get<Task[]>('/api/tasks?scope=all')).find((candidate) => candidate.name === name);
    if (!task) throw new Error(`${username} sees no open task "${name}"`);
    return task;
  }

  it('shows a colleague’s claim of a group task to the other procesregisseur without a reload', async () => {
    // Given two procesregisseurs of the same team, both looking at the tasks of their groups
    const task = await openTask('regisseur', 'Hulp inzetten binnen SLT');
    const ruben = await userOn('regisseur', '/?lijst=groep');
    const fatima = await userOn('regisseur2', '/?lijst=groep');
    expect(await holderOf(row(ruben, task))).toBe('open');
    expect(await holderOf(row(fatima, task))).toBe('open');
    await ruben.evaluate(() => {
      document.body.dataset.zelfdePagina = 'ja';
    });

    // When Fatima claims it
    await fatima
      .getByRole('button', { name: `Oppakken: Hulp inzetten binnen SLT, casus ${task.caseId}`, exact: true })
      .click();

    // Then she holds it, and Ruben sees her as its holder in the same page, told politely
    await expect.poll(() => holderOf(row(fatima, task)), { timeout: 15_000 }).toContain('Fatima El Amrani');
    await expect.poll(() => holderOf(row(ruben, task)), { timeout: 15_000 }).toContain('Fatima El Amrani');
    await expect
      .poll(() => ruben.getByRole('status').textContent())
      .toContain('Hulp inzetten binnen SLT is opgepakt door Fatima El Amrani');
    expect(
      await row(ruben, task)
        .getByRole('button', { name: /^Oppakken/ })
        .count(),
    ).toBe(0);
    expect(await ruben.evaluate(() => document.body.dataset.zelfdePagina)).toBe('ja');
    // and Fatima can release it again
    await row(fatima, task)
      .getByRole('button', { name: `Vrijgeven: Hulp inzetten binnen SLT, casus ${task.caseId}` })
      .waitFor();
  }, 120_000);

  it('says plainly that a claim lost the race, and shows who was first', async () => {
    // Given Ruben on his group tasks, with live task events held back from his browser, so that
    // his screen still offers a task a colleague has just taken (as when two click at once)
    const task = await openTask('regisseur', 'MDO voorbereiden');
    const { context, page } = await loginAs(rig, 'regisseur');
    contexts.push(context);
    let holdTaskEvents = false;
    await context.routeWebSocket(/\/socket\.io\//, (socket) => {
      const server = socket.connectToServer();
      server.onMessage((message) => {
        if (holdTaskEvents && String(message).includes('"task:')) return;
        socket.send(message);
      });
    });
    await page.goto(`${rig.baseUrl}/?lijst=groep`);
    const claim = page.getByRole('button', { name: `Oppakken: MDO voorbereiden, casus ${task.caseId}`, exact: true });
    await claim.waitFor({ timeout: 20_000 });

    // When Fatima claims it first, and then Ruben clicks "Oppakken". Her claim is made as his
    // request leaves the browser: made before his click, it could reach his screen anyway through
    // the list's read on every (re)connect of the live connection, and take the button away.
    holdTaskEvents = true;
    const fatima = await ApiClient.login(rig.baseUrl, 'regisseur2');
    await page.route(`**/api/tasks/${task.id}/claim`, async (route) => {
      await fatima.post(`/api/tasks/${task.id}/claim`);
      await route.continue();
    });
    await claim.click();

    // Then Ruben reads that it did not work and why, and the row shows Fatima as the holder
    const alert = page.getByRole('alert');
    await expect
      .poll(() => alert.textContent(), { timeout: 15_000 })
      .toContain('Deze taak is al opgepakt door Fatima El Amrani');
    expect(await alert.textContent()).toContain(`Oppakken van MDO voorbereiden (casus ${task.caseId}) is niet gelukt.`);
    await expect.poll(() => holderOf(row(page, task)), { timeout: 15_000 }).toContain('Fatima El Amrani');
    expect(await claim.count()).toBe(0);
    // and his keyboard focus stays on that task
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('MDO voorbereiden');
    holdTaskEvents = false;
  }, 120_000);

  it('sorts and filters the rows, with the view in a URL that can be bookmarked', async () => {
    // Given the teamleider on all tasks of the team, sorted by due date (earliest first)
    const teamleider = await ApiClient.login(rig.baseUrl, 'teamleider');
    const all = await teamleider.get<Task[]>('/api/tasks?scope=all');
    const dated = all.filter((task) => task.dueAt).sort((a, b) => Date.parse(a.dueAt!) - Date.parse(b.dueAt!));
    const page = await userOn('teamleider', '/?lijst=team');
    expect(await page.getByRole('link', { name: 'Over termijn' }).getAttribute('href')).toBe('/?lijst=te-laat');
    await expect.poll(() => taskNames(page)).toHaveLength(all.length);
    expect((await taskNames(page))[0]).toBe(dated[0]!.name);
    expect(await sortOf(page, 'Termijn')).toBe('ascending');

    // When she sorts on the due date again, the latest due date comes first
    await page.getByRole('button', { name: 'Termijn', exact: true }).click();
    await expect.poll(() => taskNames(page).then((names) => names[0])).toBe(dated.at(-1)!.name);
    expect(await sortOf(page, 'Termijn')).toBe('descending');
    expect(page.url()).toContain('richting=af');

    // When she sorts on priority, highest first
    await page.getByRole('button', { name: 'Prioriteit', exact: true }).click();
    await expect.poll(() => sortOf(page, 'Prioriteit')).toBe('descending');
    expect(await sortOf(page, 'Termijn')).toBe('none');
    expect(page.url()).toContain('sorteer=prioriteit');

    // When she filters on the MDO process and her team, only those rows remain
    await page.getByLabel('Proces').selectOption({ label: 'MDO' });
    const mdo = all.filter((task) => task.definitionKey === 'mdo');
    await expect.poll(() => taskNames(page)).toHaveLength(mdo.length);
    expect(await page.locator('tbody tr td .process').allTextContents()).toEqual(mdo.map(() => 'MDO'));
    await page.getByLabel('Team').selectOption({ label: 'SLT Breda Noord' });
    await expect.poll(() => page.url()).toContain('team=slt-breda-noord');
    const address = page.url();
    expect(address).toContain('lijst=team');
    expect(address).toContain('proces=mdo');
    const filtered = await taskNames(page);

    // Then the same address opened afresh shows the same view
    await page.goto(address);
    await expect.poll(() => taskNames(page)).toEqual(filtered);
    expect(await page.getByLabel('Proces').inputValue()).toBe('mdo');
    expect(await page.getByLabel('Team').inputValue()).toBe('slt-breda-noord');
    expect(await sortOf(page, 'Prioriteit')).toBe('descending');
    expect(await page.getByRole('link', { name: 'Alle taken van mijn team' }).getAttribute('aria-current')).toBe(
      'page',
    );

    // When she switches to her own tasks, the filters come along and the empty list says so in words
    await page.getByRole('link', { name: 'Mijn taken' }).click();
    await page.getByText('U hebt op dit moment geen taken opgepakt.').waitFor();
    expect(page.url()).not.toContain('lijst=');
    expect(page.url()).toContain('proces=mdo');
  }, 120_000);

  it('lets a teamleider assign a task to a colleague, by keyboard, and the colleague gets it live', async () => {
    // Given the teamleider on all tasks of her team, and Sanne (SLT) on her own tasks
    const task = await openTask('teamleider', 'Vraagverkenning');
    const page = await userOn('teamleider', '/?lijst=team');
    const { context, page: sanne } = await loginAs(rig, 'slt');
    contexts.push(context);
    await sanne.getByRole('heading', { name: 'Mijn taken' }).waitFor();
    await sanne.getByText('U hebt op dit moment geen taken opgepakt.').waitFor();

    // When the teamleider opens "Toewijzen" on the row and chooses Sanne, using only the keyboard
    await page.getByRole('button', { name: `Toewijzen: Vraagverkenning, casus ${task.caseId}` }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Taak toewijzen' });
    await dialog.waitFor();
    const colleague = dialog.getByLabel('Toewijzen aan');
    await expect.poll(() => colleague.evaluate((element) => element === document.activeElement)).toBe(true);
    await colleague.selectOption({ label: 'Sanne de Vries (SLT)' });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');

    // Then the dialog closes, the row shows Sanne as holder, and focus is back on the task
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => holderOf(row(page, task))).toContain('Sanne de Vries');
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toContain(`Vraagverkenning (casus ${task.caseId}) is toegewezen aan Sanne de Vries (SLT).`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Vraagverkenning');
    // and Sanne sees it arrive in her own list without reloading
    await expect.poll(() => taskNames(sanne), { timeout: 15_000 }).toEqual(['Vraagverkenning']);
    await expect
      .poll(() => sanne.getByRole('status').textContent())
      .toContain(`Vraagverkenning (casus ${task.caseId}) is aan u toegewezen.`);
  }, 120_000);

  it('has no serious accessibility problems, also with the assign dialog open', async () => {
    // Given the teamleider's full team list at 1366x768
    const page = await userOn('teamleider', '/?lijst=team');
    await expect.poll(() => taskNames(page).then((names) => names.length)).toBeGreaterThan(5);

    // Then axe finds nothing serious or critical, and the screen is kept as an artefact
    expect(await seriousA11yViolations(page)).toEqual([]);
    await saveScreenshot(page, 'worklist');

    await page
      .getByRole('button', { name: /^Toewijzen: / })
      .first()
      .click();
    await page.getByRole('dialog', { name: 'Taak toewijzen' }).getByLabel('Toewijzen aan').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    // Escape returns focus to the button that opened the dialog
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? ''))
      .toMatch(/^Toewijzen: /);
  }, 120_000);

  // Last: it moves the server's clock, which fires timers in every case.
  it('lists what is past its term under "Over termijn", marked "Te laat" in words', async () => {
    // Given a week and a half later on the server's clock, and the browser's clock with it
    const teamleider = await ApiClient.login(rig.baseUrl, 'teamleider');
    const { now } = await teamleider.post<{ now: string }>('/api/test/clock', { advance: 'P10D' });
    const overdue = await teamleider.get<Task[]>('/api/tasks?scope=all&overdue=true');
    expect(overdue.length).toBeGreaterThan(0);
    const { context, page } = await loginAs(rig, 'teamleider');
    contexts.push(context);
    await context.clock.install({ time: new Date(now) });

    // When the teamleider opens the overdue list
    await page.goto(`${rig.baseUrl}/?lijst=te-laat`);

    // Then she sees exactly those tasks, each marked "Te laat" in text, not by colour alone
    await expect.poll(() => taskNames(page).then((names) => names.length), { timeout: 20_000 }).toBe(overdue.length);
    const dueCells = await page.locator('tbody tr td.due-cell').allTextContents();
    expect(dueCells.every((text) => /te laat/i.test(text))).toBe(true);
    expect(await page.getByRole('link', { name: 'Over termijn' }).getAttribute('aria-current')).toBe('page');
  }, 120_000);
});

function taskRows(page: Page): Locator {
  return page.locator('table tbody tr');
}

function row(page: Page, task: Task): Locator {
  return page.locator(`table tbody tr[data-task-id="${task.id}"]`);
}

async function holderOf(row: Locator): Promise<string> {
  return ((await row.locator('td.holder').textContent()) ?? '').trim();
}

async function taskNames(page: Page): Promise<string[]> {
  return page.locator('table tbody tr th[scope="row"] .task-link').allTextContents();
}

async function sortOf(page: Page, column: string): Promise<string | null> {
  return page.getByRole('columnheader', { name: column }).getAttribute('aria-sort');
}
