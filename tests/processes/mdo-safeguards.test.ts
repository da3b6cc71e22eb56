import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonValue, TaskDetail } from '../../server/contract/api';
import { ApiClient } from '../support/server';
import { type CaseRun, PROCESSES_DIR, problemOf, RouteDriver } from './support/route';
import { JEUGDIGE, throughTriage } from './support/steps';

/**
 * The safeguards the server keeps on the case's own records (DOMAIN.md §3), also when what a
 * process owner deploys or a form asks would let a case slip past them: no placement without an
 * MDO that decided a stay and a verklarende analyse, no MDO decision without the invitation of the
 * youth and parents, and a preparation form that shows what the diagram requires.
 */

/** Opens a route driver on the product diagrams; the tests deploy their changes as a process owner would. */
function onServer(processesDir?: string) {
  const state: { driver?: RouteDriver; eigenaar?: ApiClient } = {};
  beforeAll(async () => {
    state.driver = await RouteDriver.open(processesDir);
    state.eigenaar = await ApiClient.login(state.driver.server.baseUrl, 'eigenaar');
  });
  afterAll(async () => {
    await state.driver?.close();
  });
  return {
    driver: () => state.driver!,
    /** Deploys the product diagram `key` with `change` applied to its XML. */
    deployChanged: async (key: string, change: (xml: string) => string) => {
      const xml = await readFile(path.join(PROCESSES_DIR, `${key}.bpmn`), 'utf8');
      const changed = change(xml);
      expect(changed).not.toBe(xml);
      const response = await state.eigenaar!.request('POST', '/api/definitions', changed, 'application/xml');
      expect(response.status).toBe(201);
    },
  };
}

/** Replaces the condition of one sequence flow in a diagram's XML. */
function withCondition(flowId: string, condition: string): (xml: string) => string {
  return (xml) =>
    xml.replace(
      new RegExp(`(<bpmn:sequenceFlow id="${flowId}"[^>]*>\\s*<bpmn:conditionExpression[^>]*>)[^<]*`),
      `$1${condition}`,
    );
}

async function taskDetail(driver: RouteDriver, run: CaseRun, elementId: string, as: string): Promise<TaskDetail> {
  const task = (await run.openTasks()).find((candidate) => candidate.elementId === elementId);
  if (!task) throw new Error(`no open task ${elementId}`);
  return driver.as(as).get<TaskDetail>(`/api/tasks/${task.id}`);
}

/** An aanmelding that triage finds complex: the case goes to its MDO (reden complex). */
async function caseAtMdo(driver: RouteDriver): Promise<CaseRun> {
  const s = await driver.samples();
  const run = await driver.start('toeleiding', s.aanmelding(JEUGDIGE));
  await throughTriage(run, s, s.triage('regulier', 'hoog', 'niet-vrij-toegankelijk'));
  return run;
}

/** From the placement's ambulant check to its Plaatsingsbesluit, with a place found and agreed. */
async function toPlaatsingsbesluit(driver: RouteDriver, run: CaseRun): Promise<void> {
  const s = await driver.samples();
  await run.complete('Task_AmbulanteAlternatieven', s.ambulanteAlternatieven(false));
  await run.complete('Task_Matchprofiel', s.matchprofiel());
  await run.complete('Task_PassendePlekZoeken', s.passendePlekZoeken(true));
  await run.complete('Task_Matchgesprek', s.matchgesprek(true));
  expect(await run.waitingAt()).toEqual(['Task_Plaatsingsbesluit']);
}

describe('given a process owner whose MDO diagram skips the analysis after a binding decision for a stay', () => {
  const server = onServer();

  it('when the placement comes to its Plaatsingsbesluit, then the server refuses it for want of a verklarende analyse, and the form shows the records, not a checkbox', async () => {
    const driver = server.driver();
    await server.deployChanged('mdo', withCondition('Flow_AnalyseVoorVerblijf', '=false'));
    const s = await driver.samples();
    const run = await caseAtMdo(driver);
    await run.complete('Task_MdoVoorbereiden', s.mdoVoorbereiden());
    await run.complete('Task_MdoHouden', s.mdoBesluit({ overeenstemming: false }));
    await run.complete(
      'Task_Niveau1',
      s.escalatieNiveau(true, { besluit: { taakgebieden: ['wonen'], verblijfNodig: true } }),
    );
    await run.complete('Task_BesluitDelen', s.besluitDelen());
    await toPlaatsingsbesluit(driver, run);

    const refused = await run.tryComplete('Task_Plaatsingsbesluit', s.plaatsingsbesluit());
    const selfDeclared = await run.tryComplete('Task_Plaatsingsbesluit', {
      ...s.plaatsingsbesluit(),
      mdoGehouden: true,
      verklarendeAnalyseAanwezig: true,
    });

    expect(refused.status).toBe(422);
    expect((await problemOf(refused)).problems).toEqual([
      expect.objectContaining({
        path: 'casus.verklarendeAnalyse',
        code: 'analysis-missing',
        message: expect.stringContaining('verklarende analyse'),
      }),
    ]);
    // A ticked box claiming the analysis is not a field of the form any more.
    expect(selfDeclared.status).toBe(400);
    expect(await run.waitingAt()).toEqual(['Task_Plaatsingsbesluit']);
    const detail = await taskDetail(driver, run, 'Task_Plaatsingsbesluit', 'regisseur');
    expect(detail.variables.dossier).toEqual({
      mdoBesluit: expect.stringMatching(/^Bindend besluit na escalatie van \d{2}-\d{2}-\d{4}, .*: verblijf nodig/),
      verklarendeAnalyse: 'Niet opgesteld in deze casus.',
    });
    const components = (detail.form?.components ?? []) as Array<Record<string, JsonValue>>;
    expect(components.filter((component) => component.type === 'checkbox')).toEqual([]);
    expect(JSON.stringify(components)).toContain('{{dossier.verklarendeAnalyse}}');
  });
});

describe('given a process owner whose toeleiding sends every MDO decision to placement', () => {
  const server = onServer();

  it('when the MDO decided no stay, then the Plaatsingsbesluit is refused naming the MDO decision', async () => {
    const driver = server.driver();
    await server.deployChanged('toeleiding', withCondition('Flow_MdoVerblijf', '=true'));
    const s = await driver.samples();
    const run = await caseAtMdo(driver);
    await run.complete('Task_MdoVoorbereiden', s.mdoVoorbereiden());
    await run.complete('Task_MdoHouden', s.mdoBesluit({ besluit: { taakgebieden: ['slt'] } }));
    await run.complete('Task_BesluitDelen', s.besluitDelen());
    await toPlaatsingsbesluit(driver, run);

    const refused = await run.tryComplete('Task_Plaatsingsbesluit', s.plaatsingsbesluit());

    expect(refused.status).toBe(422);
    const problem = await problemOf(refused);
    expect(problem.detail).toBe('2 regels staan deze stap niet toe.');
    expect(problem.problems?.map((item) => [item.path, item.code])).toEqual([
      ['casus.mdoBesluit', 'mdo-no-stay'],
      ['casus.verklarendeAnalyse', 'analysis-missing'],
    ]);
    expect(problem.problems?.[0]?.message).toContain('geen verblijf nodig');
  });
});

describe('given a process owner who adds a discipline to the MDO diagram’s required list', () => {
  const server = onServer();

  it('when a new MDO is prepared, then its form shows the added discipline, and the chair’s decision needs it', async () => {
    const driver = server.driver();
    await server.deployChanged('mdo', (xml) =>
      xml.replace(
        '["sociale-basis", "specialistisch", "verblijf-crisis"]',
        '["sociale-basis", "specialistisch", "verblijf-crisis", "onderwijs"]',
      ),
    );
    const s = await driver.samples();
    const run = await caseAtMdo(driver);

    const detail = await taskDetail(driver, run, 'Task_MdoVoorbereiden', 'regisseur');

    expect(detail.variables.vereisteDisciplines).toEqual([
      'sociale-basis',
      'specialistisch',
      'verblijf-crisis',
      'onderwijs',
    ]);
    await run.complete('Task_MdoVoorbereiden', s.mdoVoorbereiden());
    const refused = await run.tryComplete('Task_MdoHouden', s.mdoBesluit());
    expect((await problemOf(refused)).problems?.[0]?.message).toContain('Jeugdhulp in het onderwijs');
  });
});

describe('given a preparation form that does not ask about inviting the youth and parents', () => {
  let dir: string;

  beforeAll(async () => {
    // As a process owner could edit the form (forms are not versioned), or as a case prepared
    // before the invitation was asked: the preparation records nothing about it.
    dir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-processes-'));
    await cp(PROCESSES_DIR, dir, { recursive: true });
    const file = path.join(dir, 'forms', 'mdo-voorbereiden.form.json');
    const form = JSON.parse(await readFile(file, 'utf8')) as { components: Array<{ key?: string }> };
    form.components = form.components.filter(
      (component) => component.key !== 'jeugdigeEnOudersUitgenodigd' && component.key !== 'redenNietUitgenodigd',
    );
    await writeFile(file, JSON.stringify(form));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('on a server with that form', () => {
    let driver: RouteDriver;
    beforeAll(async () => {
      driver = await RouteDriver.open(dir);
    });
    afterAll(async () => {
      await driver.close();
    });

    it('when the chair records a decision, then it is refused because the preparation did not record the invitation; replanning is not', async () => {
      const s = await driver.samples();
      const run = await caseAtMdo(driver);
      const { jeugdigeEnOudersUitgenodigd: _invited, ...preparation } = s.mdoVoorbereiden();
      await run.complete('Task_MdoVoorbereiden', preparation);

      const refused = await run.tryComplete('Task_MdoHouden', s.mdoBesluit());
      // The chair cannot vouch for it in the decision's form.
      const vouched = await run.tryComplete('Task_MdoHouden', { ...s.mdoBesluit(), jeugdigeEnOudersUitgenodigd: true });

      expect(refused.status).toBe(422);
      expect((await problemOf(refused)).problems).toEqual([
        expect.objectContaining({
          path: 'voorbereiding.jeugdigeEnOudersUitgenodigd',
          code: 'invitation-missing',
          message: expect.stringContaining('uitgenodigd'),
        }),
      ]);
      expect(vouched.status).toBe(400);
      expect((await run.tryComplete('Task_MdoHouden', s.mdoBesluit({ opnieuwPlannen: true }))).status).toBe(200);
      expect(await run.waitingAt()).toEqual(['Task_MdoVoorbereiden']);
    });
  });
});
