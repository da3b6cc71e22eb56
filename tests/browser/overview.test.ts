import type { Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DefinitionVersion,
  ElementInstances,
  ElementStatistics,
  StartInstanceResponse,
} from '../../server/contract/api';
import { samples } from '../../server/demo/sample-input';
import { ApiClient } from '../support/server';
import { type BrowserRig, loginAs, openRig, saveScreenshot, seriousA11yViolations } from './support/browser';

/** The process overview at /processen and /processen/:key in a real browser, against the demo server. */
describe('process overview in the browser', () => {
  let rig: BrowserRig;
  let teamleider: ApiClient;
  let slt: ApiClient;

  beforeAll(async () => {
    rig = await openRig();
    teamleider = await ApiClient.login(rig.baseUrl, 'teamleider');
    slt = await ApiClient.login(rig.baseUrl, 'slt');
  });
  afterAll(async () => {
    await rig?.close();
  });

  async function startToeleiding(initialen: string): Promise<StartInstanceResponse> {
    return slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'toeleiding',
      team: 'slt-breda-noord',
      variables: samples(new Date()).aanmelding({ initialen, geboortedatum: '2012-05-05' }),
    });
  }

  /** Boundary events of a diagram: they wait with their activity and are not counted again. */
  async function boundaryEvents(key: string, version: number): Promise<Set<string>> {
    const response = await teamleider.request('GET', `/api/definitions/${key}/versions/${version}/xml`);
    const xml = await response.text();
    return new Set([...xml.matchAll(/<bpmn:boundaryEvent\b[^>]*\bid="([^"]+)"/g)].map((match) => match[1]!));
  }

  /** What the overview should show for a version: the statistics of the steps where cases wait. */
  async function waitingSteps(key: string, version = 1): Promise<ElementStatistics[]> {
    const boundaries = await boundaryEvents(key, version);
    const statistics = await teamleider.get<ElementStatistics[]>(
      `/api/definitions/${key}/versions/${version}/statistics`,
    );
    return statistics.filter((entry) => entry.active > 0 && !boundaries.has(entry.elementId));
  }

  async function openProcess(page: Page, key: string): Promise<void> {
    await page.goto(`${rig.baseUrl}/processen/${key}`);
    await page.locator('button.cr-count-badge').first().waitFor();
  }

  function badge(page: Page, elementId: string) {
    return page.locator(`button.cr-count-badge[data-element-id="${elementId}"]`);
  }

  /** The number a sighted user reads on an element's badge. */
  async function badgeCount(page: Page, elementId: string): Promise<number> {
    return Number(await badge(page, elementId).locator('.cr-count').textContent());
  }

  /** A step's row in the table under the diagram, as its cells' text. */
  async function tableRow(page: Page, stepName: string): Promise<string[]> {
    const row = page
      .getByRole('region', { name: 'Aantallen per stap' })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: stepName, exact: true }) });
    return row.getByRole('cell').allTextContents();
  }

  it('lists the four processes with their latest version, who deployed it, and the cases waiting and overdue in each', async () => {
    const definitions = await teamleider.get<DefinitionVersion[]>('/api/definitions');
    const expected = new Map<string, { active: number; overdue: number }>();
    for (const definition of definitions) {
      const steps = await waitingSteps(definition.key, definition.version);
      expected.set(definition.key, {
        active: steps.reduce((sum, step) => sum + step.active, 0),
        overdue: steps.reduce((sum, step) => sum + step.overdue, 0),
      });
    }
    const { context, page } = await loginAs(rig, 'teamleider');
    await page.goto(`${rig.baseUrl}/processen`);
    const table = page.getByRole('table', { name: /Processen met hun nieuwste versie/ });
    await table.waitFor();
    await expect.poll(() => table.getByText('wordt geteld').count()).toBe(0);

    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(4);
    expect(await rows.getByRole('rowheader').allTextContents()).toEqual([
      'Toeleiding',
      'MDO',
      'Escalatieladder',
      'Plaatsingscoördinatie',
    ]);
    for (const definition of definitions) {
      const row = table.locator(`tr[data-process="${definition.key}"]`);
      expect(await row.getByRole('link').getAttribute('href')).toBe(`/processen/${definition.key}`);
      const [version, deployed, active, overdue] = await row.getByRole('cell').allTextContents();
      expect(version).toBe(`versie ${definition.version}`);
      expect(deployed).toMatch(/\d{4}.* door systeem$/);
      expect(Number(active)).toBe(expected.get(definition.key)!.active);
      const overdueCount = expected.get(definition.key)!.overdue;
      expect(overdue).toBe(overdueCount === 0 ? '0' : `⚠ ${overdueCount} te laat`);
    }
    // The demo cases wait somewhere in every process: the totals are not trivially zero.
    expect(expected.get('toeleiding')!.active).toBeGreaterThan(0);

    // A process's name opens its overview.
    await table.getByRole('link', { name: 'Toeleiding' }).click();
    await page.getByRole('heading', { level: 1, name: /Toeleiding/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/processen/toeleiding');
    await context.close();
  });

  it('shows the right counts after starting cases: the badge goes up by 3 without a reload, and the table agrees', async () => {
    const { context, page } = await loginAs(rig, 'teamleider');
    await openProcess(page, 'toeleiding');
    const before = await badgeCount(page, 'Task_Vraagverkenning');
    const fromApi = (await waitingSteps('toeleiding')).find((step) => step.elementId === 'Task_Vraagverkenning')!;
    expect(before).toBe(fromApi.active);
    expect((await tableRow(page, 'Vraagverkenning'))[0]).toBe(String(before));

    // The user has zoomed in; a live update must leave the view where it is.
    await page.getByRole('button', { name: 'Inzoomen' }).click();
    const viewport = () => page.locator('.djs-container .viewport').getAttribute('transform');
    await expect.poll(viewport).not.toBeNull();
    const zoomed = await viewport();
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    for (const initialen of ['L.A.', 'L.B.', 'L.C.']) await startToeleiding(initialen);

    await expect.poll(() => badgeCount(page, 'Task_Vraagverkenning'), { timeout: 10_000 }).toBe(before + 3);
    await expect.poll(async () => (await tableRow(page, 'Vraagverkenning'))[0]).toBe(String(before + 3));
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(await viewport()).toBe(zoomed);
    // The badge's accessible name says what it counts and what it opens.
    expect(await badge(page, 'Task_Vraagverkenning').getAttribute('aria-expanded')).toBe('false');
    await expect
      .poll(() => badge(page, 'Task_Vraagverkenning').textContent())
      .toContain(`Vraagverkenning: ${before + 3} casussen`);
    await context.close();
  });

  it('lists the cases behind a badge: the teamleider sees those of the team, the process owner only how many there are', async () => {
    const started = await startToeleiding('K.L.');
    // The teamleider sees the cases of SLT Breda Noord; a demo case of Breda Zuid waits there too.
    const waiting = await teamleider.get<ElementInstances>(
      '/api/definitions/toeleiding/versions/1/elements/Task_Vraagverkenning/instances',
    );
    expect(waiting.items.length).toBeGreaterThan(0);
    expect(waiting.items.length).toBeLessThan(waiting.total);

    const { context, page } = await loginAs(rig, 'teamleider');
    await openProcess(page, 'toeleiding');
    await expect.poll(() => badgeCount(page, 'Task_Vraagverkenning')).toBe(waiting.total);
    // A real button: reached and pressed with the keyboard.
    await badge(page, 'Task_Vraagverkenning').focus();
    await page.keyboard.press('Enter');
    const panel = page.getByRole('region', { name: 'Casussen bij Vraagverkenning' });
    await panel.getByRole('listitem').first().waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('casussen-kop');
    expect(await badge(page, 'Task_Vraagverkenning').getAttribute('aria-expanded')).toBe('true');
    expect(
      await panel
        .locator('a[href^="/casussen/"]')
        .evaluateAll((links) => links.map((link) => link.getAttribute('href'))),
    ).toEqual(waiting.items.map((item) => `/casussen/${item.caseId}`));
    expect(await panel.locator('.element-cases-count').textContent()).toBe(
      `${waiting.items.length} van ${waiting.total} zichtbaar voor u.`,
    );

    const item = panel.getByRole('listitem').filter({ has: page.locator(`a[href="/casussen/${started.caseId}"]`) });
    const text = await item.textContent();
    expect(text).toContain(`Casus ${started.caseId}`);
    expect(text).toContain('Wacht sinds');
    expect(text).toContain('Behandelaar');
    expect(text).toContain('nog niemand');
    expect(text).toContain('Termijn');
    expect(text).not.toContain('Te laat');
    expect(await item.getByRole('link', { name: /Bekijk op het diagram/ }).getAttribute('href')).toBe(
      `/instanties/${started.id}`,
    );

    // Escape closes the list and puts the focus back on the badge that opened it.
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.elementId)).toBe(
      'Task_Vraagverkenning',
    );
    await context.close();

    // The process owner may see no case: the total is there, the cases are not.
    const owner = await loginAs(rig, 'eigenaar');
    await openProcess(owner.page, 'toeleiding');
    await badge(owner.page, 'Task_Vraagverkenning').click();
    const ownerPanel = owner.page.getByRole('region', { name: 'Casussen bij Vraagverkenning' });
    await expect
      .poll(() => ownerPanel.locator('.element-cases-count').textContent())
      .toBe(`0 van ${waiting.total} zichtbaar voor u.`);
    expect(await ownerPanel.getByRole('listitem').count()).toBe(0);
    expect(await ownerPanel.locator('a[href^="/casussen/"]').count()).toBe(0);
    await owner.context.close();
  });

  it('colours the steps by average wait when the heat map is on, with a legend in days, the longest wait in the hottest band', async () => {
    await teamleider.post('/api/test/clock', { advance: 'P3D' });
    const steps = await waitingSteps('toeleiding');
    const longest = steps.reduce((a, b) => ((b.averageWaitMs ?? 0) > (a.averageWaitMs ?? 0) ? b : a));
    expect(longest.averageWaitMs).toBeGreaterThan(3 * 86_400_000 - 60_000);

    const { context, page } = await loginAs(rig, 'teamleider');
    await openProcess(page, 'toeleiding');
    expect(await page.getByRole('region', { name: /Legenda warmtekaart/ }).count()).toBe(0);
    expect(await page.locator('.djs-element[class*="cr-heat-"]').count()).toBe(0);

    await page.getByLabel('Warmtekaart: waar wachten casussen het langst').check();
    const legend = page.getByRole('region', { name: /Legenda warmtekaart/ });
    await legend.waitFor();
    const bands = await legend.locator('li[data-level]').allTextContents();
    expect(bands).toHaveLength(4);
    expect(bands[0]).toMatch(/^0 tot .*dag/);
    expect(bands[3]).toMatch(/dag(en)? of langer$/);

    const hottest = page.locator(`.djs-element[data-element-id="${longest.elementId}"]`);
    await expect.poll(() => hottest.getAttribute('class')).toContain('cr-heat-3');
    // Every waiting step is coloured, and its badge says its average wait in words too.
    for (const step of steps) {
      expect(await page.locator(`.djs-element[data-element-id="${step.elementId}"]`).getAttribute('class')).toMatch(
        /cr-heat-\d/,
      );
      expect(await badge(page, step.elementId).textContent()).toMatch(/gemiddeld .* wachten/);
    }
    expect(await badge(page, longest.elementId).getAttribute('title')).toMatch(
      /, gemiddeld 3(,\d)? dagen wachten, het langst /,
    );

    // Off again: no colours left.
    await page.getByLabel('Warmtekaart: waar wachten casussen het langst').uncheck();
    await expect.poll(() => page.locator('.djs-element[class*="cr-heat-"]').count()).toBe(0);
    await context.close();
  });

  it('has no serious accessibility violations on /processen and /processen/toeleiding (heat map and cases open)', async () => {
    const { context, page } = await loginAs(rig, 'teamleider');
    await page.goto(`${rig.baseUrl}/processen`);
    const table = page.getByRole('table', { name: /Processen met hun nieuwste versie/ });
    await table.waitFor();
    await expect.poll(() => table.getByText('wordt geteld').count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await saveScreenshot(page, 'processes');

    await openProcess(page, 'toeleiding');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel('Warmtekaart: waar wachten casussen het langst').check();
    await badge(page, 'Task_Vraagverkenning').click();
    await page.getByRole('region', { name: 'Casussen bij Vraagverkenning' }).getByRole('listitem').first().waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await saveScreenshot(page, 'process-overview');
    await context.close();
  });

  it('watches the process again after the live connection dropped, and catches up on what it missed', async () => {
    const { context, page } = await loginAs(rig, 'teamleider');
    const routes: Array<{ page: WebSocketRoute; server: WebSocketRoute }> = [];
    await page.routeWebSocket(/\/socket\.io\//, (route) => {
      routes.push({ page: route, server: route.connectToServer() });
    });
    await openProcess(page, 'toeleiding');
    await expect.poll(() => routes.length).toBe(1);
    const before = await badgeCount(page, 'Task_Vraagverkenning');

    // A case starts while the connection is down; socket.io reconnects on its own.
    await routes[0]!.server.close();
    await routes[0]!.page.close();
    await startToeleiding('R.A.');
    await expect.poll(() => routes.length, { timeout: 15_000 }).toBe(2);
    await expect.poll(() => badgeCount(page, 'Task_Vraagverkenning'), { timeout: 10_000 }).toBe(before + 1);

    // And it follows live again.
    await startToeleiding('R.B.');
    await expect.poll(() => badgeCount(page, 'Task_Vraagverkenning'), { timeout: 10_000 }).toBe(before + 2);
    await context.close();
  });

  it('offers every version of a process; cases stay counted on the version they started on', async () => {
    const owner = await ApiClient.login(rig.baseUrl, 'eigenaar');
    const xml = await (await owner.request('GET', '/api/definitions/toeleiding/versions/1/xml')).text();
    const deployed = await owner.request(
      'POST',
      '/api/definitions',
      xml.replace('name="Vraagverkenning"', 'name="Vraag verkennen"'),
      'application/xml',
    );
    expect(deployed.status).toBe(201);
    const onVersion1 = (await waitingSteps('toeleiding', 1)).reduce((sum, step) => sum + step.active, 0);

    const { context, page } = await loginAs(rig, 'teamleider');
    await page.goto(`${rig.baseUrl}/processen`);
    const row = page.locator('tr[data-process="toeleiding"]');
    await expect
      .poll(() => row.getByRole('cell').allTextContents())
      .toEqual([
        'versie 2',
        expect.stringContaining('door Lotte Hendriks'),
        `${onVersion1} (waarvan ${onVersion1} op oudere versies)`,
        expect.any(String),
      ]);

    // The newest version, asked for, has no cases yet: no badges, and the table says so. (Opened
    // without a version the page goes to version 1 instead: phones-process-version.test.ts.)
    await page.goto(`${rig.baseUrl}/processen/toeleiding?versie=2`);
    await page.getByRole('heading', { level: 1, name: 'Toeleiding versie 2' }).waitFor();
    await page.locator('.djs-element[data-element-id="Task_Vraagverkenning"]').waitFor();
    expect(await page.getByRole('region', { name: 'Aantallen per stap' }).textContent()).toContain(
      'In deze versie wachten nu geen casussen.',
    );
    expect(await page.locator('button.cr-count-badge').count()).toBe(0);

    const select = page.getByLabel('Versie', { exact: true });
    expect(await select.locator('option').allTextContents()).toEqual([
      expect.stringMatching(/^Versie 2 \(nieuwste\)/),
      expect.stringMatching(/^Versie 1 –/),
    ]);
    // With the keyboard: the next option is the older version, and the focus stays on the selector.
    await select.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => new URL(page.url()).search).toBe('?versie=1');
    await page.getByRole('heading', { level: 1, name: 'Toeleiding versie 1' }).waitFor();
    await badge(page, 'Task_Vraagverkenning').waitFor();
    expect(await page.getByText('U bekijkt een oudere versie.').count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SELECT');

    // An address for a version that does not exist says so.
    await page.goto(`${rig.baseUrl}/processen/toeleiding?versie=9`);
    await page.getByRole('heading', { level: 1, name: 'Niet gevonden' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('Versie 9 van Toeleiding bestaat niet.');
    await context.close();
  });
});
