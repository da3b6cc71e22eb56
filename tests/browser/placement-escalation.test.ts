import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClockResponse, StartInstanceResponse, Task } from '../../server/contract/api';
import { samples } from '../../server/demo/sample-input';
import { ApiClient } from '../support/server';
import { type BrowserRig, loginAs, openRig, saveScreenshot, seriousA11yViolations } from './support/browser';

/** The placement search after an escalation for geen-passend-aanbod, as the coordinator sees it. */
describe('the search after a binding decision, in the browser', () => {
  let rig: BrowserRig;
  const clients = new Map<string, ApiClient>();
  const as = async (username: string): Promise<ApiClient> => {
    let client = clients.get(username);
    if (!client) {
      client = await ApiClient.login(rig.baseUrl, username);
      clients.set(username, client);
    }
    return client;
  };
  const serverNow = async (advance = 'PT0S'): Promise<Date> =>
    new Date((await (await as('slt')).post<ClockResponse>('/api/test/clock', { advance })).now);

  beforeAll(async () => {
    rig = await openRig();
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('given a search that escalated and a binding decision that keeps the stay, when the coordinator opens the search again, then the form shows the decision above it', {
    timeout: 90_000,
  }, async () => {
    const s = samples(await serverNow());
    const slt = await as('slt');
    const regisseur = await as('regisseur');
    const { caseId } = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'toeleiding',
      team: 'slt-breda-noord',
      variables: s.aanmelding({ initialen: 'E.B.', geboortedatum: '2017-01-01' }),
    });
    await slt.completeTask(caseId, 'Task_Vraagverkenning', s.vraagverkenning());
    await slt.completeTask(
      caseId,
      'Task_Triage',
      s.triage('spoed', 'hoog', 'niet-vrij-toegankelijk', { uithuisplaatsingOverwogen: true }),
    );
    await regisseur.completeTask(caseId, 'Task_MdoVoorbereiden', s.mdoVoorbereiden());
    await regisseur.completeTask(caseId, 'Task_VerklarendeAnalyse', s.verklarendeAnalyse());
    await (await as('voorzitter')).completeTask(
      caseId,
      'Task_MdoHouden',
      s.mdoBesluit({ besluit: { taakgebieden: ['wonen'], verblijfNodig: true } }),
    );
    await regisseur.completeTask(caseId, 'Task_BesluitDelen', s.besluitDelen());
    await (await as('plaatser')).completeTask(caseId, 'Task_AmbulanteAlternatieven', s.ambulanteAlternatieven(false));
    await regisseur.completeTask(caseId, 'Task_Matchprofiel', s.matchprofiel());

    // Twenty working days (28 to 32 calendar days) without a place: the ladder starts.
    const later = samples(await serverNow('P33D'));
    await (await as('teamleider')).completeTask(
      caseId,
      'Task_Niveau1',
      later.escalatieNiveau(true, { besluit: { taakgebieden: ['wonen'], verblijfNodig: true } }),
    );
    const plaatser = await as('plaatser');
    const search = (await plaatser.get<Task[]>(`/api/tasks?caseId=${caseId}`)).find(
      (task) => task.elementId === 'Task_PassendePlekZoeken',
    );
    expect(search).toBeDefined();

    const { context, page } = await loginAs(rig, 'plaatser');
    await page.goto(`${rig.baseUrl}/taken/${search!.id}`);
    await page.getByRole('heading', { name: 'Bindend besluit na escalatie (niveau 1)' }).waitFor();
    const form = await page.locator('.fjs-container').textContent();
    expect(form).toContain('Regie bij: Procesregisseur SLT Breda Noord');
    expect(form).toContain('Motivatie: Partijen zijn het na overleg eens.');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await saveScreenshot(page, 'zoeken-na-bindend-besluit');
    await context.close();
  });

  it('given the process screens, when a process owner opens toeleiding and plaatsingscoördinatie, then the crisis gateway and the decision gateway are drawn', {
    timeout: 60_000,
  }, async () => {
    const { context, page } = await loginAs(rig, 'eigenaar');
    for (const [key, elementId] of [
      ['toeleiding', 'Gateway_CrisisBijAanmelding'],
      ['plaatsingscoordinatie', 'Gateway_BindendBesluit'],
    ] as const) {
      await page.goto(`${rig.baseUrl}/processen/${key}`);
      await page.locator(`.djs-element[data-element-id="${elementId}"]`).waitFor();
      await saveScreenshot(page, `proces-${key}`);
    }
    await context.close();
  });
});
