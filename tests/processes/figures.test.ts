import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Figures, StartInstanceResponse, Task } from '../../server/contract/api';
import { ApiClient } from '../support/server';
import { RouteDriver } from './support/route';
import { holdMdo, JEUGDIGE, throughTriage } from './support/steps';

/**
 * The steering figures (DOMAIN.md §5) after a known set of cases walked the product diagrams on a
 * pinned calendar. The demo seed's cases were registered on the clock's first day; the period
 * asked for starts the day after, so every figure below comes from these cases alone (except the
 * open tasks, which belong to no period and are checked against the task list itself).
 */
describe('steering figures from the routes the cases took', () => {
  let driver: RouteDriver;
  let beleid: ApiClient;
  /**
   * Monday 1 February 2027, 08:00 in Breda; the cases below are registered a day later. (A start
   * before the real date makes the escalation timers fire at once; see the report of issue 16.)
   */
  const CLOCK_START = '2027-02-01T07:00:00Z';
  const PERIOD = 'from=2027-02-02&to=2027-03-31';
  const figures = (query = '') =>
    beleid.get<Figures>(`/api/figures?${PERIOD}&team=slt-breda-noord${query ? `&${query}` : ''}`);

  beforeAll(async () => {
    driver = await RouteDriver.open(undefined, { clockStart: CLOCK_START });
    beleid = await ApiClient.login(driver.server.baseUrl, 'beleid');
    await driver.advance('P1D');
  }, 60_000);
  afterAll(async () => {
    await driver.close();
  });

  it('given eight aanmeldingen walked through triage, MDOs, an escalation, two crises and a placement, when the policy officer asks, then every figure is exact', {
    timeout: 240_000,
  }, async () => {
    const s = await driver.samples();
    const start = () => driver.start('toeleiding', s.aanmelding(JEUGDIGE));

    // Day 0. A: help within the SLT (started on day 2).
    const a = await start();
    await throughTriage(a, s, s.triage('regulier', 'laag', 'hulp-binnen-slt'));
    // B: closed with advice; C: handed to the municipal social domain.
    const b = await start();
    await throughTriage(b, s, s.triage('regulier', 'laag', 'sociale-basis'));
    await b.complete('Task_AfsluitenAdvies', s.afsluitenAdvies());
    const c = await start();
    await throughTriage(c, s, s.triage('regulier', 'laag', 'gemeentelijk-sociaal-domein'));
    await c.complete('Task_OverdrachtSociaalDomein', s.overdrachtSociaalDomein());
    // D: an MDO that agrees the first time, then a beschikking (day 1) and the start of help (day 4).
    const d = await start();
    await throughTriage(d, s, s.triage('regulier', 'hoog', 'niet-vrij-toegankelijk'));
    await holdMdo(d, s, { besluit: { taakgebieden: ['specialistisch'] } });
    // E: triaged "geen jeugdhulp" but complex; the MDO is re-planned once, then disagrees and escalates.
    const e = await start();
    await throughTriage(e, s, s.triage('regulier', 'hoog', 'geen-jeugdhulp'));
    await e.complete('Task_MdoVoorbereiden', s.mdoVoorbereiden());
    await e.complete('Task_MdoHouden', s.mdoBesluit({ opnieuwPlannen: true }));
    await e.complete('Task_MdoVoorbereiden', s.mdoVoorbereiden());
    await e.complete('Task_MdoHouden', s.mdoBesluit({ overeenstemming: false }));
    // H: a placement after an MDO: no ambulant alternative, a first search without a place,
    // bridging care, a second search that finds one.
    const h = await start();
    await throughTriage(h, s, s.triage('spoed', 'hoog', 'niet-vrij-toegankelijk', { uithuisplaatsingOverwogen: true }));
    await holdMdo(h, s, { analyse: true, besluit: { taakgebieden: ['wonen'], verblijfNodig: true } });
    await h.complete('Task_AmbulanteAlternatieven', s.ambulanteAlternatieven(false));
    await h.complete('Task_Matchprofiel', s.matchprofiel());
    await h.complete('Task_PassendePlekZoeken', s.passendePlekZoeken(false));
    await h.complete('Task_Overbruggingszorg', s.overbruggingszorg());
    // F: a crisis, handled in 2 hours.
    const f = await driver.start('toeleiding', s.aanmelding(JEUGDIGE, { urgentie: 'crisis' }));
    await driver.advance('PT2H');
    await f.complete('Task_Crisisinterventie', s.crisisinterventie(false));
    // G: a crisis registered now, handled only after 46 hours.
    const g = await driver.start('toeleiding', s.aanmelding(JEUGDIGE, { urgentie: 'crisis' }));

    // Day 1: D's beschikking; E's ladder is not solved at level 1; H is placed (beschikking verblijf).
    await driver.advance('PT22H');
    await d.complete('Task_BeschikkingAfgeven', s.beschikkingAfgeven());
    await e.complete('Task_Niveau1', s.escalatieNiveau(false));
    await h.complete('Task_PassendePlekZoeken', s.passendePlekZoeken(true));
    await h.complete('Task_Matchgesprek', s.matchgesprek(true));
    await h.complete('Task_Plaatsingsbesluit', s.plaatsingsbesluit());
    await h.complete('Task_BeschikkingVerblijf', s.beschikkingVerblijf());
    await h.complete('Task_PlaatsingStarten', s.plaatsingStarten());
    await h.complete('Task_Onderwijscontinuiteit', s.onderwijscontinuiteit());

    // Day 2: A's help starts; the expert team decides E at level 2; G's intervention, late.
    await driver.advance('P1D');
    await a.complete('Task_HulpInzettenSlt', s.hulpInzettenSlt());
    await e.complete('Task_Niveau2', s.escalatieNiveau(true, { besluit: { taakgebieden: ['onderwijs'] } }));
    await e.complete('Task_BesluitDelen', s.besluitDelen());
    await g.complete('Task_Crisisinterventie', s.crisisinterventie(false));

    // Day 4: D's help starts (3 days after the beschikking); day 5: H's (4 days after).
    await driver.advance('P2D');
    await d.complete('Task_StartHulpBevestigen', s.startHulpBevestigen());
    await driver.advance('P1D');
    await h.complete('Task_StartHulpBevestigen', s.startHulpBevestigen());

    const answer = await figures();
    expect(answer.from).toBe('2027-02-02');
    expect(answer.to).toBe('2027-03-31');
    expect(answer.filters.teams).toEqual(['slt-breda-noord']);
    // Lead times to the start of help: A 2, D 4, H 5 days (nearest rank: p50 the 2nd, p90 the 3rd).
    expect(answer.toeleiding).toEqual({ aanmeldingen: 8, hulpGestart: 3, doorlooptijdDagen: { p50: 4, p90: 5 } });
    // From beschikking to start of help: D 3, H 4 days.
    expect(answer.wachttijd).toEqual({ beschikkingen: 2, hulpGestart: 2, dagen: { p50: 3, p90: 4 } });
    expect(answer.triage).toEqual({
      'geen-jeugdhulp': 1,
      'sociale-basis': 1,
      'hulp-binnen-slt': 1,
      'niet-vrij-toegankelijk': 2,
      'gemeentelijk-sociaal-domein': 1,
    });
    expect(answer.mdo).toEqual({
      gehouden: 3,
      overeenstemmingEersteKeer: 2,
      opnieuwGepland: 1,
      geescaleerd: 1,
      overeenstemmingEersteKeerPct: 66.7,
      geescaleerdPct: 33.3,
    });
    expect(answer.escalaties).toEqual({ perNiveau: { '1': 0, '2': 1, '3': 0, '4': 0 }, lopend: 0 });
    expect(answer.crisis).toEqual({ totaal: 2, binnen24uur: 1, binnen24uurPct: 50 });
    // F ended ambulant; G's placement coordination still runs (its crisis norm branch waits
    // for the teamleider); H was placed after two searches, with bridging care.
    expect(answer.plaatsingen).toEqual({
      geplaatst: 1,
      ambulant: 1,
      geescaleerd: 0,
      overbrugging: 1,
      matchingrondes: { p50: 2 },
      eersteKeerGoed: 1,
      eersteKeerGoedPct: 100,
      overbruggingPct: 33.3,
    });
    expect(answer.trend).toEqual([
      { maand: '2027-02', aanmeldingen: 8, hulpGestart: 3, doorlooptijdP50: 4 },
      { maand: '2027-03', aanmeldingen: 0, hulpGestart: 0, doorlooptijdP50: null },
    ]);

    const step = (definitionKey: string, elementId: string) =>
      answer.stappen.find((entry) => entry.definitionKey === definitionKey && entry.elementId === elementId);
    expect(step('toeleiding', 'Task_Triage')).toMatchObject({ afgerond: 6, p50Uren: 0, binnenTermijnPct: 100 });
    expect(step('toeleiding', 'Task_HulpInzettenSlt')).toMatchObject({
      name: 'Hulp inzetten binnen SLT',
      afgerond: 1,
      p50Uren: 48,
      binnenTermijnPct: null,
      metTermijn: 0,
    });
    expect(step('toeleiding', 'Task_BeschikkingAfgeven')).toMatchObject({
      afgerond: 1,
      p50Uren: 24,
      binnenTermijnPct: 100,
    });
    // F in 2 hours, within its term; G in 46, past it.
    expect(step('plaatsingscoordinatie', 'Task_Crisisinterventie')).toMatchObject({
      afgerond: 2,
      p50Uren: 2,
      binnenTermijnPct: 50,
    });
    // The first search ended at once, the second after a day: the median is the first (nearest rank).
    expect(step('plaatsingscoordinatie', 'Task_PassendePlekZoeken')).toMatchObject({ afgerond: 2, p50Uren: 0 });
    expect(step('escalatieladder', 'Task_Niveau3')).toBeUndefined();

    // Task areas: from the decisions that count (E's binding one, not its disputed MDO record).
    expect((await figures('taakgebied=wonen')).toeleiding.aanmeldingen).toBe(1);
    expect((await figures('taakgebied=onderwijs')).toeleiding.aanmeldingen).toBe(1);
    expect((await figures('taakgebied=specialistisch')).toeleiding.aanmeldingen).toBe(1);
    expect((await figures('taakgebied=slt')).toeleiding.aanmeldingen).toBe(1);
    expect((await figures('taakgebied=verblijf-crisis')).toeleiding).toMatchObject({ aanmeldingen: 3, hulpGestart: 1 });

    // Open tasks are what is open now, whatever the period: the team's own task list agrees.
    const teamleider = driver.as('teamleider');
    const teamTasks = (list: Task[]) => list.filter((task) => task.team === 'slt-breda-noord');
    const open = teamTasks(await teamleider.get<Task[]>('/api/tasks?scope=all'));
    const overdue = teamTasks(await teamleider.get<Task[]>('/api/tasks?scope=all&overdue=true'));
    expect(answer.taken.open).toBe(open.length);
    expect(answer.taken.overTermijn).toBe(overdue.length);
    expect(answer.taken.perTeam).toEqual({
      'slt-breda-noord': {
        open: open.length < 5 ? null : open.length,
        overTermijn: overdue.length > 0 && overdue.length < 5 ? null : overdue.length,
      },
    });
  });

  it('given a team with three crisis aanmeldingen, when their norm passes, then its open tasks are withheld below five and shown from five', {
    timeout: 120_000,
  }, async () => {
    const s = await driver.samples();
    const crisis = driver.as('crisis');
    for (let index = 0; index < 3; index++) {
      await crisis.post<StartInstanceResponse>('/api/instances', {
        definitionKey: 'toeleiding',
        team: 'slt-altena',
        variables: s.aanmelding(JEUGDIGE, { urgentie: 'crisis' }),
      });
    }
    const altena = () => beleid.get<Figures>(`/api/figures?${PERIOD}&team=slt-altena`);
    const before = await altena();
    expect(before.toeleiding.aanmeldingen).toBe(3);
    expect(before.taken).toMatchObject({ open: 3, overTermijn: 0 });
    // Three of one team could point at three youths: withheld. Zero says nothing about anyone.
    expect(before.taken.perTeam).toEqual({ 'slt-altena': { open: null, overTermijn: 0 } });
    // Still within their 24 hours: not yet counted as interventions.
    expect(before.crisis).toEqual({ totaal: 0, binnen24uur: 0, binnen24uurPct: null });

    await driver.advance('PT25H');
    const after = await altena();
    // Each missed norm adds the teamleider's task: six open, the three interventions overdue.
    expect(after.taken).toMatchObject({ open: 6, overTermijn: 3 });
    expect(after.taken.perTeam).toEqual({ 'slt-altena': { open: 6, overTermijn: null } });
    expect(after.crisis).toEqual({ totaal: 3, binnen24uur: 0, binnen24uurPct: 0 });
  });
});
