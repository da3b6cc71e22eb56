import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { HistoryEntry, TaskDetail, Variables } from '../../server/contract/api';
import { addWorkingDays } from '../../server/engine/workdays';
import { type CaseRun, RouteDriver, RouteScenarios } from './support/route';
import { holdMdo, JEUGDIGE, placeAtOnce, throughTriage } from './support/steps';

/** Every route through processes/plaatsingscoordinatie.bpmn: crisis and regular, ambulant first. */
describe('plaatsingscoördinatie', () => {
  let driver: RouteDriver;
  const routes = new RouteScenarios('plaatsingscoordinatie');

  beforeAll(async () => {
    driver = await RouteDriver.open();
  });
  afterAll(async () => {
    console.log(await routes.coverage.report());
    await driver.close();
  });

  /** A crisis aanmelding: toeleiding calls the crisis route at once. */
  const startCrisis = async (): Promise<CaseRun> => {
    const s = await driver.samples();
    return driver.start('toeleiding', s.aanmelding(JEUGDIGE, { urgentie: 'crisis' }));
  };

  /**
   * A placement question as toeleiding asks it after an MDO that decided a stay is needed (with
   * its verklarende analyse): the case waits at the ambulant check.
   */
  const startPlacementAfterMdo = async (): Promise<CaseRun> => {
    const s = await driver.samples();
    const run = await driver.start('toeleiding', s.aanmelding(JEUGDIGE));
    await throughTriage(
      run,
      s,
      s.triage('spoed', 'hoog', 'niet-vrij-toegankelijk', { uithuisplaatsingOverwogen: true }),
    );
    await holdMdo(run, s, { analyse: true, besluit: { taakgebieden: ['wonen'], verblijfNodig: true } });
    expect(await run.waitingAt()).toEqual(['Task_AmbulanteAlternatieven']);
    return run;
  };

  /**
   * A placement started without an MDO. No calling process does this today (toeleiding calls
   * the regular route only after an MDO), so only a direct start reaches the diagram's own MDO.
   */
  const startPlacementWithoutMdo = (variables: Variables = {}): Promise<CaseRun> =>
    driver.start('plaatsingscoordinatie', {
      urgentie: 'regulier',
      jeugdige: JEUGDIGE,
      hulpvraag: 'Thuis wonen lukt niet meer.',
      ...variables,
    });

  /** When the search escalates if no place is found: 20 working days after the first search began. */
  const firstSearchStart = async (run: CaseRun): Promise<Date> => {
    const placement = await run.instance('plaatsingscoordinatie');
    const history = await driver.as('teamleider').get<HistoryEntry[]>(`/api/instances/${placement.id}/history`);
    const profiel = history.find((entry) => entry.type === 'task.completed' && entry.elementId === 'Task_Matchprofiel');
    return new Date(profiel!.at);
  };

  /** Moves the test clock to `moment` (which lies ahead). */
  const advanceTo = async (moment: Date): Promise<void> => {
    const seconds = Math.ceil((moment.getTime() - (await driver.now()).getTime()) / 1000);
    if (seconds > 0) await driver.advance(`PT${seconds}S`);
  };

  routes.it(
    'breaches the 24-hour crisis norm: the teamleider gets a task and an escalation, the intervention goes on to a crisis placement',
    async () => {
      const s = await driver.samples();
      const run = await startCrisis();
      const [crisis] = await run.openTasks();
      expect(crisis).toMatchObject({ elementId: 'Task_Crisisinterventie', candidateGroups: ['crisisdienst'] });
      // (The server clock ticks on within one action: within a second.)
      expect(Math.abs(Date.parse(crisis!.dueAt!) - Date.parse(crisis!.createdAt) - 24 * 3_600_000)).toBeLessThan(1_000);

      await driver.advance('PT24H1M');

      // The norm is breached, but the intervention itself is not cancelled.
      expect(await run.waitingAt()).toEqual(['Task_Crisisinterventie', 'Task_CrisisnormOverschreden']);
      // Both crisis tasks come with a high priority from the diagram; the breach must be acted on within 4 hours.
      const crisisTasks = await run.openTasks();
      const breach = crisisTasks.find((task) => task.elementId === 'Task_CrisisnormOverschreden');
      expect(crisisTasks.find((task) => task.elementId === 'Task_Crisisinterventie')?.priority).toBeGreaterThan(50);
      expect(breach?.priority).toBeGreaterThan(50);
      expect(Math.abs(Date.parse(breach!.dueAt!) - Date.parse(breach!.createdAt) - 4 * 3_600_000)).toBeLessThan(1_000);
      const overdue = await driver.as('crisis').get<Array<{ elementId: string }>>('/api/tasks?overdue=true');
      expect(overdue.map((task) => task.elementId)).toContain('Task_Crisisinterventie');
      await run.complete('Task_CrisisnormOverschreden', s.crisisnormOverschreden());
      expect((await run.instance('escalatieladder')).variables).toMatchObject({
        reden: 'wachttijd-boven-norm',
        urgentie: 'crisis',
      });
      await run.complete('Task_Niveau1', s.escalatieNiveau(true));

      await run.complete('Task_Crisisinterventie', s.crisisinterventie(true));
      await run.complete('Task_Crisisplaatsing', s.crisisplaatsing());
      const mdo = await run.instance('mdo');
      expect(mdo.variables.reden).toBe('na-crisis');
      // The MDO after the crisis must be held within two weeks; when it is not, the teamleider acts.
      await driver.advance('P14DT1H');
      expect(await run.waitingAt()).toEqual(['Task_MdoVoorbereiden', 'Task_TermijnMdoNaCrisis']);
      await run.complete('Task_TermijnMdoNaCrisis', s.crisisnormOverschreden());

      const later = await driver.samples();
      await holdMdo(run, later, { analyse: true, besluit: { taakgebieden: ['wonen'], verblijfNodig: true } });
      await placeAtOnce(run, later);

      const placement = await run.instance('plaatsingscoordinatie');
      expect(placement.state).toBe('completed');
      expect(placement.variables.plaatsingUitkomst).toBe('geplaatst');
      return run;
    },
  );

  routes.it('ends a crisis with ambulant spoedhulp when no stay is needed', async () => {
    const s = await driver.samples();
    const run = await startCrisis();
    await run.complete('Task_Crisisinterventie', s.crisisinterventie(false));
    const placement = await run.instance('plaatsingscoordinatie');
    expect(placement.completedElementIds).toContain('End_AmbulanteSpoedhulp');
    expect(placement.variables.plaatsingUitkomst).toBe('ambulant');
    return run;
  });

  routes.it('ends with ambulant help after a crisis placement when the MDO finds no stay needed', async () => {
    const s = await driver.samples();
    const run = await startCrisis();
    await run.complete('Task_Crisisinterventie', s.crisisinterventie(true));
    await run.complete('Task_Crisisplaatsing', s.crisisplaatsing());
    await holdMdo(run, s, { analyse: true });
    expect((await run.instance('plaatsingscoordinatie')).completedElementIds).toContain('End_AmbulantNaCrisis');
    return run;
  });

  routes.it('looks for an ambulant alternative first, and stops there when one is found', async () => {
    const s = await driver.samples();
    const run = await startPlacementAfterMdo();
    expect(await run.waitingAt()).toEqual(['Task_AmbulanteAlternatieven']);
    await run.complete('Task_AmbulanteAlternatieven', s.ambulanteAlternatieven(true));
    const placement = await run.instance('plaatsingscoordinatie');
    expect(placement.completedElementIds).toContain('End_Ambulant');
    expect(placement.variables.plaatsingUitkomst).toBe('ambulant');
    return run;
  });

  routes.it(
    'bridges care twice while no place is found, reminds the coordinator, then matches and places',
    async () => {
      const s = await driver.samples();
      const run = await startPlacementAfterMdo();
      await run.complete('Task_AmbulanteAlternatieven', s.ambulanteAlternatieven(false));
      await run.complete('Task_Matchprofiel', s.matchprofiel());

      // Ten working days (14 to 18 calendar days) without a place: a reminder, while the search goes on.
      await driver.advance('P18D');
      expect((await run.instance('plaatsingscoordinatie')).completedElementIds).toContain('End_HerinneringVerstuurd');
      expect(await run.waitingAt()).toEqual(['Task_PassendePlekZoeken']);

      for (let round = 1; round <= 2; round++) {
        await run.complete('Task_PassendePlekZoeken', s.passendePlekZoeken(false));
        await run.complete('Task_Overbruggingszorg', s.overbruggingszorg());
      }
      await run.complete('Task_PassendePlekZoeken', s.passendePlekZoeken(true));
      await run.complete('Task_Matchgesprek', s.matchgesprek(false));
      await run.complete('Task_PassendePlekZoeken', s.passendePlekZoeken(true));
      await run.complete('Task_Matchgesprek', s.matchgesprek(true));
      await run.complete('Task_Plaatsingsbesluit', s.plaatsingsbesluit());
      await run.complete('Task_BeschikkingVerblijf', s.beschikkingVerblijf());
      // Starting the placement and keeping the youth at their own school go on side by side.
      expect(await run.waitingAt()).toEqual(['Task_Onderwijscontinuiteit', 'Task_PlaatsingStarten']);
      await run.complete('Task_Onderwijscontinuiteit', s.onderwijscontinuiteit());
      await run.complete('Task_PlaatsingStarten', s.plaatsingStarten());

      const placement = await run.instance('plaatsingscoordinatie');
      expect(placement.state).toBe('completed');
      expect(placement.variables.plek).toMatchObject({ voorziening: 'Gezinshuis De Linde' });
      const overbrugging = (
        await driver
          .as('teamleider')
          .get<Array<{ type: string; elementId?: string }>>(`/api/instances/${placement.id}/history`)
      ).filter((entry) => entry.type === 'task.completed' && entry.elementId === 'Task_Overbruggingszorg');
      expect(overbrugging).toHaveLength(2);
      expect(
        (await run.decisions())
          .filter((decision) => decision.definitionKey === 'plaatsingscoordinatie')
          .map((decision) => decision.kind),
      ).toEqual(['plaatsing', 'beschikking']);
      return run;
    },
  );

  routes.it('holds an MDO first when none was held, and places when it decides a stay is needed', async () => {
    const s = await driver.samples();
    const run = await startPlacementWithoutMdo();
    await run.complete('Task_AmbulanteAlternatieven', s.ambulanteAlternatieven(false));
    expect((await run.instance('mdo')).variables.reden).toBe('uithuisplaatsing');
    await holdMdo(run, s, { analyse: true, besluit: { taakgebieden: ['wonen'], verblijfNodig: true } });
    await placeAtOnce(run, s);
    expect((await run.instance('plaatsingscoordinatie')).completedElementIds).toContain('End_Geplaatst');
    return run;
  });

  routes.it('ends without a stay when the MDO it holds decides none is needed', async () => {
    const s = await driver.samples();
    const run = await startPlacementWithoutMdo();
    await run.complete('Task_AmbulanteAlternatieven', s.ambulanteAlternatieven(false));
    await holdMdo(run, s, { analyse: true });
    expect((await run.instance('plaatsingscoordinatie')).completedElementIds).toContain('End_GeenVerblijf');
    return run;
  });

  routes.it(
    'given bridging rounds, when 20 working days pass from the first search, then the search escalates with reden geen-passend-aanbod, however many rounds followed',
    async () => {
      const s = await driver.samples();
      const run = await startPlacementAfterMdo();
      await run.complete('Task_AmbulanteAlternatieven', s.ambulanteAlternatieven(false));
      await run.complete('Task_Matchprofiel', s.matchprofiel());
      const escalatesAt = addWorkingDays(await firstSearchStart(run), 20);

      // A new round every week: each one starts the search again, none restarts the term.
      for (let round = 1; round <= 3; round++) {
        await driver.advance('P7D');
        await run.complete('Task_PassendePlekZoeken', s.passendePlekZoeken(false));
        await run.complete('Task_Overbruggingszorg', s.overbruggingszorg());
      }
      await advanceTo(new Date(escalatesAt.getTime() - 3_600_000));
      expect(await run.waitingAt()).toEqual(['Task_PassendePlekZoeken']);

      await driver.advance('PT2H');

      expect(await run.waitingAt()).toEqual(['Task_Niveau1']);
      expect((await run.instance('escalatieladder')).variables.reden).toBe('geen-passend-aanbod');
      return run;
    },
  );

  routes.it(
    'given a bridging round that is still open when the 20 working days pass, when the next search starts, then it escalates at once',
    async () => {
      const s = await driver.samples();
      const run = await startPlacementAfterMdo();
      await run.complete('Task_AmbulanteAlternatieven', s.ambulanteAlternatieven(false));
      await run.complete('Task_Matchprofiel', s.matchprofiel());
      const escalatesAt = addWorkingDays(await firstSearchStart(run), 20);
      await run.complete('Task_PassendePlekZoeken', s.passendePlekZoeken(false));

      await advanceTo(new Date(escalatesAt.getTime() + 3_600_000));
      expect(await run.waitingAt()).toEqual(['Task_Overbruggingszorg']);
      await run.complete('Task_Overbruggingszorg', s.overbruggingszorg());

      expect(await run.waitingAt()).toEqual(['Task_Niveau1']);
      return run;
    },
  );

  routes.it(
    'given a geen-passend-aanbod escalation, when its binding decision keeps the stay, then the placement goes on with the decision in view and a new term, and the youth is placed',
    async () => {
      const s = await driver.samples();
      const run = await startPlacementAfterMdo();
      await run.complete('Task_AmbulanteAlternatieven', s.ambulanteAlternatieven(false));
      await run.complete('Task_Matchprofiel', s.matchprofiel());
      await advanceTo(new Date(addWorkingDays(await firstSearchStart(run), 20).getTime() + 60_000));
      expect(await run.waitingAt()).toEqual(['Task_Niveau1']);

      // Unresolved at level 1 and 2: the bestuurder takes the binding decision.
      await run.complete('Task_Niveau1', s.escalatieNiveau(false));
      await run.complete('Task_Niveau2', s.escalatieNiveau(false));
      const later = await driver.samples();
      await run.complete(
        'Task_Niveau3',
        later.doorzettingsmacht({ besluit: { taakgebieden: ['wonen'], verblijfNodig: true } }),
      );

      // Back in the search, with the binding decision on the case, and not at once escalated again.
      await driver.advance('PT1H');
      expect(await run.waitingAt()).toEqual(['Task_PassendePlekZoeken']);
      const placement = await run.instance('plaatsingscoordinatie');
      expect(placement.state).not.toBe('completed');
      expect(placement.variables).toMatchObject({ besluitNiveau: 3, escalatieBesluit: { verblijfNodig: true } });
      expect(placement.variables.plaatsingUitkomst).not.toBe('geescaleerd');
      // The coordinator's task carries the decision, which its form shows above the search.
      const [zoeken] = await run.openTasks();
      const detail = await driver.as('plaatser').get<TaskDetail>(`/api/tasks/${zoeken!.id}`);
      expect(detail.variables).toMatchObject({
        escalatieMotivatie: expect.stringContaining('doorzettingsmacht'),
        escalatieBesluit: { verblijfNodig: true },
      });

      await run.complete('Task_PassendePlekZoeken', later.passendePlekZoeken(true));
      await run.complete('Task_Matchgesprek', later.matchgesprek(true));
      await run.complete('Task_Plaatsingsbesluit', later.plaatsingsbesluit());
      await run.complete('Task_BeschikkingVerblijf', later.beschikkingVerblijf());
      await run.complete('Task_PlaatsingStarten', later.plaatsingStarten());
      await run.complete('Task_Onderwijscontinuiteit', later.onderwijscontinuiteit());

      expect((await run.instance('plaatsingscoordinatie')).completedElementIds).toContain('End_Geplaatst');
      expect((await run.instance('toeleiding')).variables.plaatsingUitkomst).toBe('geplaatst');
      expect(await run.waitingAt()).toEqual(['Task_StartHulpBevestigen']);
      return run;
    },
  );

  routes.it(
    'given a geen-passend-aanbod escalation, when its binding decision needs no stay, then the placement ends and toeleiding issues the beschikking for the help decided',
    async () => {
      const s = await driver.samples();
      const run = await startPlacementAfterMdo();
      await run.complete('Task_AmbulanteAlternatieven', s.ambulanteAlternatieven(false));
      await run.complete('Task_Matchprofiel', s.matchprofiel());
      await advanceTo(new Date(addWorkingDays(await firstSearchStart(run), 20).getTime() + 60_000));

      await run.complete(
        'Task_Niveau1',
        (await driver.samples()).escalatieNiveau(true, {
          besluit: { taakgebieden: ['specialistisch'], verblijfNodig: false },
        }),
      );

      const placement = await run.instance('plaatsingscoordinatie');
      expect(placement.completedElementIds).toContain('End_Geescaleerd');
      expect(placement.variables).toMatchObject({ plaatsingUitkomst: 'geescaleerd', besluitNiveau: 1 });
      expect(await run.waitingAt()).toEqual(['Task_BeschikkingAfgeven']);
      return run;
    },
  );

  routes.itTakesEveryFlow();
});
