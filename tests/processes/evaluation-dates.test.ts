import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dutchDay } from '../../server/decisions/days';
import { day } from '../../server/demo/sample-input';
import { type CaseRun, problemOf, RouteDriver } from './support/route';
import { holdMdo, JEUGDIGE, throughTriage } from './support/steps';

/** The evaluation of help lies after the help starts, wherever either date is recorded (DOMAIN.md §2.1). */
describe('evaluation dates', () => {
  let driver: RouteDriver;

  beforeAll(async () => {
    driver = await RouteDriver.open();
  });
  afterAll(async () => {
    await driver.close();
  });

  const caseWithHelpInSlt = async (): Promise<CaseRun> => {
    const s = await driver.samples();
    const run = await driver.start('toeleiding', s.aanmelding(JEUGDIGE));
    await throughTriage(run, s, s.triage('regulier', 'midden', 'hulp-binnen-slt'));
    return run;
  };

  it('given help in the SLT, when its evaluation date is not after its start, then it is refused', async () => {
    const s = await driver.samples();
    const today = await driver.now();
    const run = await caseWithHelpInSlt();

    const refused = await run.tryComplete('Task_HulpInzettenSlt', {
      ...s.hulpInzettenSlt(day(today, 10)),
      startdatum: day(today, 30),
    });

    expect(refused.status).toBe(422);
    expect((await problemOf(refused)).problems).toEqual([
      expect.objectContaining({
        path: 'variables.evaluatiedatum',
        code: 'evaluation-before-start',
        message: expect.stringContaining(dutchDay(day(today, 30))),
      }),
    ]);
  });

  it('given an MDO decision with its evaluation date, when help starts after that date, then the start is refused until a later evaluation date is given, which the evaluation then keeps', async () => {
    const s = await driver.samples();
    const today = await driver.now();
    const run = await driver.start('toeleiding', s.aanmelding(JEUGDIGE));
    await throughTriage(run, s, s.triage('regulier', 'hoog', 'niet-vrij-toegankelijk'));
    await holdMdo(run, s, { besluit: { taakgebieden: ['specialistisch'] } });
    await run.complete('Task_BeschikkingAfgeven', s.beschikkingAfgeven());
    const decided = s.besluit().evaluatiedatum as string;
    const lateStart = day(today, 120);

    const refused = await run.tryComplete('Task_StartHulpBevestigen', s.startHulpBevestigen({ startdatum: lateStart }));

    expect(refused.status).toBe(422);
    const problem = (await problemOf(refused)).problems?.[0];
    expect(problem).toMatchObject({ path: 'variables.evaluatiedatum', code: 'evaluation-before-start' });
    expect(problem?.message).toContain(dutchDay(decided));
    expect(problem?.message).toContain(dutchDay(lateStart));

    await run.complete(
      'Task_StartHulpBevestigen',
      s.startHulpBevestigen({ startdatum: lateStart, evaluatiedatum: day(today, 210) }),
    );
    await driver.advance('P150D');
    expect(await run.waitingAt()).toEqual([]);
    await driver.advance('P61D');
    expect(await run.waitingAt()).toEqual(['Task_Evaluatie']);
  });

  it('given help scaled up to a new MDO, when help starts again after the new decision’s evaluation date, then the evaluation keeps the date given at the new start', async () => {
    const s = await driver.samples();
    const run = await caseWithHelpInSlt();
    await run.complete('Task_HulpInzettenSlt', s.hulpInzettenSlt(s.besluit().evaluatiedatum as string));
    await driver.advance('P95D');
    const later = await driver.samples();
    const today = await driver.now();
    await run.complete('Task_Evaluatie', later.evaluatie('opschalen'));
    await holdMdo(run, later, { besluit: { taakgebieden: ['specialistisch'] } });
    await run.complete('Task_BeschikkingAfgeven', later.beschikkingAfgeven());

    await run.complete(
      'Task_StartHulpBevestigen',
      later.startHulpBevestigen({ startdatum: day(today, 120), evaluatiedatum: day(today, 210) }),
    );

    await driver.advance('P150D');
    expect(await run.waitingAt()).toEqual([]);
    await driver.advance('P61D');
    expect(await run.waitingAt()).toEqual(['Task_Evaluatie']);
  });

  // Last: it moves the clock two years, past the age JEUGDIGE keeps for an MDO.
  it('given help in the SLT that starts two years out without an evaluation date, when time passes, then the evaluation comes three months after the start, not before it', async () => {
    const s = await driver.samples();
    const today = await driver.now();
    const run = await caseWithHelpInSlt();
    const { evaluatiedatum: _none, ...help } = s.hulpInzettenSlt();

    await run.complete('Task_HulpInzettenSlt', { ...help, startdatum: day(today, 730) });

    await driver.advance('P100D');
    expect(await run.waitingAt()).toEqual([]);
    await driver.advance('P700D');
    expect(await run.waitingAt()).toEqual([]);
    await driver.advance('P30D');
    expect(await run.waitingAt()).toEqual(['Task_Evaluatie']);
  });
});
