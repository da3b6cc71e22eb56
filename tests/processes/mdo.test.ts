import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionRecord, HistoryEntry, Variables } from '../../server/contract/api';
import { day } from '../../server/demo/sample-input';
import { type CaseRun, problemOf, RouteDriver, RouteScenarios } from './support/route';
import { JEUGDIGE } from './support/steps';

/** Every route through processes/mdo.bpmn, and the rules an MDO decision must meet. */
describe('MDO', () => {
  let driver: RouteDriver;
  const routes = new RouteScenarios('mdo');

  beforeAll(async () => {
    driver = await RouteDriver.open();
  });
  afterAll(async () => {
    console.log(await routes.coverage.report());
    await driver.close();
  });

  /** An MDO started on its own, as a call from toeleiding would start it. */
  const startMdo = (variables: Variables = {}): Promise<CaseRun> =>
    driver.start('mdo', {
      reden: 'complex',
      urgentie: 'regulier',
      jeugdige: JEUGDIGE,
      domeinoverstijgend: false,
      ...variables,
    });

  routes.it(
    'refuses a decision while a required discipline was absent; the chair replans, and the second MDO decides',
    async () => {
      const s = await driver.samples();
      const run = await startMdo({ reden: 'uithuisplaatsing', uithuisplaatsingOverwogen: true });
      await run.complete('Task_MdoVoorbereiden', s.mdoVoorbereiden());
      expect((await run.instance('mdo')).variables.vereisteDisciplines).toEqual([
        'sociale-basis',
        'specialistisch',
        'verblijf-crisis',
      ]);
      await run.complete('Task_VerklarendeAnalyse', s.verklarendeAnalyse());

      const refused = await run.tryComplete('Task_MdoHouden', s.mdoBesluit({ absent: ['verblijf-crisis'] }));

      expect(refused.status).toBe(422);
      const problem = await problemOf(refused);
      expect(problem).toMatchObject({
        title: 'Voldoet niet aan de regels',
        detail: '1 regel staat dit besluit niet toe.',
      });
      expect(problem.problems).toEqual([
        expect.objectContaining({
          path: 'variables.deelnemers',
          code: 'discipline-absent',
          message: expect.stringContaining('Verblijf met behandeling en crisiszorg'),
        }),
      ]);
      // Nothing moved: the chair still holds the task.
      expect(await run.waitingAt()).toEqual(['Task_MdoHouden']);

      await run.complete('Task_MdoHouden', s.mdoBesluit({ absent: ['verblijf-crisis'], opnieuwPlannen: true }));
      expect(await run.waitingAt()).toEqual(['Task_MdoVoorbereiden']);
      await run.complete('Task_MdoVoorbereiden', s.mdoVoorbereiden());
      // The verklarende analyse is done already; the second MDO goes straight to the meeting.
      expect(await run.waitingAt()).toEqual(['Task_MdoHouden']);
      await run.complete('Task_MdoHouden', s.mdoBesluit({ besluit: { taakgebieden: ['wonen'], verblijfNodig: true } }));
      await run.complete('Task_BesluitDelen', s.besluitDelen());

      const mdo = await run.instance('mdo');
      expect(mdo.state).toBe('completed');
      expect(mdo.variables.besluit).toMatchObject({
        taakgebieden: ['wonen'],
        verblijfNodig: true,
        verblijfType: 'gezinshuis',
      });
      const decisions = await run.decisions();
      expect(decisions.map((decision) => decision.content.mdoUitkomst)).toEqual(['opnieuw-plannen', 'besluit']);
      return run;
    },
  );

  routes.it(
    'blocks the decision when consent is refused, by the rules for the youth’s age on the MDO day',
    async () => {
      const s = await driver.samples();
      const today = await driver.now();
      // 13 on the day of the MDO: both the youth and the parents must consent.
      const thirteen = { initialen: 'K.D.', geboortedatum: day(today, -(13 * 365 + 30)) };
      const run = await startMdo({ jeugdige: thirteen });
      await run.complete('Task_MdoVoorbereiden', s.mdoVoorbereiden({ basis: 'geen' }));

      const refused = await run.tryComplete('Task_MdoHouden', s.mdoBesluit({ basis: 'geen' }));
      expect(refused.status).toBe(422);
      expect((await problemOf(refused)).problems).toEqual([
        expect.objectContaining({
          path: 'variables.toestemming.basis',
          code: 'consent-missing',
          message: expect.stringContaining('13 jaar'),
        }),
      ]);
      const parentsOnly = await run.tryComplete('Task_MdoHouden', s.mdoBesluit({ basis: 'ouders' }));
      expect(parentsOnly.status).toBe(422);

      await run.complete('Task_MdoHouden', s.mdoBesluit({ basis: 'beiden' }));
      expect(await run.waitingAt()).toEqual(['Task_BesluitDelen']);
      await run.complete('Task_BesluitDelen', s.besluitDelen());
      return run;
    },
  );

  it('needs no consent within a gedwongen kader, and the youth’s own from 16', async () => {
    const s = await driver.samples();
    const today = await driver.now();
    const sixteen = { initialen: 'P.S.', geboortedatum: day(today, -(16 * 365 + 30)) };
    const forced = await startMdo({ jeugdige: sixteen });
    await forced.complete('Task_MdoVoorbereiden', s.mdoVoorbereiden({ basis: 'gedwongen-kader' }));
    expect((await forced.tryComplete('Task_MdoHouden', s.mdoBesluit({ basis: 'gedwongen-kader' }))).status).toBe(200);

    const own = await startMdo({ jeugdige: sixteen });
    await own.complete('Task_MdoVoorbereiden', s.mdoVoorbereiden({ basis: 'jeugdige' }));
    expect((await own.tryComplete('Task_MdoHouden', s.mdoBesluit({ basis: 'ouders' }))).status).toBe(422);
    expect((await own.tryComplete('Task_MdoHouden', s.mdoBesluit({ basis: 'jeugdige' }))).status).toBe(200);
  });

  it('requires the gemeentelijk sociaal domein at the table when the case crosses domains', async () => {
    const s = await driver.samples();
    const run = await startMdo({ reden: 'domeinoverstijgend', domeinoverstijgend: true });
    await run.complete('Task_MdoVoorbereiden', s.mdoVoorbereiden());
    expect((await run.instance('mdo')).variables.vereisteDisciplines).toContain('gemeentelijk-sociaal-domein');

    const refused = await run.tryComplete('Task_MdoHouden', s.mdoBesluit());
    expect((await problemOf(refused)).problems?.[0]?.message).toContain('Gemeentelijk sociaal domein');

    const all = ['sociale-basis', 'specialistisch', 'verblijf-crisis', 'gemeentelijk-sociaal-domein'];
    expect((await run.tryComplete('Task_MdoHouden', s.mdoBesluit({ disciplines: all }))).status).toBe(200);
  });

  it('answers 400 per field for a decision form that is filled in wrongly, and a 422 when dissent is not recorded', async () => {
    const s = await driver.samples();
    const run = await startMdo();
    await run.complete('Task_MdoVoorbereiden', s.mdoVoorbereiden());
    const good = s.mdoBesluit();

    const invalid = await run.tryComplete('Task_MdoHouden', {
      ...good,
      mdoUitkomst: 'misschien',
      mdoDatum: '2026-02-30',
      geheim: 'x',
    });
    expect(invalid.status).toBe(400);
    const paths = (await problemOf(invalid)).problems?.map((item) => item.path);
    expect(paths).toEqual(expect.arrayContaining(['variables.mdoUitkomst', 'variables.mdoDatum', 'variables.geheim']));

    const silentDissent = await run.tryComplete('Task_MdoHouden', { ...good, overeenstemming: false });
    expect(silentDissent.status).toBe(422);
    expect((await problemOf(silentDissent)).problems?.map((item) => item.code)).toEqual(['dissent-missing']);
  });

  routes.it('escalates when there is no agreement, and shares the ladder’s decision as the MDO’s', async () => {
    const s = await driver.samples();
    const run = await startMdo();
    await run.complete('Task_MdoVoorbereiden', s.mdoVoorbereiden());
    await run.complete('Task_MdoHouden', s.mdoBesluit({ overeenstemming: false }));
    const ladder = await run.instance('escalatieladder');
    expect(ladder.variables).toMatchObject({
      reden: 'geen-overeenstemming-mdo',
      standpunten: [{ wie: 'Aanbieder specialistische jeugdhulp' }],
    });

    await run.complete(
      'Task_Niveau1',
      s.escalatieNiveau(true, { besluit: { taakgebieden: ['specialistisch', 'slt'] } }),
    );

    const mdo = await run.instance('mdo');
    expect(mdo.variables).toMatchObject({ besluitNiveau: 1, besluit: { taakgebieden: ['specialistisch', 'slt'] } });
    expect(await run.waitingAt()).toEqual(['Task_BesluitDelen']);
    await run.complete('Task_BesluitDelen', s.besluitDelen());
    return run;
  });

  describe('a recorded decision', () => {
    let run: CaseRun;
    let original: DecisionRecord;

    beforeAll(async () => {
      const s = await driver.samples();
      run = await startMdo();
      await run.complete('Task_MdoVoorbereiden', s.mdoVoorbereiden());
      await run.complete('Task_MdoHouden', s.mdoBesluit());
      const [first] = await run.decisions();
      if (!first) throw new Error('the MDO decision was not recorded');
      original = first;
    });

    it('is recorded with who and when, sealed, and in the history', async () => {
      expect(original).toMatchObject({
        kind: 'mdo',
        title: 'MDO houden en besluit vastleggen',
        recordedBy: { id: 'voorzitter', name: expect.stringContaining('voorzitter') },
        content: { mdoUitkomst: 'besluit', overeenstemming: true },
      });
      expect(original.sha256).toMatch(/^[0-9a-f]{64}$/);
      const mdo = await run.instance('mdo');
      const history = await driver.as('voorzitter').get<HistoryEntry[]>(`/api/instances/${mdo.id}/history`);
      expect(history).toContainEqual(
        expect.objectContaining({
          type: 'decision.recorded',
          actor: 'voorzitter',
          data: expect.objectContaining({ besluitId: original.id }),
        }),
      );
    });

    it('cannot be changed or removed', async () => {
      const voorzitter = driver.as('voorzitter');
      for (const method of ['PUT', 'PATCH', 'DELETE']) {
        const response = await voorzitter.request(method, `/api/cases/${run.caseId}/decisions/${original.id}`, {
          content: {},
        });
        expect(response.status).toBeGreaterThanOrEqual(400);
      }
      expect((await run.decisions())[0]).toEqual(original);
    });

    it('is corrected by a new, linked record, only by someone who may record it, and only once', async () => {
      const s = await driver.samples();
      const content = s.mdoBesluit({ besluit: { taakgebieden: ['slt', 'onderwijs'] } });
      const path = `/api/cases/${run.caseId}/decisions/${original.id}/corrections`;

      expect((await driver.as('regisseur').request('POST', path, { content, reason: 'Typfout' })).status).toBe(403);
      expect((await driver.as('voorzitter').request('POST', path, { content })).status).toBe(400);
      const correction = await driver
        .as('voorzitter')
        .post<DecisionRecord>(path, { content, reason: 'Onderwijs ontbrak in het verslag.' });

      expect(correction).toMatchObject({
        corrects: original.id,
        reason: 'Onderwijs ontbrak in het verslag.',
        kind: 'mdo',
      });
      const decisions = await run.decisions();
      expect(decisions).toHaveLength(2);
      expect(decisions[0]).toEqual({ ...original, correctedBy: correction.id });
      expect((await driver.as('voorzitter').request('POST', path, { content, reason: 'Nog een keer' })).status).toBe(
        409,
      );
    });
  });

  routes.itTakesEveryFlow();
});
