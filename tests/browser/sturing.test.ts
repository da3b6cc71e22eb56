import { readFile } from 'node:fs/promises';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatNumber } from '../../client/components/sturing/format';
import type {
  ClockResponse,
  Figures,
  InstanceDetail,
  InstanceSummary,
  StartInstanceResponse,
  Task,
  Variables,
} from '../../server/contract/api';
import { type Samples, samples } from '../../server/demo/sample-input';
import { USER_FOR_GROUP } from '../processes/support/route';
import { ApiClient } from '../support/server';
import { type BrowserRig, loginAs, openRig, saveScreenshot, seriousA11yViolations } from './support/browser';

const PHONE = { width: 390, height: 844 };

/**
 * The steering page (/sturing) in a real browser against a real server: the demo cases plus a few
 * walked here through the routes (help within the SLT, a beschikking before help, a sociale-basis
 * triage, a Breda Zuid aanmelding). Every figure the page shows is compared with what
 * GET /api/figures answers for the same filters; no number is written into this test.
 */
describe('the steering page', () => {
  let rig: BrowserRig;
  const clients = new Map<string, ApiClient>();
  const contexts: BrowserContext[] = [];
  /** Every case number and youth's initials on the server: none may appear on the page. */
  const caseIds = new Set<string>();
  const initials = new Set<string>();

  const as = (username: string): ApiClient => {
    const client = clients.get(username);
    if (!client) throw new Error(`no logged-in demo user ${username}`);
    return client;
  };
  const today = async (): Promise<Samples> =>
    samples(new Date((await as('slt').post<ClockResponse>('/api/test/clock', { advance: 'PT0S' })).now));

  /** Claims and completes a case's open task at `elementId` as the demo user of its group. */
  async function complete(caseId: string, elementId: string, variables: Variables): Promise<void> {
    const tasks = await as('teamleider').get<Task[]>(`/api/tasks?caseId=${caseId}`);
    const task = tasks.find((candidate) => candidate.elementId === elementId);
    if (!task) throw new Error(`case ${caseId} waits at ${tasks.map((t) => t.elementId).join(', ')}, not ${elementId}`);
    const worker = as(USER_FOR_GROUP[task.candidateGroups[0]!]!);
    await worker.post(`/api/tasks/${task.id}/claim`);
    await worker.post(`/api/tasks/${task.id}/complete`, { variables });
  }

  async function register(youth: string, options: { team?: string; by?: string } = {}): Promise<string> {
    const s = await today();
    const started = await as(options.by ?? 'slt').post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'toeleiding',
      team: options.team ?? 'slt-breda-noord',
      variables: s.aanmelding({ initialen: youth, geboortedatum: '2017-01-01' }),
    });
    return started.caseId;
  }

  beforeAll(async () => {
    rig = await openRig();
    for (const username of new Set([...Object.values(USER_FOR_GROUP), 'regisseur-zuid', 'beleid']))
      clients.set(username, await ApiClient.login(rig.baseUrl, username));

    // Two cases helped within the SLT, a day apart, so lead times differ.
    for (const youth of ['Q.A.', 'Q.B.']) {
      const caseId = await register(youth);
      const s = await today();
      await complete(caseId, 'Task_Vraagverkenning', s.vraagverkenning());
      await complete(caseId, 'Task_Triage', s.triage('regulier', 'midden', 'hulp-binnen-slt'));
      await as('slt').post('/api/test/clock', { advance: 'P1D' });
      await complete(caseId, 'Task_HulpInzettenSlt', (await today()).hulpInzettenSlt());
    }
    // One with a mandatory MDO and a beschikking before help starts (the wait from beschikking).
    {
      const caseId = await register('Q.C.');
      const s = await today();
      await complete(caseId, 'Task_Vraagverkenning', s.vraagverkenning());
      await complete(caseId, 'Task_Triage', s.triage('regulier', 'hoog', 'niet-vrij-toegankelijk'));
      await complete(caseId, 'Task_MdoVoorbereiden', s.mdoVoorbereiden());
      await complete(caseId, 'Task_MdoHouden', s.mdoBesluit({ besluit: { taakgebieden: ['specialistisch'] } }));
      await complete(caseId, 'Task_BesluitDelen', s.besluitDelen());
      await complete(caseId, 'Task_BeschikkingAfgeven', s.beschikkingAfgeven());
      await as('slt').post('/api/test/clock', { advance: 'P2D' });
      await complete(caseId, 'Task_StartHulpBevestigen', (await today()).startHulpBevestigen());
    }
    // One the sociale basis can help, and one new aanmelding in Breda Zuid.
    {
      const caseId = await register('Q.D.');
      const s = await today();
      await complete(caseId, 'Task_Vraagverkenning', s.vraagverkenning());
      await complete(caseId, 'Task_Triage', s.triage('regulier', 'laag', 'sociale-basis'));
    }
    await register('Q.E.', { team: 'slt-breda-zuid', by: 'regisseur-zuid' });

    for (const username of ['teamleider', 'regisseur-zuid']) {
      for (const instance of await as(username).get<InstanceSummary[]>('/api/instances')) {
        caseIds.add(instance.caseId);
        if (instance.parentId) continue;
        const detail = await as(username).get<InstanceDetail>(`/api/instances/${instance.id}`);
        initials.add((detail.variables.jeugdige as { initialen: string }).initialen);
      }
    }
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await rig?.close();
  });

  async function open(username: string, query = '', viewport?: { width: number; height: number }): Promise<Page> {
    const { context, page } = await loginAs(rig, username);
    contexts.push(context);
    if (viewport) await page.setViewportSize(viewport);
    await page.goto(`${rig.baseUrl}/sturing${query}`);
    await page.getByRole('heading', { level: 1, name: 'Sturing' }).waitFor();
    return page;
  }

  /** Waits until the page shows the figures of the current address (not the ones before it). */
  async function figuresShown(page: Page): Promise<void> {
    await page.locator('.sturing-figures:not([aria-busy])').waitFor({ timeout: 20_000 });
  }

  function table(page: Page, title: string): Locator {
    return page.locator('table.sturing-table').filter({ has: page.locator('caption', { hasText: title }) });
  }

  /** A table's body as text: per row its header and cells, as the page shows them. */
  async function rowsOf(page: Page, title: string): Promise<string[][]> {
    return table(page, title)
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim())),
      );
  }

  async function cellOf(page: Page, title: string, rowKey: string, column: number): Promise<string> {
    return (
      (await table(page, title).locator(`tbody tr[data-row="${rowKey}"] > *`).nth(column).textContent()) ?? ''
    ).trim();
  }

  const number = (value: number | null) => formatNumber(value);
  const suppressed = (value: number | null) => (value === null ? '< 5' : formatNumber(value));

  /**
   * Every count the tables show, checked against the API's answer. Retried until it holds: after a
   * filter change the page may still show the previous figures until its new request has begun.
   */
  async function expectTablesToShow(page: Page, figures: Figures): Promise<void> {
    await vi.waitFor(() => tablesShow(page, figures), { timeout: 20_000, interval: 250 });
  }

  async function tablesShow(page: Page, figures: Figures): Promise<void> {
    expect(await page.locator('[data-tile="aanmeldingen"] .tile-value').textContent()).toBe(
      number(figures.toeleiding.aanmeldingen),
    );
    for (const [outcome, count] of Object.entries(figures.triage))
      expect(await cellOf(page, 'Triage-uitkomsten', outcome, 1)).toBe(number(count));
    for (const key of ['gehouden', 'overeenstemmingEersteKeer', 'opnieuwGepland', 'geescaleerd'] as const)
      expect(await cellOf(page, 'MDO’s', key, 1)).toBe(number(figures.mdo[key]));
    for (const level of ['1', '2', '3', '4'] as const)
      expect(await cellOf(page, 'Escalaties per niveau', level, 1)).toBe(number(figures.escalaties.perNiveau[level]));
    for (const key of ['geplaatst', 'eersteKeerGoed', 'ambulant', 'geescaleerd', 'overbrugging'] as const)
      expect(await cellOf(page, 'Plaatsingen', key, 1)).toBe(number(figures.plaatsingen[key]));
    expect(await cellOf(page, 'Crisisinterventies', 'totaal', 1)).toBe(number(figures.crisis.totaal));
    expect(await cellOf(page, 'Crisisinterventies', 'binnen24uur', 1)).toBe(number(figures.crisis.binnen24uur));

    const teams = Object.entries(figures.taken.perTeam);
    expect(await table(page, 'per team').locator('tbody tr').count()).toBe(teams.length);
    for (const [team, counts] of teams) {
      expect(await cellOf(page, 'per team', team, 1)).toBe(suppressed(counts.open));
      expect(await cellOf(page, 'per team', team, 2)).toBe(suppressed(counts.overTermijn));
    }

    const steps = await rowsOf(page, 'Stappen');
    expect(steps.map((row) => row[2])).toEqual(figures.stappen.map((step) => number(step.afgerond)));
    expect(steps.map((row) => row[0])).toEqual(figures.stappen.map((step) => step.name));

    const trend = await rowsOf(page, 'Per maand');
    expect(trend.map((row) => [row[1], row[2]])).toEqual(
      figures.trend.map((month) => [number(month.aanmeldingen), number(month.hulpGestart)]),
    );
  }

  it('shows a policy officer the figures of the API as tiles, charts and tables, with no case or youth on the page', async () => {
    // Given Yusuf, beleidsmedewerker, and the figures the API gives for the default period
    const figures = await as('beleid').get<Figures>('/api/figures');
    // (the walked cases gave every part of the page something to show)
    expect(figures.toeleiding.aanmeldingen).toBeGreaterThan(0);
    expect(figures.wachttijd.hulpGestart).toBeGreaterThan(0);
    expect(figures.stappen.length).toBeGreaterThan(0);
    expect(Object.values(figures.taken.perTeam).some((team) => team.open === null)).toBe(true);

    // When he opens Sturing from the header
    const { context, page } = await loginAs(rig, 'beleid');
    contexts.push(context);
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Sturing' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sturing' }).waitFor();
    await figuresShown(page);

    // Then every table shows the API's figures
    await expectTablesToShow(page, figures);
    // and a team count under 5 reads "< 5", with why, never 0
    const perTeam = table(page, 'per team');
    expect(await perTeam.locator('td', { hasText: '< 5' }).count()).toBeGreaterThan(0);
    expect(await page.locator(`#${await perTeam.getAttribute('aria-describedby')}`).textContent()).toContain(
      'minder dan 5',
    );

    // and each headline figure says its target and, in words, whether it is met
    const tiles = page.locator('.sturing-tile');
    expect(await tiles.count()).toBeGreaterThanOrEqual(7);
    for (const text of await tiles.allTextContents()) {
      expect(text).toContain('doel:');
      expect(text).toMatch(/Doel gehaald|Doel niet gehaald|Geen doel ingesteld|Nog geen gegevens|Geen doelwaarde/);
    }

    // and the charts are drawn, each an image with a summary for screen readers, above its table
    for (const id of ['grafiek-trend', 'grafiek-doorlooptijd', 'grafiek-binnen-termijn']) {
      const canvas = page.locator(`canvas#${id}`);
      expect(await canvas.getAttribute('role')).toBe('img');
      expect(await canvas.getAttribute('aria-label')).toMatch(/grafiek/i);
      await expect.poll(() => canvas.evaluate(painted), { timeout: 15_000 }).toBe(true);
    }
    expect(await page.getByRole('img', { name: /Lijngrafiek per maand/ }).getAttribute('aria-label')).toContain(
      `${number(figures.toeleiding.aanmeldingen)} aanmeldingen`,
    );

    // and no case number or youth's initials is anywhere on the page
    const html = await page.content();
    for (const caseId of caseIds) expect(html).not.toContain(caseId);
    for (const youth of initials) expect(html).not.toContain(youth);
    await saveScreenshot(page, 'sturing');
  }, 120_000);

  it('keeps a filter in the address and shows the figures of that filter, as the API gives them', async () => {
    const page = await open('beleid');
    await figuresShown(page);
    const all = await as('beleid').get<Figures>('/api/figures');

    // When Yusuf picks SLT Breda Zuid
    await page.getByRole('combobox', { name: 'Team' }).selectOption('slt-breda-zuid');
    await page.waitForURL((url) => url.searchParams.get('team') === 'slt-breda-zuid');
    await figuresShown(page);

    // Then the page shows Breda Zuid's figures, which differ from the whole region's
    const zuid = await as('beleid').get<Figures>('/api/figures?team=slt-breda-zuid');
    expect(zuid.toeleiding.aanmeldingen).not.toBe(all.toeleiding.aanmeldingen);
    await expect
      .poll(() => page.locator('[data-tile="aanmeldingen"] .tile-value').textContent())
      .toBe(number(zuid.toeleiding.aanmeldingen));
    await expectTablesToShow(page, zuid);
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('SLT Breda Zuid');

    // When he types a day that does not exist, it is refused at the field, not moved
    const from = page.getByRole('textbox', { name: 'Van' });
    await from.fill('31-02-2026');
    await page.getByRole('button', { name: 'Toepassen' }).click();
    await expect.poll(() => page.locator('#sturing-van-fout').textContent()).toContain('geen bestaande datum');
    await expect.poll(() => from.getAttribute('aria-invalid')).toBe('true');
    expect(new URL(page.url()).searchParams.get('van')).toBeNull();

    // When he asks for a period, it lands in the address as typed, and the figures follow it
    const period = { from: all.from, to: all.to };
    const typed = (iso: string) => iso.split('-').reverse().join('-');
    await from.fill(typed(period.from));
    await page.getByRole('textbox', { name: 'Tot en met' }).fill(typed(period.to));
    await page.getByRole('button', { name: 'Toepassen' }).click();
    await page.waitForURL((url) => url.searchParams.get('van') === typed(period.from));
    expect(new URL(page.url()).searchParams.get('tot')).toBe(typed(period.to));
    await figuresShown(page);
    await expectTablesToShow(
      page,
      await as('beleid').get<Figures>(`/api/figures?from=${period.from}&to=${period.to}&team=slt-breda-zuid`),
    );

    // and a shared link opens the same view
    const again = await open('beleid', new URL(page.url()).search);
    await figuresShown(again);
    expect(await again.getByRole('combobox', { name: 'Team' }).inputValue()).toBe('slt-breda-zuid');
    expect(await again.getByRole('textbox', { name: 'Van' }).inputValue()).toBe(typed(period.from));

    // When he picks a quick period and a task area, both land in the address and the figures follow
    await again.getByRole('button', { name: 'Afgelopen 3 maanden' }).click();
    await again.waitForURL((url) => url.searchParams.get('van') !== typed(period.from));
    await again.getByRole('combobox', { name: 'Taakgebied' }).selectOption({ label: 'Stevig Lokaal Team' });
    await again.waitForURL((url) => url.searchParams.get('taakgebied') === 'slt');
    await figuresShown(again);
    const address = new URL(again.url()).searchParams;
    await expect
      .poll(() => again.getByRole('button', { name: 'Afgelopen 3 maanden' }).getAttribute('aria-pressed'))
      .toBe('true');
    const iso = (text: string) => text.split('-').reverse().join('-');
    await expectTablesToShow(
      again,
      await as('beleid').get<Figures>(
        `/api/figures?from=${iso(address.get('van')!)}&to=${iso(address.get('tot')!)}&team=slt-breda-zuid&taakgebied=slt`,
      ),
    );
  }, 120_000);

  it('exports a table as a CSV for Dutch Excel whose rows are the table’s', async () => {
    const page = await open('beleid');
    await figuresShown(page);
    for (const title of ['Triage-uitkomsten', 'Stappen', 'Open taken en over termijn per team']) {
      const shown = await rowsOf(page, title);
      const header = await table(page, title)
        .locator('thead th')
        .evaluateAll((cells) => cells.map((cell) => (cell.textContent ?? '').trim()));

      const download = page.waitForEvent('download');
      await page
        .locator('.figure-table')
        .filter({ has: table(page, title) })
        .getByRole('button', { name: /^CSV exporteren/ })
        .click();
      const file = await (await download).path();
      const bytes = await readFile(file);

      // A UTF-8 byte order mark, so Excel reads "coördinatie"; ; between fields; CRLF lines
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.subarray(3).toString('utf8').split('\r\n').filter(Boolean);
      expect(lines.map((line) => parseCsvLine(line))).toEqual([header, ...shown]);
      expect((await download).suggestedFilename()).toMatch(/\.csv$/);
    }
  }, 120_000);

  it('has no serious accessibility problems and no sideways scrolling, on a desktop and on a phone', async () => {
    for (const viewport of [undefined, PHONE]) {
      const page = await open('beleid', '', viewport);
      await figuresShown(page);
      await expect.poll(() => page.locator('canvas#grafiek-trend').evaluate(painted), { timeout: 15_000 }).toBe(true);
      expect(await seriousA11yViolations(page)).toEqual([]);
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
      ).toBeLessThanOrEqual(0);
      if (viewport) await saveScreenshot(page, 'sturing-phone');
    }
  }, 120_000);

  it('lets the process owner set a doelwaarde, refusing one out of range at its field, and the tile reads against it', async () => {
    const page = await open('eigenaar');
    await figuresShown(page);
    const form = page.getByRole('region', { name: 'Doelwaarden instellen' });
    const field = form.getByRole('textbox', { name: /^MDO’s met overeenstemming de eerste keer/ });
    await field.waitFor();

    // A percentage above 100 is the server's to refuse: it says so at the field
    await field.fill('120');
    await form.getByRole('button', { name: 'Doelwaarden opslaan' }).click();
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#doel-overeenstemmingEersteKeerPct-fout').textContent()).toMatch(/\d/);

    // A valid one is stored, and the tile shows it as its target
    await field.fill('80');
    await form.getByRole('button', { name: 'Doelwaarden opslaan' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toContain('opgeslagen');
    const stored = await as('beleid').get<Figures>('/api/figures');
    expect(stored.doelwaarden.overeenstemmingEersteKeerPct?.waarde).toBe(80);
    await expect
      .poll(() => page.locator('[data-tile="overeenstemmingEersteKeerPct"] .tile-target').textContent())
      .toBe('doel: minstens 80%');
  }, 120_000);

  it('shows a teamleider the figures of her own teams only, and says so when asked for another', async () => {
    // Given Anouk, teamleider of SLT Breda Noord
    const page = await open('teamleider');
    await figuresShown(page);

    // Then she can filter on her own team only, and sees what the API gives her
    const teams = page.getByRole('combobox', { name: 'Team' });
    expect(await teams.locator('option').allTextContents()).toEqual(['Al mijn teams', 'SLT Breda Noord']);
    await expectTablesToShow(page, await as('teamleider').get<Figures>('/api/figures'));

    // When a link asks for another team's figures, the page says why there are none
    await page.goto(`${rig.baseUrl}/sturing?team=slt-breda-zuid`);
    await page.getByRole('heading', { level: 1, name: 'Sturing' }).waitFor();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Met deze filters zijn er geen cijfers');
    expect(await page.locator('.sturing-figures').count()).toBe(0);
  }, 120_000);

  it('offers a procesregisseur no Sturing, and tells them in Dutch they have no access', async () => {
    const { context, page } = await loginAs(rig, 'regisseur');
    contexts.push(context);
    const menu = page.getByRole('navigation', { name: 'Hoofdmenu' });
    await menu.getByRole('link', { name: 'Werkvoorraad' }).waitFor();
    expect(await menu.getByRole('link', { name: 'Sturing' }).count()).toBe(0);

    await page.goto(`${rig.baseUrl}/sturing`);
    await page.getByRole('heading', { level: 1, name: 'Sturing' }).waitFor();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Geen toegang');
    expect(await page.locator('table, canvas').count()).toBe(0);
  }, 120_000);
});

/** Whether anything was painted on a canvas (chart.js drew on it). */
function painted(canvas: HTMLCanvasElement): boolean {
  const context = canvas.getContext('2d');
  if (!context || canvas.width === 0 || canvas.height === 0) return false;
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  for (let index = 3; index < data.length; index += 4) if (data[index]! > 0) return true;
  return false;
}

/** One line of a ;-separated CSV, with "…" quoting. */
function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!;
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        current += '"';
        index++;
      } else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"') quoted = true;
    else if (char === ';') {
      fields.push(current);
      current = '';
    } else current += char;
  }
  fields.push(current);
  return fields;
}
