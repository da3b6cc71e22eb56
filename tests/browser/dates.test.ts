import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartInstanceResponse, Task, TaskDetail } from '../../server/contract/api';
import { amsterdamDay } from '../../server/decisions/days';
import { samples } from '../../server/demo/sample-input';
import { ApiClient } from '../support/server';
import { type BrowserRig, loginAs, openRig, saveScreenshot, seriousA11yViolations } from './support/browser';

/**
 * Dates in task forms (issue 14): typed as dd-mm-jjjj, shown exactly as typed, never moved to
 * another day, and sent to the server as ISO dates. "Hulp inzetten binnen SLT" has a required
 * Startdatum and is the procesregisseur's.
 */
describe('dates in task forms in the browser', () => {
  let rig: BrowserRig;
  let slt: ApiClient;
  let regisseur: ApiClient;
  const s = samples(new Date());
  let youth = 0;

  beforeAll(async () => {
    rig = await openRig();
    slt = await ApiClient.login(rig.baseUrl, 'slt');
    regisseur = await ApiClient.login(rig.baseUrl, 'regisseur');
  });
  afterAll(async () => {
    await rig?.close();
  });

  /** A fresh case walked through the API to "Hulp inzetten binnen SLT". */
  async function caseAtHelp(): Promise<Task> {
    youth += 1;
    const { caseId } = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'toeleiding',
      team: 'slt-breda-noord',
      variables: s.aanmelding({ initialen: `D.${youth}.`, geboortedatum: '2012-05-01' }),
    });
    await slt.completeTask(caseId, 'Task_Vraagverkenning', s.vraagverkenning());
    await slt.completeTask(caseId, 'Task_Triage', s.triage('regulier', 'midden', 'hulp-binnen-slt'));
    const task = (await regisseur.get<Task[]>(`/api/tasks?caseId=${caseId}`)).find(
      (candidate) => candidate.elementId === 'Task_HulpInzettenSlt',
    );
    if (!task) throw new Error(`no Hulp inzetten binnen SLT in ${caseId}`);
    return task;
  }

  /** The task page as the procesregisseur, with the task picked up and the form editable. */
  async function openAndPickUp(task: Task, viewport?: { width: number; height: number }): Promise<Page> {
    const { page } = await loginAs(rig, 'regisseur');
    if (viewport) await page.setViewportSize(viewport);
    await page.goto(`${rig.baseUrl}/taken/${task.id}`);
    await page.getByRole('button', { name: 'Oppakken' }).click();
    await page.getByText('U heeft deze taak opgepakt').waitFor();
    await expect.poll(() => page.locator('.fjs-readonly').count()).toBe(0);
    await page.getByLabel('Welke hulp zet het SLT in?').fill('Gezinscoach vanuit het SLT, wekelijks.');
    return page;
  }

  const startField = (page: Page) => page.getByRole('textbox', { name: 'Startdatum', exact: true });
  const fieldError = (page: Page) =>
    page.locator('.fjs-form-field', { has: startField(page) }).locator('.fjs-form-field-error');

  /** dd-mm-jjjj of a day some days from today. */
  function typed(daysFromToday: number): { typed: string; iso: string } {
    // The server's "today" is the Dutch one, also in the hour(s) after Dutch midnight.
    const iso = amsterdamDay(new Date(Date.now() + daysFromToday * 86_400_000));
    const [year, month, day] = iso.split('-');
    return { typed: `${day}-${month}-${year}`, iso };
  }

  it.each([
    ['31-02-2030', 'geen bestaande datum'],
    ['2030-02-01', 'geen datum in de vorm dd-mm-jjjj'],
    ['01022030', 'geen datum in de vorm dd-mm-jjjj'],
    ['01-02-30', 'geen datum in de vorm dd-mm-jjjj'],
  ])(
    'given a task form with a date, when "%s" is typed and Afronden clicked at once, then the date is refused next to its field and in the summary, kept as typed, and the task stays open',
    async (input, reason) => {
      const task = await caseAtHelp();
      const page = await openAndPickUp(task);

      await startField(page).fill(input);
      await page.getByRole('button', { name: 'Afronden' }).click();

      const summary = page.getByRole('alert').filter({ hasText: 'Het formulier is nog niet compleet' });
      await summary.waitFor();
      expect(await summary.textContent()).toContain(`Startdatum: "${input}" is ${reason}`);
      expect(await fieldError(page).textContent()).toContain(`"${input}" is ${reason}`);
      expect(await fieldError(page).textContent()).toContain('dd-mm-jjjj');
      expect(await startField(page).inputValue()).toBe(input);
      expect(await startField(page).getAttribute('aria-invalid')).toBe('true');
      expect((await regisseur.get<TaskDetail>(`/api/tasks/${task.id}`)).state).toBe('open');
      await page.context().close();
    },
  );

  it('given a task form, when a real date is typed as dd-mm-jjjj and Afronden clicked without leaving the field, then the task completes with the ISO date stored, and the form shows it again as typed', async () => {
    const task = await caseAtHelp();
    const page = await openAndPickUp(task);
    const start = typed(3);
    // The field says the format it takes.
    await expect.poll(() => startField(page).getAttribute('placeholder')).toBe('dd-mm-jjjj');

    await startField(page).fill(start.typed);
    await page.getByRole('button', { name: 'Afronden' }).click();

    await page.locator('#completion-title').waitFor();
    const stored = await regisseur.get<TaskDetail>(`/api/tasks/${task.id}`);
    expect(stored.state).toBe('completed');
    expect(stored.variables.startdatum).toBe(start.iso);

    // The completed task shows the server's ISO date the way it was typed.
    await page.goto(`${rig.baseUrl}/taken/${task.id}`);
    await page.getByText('Deze taak is al afgerond').waitFor();
    await expect.poll(() => startField(page).inputValue()).toBe(start.typed);
    await page.context().close();
  });

  it('given a task form, when a date is typed and confirmed with Enter, then it is kept as typed and completes nothing by itself, and Afronden then stores the ISO date', async () => {
    const task = await caseAtHelp();
    const page = await openAndPickUp(task);
    const start = typed(5);

    await startField(page).fill(start.typed);
    await startField(page).press('Enter');
    // Enter keeps the value (no reinterpretation), and completes nothing by itself.
    expect(await startField(page).inputValue()).toBe(start.typed);
    expect((await regisseur.get<TaskDetail>(`/api/tasks/${task.id}`)).state).toBe('open');

    await page.getByRole('button', { name: 'Afronden' }).click();
    await page.locator('#completion-title').waitFor();
    expect((await regisseur.get<TaskDetail>(`/api/tasks/${task.id}`)).variables.startdatum).toBe(start.iso);
    await page.context().close();
  });

  it.each([
    ['desktop', { width: 1366, height: 768 }],
    ['phone', { width: 390, height: 844 }],
  ])('given a refused date on a %s, then the page has no serious accessibility problems', async (name, viewport) => {
    const task = await caseAtHelp();
    const page = await openAndPickUp(task, viewport);

    await startField(page).fill('31-02-2030');
    await page.getByRole('button', { name: 'Afronden' }).click();
    await fieldError(page).waitFor();

    expect(await seriousA11yViolations(page)).toEqual([]);
    await saveScreenshot(page, `datum-geweigerd-${name}`);
    await page.context().close();
  });

  it('given the MDO chair, when the form opens with the prepared MDO date, then it shows as dd-mm-jjjj and the checklist reads it; an impossible date typed there counts as no date', async () => {
    youth += 1;
    const voorzitter = await ApiClient.login(rig.baseUrl, 'voorzitter');
    // 14 years and two months old on the day of the MDO, which is today.
    const born = new Date(Date.now() - 60 * 86_400_000);
    born.setUTCFullYear(born.getUTCFullYear() - 14);
    const { caseId } = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'toeleiding',
      team: 'slt-breda-noord',
      variables: s.aanmelding({ initialen: `D.${youth}.`, geboortedatum: born.toISOString().slice(0, 10) }),
    });
    await slt.completeTask(caseId, 'Task_Vraagverkenning', s.vraagverkenning('beiden'));
    await slt.completeTask(caseId, 'Task_Triage', s.triage('regulier', 'hoog', 'niet-vrij-toegankelijk'));
    const prepared = typed(0);
    await regisseur.completeTask(
      caseId,
      'Task_MdoVoorbereiden',
      s.mdoVoorbereiden({ basis: 'beiden', mdoDatum: prepared.iso }),
    );
    const task = (await voorzitter.get<Task[]>(`/api/tasks?caseId=${caseId}`)).find(
      (candidate) => candidate.elementId === 'Task_MdoHouden',
    );
    if (!task) throw new Error(`no MDO for the chair in ${caseId}`);

    const { context, page } = await loginAs(rig, 'voorzitter');
    await page.goto(`${rig.baseUrl}/taken/${task.id}`);
    await page.getByRole('button', { name: 'Oppakken' }).click();
    await page.getByText('U heeft deze taak opgepakt').waitFor();
    const mdoDate = page.getByRole('textbox', { name: 'Datum van het MDO', exact: true });
    const panel = page.getByRole('complementary', { name: 'Controle vóór het besluit' });

    await expect.poll(() => mdoDate.inputValue()).toBe(prepared.typed);
    await expect.poll(() => panel.textContent()).toContain('14 jaar op de MDO-datum');

    await mdoDate.fill('31-02-2030');
    await expect.poll(() => panel.textContent()).toContain('Vul de datum van het MDO in');
    await mdoDate.fill(prepared.typed);
    await expect.poll(() => panel.textContent()).toContain('14 jaar op de MDO-datum');
    await context.close();
  });

  it('given a client that bypasses the screen, when it completes a task with a date that does not exist, then the server answers 400 naming the field', async () => {
    const task = await caseAtHelp();
    await regisseur.post(`/api/tasks/${task.id}/claim`);

    for (const startdatum of ['2030-02-31', '31-02-2030', '2030-2-1']) {
      const response = await regisseur.request('POST', `/api/tasks/${task.id}/complete`, {
        variables: { hulpInzet: 'Gezinscoach vanuit het SLT, wekelijks.', startdatum },
      });
      expect(response.status).toBe(400);
      const problem = (await response.json()) as { problems?: Array<{ path?: string }> };
      expect(problem.problems?.map((item) => item.path)).toContain('variables.startdatum');
    }
    expect((await regisseur.get<TaskDetail>(`/api/tasks/${task.id}`)).state).toBe('open');
  });
});
