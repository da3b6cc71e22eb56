import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionRecord, DecisionView, HistoryEntry, TaskDetail } from '../../server/contract/api';
import { dutchDay } from '../../server/decisions/days';
import { day } from '../../server/demo/sample-input';
import { type CaseRun, problemOf, RouteDriver, RouteScenarios } from './support/route';
import { JEUGDIGE, throughTriage } from './support/steps';

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

  /**
   * A case that reaches its MDO as every case does: an aanmelding whose triage finds it complex
   * (the reden follows from the triage: uithuisplaatsing, domeinoverstijgend or complex).
   */
  const startMdo = async (
    options: { reden?: 'complex' | 'uithuisplaatsing' | 'domeinoverstijgend'; jeugdige?: typeof JEUGDIGE } = {},
  ): Promise<CaseRun> => {
    const s = await driver.samples();
    const run = await driver.start('toeleiding', s.aanmelding(options.jeugdige ?? JEUGDIGE));
    await throughTriage(
      run,
      s,
      s.triage('regulier', 'hoog', 'niet-vrij-toegankelijk', {
        uithuisplaatsingOverwogen: options.reden === 'uithuisplaatsing',
        domeinoverstijgend: options.reden === 'domeinoverstijgend',
      }),
    );
    expect((await run.instance('mdo')).variables.reden).toBe(options.reden ?? 'complex');
    return run;
  };

  /** The case's MDO decisions (its triage is a decision too). */
  const mdoDecisions = async (run: CaseRun): Promise<DecisionView[]> =>
    (await run.decisions()).filter((decision) => decision.kind === 'mdo');

  /** The task waiting at `elementId`, as its worker opens it: its form and the variables it is filled with. */
  const taskDetail = async (run: CaseRun, elementId: string, as = 'regisseur'): Promise<TaskDetail> => {
    const task = (await run.openTasks()).find((candidate) => candidate.elementId === elementId);
    if (!task) throw new Error(`no open task ${elementId}`);
    return driver.as(as).get<TaskDetail>(`/api/tasks/${task.id}`);
  };

  routes.it(
    'refuses a decision while a required discipline was absent; the chair replans, and the second MDO decides',
    async () => {
      const s = await driver.samples();
      const run = await startMdo({ reden: 'uithuisplaatsing' });
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
      const decisions = await mdoDecisions(run);
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
    const run = await startMdo({ reden: 'domeinoverstijgend' });
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
      const [first] = await mdoDecisions(run);
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
      expect((await mdoDecisions(run))[0]).toEqual(original);
    });

    it('given a correction that would change what routed the case, when it is posted, then it is refused and points to a new MDO', async () => {
      const s = await driver.samples();
      const path = `/api/cases/${run.caseId}/decisions/${original.id}/corrections`;
      const reason = 'Het MDO bedoelde iets anders.';

      const stay = await driver.as('voorzitter').request('POST', path, {
        content: s.mdoBesluit({ besluit: { taakgebieden: ['wonen'], verblijfNodig: true } }),
        reason,
      });
      const areas = await driver.as('voorzitter').request('POST', path, {
        content: s.mdoBesluit({ besluit: { taakgebieden: ['slt', 'onderwijs'] } }),
        reason,
      });

      expect(stay.status).toBe(422);
      const stayProblem = await problemOf(stay);
      expect(stayProblem.detail).toContain('nieuw MDO');
      expect(stayProblem.problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            path: 'content.besluit.verblijfNodig',
            code: 'reroute',
            message: expect.stringContaining('Verblijf nodig'),
          }),
        ]),
      );
      expect(areas.status).toBe(422);
      expect((await problemOf(areas)).problems).toEqual([
        expect.objectContaining({ path: 'content.besluit.taakgebieden', code: 'reroute' }),
      ]);
      // Nothing was recorded: the original stands uncorrected.
      expect(await mdoDecisions(run)).toEqual([original]);
    });

    it('is corrected by a new, linked record, only by someone who may record it, and only once', async () => {
      const s = await driver.samples();
      const recorded = s.mdoBesluit();
      // The same route (taakgebieden in another order route nothing differently), another regievoerder.
      const content = {
        ...recorded,
        besluit: { ...(recorded.besluit as Record<string, never>), regieBij: 'Procesregisseur Ruben Jansen' },
      };
      const path = `/api/cases/${run.caseId}/decisions/${original.id}/corrections`;

      expect((await driver.as('regisseur').request('POST', path, { content, reason: 'Typfout' })).status).toBe(403);
      expect((await driver.as('voorzitter').request('POST', path, { content })).status).toBe(400);
      const correction = await driver
        .as('voorzitter')
        .post<DecisionRecord>(path, { content, reason: 'De regie stond bij de verkeerde persoon.' });

      expect(correction).toMatchObject({
        corrects: original.id,
        reason: 'De regie stond bij de verkeerde persoon.',
        kind: 'mdo',
      });
      const decisions = await mdoDecisions(run);
      expect(decisions).toHaveLength(2);
      expect(decisions[0]).toEqual({ ...original, correctedBy: correction.id });
      expect((await driver.as('voorzitter').request('POST', path, { content, reason: 'Nog een keer' })).status).toBe(
        409,
      );
    });
  });

  routes.it(
    'sends a binding decision for a stay to the verklarende analyse first, when this MDO had none, and then to placement',
    async () => {
      const s = await driver.samples();
      const run = await startMdo();
      await run.complete('Task_MdoVoorbereiden', s.mdoVoorbereiden());
      await run.complete('Task_MdoHouden', s.mdoBesluit({ overeenstemming: false }));
      await run.complete(
        'Task_Niveau1',
        s.escalatieNiveau(true, { besluit: { taakgebieden: ['wonen'], verblijfNodig: true } }),
      );

      // The binding decision does not take effect before the analysis is there.
      expect(await run.waitingAt()).toEqual(['Task_AnalyseNaEscalatie']);
      await run.complete('Task_AnalyseNaEscalatie', s.verklarendeAnalyse());
      await run.complete('Task_BesluitDelen', s.besluitDelen());
      expect(await run.waitingAt()).toEqual(['Task_AmbulanteAlternatieven']);
      return run;
    },
  );

  it('given an MDO held for another reason, when it decides a stay without a verklarende analyse, then the decision is refused naming the analysis, and replanning with a stay considered leads to the analysis', async () => {
    const s = await driver.samples();
    const run = await startMdo();
    await run.complete('Task_MdoVoorbereiden', s.mdoVoorbereiden());
    const stay = s.mdoBesluit({ besluit: { taakgebieden: ['wonen'], verblijfNodig: true } });

    const refused = await run.tryComplete('Task_MdoHouden', stay);

    expect(refused.status).toBe(422);
    expect((await problemOf(refused)).problems).toEqual([
      expect.objectContaining({
        path: 'variables.besluit.verblijfNodig',
        code: 'analysis-missing',
        message: expect.stringContaining('verklarende analyse'),
      }),
    ]);
    // The chair's checklist judges the same facts: the server serves them with the task.
    expect((await taskDetail(run, 'Task_MdoHouden', 'voorzitter')).variables.dossier).toMatchObject({
      verklarendeAnalyse: false,
    });

    await run.complete('Task_MdoHouden', s.mdoBesluit({ opnieuwPlannen: true }));
    await run.complete('Task_MdoVoorbereiden', s.mdoVoorbereiden({ verblijfOverwogen: true }));
    expect(await run.waitingAt()).toEqual(['Task_VerklarendeAnalyse']);
    await run.complete('Task_VerklarendeAnalyse', s.verklarendeAnalyse());
    expect((await run.tryComplete('Task_MdoHouden', stay)).status).toBe(200);
  });

  it('given a preparation that does not invite the youth and parents, when it gives no reason, then it is refused; with a reason the MDO goes on', async () => {
    const s = await driver.samples();
    const run = await startMdo();
    const { jeugdigeEnOudersUitgenodigd: _invited, ...uninvited } = s.mdoVoorbereiden();

    const refused = await run.tryComplete('Task_MdoVoorbereiden', { ...uninvited, jeugdigeEnOudersUitgenodigd: false });

    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect((await problemOf(refused)).problems?.map((problem) => problem.path)).toContain(
      'variables.redenNietUitgenodigd',
    );
    await run.complete(
      'Task_MdoVoorbereiden',
      s.mdoVoorbereiden({ nietUitgenodigd: 'Jeugdige is opgenomen; ouders willen niet komen en zijn gebeld.' }),
    );
    expect((await run.tryComplete('Task_MdoHouden', s.mdoBesluit())).status).toBe(200);
  });

  it('given an MDO date in the past, when the preparation is completed, then it is refused', async () => {
    const s = await driver.samples();
    const today = await driver.now();
    const run = await startMdo();

    const refused = await run.tryComplete('Task_MdoVoorbereiden', s.mdoVoorbereiden({ mdoDatum: day(today, -1) }));

    expect(refused.status).toBe(422);
    expect((await problemOf(refused)).problems).toEqual([
      expect.objectContaining({
        path: 'variables.mdoDatum',
        code: 'date-in-past',
        message: expect.stringContaining(dutchDay(day(today, -1))),
      }),
    ]);
    expect(await run.waitingAt()).toEqual(['Task_MdoVoorbereiden']);
  });

  it('given an MDO planned ten days ahead, when the chair records a decision today, then it is refused with the planned date; on that day it is recorded', async () => {
    const s = await driver.samples();
    const today = await driver.now();
    const planned = day(today, 10);
    const run = await startMdo();
    await run.complete('Task_MdoVoorbereiden', s.mdoVoorbereiden({ mdoDatum: planned }));

    const early = await run.tryComplete('Task_MdoHouden', s.mdoBesluit({ mdoDatum: planned }));
    const backdated = await run.tryComplete('Task_MdoHouden', s.mdoBesluit());

    expect(early.status).toBe(422);
    const problem = await problemOf(early);
    expect(problem.problems?.map((item) => item.code)).toEqual(['mdo-not-yet-held']);
    expect(problem.problems?.[0]?.message).toContain(dutchDay(planned));
    // Writing today's date in the chair's form does not make the planned MDO happen sooner.
    expect(backdated.status).toBe(422);
    // Replanning is never blocked.
    const replan = s.mdoBesluit({ mdoDatum: planned, opnieuwPlannen: true });
    expect(replan.mdoUitkomst).toBe('opnieuw-plannen');

    await driver.advance('P10D');
    const later = await driver.samples();
    const beforeTheMdo = later.mdoBesluit({ mdoDatum: planned });
    const evaluatedTooEarly = await run.tryComplete('Task_MdoHouden', {
      ...beforeTheMdo,
      besluit: { ...(beforeTheMdo.besluit as Record<string, never>), evaluatiedatum: planned },
    });
    expect(evaluatedTooEarly.status).toBe(422);
    expect((await problemOf(evaluatedTooEarly)).problems?.map((item) => item.code)).toEqual(['evaluation-before-mdo']);
    expect((await run.tryComplete('Task_MdoHouden', later.mdoBesluit({ mdoDatum: planned }))).status).toBe(200);
  });

  it('given the preparation task, when it is opened, then its form shows the required disciplines the diagram derives, not a copy of them', async () => {
    const plain = await startMdo();
    const crossing = await startMdo({ reden: 'domeinoverstijgend' });

    const plainTask = await taskDetail(plain, 'Task_MdoVoorbereiden');
    const crossingTask = await taskDetail(crossing, 'Task_MdoVoorbereiden');

    expect(plainTask.variables.vereisteDisciplines).toEqual(['sociale-basis', 'specialistisch', 'verblijf-crisis']);
    expect(crossingTask.variables.vereisteDisciplines).toEqual([
      'sociale-basis',
      'specialistisch',
      'verblijf-crisis',
      'gemeentelijk-sociaal-domein',
    ]);
    const components = (plainTask.form?.components ?? []) as Array<Record<string, unknown>>;
    expect(components).toContainEqual(expect.objectContaining({ key: 'vereisteDisciplines', readonly: true }));
    const texts = components.filter((component) => component.type === 'text').map((component) => component.text);
    expect(texts.join(' ')).not.toMatch(/sociale basis/i);
  });

  routes.itTakesEveryFlow();
});
