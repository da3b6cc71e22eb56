import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseHistoryEntry, CaseSummary, CaseView, Task } from '../../server/contract/api';
import { PROCESSES_DIR } from '../processes/support/route';
import { CasesDriver, problemOf } from '../support/cases';
import { ApiClient, removeDataDir, startServer } from '../support/server';
import { LiveClient } from '../support/sockets';

/** POST /api/cases/:caseId/close: a withdrawn or finished case closes, and nothing of it runs on. */
describe('closing a case', () => {
  let driver: CasesDriver;

  // A server with the demo seed and eleven logins: room for a busy 2-core machine.
  beforeAll(async () => {
    driver = await CasesDriver.open();
  }, 120_000);
  afterAll(async () => {
    await driver?.stop();
  });

  it('is for its regievoerder and its teamleider only', async () => {
    const run = await driver.register('S.A.', '2012-05-01');
    await driver.setRegisseur('teamleider', run.caseId, 'regisseur');

    expect((await driver.close('regisseur2', run.caseId, 'Ingetrokken')).status).toBe(403);
    expect((await driver.close('slt', run.caseId, 'Ingetrokken')).status).toBe(403);
    expect((await driver.close('regisseur-zuid', run.caseId, 'Ingetrokken')).status).toBe(404);
    expect((await driver.close('teamleider', 'C-BESTAATNIET', 'Ingetrokken')).status).toBe(404);
    expect((await driver.find('teamleider', run.caseId))?.state).toBe('open');
  });

  it('needs a reason', async () => {
    const run = await driver.register('S.B.', '2012-05-02');

    for (const body of [undefined, '', '   ', 'x'.repeat(2001)]) {
      const response = await driver.close('teamleider', run.caseId, body);
      expect(response.status, String(body?.length)).toBe(400);
      expect((await problemOf(response)).problems?.[0]?.path).toBe('reden');
    }
    expect((await driver.find('teamleider', run.caseId))?.state).toBe('open');
  });

  it('cancels every open instance, takes its tasks off the worklists and says who closed it and why', async () => {
    // Given Ruben's case in an MDO (a child instance with an open task), watched by the team's worklists
    const run = await driver.register('S.C.', '2012-05-03');
    await driver.setRegisseur('teamleider', run.caseId, 'regisseur');
    const s = await driver.route.samples();
    await run.complete('Task_Vraagverkenning', s.vraagverkenning());
    await run.complete('Task_Triage', s.triage('regulier', 'hoog', 'niet-vrij-toegankelijk'));
    const [open] = await run.openTasks();
    expect(open?.elementId).toBe('Task_MdoVoorbereiden');
    const worklist = await LiveClient.as(driver.as('regisseur2'));

    try {
      // When Ruben closes it: the family withdrew
      const response = await driver.close('regisseur', run.caseId, '  Gezin trekt de hulpvraag in.  ');

      // Then the case is closed, with nothing left running or waiting
      expect(response.status).toBe(200);
      const closed = (await response.json()) as CaseSummary;
      expect(closed).toMatchObject({ caseId: run.caseId, state: 'closed', currentSteps: [], overdue: false });
      expect(closed.closedAt).toEqual(expect.any(String));
      const view = await driver.as('teamleider').get<CaseView>(`/api/cases/${run.caseId}`);
      expect(view.instances.map((instance) => instance.state)).toEqual(['cancelled', 'cancelled']);
      expect(await driver.as('teamleider').get<Task[]>(`/api/tasks?caseId=${run.caseId}`)).toEqual([]);
      const groupTasks = await driver.as('regisseur2').get<Task[]>('/api/tasks?scope=group');
      expect(groupTasks.map((task) => task.caseId)).not.toContain(run.caseId);
      const gone = await worklist.waitFor('task:updated', (task) => task.id === open!.id);
      expect(gone.state).toBe('cancelled');

      // And the history says who closed it and why
      const history = await driver.as('teamleider').get<CaseHistoryEntry[]>(`/api/cases/${run.caseId}/history`);
      const entry = history.find((candidate) => candidate.type === 'case.closed');
      expect(entry).toMatchObject({ actor: 'regisseur', data: { reden: 'Gezin trekt de hulpvraag in.' } });
      expect(history.filter((candidate) => candidate.type === 'instance.cancelled').map((e) => e.actor)).toEqual([
        'regisseur',
        'regisseur',
      ]);

      // And it left the open lists for the closed one
      expect((await driver.all('regisseur', '?state=open')).map((item) => item.caseId)).not.toContain(run.caseId);
      expect((await driver.all('regisseur', '?state=closed')).map((item) => item.caseId)).toContain(run.caseId);
    } finally {
      worklist.close();
    }
  });

  it('answers 409 when the case is closed already; a closed case gets no regievoerder and starts nothing', async () => {
    const run = await driver.register('S.D.', '2012-05-04');
    expect((await driver.close('teamleider', run.caseId, 'Dubbele aanmelding')).status).toBe(200);

    const again = await driver.close('teamleider', run.caseId, 'Nogmaals');
    expect(again.status).toBe(409);
    expect((await problemOf(again)).detail).toMatch(/al afgesloten/);
    expect((await driver.setRegisseur('teamleider', run.caseId, 'regisseur')).status).toBe(409);
    // Nor does a process start in it again: a new hulpvraag is a new case.
    const s = await driver.route.samples();
    const restart = await driver.as('slt').request('POST', '/api/instances', {
      definitionKey: 'toeleiding',
      team: 'slt-breda-noord',
      caseId: run.caseId,
      variables: s.aanmelding({ initialen: 'S.D.', geboortedatum: '2012-05-04' }),
    });
    expect(restart.status).toBe(409);
    expect((await driver.find('teamleider', run.caseId))?.currentSteps).toEqual([]);
  });

  it('drops its timers: the evaluation date passes without an evaluation task', async () => {
    // Given a case waiting for its evaluation date
    const run = await driver.register('S.E.', '2012-05-05');
    await driver.toEvaluationWait(run);

    // When the teamleider closes it and the evaluation date passes
    expect((await driver.close('teamleider', run.caseId, 'Hulp afgerond, gezin redt zich')).status).toBe(200);
    await driver.route.advance('P120D');

    // Then no timer fired and no task came
    expect(await run.openTasks()).toEqual([]);
    const history = await driver.as('teamleider').get<CaseHistoryEntry[]>(`/api/cases/${run.caseId}/history`);
    const closedAt = history.findIndex((entry) => entry.type === 'case.closed');
    expect(history.slice(closedAt + 1)).toEqual([]);
    expect((await driver.find('teamleider', run.caseId))?.state).toBe('closed');
  });
});

describe('a closed case after a restart', () => {
  it('stays closed, with no task and no timer that fires', async () => {
    // Given a case closed while it waited for its evaluation date
    const driver = await CasesDriver.open();
    const run = await driver.register('S.F.', '2012-05-06');
    await driver.toEvaluationWait(run);
    expect((await driver.close('teamleider', run.caseId, 'Verhuisd naar een andere regio')).status).toBe(200);
    const { dataDir } = driver.route.server;
    await driver.route.server.stop();

    // When the server starts again on the same data and the evaluation date passes
    const again = await startServer({ dataDir, processesDir: PROCESSES_DIR });
    try {
      const teamleider = await ApiClient.login(again.baseUrl, 'teamleider');
      await teamleider.post('/api/test/clock', { advance: 'P120D' });

      // Then it is still closed and nothing of it came back
      const { items } = await teamleider.get<{ items: CaseSummary[] }>(`/api/cases?q=${run.caseId}`);
      expect(items.map((item) => [item.caseId, item.state])).toEqual([[run.caseId, 'closed']]);
      expect(await teamleider.get<Task[]>(`/api/tasks?caseId=${run.caseId}`)).toEqual([]);
      const history = await teamleider.get<CaseHistoryEntry[]>(`/api/cases/${run.caseId}/history`);
      expect(history[history.length - 1]?.type).toBe('case.closed');
    } finally {
      await again.stop();
      await removeDataDir(dataDir);
    }
    // Two server starts with the demo seed and nine logins: room on a busy 2-core machine.
  }, 120_000);
});
