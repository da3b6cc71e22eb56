import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseHistoryEntry, CaseSummary, Task } from '../../server/contract/api';
import { CasesDriver, problemOf } from '../support/cases';
import { LiveClient } from '../support/sockets';

/** PUT /api/cases/:caseId/regisseur: one regievoerder per case (DOMAIN.md §1). */
describe("the case's regievoerder", () => {
  let driver: CasesDriver;

  // A server with the demo seed and eleven logins: room for a busy 2-core machine.
  beforeAll(async () => {
    driver = await CasesDriver.open();
  }, 120_000);
  afterAll(async () => {
    await driver?.stop();
  });

  it('is assigned and changed by the teamleider, and the history says who assigned whom', async () => {
    // Given an unowned case
    const run = await driver.register('R.A.', '2012-04-04');

    // When the teamleider assigns Ruben, then changes it to Fatima
    const first = await driver.setRegisseur('teamleider', run.caseId, 'regisseur');
    const second = await driver.setRegisseur('teamleider', run.caseId, 'regisseur2');

    // Then the answer is the case with its regievoerder, and the history holds both assignments
    expect(first.status).toBe(200);
    expect(((await first.json()) as CaseSummary).regisseur).toEqual({
      id: 'regisseur',
      name: 'Ruben Jansen (procesregisseur)',
    });
    expect(second.status).toBe(200);
    expect(((await second.json()) as CaseSummary).regisseur?.id).toBe('regisseur2');
    const history = await driver.as('teamleider').get<CaseHistoryEntry[]>(`/api/cases/${run.caseId}/history`);
    const assigned = history.filter((entry) => entry.type === 'case.regisseur-assigned');
    expect(assigned.map((entry) => [entry.actor, entry.data])).toEqual([
      ['teamleider', { regisseur: 'regisseur' }],
      ['teamleider', { regisseur: 'regisseur2', was: 'regisseur' }],
    ]);
    expect((await driver.find('teamleider', run.caseId))?.regisseur?.id).toBe('regisseur2');
  });

  it('can be taken by a procesregisseur of the team for an unowned case, but not taken over', async () => {
    // Given an unowned case
    const run = await driver.register('R.B.', '2012-04-05');

    // When Ruben takes it, and Fatima then tries to take it too
    const taken = await driver.setRegisseur('regisseur', run.caseId, 'regisseur');
    const takeover = await driver.setRegisseur('regisseur2', run.caseId, 'regisseur2');

    // Then Ruben owns it, and Fatima is told it has a regievoerder already
    expect(taken.status).toBe(200);
    expect(takeover.status).toBe(409);
    expect((await problemOf(takeover)).detail).toMatch(/al een regievoerder: Ruben Jansen/);
    expect((await driver.find('regisseur', run.caseId))?.regisseur?.id).toBe('regisseur');
  });

  it('cannot be handed to a colleague by a procesregisseur, nor assigned by someone outside the team', async () => {
    const run = await driver.register('R.C.', '2012-04-06');

    const handed = await driver.setRegisseur('regisseur', run.caseId, 'regisseur2');
    const bySlt = await driver.setRegisseur('slt', run.caseId, 'regisseur');
    const byZuid = await driver.setRegisseur('regisseur-zuid', run.caseId, 'regisseur-zuid');

    expect(handed.status).toBe(403);
    expect((await problemOf(handed)).detail).toMatch(/alleen zelf regievoerder/);
    expect(bySlt.status).toBe(403);
    // Another team's procesregisseur does not learn that the case exists.
    expect(byZuid.status).toBe(404);
    expect((await driver.setRegisseur('teamleider', 'C-BESTAATNIET', 'regisseur')).status).toBe(404);
    expect((await driver.find('teamleider', run.caseId))?.regisseur).toBeUndefined();
  });

  it('must be a procesregisseur of the case’s team', async () => {
    const run = await driver.register('R.D.', '2012-04-07');

    for (const userId of ['slt', 'regisseur-zuid', 'niemand']) {
      const response = await driver.setRegisseur('teamleider', run.caseId, userId);
      expect(response.status, userId).toBe(400);
      expect((await problemOf(response)).problems?.[0]).toMatchObject({ path: 'userId', code: 'not-eligible' });
    }
    const empty = await driver.as('teamleider').request('PUT', `/api/cases/${run.caseId}/regisseur`, {});
    expect(empty.status).toBe(400);
    expect((await problemOf(empty)).problems?.[0]?.path).toBe('userId');
  });

  it('is not set by claiming or completing a task of an unowned case', async () => {
    const run = await driver.register('R.E.', '2012-04-08');
    const s = await driver.route.samples();

    await run.complete('Task_Vraagverkenning', s.vraagverkenning());
    await run.complete('Task_Triage', s.triage('regulier', 'hoog', 'niet-vrij-toegankelijk'));
    await run.complete('Task_MdoVoorbereiden', s.mdoVoorbereiden(), 'regisseur');

    expect((await driver.find('teamleider', run.caseId))?.regisseur).toBeUndefined();
  });

  it('sees "my cases", including one that only waits for its evaluation date', async () => {
    // Given Ruben's case whose help runs within the SLT until the evaluation date
    const run = await driver.register('R.F.', '2012-04-09');
    await driver.setRegisseur('teamleider', run.caseId, 'regisseur');
    await driver.toEvaluationWait(run);
    expect(await driver.as('regisseur').get<Task[]>(`/api/tasks?caseId=${run.caseId}`)).toEqual([]);

    // When Ruben lists his cases
    const mine = await driver.all('regisseur', '?regisseur=me');

    // Then it is there, waiting at the evaluation timer with its date
    const listed = mine.find((item) => item.caseId === run.caseId);
    expect(listed?.currentSteps).toEqual([
      expect.objectContaining({
        elementId: 'Timer_Evaluatiedatum',
        name: 'Evaluatiedatum bereikt',
        kind: 'wait',
        dueAt: expect.any(String),
      }),
    ]);
    expect(mine.every((item) => item.regisseur?.id === 'regisseur')).toBe(true);
    expect((await driver.all('regisseur2', '?regisseur=me')).map((item) => item.caseId)).not.toContain(run.caseId);
  });

  it('announces a newly registered case to the whole team, so every open case list shows it', async () => {
    // regisseur2 is in no candidate group of the new case's first task (Vraagverkenning).
    const live = await LiveClient.as(driver.as('regisseur2'));
    const zuid = await LiveClient.as(driver.as('regisseur-zuid'));
    try {
      const run = await driver.register('N.W.', '2013-07-21');
      expect(await live.waitFor('case:updated', (event) => event.caseId === run.caseId)).toEqual({
        caseId: run.caseId,
      });
      expect(zuid.all('case:updated', (event) => event.caseId === run.caseId)).toEqual([]);
    } finally {
      live.close();
      zuid.close();
    }
  });

  it('is announced live to the team as case:updated', async () => {
    const run = await driver.register('R.G.', '2012-04-10');
    const live = await LiveClient.as(driver.as('regisseur2'));
    const zuid = await LiveClient.as(driver.as('regisseur-zuid'));
    try {
      await driver.setRegisseur('teamleider', run.caseId, 'regisseur');

      expect(await live.waitFor('case:updated', (event) => event.caseId === run.caseId)).toEqual({
        caseId: run.caseId,
      });
      // Another team's socket hears nothing of it (checked after the team's own event arrived).
      expect(zuid.all('case:updated', (event) => event.caseId === run.caseId)).toEqual([]);
    } finally {
      live.close();
      zuid.close();
    }
  });
});
