import { canStartCase, canWorkOnTask } from '../auth/access';
import type { SessionService } from '../auth/session-service';
import type { CaseService } from '../cases/case-service';
import type { Role, Team, User, Variables } from '../contract/api';
import { ageOn } from '../decisions/mdo-rules';
import type { Clock } from '../time/clock';
import { day, samples } from './sample-input';

/** The demo users of ../shared/API.md; every password is "demo" (start-up prints a warning). */
export const DEMO_USERS: Array<{ id: string; name: string; roles: Role[]; teams: string[] }> = [
  { id: 'slt', name: 'Sanne de Vries (SLT)', roles: ['slt-medewerker'], teams: ['slt-breda-noord'] },
  { id: 'regisseur', name: 'Ruben Jansen (procesregisseur)', roles: ['procesregisseur'], teams: ['slt-breda-noord'] },
  {
    id: 'regisseur2',
    name: 'Fatima El Amrani (procesregisseur)',
    roles: ['procesregisseur'],
    teams: ['slt-breda-noord'],
  },
  {
    id: 'regisseur-zuid',
    name: 'Joost Bakker (procesregisseur)',
    roles: ['procesregisseur'],
    teams: ['slt-breda-zuid'],
  },
  { id: 'voorzitter', name: 'Marieke Smit (voorzitter MDO)', roles: ['mdo-voorzitter'], teams: ['slt-breda-noord'] },
  {
    id: 'beschikker',
    name: 'Koen Visser (consulent gemeente)',
    roles: ['gemeente-beschikker'],
    teams: ['slt-breda-noord', 'slt-breda-zuid'],
  },
  { id: 'teamleider', name: 'Anouk Mulder (teamleider)', roles: ['teamleider'], teams: ['slt-breda-noord'] },
  { id: 'plaatser', name: 'Dennis de Boer (plaatsingscoördinator)', roles: ['plaatsingscoordinator'], teams: [] },
  { id: 'crisis', name: 'Eva Willems (crisisdienst)', roles: ['crisisdienst'], teams: [] },
  { id: 'expertteam', name: 'Regionaal Expertteam', roles: ['regionaal-expertteam'], teams: [] },
  { id: 'bestuurder', name: 'Wethouder P. van Dijk', roles: ['bestuurder'], teams: [] },
  { id: 'eigenaar', name: 'Lotte Hendriks (proceseigenaar)', roles: ['proceseigenaar'], teams: [] },
  { id: 'beheer', name: 'Functioneel beheer', roles: ['beheerder'], teams: [] },
  { id: 'beleid', name: 'Yusuf Özdemir (beleidsmedewerker)', roles: ['beleidsmedewerker'], teams: [] },
  { id: 'privacy', name: 'Ingrid de Wit (privacyfunctionaris)', roles: ['privacyfunctionaris'], teams: [] },
];

export const DEMO_PASSWORD = 'demo';

/** The demo region's SLT teams (DOMAIN.md §1). */
export const DEMO_TEAMS: Team[] = [
  { id: 'slt-breda-noord', name: 'SLT Breda Noord', region: 'West-Brabant Oost' },
  { id: 'slt-breda-zuid', name: 'SLT Breda Zuid', region: 'West-Brabant Oost' },
  { id: 'slt-oosterhout', name: 'SLT Oosterhout', region: 'West-Brabant Oost' },
  { id: 'slt-altena', name: 'SLT Altena', region: 'West-Brabant Oost' },
];

/**
 * Demo cases: each starts a toeleiding and walks it through the given steps, so that the worklists
 * show all four processes alive the moment the app starts: cases at several steps of each, a
 * running escalation (one at level 2) and a crisis whose 24-hour norm is running.
 */
interface DemoCase {
  team: string;
  start: Variables;
  steps: Array<{ at: string; variables: Variables }>;
  /** The case's regievoerder; absent leaves it unowned, for the teamleider to assign. */
  regisseur?: string;
}

/** Who owns which demo case: mostly Ruben (`regisseur`), some Fatima (`regisseur2`), the newest aanmelding nobody. */
const DEMO_REGISSEURS = ['regisseur', 'regisseur', 'regisseur2', 'regisseur', 'regisseur', 'regisseur2'];

function demoCases(today: Date): DemoCase[] {
  const s = samples(today);
  const jeugdige = (initialen: string, geboortedatum: string) => ({ initialen, geboortedatum });
  // Consent as the law asks it at the youth's age on the MDO day (DOMAIN.md §3).
  const basis = (geboortedatum: string) => {
    const age = ageOn(geboortedatum, day(today)) ?? 0;
    return age < 12 ? 'ouders' : age < 16 ? 'beiden' : 'jeugdige';
  };
  // An MDO whose decision the demo records is held today: a decision waits for the MDO's day.
  const mdoVoorbereid = (geboortedatum: string, inDays = 2) => [
    { at: 'Task_Vraagverkenning', variables: s.vraagverkenning(basis(geboortedatum)) },
    { at: 'Task_Triage', variables: s.triage('regulier', 'hoog', 'niet-vrij-toegankelijk') },
    {
      at: 'Task_MdoVoorbereiden',
      variables: s.mdoVoorbereiden({ mdoDatum: day(today, inDays), basis: basis(geboortedatum) }),
    },
  ];
  const geenOvereenstemming = (geboortedatum: string) => [
    ...mdoVoorbereid(geboortedatum, 0),
    { at: 'Task_MdoHouden', variables: s.mdoBesluit({ overeenstemming: false, basis: basis(geboortedatum) }) },
  ];
  const naarPlaatsing = (geboortedatum: string) => [
    { at: 'Task_Vraagverkenning', variables: s.vraagverkenning(basis(geboortedatum)) },
    {
      at: 'Task_Triage',
      variables: s.triage('spoed', 'hoog', 'niet-vrij-toegankelijk', { uithuisplaatsingOverwogen: true }),
    },
    { at: 'Task_MdoVoorbereiden', variables: s.mdoVoorbereiden({ basis: basis(geboortedatum) }) },
    { at: 'Task_VerklarendeAnalyse', variables: s.verklarendeAnalyse() },
    {
      at: 'Task_MdoHouden',
      variables: s.mdoBesluit({
        basis: basis(geboortedatum),
        besluit: { taakgebieden: ['wonen'], verblijfNodig: true },
      }),
    },
    { at: 'Task_BesluitDelen', variables: s.besluitDelen() },
  ];
  const cases: DemoCase[] = [
    { team: 'slt-breda-noord', start: s.aanmelding(jeugdige('L.B.', '2012-03-14')), steps: [] },
    {
      team: 'slt-breda-noord',
      start: s.aanmelding(jeugdige('M.K.', '2015-09-02'), {
        bron: 'school',
        hulpvraag: 'Gedragsproblemen in de klas, ouders vragen hulp.',
      }),
      steps: [{ at: 'Task_Vraagverkenning', variables: s.vraagverkenning() }],
    },
    {
      team: 'slt-breda-noord',
      start: s.aanmelding(jeugdige('S.A.', '2009-11-23'), {
        bron: 'jeugdige-ouder',
        hulpvraag: 'Conflicten thuis, moeder vraagt ondersteuning.',
      }),
      steps: [
        { at: 'Task_Vraagverkenning', variables: s.vraagverkenning('beiden') },
        { at: 'Task_Triage', variables: s.triage('regulier', 'laag', 'hulp-binnen-slt') },
      ],
    },
    {
      team: 'slt-breda-noord',
      start: s.aanmelding(jeugdige('J.T.', '2013-01-08'), {
        bron: 'jeugdarts',
        hulpvraag: 'Complexe problematiek op meerdere leefgebieden.',
      }),
      steps: mdoVoorbereid('2013-01-08').slice(0, 2),
    },
    {
      team: 'slt-breda-noord',
      start: s.aanmelding(jeugdige('R.M.', '2011-02-17'), {
        bron: 'huisarts',
        hulpvraag: 'Angstklachten en schooluitval; ouders gescheiden.',
      }),
      steps: mdoVoorbereid('2011-02-17'),
    },
    {
      team: 'slt-breda-noord',
      start: s.aanmelding(jeugdige('T.W.', '2010-06-05'), {
        bron: 'gi',
        hulpvraag: 'Partijen verschillen van mening over de juiste hulp.',
      }),
      steps: geenOvereenstemming('2010-06-05'),
    },
    {
      team: 'slt-breda-noord',
      start: s.aanmelding(jeugdige('N.O.', '2008-12-01'), {
        bron: 'jeugdarts',
        hulpvraag: 'Geen overeenstemming over behandeling met verblijf.',
      }),
      steps: [...geenOvereenstemming('2008-12-01'), { at: 'Task_Niveau1', variables: s.escalatieNiveau(false) }],
    },
    {
      team: 'slt-breda-noord',
      start: s.aanmelding(jeugdige('D.R.', '2011-05-30'), {
        bron: 'veilig-thuis',
        hulpvraag: 'Onveilige thuissituatie, direct handelen nodig.',
        urgentie: 'crisis',
      }),
      // A crisis aanmelding goes straight to Crisisinterventie: no vraagverkenning or triage first.
      steps: [],
    },
    {
      team: 'slt-breda-noord',
      start: s.aanmelding(jeugdige('K.P.', '2012-08-21'), {
        bron: 'gi',
        hulpvraag: 'Thuis wonen lukt niet meer; uithuisplaatsing wordt overwogen.',
      }),
      steps: naarPlaatsing('2012-08-21'),
    },
    {
      team: 'slt-breda-noord',
      start: s.aanmelding(jeugdige('F.H.', '2010-10-10'), {
        bron: 'rechter',
        hulpvraag: 'Pleegzorg of gezinshuis nodig na MDO-besluit.',
      }),
      steps: [
        ...naarPlaatsing('2010-10-10'),
        { at: 'Task_AmbulanteAlternatieven', variables: s.ambulanteAlternatieven(false) },
        { at: 'Task_Matchprofiel', variables: s.matchprofiel() },
      ],
    },
    {
      team: 'slt-breda-noord',
      start: s.aanmelding(jeugdige('B.V.', '2014-04-04'), {
        bron: 'huisarts',
        hulpvraag: 'Specialistische behandeling nodig volgens huisarts.',
      }),
      steps: [
        ...mdoVoorbereid('2014-04-04', 0),
        {
          at: 'Task_MdoHouden',
          variables: s.mdoBesluit({ basis: basis('2014-04-04'), besluit: { taakgebieden: ['specialistisch'] } }),
        },
        { at: 'Task_BesluitDelen', variables: s.besluitDelen() },
      ],
    },
    {
      team: 'slt-breda-zuid',
      start: s.aanmelding(jeugdige('A.V.', '2010-07-19'), { bron: 'gi', hulpvraag: 'Overdracht na afloop maatregel.' }),
      steps: [],
      regisseur: 'regisseur-zuid',
    },
  ];
  // Every case but the first (a fresh aanmelding) has its regievoerder (DOMAIN.md §1).
  cases.forEach((demo, index) => {
    if (index > 0 && demo.team === 'slt-breda-noord') demo.regisseur = DEMO_REGISSEURS[index % DEMO_REGISSEURS.length];
  });
  return cases;
}

export async function seedDemo(deps: {
  sessions: SessionService;
  cases: CaseService;
  clock: Clock;
  hasProcess: (key: string) => boolean;
}): Promise<void> {
  // Every demo user has an address, so notifications can be tried against a local mail server.
  for (const user of DEMO_USERS)
    await deps.sessions.addUser({ ...user, email: `${user.id}@example.org`, demo: true }, DEMO_PASSWORD);
  if (!deps.hasProcess('toeleiding')) return; // other diagrams (e.g. test fixtures): users only
  const users = DEMO_USERS.map((user) => deps.sessions.findUser(user.id)).filter(
    (user): user is User => user !== undefined,
  );
  for (const demo of demoCases(deps.clock.now())) {
    const starter = users.find((user) => canStartCase(user, demo.team) && user.teams.includes(demo.team));
    if (!starter) continue;
    try {
      const { caseId } = await deps.cases.start(starter, {
        definitionKey: 'toeleiding',
        team: demo.team,
        variables: demo.start,
      });
      if (demo.regisseur) {
        // The teamleider assigns it right after the aanmelding (a team without one in the demo has
        // its procesregisseur take it), so the steps after it are the case's latest history.
        const assigner =
          users.find((user) => user.roles.includes('teamleider') && user.teams.includes(demo.team)) ??
          users.find((user) => user.id === demo.regisseur);
        if (assigner) await deps.cases.assignRegisseur(assigner, caseId, demo.regisseur);
      }
      for (const step of demo.steps) {
        const task = deps.cases.index.openTasksOfCase(caseId).find((candidate) => candidate.elementId === step.at);
        const worker = task && users.find((user) => canWorkOnTask(user, task));
        if (!task || !worker) throw new Error(`no open task ${step.at} for a demo user`);
        await deps.cases.claim(worker, task.id);
        await deps.cases.complete(worker, task.id, step.variables);
      }
    } catch (error) {
      // The demo follows the shipped diagrams; a changed diagram costs a demo case, not the start-up.
      const problems = (error as { problems?: Array<{ message: string }> }).problems ?? [];
      console.warn(
        `demo case skipped: ${(error as Error).message} ${problems.map((problem) => problem.message).join(' ')}`,
      );
    }
  }
}
