import type { Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstanceDetail, InstanceSummary, StartInstanceResponse, Task } from '../../server/contract/api';
import { samples } from '../../server/demo/sample-input';
import { ApiClient } from '../support/server';
import { type BrowserRig, loginAs, openRig, saveScreenshot, seriousA11yViolations } from './support/browser';

/** The live case diagram at /instanties/:id in a real browser, against the demo server. */
describe('instance diagram in the browser', () => {
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

  /** A fresh toeleiding, waiting at Vraagverkenning, so no other test has touched it. */
  async function newCase(initialen: string): Promise<StartInstanceResponse> {
    return slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'toeleiding',
      team: 'slt-breda-noord',
      variables: samples(new Date()).aanmelding({ initialen, geboortedatum: '2012-05-05' }),
    });
  }

  async function openInstance(page: Page, id: string): Promise<void> {
    await page.goto(`${rig.baseUrl}/instanties/${id}`);
    await waitForDiagram(page);
  }

  async function waitForDiagram(page: Page): Promise<void> {
    await page.getByRole('heading', { level: 2, name: 'Stand van zaken' }).waitFor();
    await page.locator('.djs-element.cr-active, .djs-element.cr-taken').first().waitFor();
  }

  /** How an element is marked on the diagram: what the user sees as its state. */
  async function markerOf(page: Page, elementId: string): Promise<'active' | 'taken' | 'none'> {
    const classes = (await page.locator(`.djs-element[data-element-id="${elementId}"]`).getAttribute('class')) ?? '';
    return classes.includes('cr-active') ? 'active' : classes.includes('cr-taken') ? 'taken' : 'none';
  }

  /** The text a sighted user reads on the badge under an element, or '' when there is none. */
  function badgeOf(page: Page, elementId: string): Promise<string> {
    return page.evaluate((id) => {
      const badge = document.querySelector(`.djs-overlays[data-container-id="${id}"] .cr-badge`);
      if (!badge) return '';
      // Each line of the badge (holder, due date) as the user reads it, joined by " | ".
      const lines = [...badge.querySelectorAll('a > *:not(.visually-hidden):not([aria-hidden])')].map((line) => {
        const visible = line.cloneNode(true) as HTMLElement;
        for (const hidden of visible.querySelectorAll('.visually-hidden')) hidden.remove();
        return (visible.textContent ?? '').replace(/\s+/g, ' ').trim();
      });
      return lines.length > 0 ? lines.join(' | ') : (badge.textContent ?? '').trim();
    }, elementId);
  }

  /** The SVG viewport's transform: changes whenever the diagram is panned or zoomed. */
  function viewport(page: Page): Promise<string | null> {
    return page.locator('.djs-container svg .viewport').first().getAttribute('transform');
  }

  async function markNotReloaded(page: Page): Promise<void> {
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  }

  function stillNotReloaded(page: Page): Promise<boolean | undefined> {
    return page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded);
  }

  it('moves the marker and the badge when a colleague completes the waiting task, without reload and without moving the diagram', async () => {
    const { id, caseId } = await newCase('Q.L.');
    // The procesregisseur hears nothing of SLT tasks through their groups: only watching the instance brings the news.
    const { context, page } = await loginAs(rig, 'regisseur');
    await openInstance(page, id);

    expect(await markerOf(page, 'Start_Aanmelding')).toBe('taken');
    expect(await markerOf(page, 'Task_Vraagverkenning')).toBe('active');
    expect(await markerOf(page, 'Task_Triage')).toBe('none');
    expect(await badgeOf(page, 'Task_Vraagverkenning')).toMatch(/^open \| t\/m \d+ \w+\.? \d{4}/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Toeleiding · casus ${caseId}`);
    const standing = page.getByRole('region', { name: 'Stand van zaken' });
    expect(await standing.getByRole('listitem').first().textContent()).toContain(
      'Vraagverkenning: behandelaar open (nog niet opgepakt)',
    );

    // The user zooms in; live changes must keep exactly this view.
    await page.getByRole('button', { name: 'Inzoomen' }).click();
    await markNotReloaded(page);
    const view = await viewport(page);

    const [task] = await slt.get<Task[]>(`/api/tasks?caseId=${caseId}`);
    await slt.post(`/api/tasks/${task!.id}/claim`);
    await expect.poll(() => badgeOf(page, 'Task_Vraagverkenning')).toContain('Sanne de Vries (SLT)');

    // Record in the page when the new step becomes active, to measure the delay from the API's answer.
    await page.evaluate(() => {
      const target = document.querySelector('.djs-element[data-element-id="Task_Triage"]')!;
      new MutationObserver(() => {
        if (target.classList.contains('cr-active'))
          (window as unknown as { activeAt?: number }).activeAt ??= Date.now();
      }).observe(target, { attributes: true, attributeFilter: ['class'] });
    });
    const sentAt = Date.now();
    await slt.post(`/api/tasks/${task!.id}/complete`, { variables: samples(new Date()).vraagverkenning('beiden') });
    const answeredAt = Date.now();

    await expect.poll(() => markerOf(page, 'Task_Triage')).toBe('active');
    const activeAt = (await page.evaluate(() => (window as unknown as { activeAt?: number }).activeAt))!;
    console.log(`completion sent → answered ${answeredAt - sentAt} ms, → marker moved ${activeAt - sentAt} ms`);
    expect(activeAt - answeredAt).toBeLessThan(1000);

    expect(await markerOf(page, 'Task_Vraagverkenning')).toBe('taken');
    await expect.poll(() => badgeOf(page, 'Task_Triage')).toMatch(/^open \| t\/m/);
    expect(await badgeOf(page, 'Task_Vraagverkenning')).toBe('');
    await expect.poll(() => standing.getByRole('listitem').first().textContent()).toContain('Triage: behandelaar open');
    // The flow between them is drawn as taken.
    const detail = await slt.get<InstanceDetail>(`/api/instances/${id}`);
    for (const flowId of detail.takenFlowIds) expect(await markerOf(page, flowId)).toBe('taken');

    expect(await stillNotReloaded(page)).toBe(true);
    expect(await viewport(page)).toBe(view);
    await context.close();
  });

  it('shows an escalation move to level 2 when the test clock lets the level-1 term expire', async () => {
    const escalations = await teamleider.get<InstanceSummary[]>(
      '/api/instances?definitionKey=escalatieladder&state=active',
    );
    const candidates = await Promise.all(
      escalations.map((instance) => teamleider.get<InstanceDetail>(`/api/instances/${instance.id}`)),
    );
    // A regular escalation (a crisis one has 24-hour terms and would climb further in ten days).
    const escalation = candidates.find(
      (instance) => instance.activeElementIds.includes('Task_Niveau1') && instance.variables.urgentie !== 'crisis',
    )!;
    const { context, page } = await loginAs(rig, 'teamleider');
    await openInstance(page, escalation.id);
    expect(await markerOf(page, 'Task_Niveau1')).toBe('active');
    expect(await markerOf(page, 'Timer_Niveau1')).toBe('active');
    expect(await badgeOf(page, 'Task_Niveau1')).toContain('open');
    await markNotReloaded(page);
    const view = await viewport(page);

    await teamleider.post('/api/test/clock', { advance: 'P10D' });

    await expect.poll(() => markerOf(page, 'Task_Niveau2')).toBe('active');
    expect(await markerOf(page, 'Task_Niveau1')).not.toBe('active');
    expect(await markerOf(page, 'Timer_Niveau1')).toBe('taken');
    expect(await markerOf(page, 'Flow_Niveau1Verlopen')).toBe('taken');
    await expect.poll(() => badgeOf(page, 'Task_Niveau2')).toContain('open');
    expect(await badgeOf(page, 'Task_Niveau1')).toBe('');
    await expect
      .poll(() => page.getByRole('region', { name: 'Stand van zaken' }).textContent())
      .toContain('Advies Regionaal Expertteam');
    expect(await stillNotReloaded(page)).toBe(true);
    expect(await viewport(page)).toBe(view);
    await context.close();
  });

  it('drills into the MDO a call activity started and comes back up through the breadcrumb', async () => {
    const roots = await teamleider.get<InstanceSummary[]>('/api/instances?definitionKey=toeleiding&state=active');
    const parent = roots.find((instance) => instance.activeElementIds.includes('Call_Mdo'))!;
    const child = (await teamleider.get<InstanceSummary[]>(`/api/instances?caseId=${parent.caseId}`)).find(
      (instance) => instance.parentId === parent.id && instance.calledBy === 'Call_Mdo' && instance.state === 'active',
    )!;
    const { context, page } = await loginAs(rig, 'regisseur');
    await openInstance(page, parent.id);
    await markNotReloaded(page);

    // Click the call activity on the diagram itself.
    await expect.poll(() => badgeOf(page, 'Call_Mdo')).toBe('MDO openen');
    await page.locator('.djs-element[data-element-id="Call_Mdo"]').click();
    await page.waitForURL(`**/instanties/${child.id}`);
    await waitForDiagram(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`MDO · casus ${parent.caseId}`);
    const crumbs = page.getByRole('navigation', { name: 'Kruimelpad' });
    await expect
      .poll(() => crumbs.getByRole('listitem').allTextContents())
      .toEqual([`Casus ${parent.caseId}`, 'Toeleiding', 'MDO']);
    expect(await crumbs.locator('[aria-current="page"]').textContent()).toBe('MDO');

    await crumbs.getByRole('link', { name: 'Toeleiding' }).click();
    await page.waitForURL(`**/instanties/${parent.id}`);
    await waitForDiagram(page);
    expect(await markerOf(page, 'Call_Mdo')).toBe('active');
    await page
      .getByRole('navigation', { name: 'Kruimelpad' })
      .getByRole('link', { name: `Casus ${parent.caseId}` })
      .click();
    await page.getByRole('heading', { level: 2, name: 'Samenvatting' }).waitFor();
    expect(page.url()).toBe(`${rig.baseUrl}/casussen/${parent.caseId}`);
    // All of it in place: the app never reloaded.
    expect(await stillNotReloaded(page)).toBe(true);
    await context.close();
  });

  it('opens the task page from a waiting task’s badge, and from the task on the diagram', async () => {
    const { id, caseId } = await newCase('W.B.');
    const [task] = await slt.get<Task[]>(`/api/tasks?caseId=${caseId}`);
    const { context, page } = await loginAs(rig, 'slt');
    await openInstance(page, id);

    const badge = page
      .getByRole('region', { name: 'Diagram' })
      .getByRole('link', { name: /^Taak Vraagverkenning, behandelaar: open/ });
    expect(await badge.getAttribute('href')).toBe(`/taken/${task!.id}`);
    // Keyboard users reach it like any link.
    await badge.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/taken/${task!.id}`);
    await page.getByRole('heading', { level: 1, name: /Vraagverkenning/ }).waitFor();

    await page.goBack();
    await waitForDiagram(page);
    await page.locator('.djs-element[data-element-id="Task_Vraagverkenning"]').click();
    await page.waitForURL(`**/taken/${task!.id}`);
    await page.getByRole('heading', { level: 1, name: /Vraagverkenning/ }).waitFor();
    await context.close();
  });

  it('keeps following the instance after the live connection drops and comes back', async () => {
    const { id, caseId } = await newCase('R.C.');
    const { context, page } = await loginAs(rig, 'regisseur');
    const routes: Array<{ page: WebSocketRoute; server: WebSocketRoute }> = [];
    await page.routeWebSocket(/\/socket\.io\//, (route) => {
      routes.push({ page: route, server: route.connectToServer() });
    });
    await openInstance(page, id);
    await expect.poll(() => routes.length).toBe(1);

    // The connection drops; socket.io reconnects on its own and the screen must watch again.
    await routes[0]!.server.close();
    await routes[0]!.page.close();
    await expect.poll(() => routes.length, { timeout: 15_000 }).toBe(2);

    await slt.completeTask(caseId, 'Task_Vraagverkenning', samples(new Date()).vraagverkenning('beiden'));
    await expect.poll(() => markerOf(page, 'Task_Triage')).toBe('active');
    expect(await markerOf(page, 'Task_Vraagverkenning')).toBe('taken');
    await context.close();
  });

  it('says in words, not only in colour, that a waiting task is overdue', async () => {
    const { id, caseId } = await newCase('T.L.');
    const [task] = await slt.get<Task[]>(`/api/tasks?caseId=${caseId}`);
    const { context, page } = await loginAs(rig, 'regisseur');
    // The browser's clock a day past the due date; the timers of the page keep running.
    await page.clock.setFixedTime(new Date(new Date(task!.dueAt!).getTime() + 86_400_000));
    await openInstance(page, id);

    await expect
      .poll(() => badgeOf(page, 'Task_Vraagverkenning'))
      .toMatch(/^open \| ⚠ (\d+ werkdag(en)?|\d+ uur) te laat · \d+ \w+/);
    expect(
      await page
        .getByRole('region', { name: 'Diagram' })
        .getByRole('link', {
          name: /^Taak Vraagverkenning, behandelaar: open ?, termijn: (\d+ werkdag(en)?|\d+ uur) te laat · \d+ \w+/,
        })
        .count(),
    ).toBe(1);
    expect(await page.getByRole('region', { name: 'Stand van zaken' }).textContent()).toMatch(/te laat/i);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });

  it('says an instance of another team, or one that does not exist, is not found', async () => {
    const { id } = await newCase('N.Z.');
    const { context, page } = await loginAs(rig, 'regisseur-zuid');
    for (const instanceId of [id, 'bestaat-niet']) {
      await page.goto(`${rig.baseUrl}/instanties/${instanceId}`);
      await page.getByRole('heading', { level: 1, name: 'Niet gevonden' }).waitFor();
      expect(await page.getByRole('main').textContent()).toContain('niet zien');
      expect(await page.locator('.djs-container').count()).toBe(0);
    }
    await context.close();
  });

  it('has no serious accessibility problems and a legend and a text version of the diagram', async () => {
    const roots = await teamleider.get<InstanceSummary[]>('/api/instances?definitionKey=toeleiding&state=active');
    const atBeschikking = roots.find((instance) => instance.activeElementIds.includes('Task_BeschikkingAfgeven'))!;
    const { context, page } = await loginAs(rig, 'teamleider');
    await openInstance(page, atBeschikking.id);
    await expect.poll(() => badgeOf(page, 'Task_BeschikkingAfgeven')).toContain('open');

    const legend = page.getByRole('list', { name: 'Legenda' });
    expect(await legend.textContent()).toContain('Actief');
    expect(await legend.textContent()).toContain('Te laat');
    const standing = page.getByRole('region', { name: 'Stand van zaken' });
    expect(await standing.textContent()).toContain('Beschikking afgeven: behandelaar open');
    expect(await page.getByRole('img', { name: /Diagram van Toeleiding/ }).count()).toBe(1);
    for (const name of ['Inzoomen', 'Uitzoomen', 'Passend'])
      expect(await page.getByRole('button', { name }).count()).toBe(1);
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);

    expect(await seriousA11yViolations(page)).toEqual([]);
    await saveScreenshot(page, 'instance');
    await context.close();
  });
});
