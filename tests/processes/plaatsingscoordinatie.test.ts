import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { Variables } from '../../server/contract/api';
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

  /** A placement question as toeleiding asks it; `besluit` is the MDO's when one was held. */
  const startPlacement = (variables: Variables = {}): Promise<CaseRun> =>
    driver.start('plaatsingscoordinatie', {
      urgentie: 'regulier',
      jeugdige: JEUGDIGE,
      hulpvraag: 'Thuis wonen lukt niet meer.',
      ...variables,
    });

  /** A placement question after a real MDO decided a stay, with its verklarende analyse: what a placement needs. */
  const placementAfterMdo = async (): Promise<CaseRun> => {
    const s = await driver.samples();
    const run = await driver.start('toeleiding', s.aanmelding(JEUGDIGE));
    await throughTriage(
      run,
      s,
      s.triage('regulier', 'hoog', 'niet-vrij-toegankelijk', { uithuisplaatsingOverwogen: true }),
    );
    await holdMdo(run, s, { analyse: true, besluit: { taakgebieden: ['wonen'], verblijfNodig: true } });
    return run;
  };

  const mdoBesluit = async (verblijfNodig: boolean): Promise<Variables> =>
    (await driver.samples()).besluit({ taakgebieden: ['wonen'], verblijfNodig });

  routes.it(
    'breaches the 24-hour crisis norm: the teamleider gets a task and an escalation, the intervention goes on to a crisis placement',
    async () => {
      const s = await driver.samples();
      const run = await startPlacement({ urgentie: 'crisis' });
      const [crisis] = await run.openTasks();
      expect(crisis).toMatchObject({ elementId: 'Task_Crisisinterventie', candidateGroups: ['crisisdienst'] });
      expect(Date.parse(crisis!.dueAt!) - Date.parse(crisis!.createdAt)).toBe(24 * 3_600_000);

      await driver.advance('PT24H1M');

      // The norm is breached, but the intervention itself is not cancelled.
      expect(await run.waitingAt()).toEqual(['Task_Crisisinterventie', 'Task_CrisisnormOverschreden']);
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
    const run = await startPlacement({ urgentie: 'crisis' });
    await run.complete('Task_Crisisinterventie', s.crisisinterventie(false));
    const placement = await run.instance('plaatsingscoordinatie');
    expect(placement.completedElementIds).toContain('End_AmbulanteSpoedhulp');
    expect(placement.variables.plaatsingUitkomst).toBe('ambulant');
    return run;
  });

  routes.it('ends with ambulant help after a crisis placement when the MDO finds no stay needed', async () => {
    const s = await driver.samples();
    const run = await startPlacement({ urgentie: 'crisis' });
    await run.complete('Task_Crisisinterventie', s.crisisinterventie(true));
    await run.complete('Task_Crisisplaatsing', s.crisisplaatsing());
    await holdMdo(run, s, { analyse: true });
    expect((await run.instance('plaatsingscoordinatie')).completedElementIds).toContain('End_AmbulantNaCrisis');
    return run;
  });

  routes.it('looks for an ambulant alternative first, and stops there when one is found', async () => {
    const s = await driver.samples();
    const run = await startPlacement({ besluit: await mdoBesluit(true) });
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
      const run = await placementAfterMdo();
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
    const run = await startPlacement();
    await run.complete('Task_AmbulanteAlternatieven', s.ambulanteAlternatieven(false));
    expect((await run.instance('mdo')).variables.reden).toBe('uithuisplaatsing');
    await holdMdo(run, s, { analyse: true, besluit: { taakgebieden: ['wonen'], verblijfNodig: true } });
    await placeAtOnce(run, s);
    expect((await run.instance('plaatsingscoordinatie')).completedElementIds).toContain('End_Geplaatst');
    return run;
  });

  routes.it('ends without a stay when the MDO it holds decides none is needed', async () => {
    const s = await driver.samples();
    const run = await startPlacement();
    await run.complete('Task_AmbulanteAlternatieven', s.ambulanteAlternatieven(false));
    await holdMdo(run, s, { analyse: true });
    expect((await run.instance('plaatsingscoordinatie')).completedElementIds).toContain('End_GeenVerblijf');
    return run;
  });

  routes.it('escalates with reden geen-passend-aanbod when 20 working days pass without a place', async () => {
    const s = await driver.samples();
    const run = await startPlacement({ besluit: await mdoBesluit(true) });
    await run.complete('Task_AmbulanteAlternatieven', s.ambulanteAlternatieven(false));
    await run.complete('Task_Matchprofiel', s.matchprofiel());

    // Twenty working days are 28 to 32 calendar days.
    await driver.advance('P33D');

    expect(await run.waitingAt()).toEqual(['Task_Niveau1']);
    expect((await run.instance('escalatieladder')).variables.reden).toBe('geen-passend-aanbod');
    await run.complete(
      'Task_Niveau1',
      s.escalatieNiveau(true, { besluit: { taakgebieden: ['wonen'], verblijfNodig: true } }),
    );
    const placement = await run.instance('plaatsingscoordinatie');
    expect(placement.completedElementIds).toContain('End_Geescaleerd');
    expect(placement.variables).toMatchObject({ plaatsingUitkomst: 'geescaleerd', besluitNiveau: 1 });
    return run;
  });

  routes.itTakesEveryFlow();
});
