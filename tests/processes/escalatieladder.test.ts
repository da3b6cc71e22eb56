import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { Task, Variables } from '../../server/contract/api';
import { type CaseRun, RouteDriver, RouteScenarios } from './support/route';
import { JEUGDIGE } from './support/steps';

/** Every route up processes/escalatieladder.bpmn: by timer, by hand, solved at each level. */
describe('escalatieladder', () => {
  let driver: RouteDriver;
  const routes = new RouteScenarios('escalatieladder');

  beforeAll(async () => {
    driver = await RouteDriver.open();
  });
  afterAll(async () => {
    console.log(await routes.coverage.report());
    await driver.close();
  });

  const startLadder = (variables: Variables = {}): Promise<CaseRun> =>
    driver.start('escalatieladder', { reden: 'financiering', urgentie: 'regulier', ...variables });

  /** Hours from a task's creation to its due time: its term, exactly. */
  const termInHours = (task: Task | undefined) => (Date.parse(task!.dueAt!) - Date.parse(task!.createdAt)) / 3_600_000;

  routes.it(
    'climbs from level 1 to 3 by timer after an MDO without agreement, and returns a binding decision to the MDO',
    async () => {
      const s = await driver.samples();
      const run = await driver.start('mdo', {
        reden: 'complex',
        urgentie: 'regulier',
        jeugdige: JEUGDIGE,
        domeinoverstijgend: false,
      });
      await run.complete('Task_MdoVoorbereiden', s.mdoVoorbereiden());
      await run.complete('Task_MdoHouden', s.mdoBesluit({ overeenstemming: false }));
      const [niveau1] = await run.openTasks();
      expect(niveau1).toMatchObject({ elementId: 'Task_Niveau1', candidateGroups: ['teamleider'] });

      // Five working days are 7 to 10 calendar days (weekends, Christmas, New Year).
      await driver.advance('P10D');
      const [niveau2] = await run.openTasks();
      expect(niveau2).toMatchObject({ elementId: 'Task_Niveau2', candidateGroups: ['regionaal-expertteam'] });
      // The regional expert team now sees the case; the level-1 task was cancelled, not completed.
      expect((await driver.as('expertteam').get<Task[]>('/api/tasks?scope=group')).map((task) => task.id)).toContain(
        niveau2!.id,
      );
      const ladder = await run.instance('escalatieladder');
      expect(ladder.takenFlowIds).toContain('Flow_Niveau1Verlopen');
      expect(ladder.completedElementIds).not.toContain('Task_Niveau1');

      // Ten working days are 14 to 18 calendar days; level 3's own term cannot pass meanwhile.
      await driver.advance('P18D');
      const [niveau3] = await run.openTasks();
      expect(niveau3).toMatchObject({ elementId: 'Task_Niveau3', candidateGroups: ['bestuurder'] });

      await run.complete('Task_Niveau3', s.doorzettingsmacht({ besluit: { taakgebieden: ['specialistisch'] } }));

      const mdo = await run.instance('mdo');
      expect(mdo.variables).toMatchObject({ besluitNiveau: 3, besluit: { taakgebieden: ['specialistisch'] } });
      expect(mdo.variables.doorlooptijdEscalatie).toMatch(/^P\d+D/);
      expect(await run.waitingAt()).toEqual(['Task_BesluitDelen']);
      const [decision] = (await run.decisions()).filter((record) => record.kind === 'escalatie');
      expect(decision).toMatchObject({
        recordedBy: { id: 'bestuurder' },
        content: { mandaat: expect.any(String), motivatie: expect.any(String) },
      });
      await run.complete('Task_BesluitDelen', s.besluitDelen());
      return run;
    },
  );

  routes.it(
    'gives each level 24 hours in a crisis, and refers to the Bovenregionaal Expertisenetwerk when level 3 lets its term pass',
    async () => {
      const s = await driver.samples();
      const run = await startLadder({ reden: 'geen-passend-aanbod', urgentie: 'crisis' });
      for (const level of ['Task_Niveau1', 'Task_Niveau2', 'Task_Niveau3']) {
        const [task] = await run.openTasks();
        expect(task?.elementId).toBe(level);
        expect(termInHours(task)).toBe(24);
        await driver.advance('PT24H1M');
      }
      expect(await run.waitingAt()).toEqual(['Task_Bovenregionaal']);

      await run.complete('Task_Bovenregionaal', s.bovenregionaal());

      const ladder = await run.instance('escalatieladder');
      expect(ladder.state).toBe('completed');
      expect(ladder.variables.besluitNiveau).toBe(4);
      return run;
    },
  );

  routes.it('ends at level 1 when the teamleiders solve it', async () => {
    const s = await driver.samples();
    const run = await startLadder();
    await run.complete('Task_Niveau1', s.escalatieNiveau(true));
    const ladder = await run.instance('escalatieladder');
    expect(ladder.completedElementIds).toContain('End_OpgelostNiveau1');
    expect(ladder.variables.besluitNiveau).toBe(1);
    return run;
  });

  routes.it('escalates by hand to level 2, where the expert team solves it', async () => {
    const s = await driver.samples();
    const run = await startLadder();
    await run.complete('Task_Niveau1', s.escalatieNiveau(false));
    await run.complete('Task_Niveau2', s.escalatieNiveau(true));
    const ladder = await run.instance('escalatieladder');
    expect(ladder.completedElementIds).toContain('End_OpgelostNiveau2');
    expect(ladder.variables.besluitNiveau).toBe(2);
    return run;
  });

  routes.it('escalates by hand to level 3, which refers to the Bovenregionaal Expertisenetwerk', async () => {
    const s = await driver.samples();
    const run = await startLadder();
    await run.complete('Task_Niveau1', s.escalatieNiveau(false));
    await run.complete('Task_Niveau2', s.escalatieNiveau(false));
    await run.complete('Task_Niveau3', s.doorzettingsmacht({ verwijzing: true }));
    expect(await run.waitingAt()).toEqual(['Task_Bovenregionaal']);
    await run.complete('Task_Bovenregionaal', s.bovenregionaal());
    expect((await run.instance('escalatieladder')).completedElementIds).toContain('End_BesluitBovenregionaal');
    return run;
  });

  routes.itTakesEveryFlow();
});
