import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry, InstanceDetail, Task } from '../../server/contract/api';
import { type CaseRun, problemOf, RouteDriver, RouteScenarios } from './support/route';
import { holdMdo, JEUGDIGE, placeAtOnce, throughTriage } from './support/steps';

/** Every route through processes/toeleiding.bpmn, from aanmelding to help that has started. */
describe('toeleiding', () => {
  let driver: RouteDriver;
  const routes = new RouteScenarios('toeleiding');

  beforeAll(async () => {
    driver = await RouteDriver.open();
  });
  afterAll(async () => {
    console.log(await routes.coverage.report());
    await driver.close();
  });

  const startCase = async (options: { urgentie?: string } = {}): Promise<CaseRun> => {
    const s = await driver.samples();
    return driver.start('toeleiding', s.aanmelding(JEUGDIGE, options));
  };

  it('refuses an aanmelding that misses required fields, naming each one', async () => {
    const response = await driver.as('slt').request('POST', '/api/instances', {
      definitionKey: 'toeleiding',
      team: 'slt-breda-noord',
      variables: { bron: 'buurman', jeugdige: { initialen: 'Jan Pieter Hendrik de Vries van Oranje' } },
    });

    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    const paths = problem.problems?.map((item) => item.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'variables.bron',
        'variables.hulpvraag',
        'variables.jeugdige.initialen',
        'variables.jeugdige.geboortedatum',
        'variables.urgentie',
      ]),
    );
    expect(problem.problems?.find((item) => item.path === 'variables.hulpvraag')?.message).toMatch(/verplicht/);
  });

  routes.it('closes with advice and a warm handover when triage finds the sociale basis enough', async () => {
    const s = await driver.samples();
    const run = await startCase();
    await throughTriage(run, s, s.triage('regulier', 'laag', 'sociale-basis'));
    expect(await run.waitingAt()).toEqual(['Task_AfsluitenAdvies']);

    await run.complete('Task_AfsluitenAdvies', s.afsluitenAdvies());

    const root = await run.instance('toeleiding');
    expect(root.state).toBe('completed');
    expect(root.completedElementIds).toContain('End_AfgeslotenAdvies');
    return run;
  });

  routes.it('hands over to the gemeentelijk sociaal domein', async () => {
    const s = await driver.samples();
    const run = await startCase();
    await throughTriage(run, s, s.triage('regulier', 'laag', 'gemeentelijk-sociaal-domein'));

    await run.complete('Task_OverdrachtSociaalDomein', s.overdrachtSociaalDomein());

    expect((await run.instance('toeleiding')).completedElementIds).toContain('End_Overgedragen');
    return run;
  });

  routes.it(
    'deploys help within the SLT, evaluates on its date, continues, scales up to a new MDO and closes',
    async () => {
      const s = await driver.samples();
      const run = await startCase();
      await throughTriage(run, s, s.triage('regulier', 'midden', 'hulp-binnen-slt'));
      const evaluatiedatum = (await driver.samples()).besluit().evaluatiedatum as string;

      await run.complete('Task_HulpInzettenSlt', s.hulpInzettenSlt(evaluatiedatum));
      // Procesregie: nothing to do until the evaluation date.
      expect(await run.waitingAt()).toEqual([]);
      await driver.advance('P95D');
      expect(await run.waitingAt()).toEqual(['Task_Evaluatie']);

      await run.complete('Task_Evaluatie', s.evaluatie('doorgaan'));
      await driver.advance('P2M');
      expect(await run.waitingAt()).toEqual([]);
      await driver.advance('P1M');
      expect(await run.waitingAt()).toEqual(['Task_Evaluatie']);

      const later = await driver.samples();
      await run.complete('Task_Evaluatie', later.evaluatie('opschalen'));
      expect((await run.instance('mdo')).variables.reden).toBe('opschaling');
      await holdMdo(run, later);
      expect(await run.waitingAt()).toEqual(['Task_HulpInzettenSlt']);

      await run.complete('Task_HulpInzettenSlt', later.hulpInzettenSlt());
      await driver.advance('P100D');
      await run.complete('Task_Evaluatie', later.evaluatie('afsluiten'));

      const root = await run.instance('toeleiding');
      expect(root.state).toBe('completed');
      expect(root.completedElementIds).toContain('End_HulpAfgerond');
      return run;
    },
  );

  routes.it(
    'holds a mandatory MDO for high complexity; its decision for specialist help gets a beschikking before help starts',
    async () => {
      const s = await driver.samples();
      const run = await startCase();
      await throughTriage(run, s, s.triage('regulier', 'hoog', 'niet-vrij-toegankelijk'));
      expect((await run.instance('mdo')).variables).toMatchObject({ reden: 'complex', jeugdige: JEUGDIGE });

      await holdMdo(run, s, { besluit: { taakgebieden: ['specialistisch'] } });
      const [beschikking] = await run.openTasks();
      expect(beschikking).toMatchObject({
        elementId: 'Task_BeschikkingAfgeven',
        candidateGroups: ['gemeente-beschikker'],
      });
      expect(beschikking!.dueAt).toBeDefined();

      await run.complete('Task_BeschikkingAfgeven', s.beschikkingAfgeven());
      await run.complete('Task_StartHulpBevestigen', s.startHulpBevestigen());
      await driver.advance('P100D');
      await run.complete('Task_Evaluatie', (await driver.samples()).evaluatie('afsluiten'));

      expect((await run.instance('toeleiding')).state).toBe('completed');
      // Every decision a form captured is in the case's history, and formal ones are records too.
      const history = await driver.as('teamleider').get<HistoryEntry[]>(`/api/instances/${run.rootId}/history`);
      const started = history.find((entry) => entry.type === 'instance.started');
      expect(started?.data?.variabelen).toMatchObject({ bron: 'huisarts', urgentie: 'regulier', jeugdige: JEUGDIGE });
      const triage = history.find((entry) => entry.type === 'task.completed' && entry.elementId === 'Task_Triage');
      expect(triage?.data?.variabelen).toMatchObject({
        urgentie: 'regulier',
        complexiteit: 'hoog',
        uitkomst: 'niet-vrij-toegankelijk',
      });
      expect((await run.decisions()).map((decision) => decision.kind)).toEqual(['triage', 'mdo', 'beschikking']);
      return run;
    },
  );

  routes.it('places a youth when the MDO decides a stay is needed, then confirms the start of help', async () => {
    const s = await driver.samples();
    const run = await startCase();
    await throughTriage(
      run,
      s,
      s.triage('spoed', 'hoog', 'niet-vrij-toegankelijk', { uithuisplaatsingOverwogen: true }),
    );
    expect((await run.instance('mdo')).variables.reden).toBe('uithuisplaatsing');

    await holdMdo(run, s, { analyse: true, besluit: { taakgebieden: ['wonen'], verblijfNodig: true } });
    // The MDO was held: the placement skips straight past its own MDO to the ambulant check.
    await run.complete('Task_AmbulanteAlternatieven', s.ambulanteAlternatieven(false));
    await placeAtOnce(run, s);

    expect((await run.instance('toeleiding')).variables.plaatsingUitkomst).toBe('geplaatst');
    expect(await run.waitingAt()).toEqual(['Task_StartHulpBevestigen']);
    await run.complete('Task_StartHulpBevestigen', s.startHulpBevestigen());
    return run;
  });

  routes.it(
    'sends a crisis found at triage straight to placement coordination, and on to a beschikking when ambulant spoedhulp suffices',
    async () => {
      const s = await driver.samples();
      const run = await startCase();
      await throughTriage(run, s, s.triage('crisis', 'hoog', 'niet-vrij-toegankelijk'));
      const [crisis] = await run.openTasks();
      expect(crisis).toMatchObject({ elementId: 'Task_Crisisinterventie', candidateGroups: ['crisisdienst'] });
      // The norm runs from the triage that found the crisis.
      const history = await driver.as('teamleider').get<HistoryEntry[]>(`/api/instances/${run.rootId}/history`);
      const triage = history.find((entry) => entry.type === 'task.completed' && entry.elementId === 'Task_Triage');
      // (The server clock ticks on within one action: within a second.)
      expect(Math.abs(Date.parse(crisis!.dueAt!) - Date.parse(triage!.at) - 24 * 3_600_000)).toBeLessThan(1_000);

      await run.complete('Task_Crisisinterventie', s.crisisinterventie(false));

      expect((await run.instance('toeleiding')).variables.plaatsingUitkomst).toBe('ambulant');
      expect(await run.waitingAt()).toEqual(['Task_BeschikkingAfgeven']);
      return run;
    },
  );

  routes.it(
    'given a crisis aanmelding, when it is made, then the case is at Crisisinterventie at once, without Vraagverkenning or Triage, and the 24-hour norm fires 24 hours after the aanmelding',
    async () => {
      const run = await startCase({ urgentie: 'crisis' });
      const history = await driver.as('teamleider').get<HistoryEntry[]>(`/api/instances/${run.rootId}/history`);
      const aangemeld = Date.parse(history.find((entry) => entry.type === 'instance.started')!.at);

      const [crisis, ...others] = await run.openTasks();
      expect(others).toEqual([]);
      expect(crisis).toMatchObject({ elementId: 'Task_Crisisinterventie', candidateGroups: ['crisisdienst'] });
      expect(Math.abs(Date.parse(crisis!.dueAt!) - aangemeld - 24 * 3_600_000)).toBeLessThan(1_000);
      const toeleiding = await run.instance('toeleiding');
      expect(toeleiding.completedElementIds).not.toContain('Task_Vraagverkenning');
      expect(toeleiding.completedElementIds).not.toContain('Task_Triage');
      expect((await run.instance('plaatsingscoordinatie')).variables).toMatchObject({ urgentie: 'crisis' });

      await driver.advance('PT23H59M');
      expect(await run.waitingAt()).toEqual(['Task_Crisisinterventie']);
      await driver.advance('PT2M');
      expect(await run.waitingAt()).toEqual(['Task_Crisisinterventie', 'Task_CrisisnormOverschreden']);
      return run;
    },
  );

  routes.it(
    'given a crisis aanmelding that needs a stay, when the crisis placement, the MDO na crisis and the placement follow, then help starts in toeleiding',
    async () => {
      const s = await driver.samples();
      const run = await startCase({ urgentie: 'crisis' });

      await run.complete('Task_Crisisinterventie', s.crisisinterventie(true));
      await run.complete('Task_Crisisplaatsing', s.crisisplaatsing());
      expect((await run.instance('mdo')).variables.reden).toBe('na-crisis');
      await holdMdo(run, s, { analyse: true, besluit: { taakgebieden: ['wonen'], verblijfNodig: true } });
      await placeAtOnce(run, s);

      expect((await run.instance('toeleiding')).variables.plaatsingUitkomst).toBe('geplaatst');
      expect(await run.waitingAt()).toEqual(['Task_StartHulpBevestigen']);
      return run;
    },
  );

  it('given the demo, when it starts, then its crisis aanmelding waits at Crisisinterventie without vraagverkenning', async () => {
    const tasks = await driver.as('crisis').get<Task[]>('/api/tasks');
    const crisis = tasks.filter((task) => task.elementId === 'Task_Crisisinterventie');
    expect(crisis.length).toBeGreaterThan(0);
    const { instances } = await driver
      .as('teamleider')
      .get<{ instances: Array<{ id: string; definitionKey: string }> }>(`/api/cases/${crisis[0]!.caseId}`);
    const root = instances.find((instance) => instance.definitionKey === 'toeleiding')!;
    const toeleiding = await driver.as('teamleider').get<InstanceDetail>(`/api/instances/${root.id}`);
    expect(toeleiding.variables.urgentie).toBe('crisis');
    expect(toeleiding.completedElementIds).not.toContain('Task_Vraagverkenning');
  });

  routes.itTakesEveryFlow();
});
