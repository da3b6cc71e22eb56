import type { Role, User, Variables } from '../contract/api';
import type { SessionService } from '../auth/session-service';
import { canWorkOnTask } from '../auth/access';
import type { CaseService } from '../cases/case-service';
import type { Clock } from '../time/clock';

/** The demo users of ../shared/API.md; every password is "demo" (start-up prints a warning). */
export const DEMO_USERS: Array<{ id: string; name: string; roles: Role[]; teams: string[] }> = [
  { id: 'slt', name: 'Sanne de Vries (SLT)', roles: ['slt-medewerker'], teams: ['slt-breda-noord'] },
  { id: 'regisseur', name: 'Ruben Jansen (procesregisseur)', roles: ['procesregisseur'], teams: ['slt-breda-noord'] },
  { id: 'regisseur2', name: 'Fatima El Amrani (procesregisseur)', roles: ['procesregisseur'], teams: ['slt-breda-noord'] },
  { id: 'regisseur-zuid', name: 'Joost Bakker (procesregisseur)', roles: ['procesregisseur'], teams: ['slt-breda-zuid'] },
  { id: 'voorzitter', name: 'Marieke Smit (voorzitter MDO)', roles: ['mdo-voorzitter'], teams: ['slt-breda-noord'] },
  { id: 'beschikker', name: 'Koen Visser (consulent gemeente)', roles: ['gemeente-beschikker'], teams: ['slt-breda-noord', 'slt-breda-zuid'] },
  { id: 'teamleider', name: 'Anouk Mulder (teamleider)', roles: ['teamleider'], teams: ['slt-breda-noord'] },
  { id: 'plaatser', name: 'Dennis de Boer (plaatsingscoördinator)', roles: ['plaatsingscoordinator'], teams: [] },
  { id: 'crisis', name: 'Eva Willems (crisisdienst)', roles: ['crisisdienst'], teams: [] },
  { id: 'expertteam', name: 'Regionaal Expertteam', roles: ['regionaal-expertteam'], teams: [] },
  { id: 'bestuurder', name: 'Wethouder P. van Dijk', roles: ['bestuurder'], teams: [] },
  { id: 'eigenaar', name: 'Lotte Hendriks (proceseigenaar)', roles: ['proceseigenaar'], teams: [] },
  { id: 'beheer', name: 'Functioneel beheer', roles: ['beheerder'], teams: [] },
];

export const DEMO_PASSWORD = 'demo';

/**
 * Demo cases: each starts a toeleiding and completes its first tasks with the given variables,
 * so the worklists show cases at different stages the moment the app starts.
 */
const DEMO_CASES: Array<{ team: string; start: Variables; steps: Variables[] }> = [
  { team: 'slt-breda-noord', start: aanmelding('huisarts', 'L.B.', '2012-03-14', 'Zorgen over somberheid en schoolverzuim.'), steps: [] },
  {
    team: 'slt-breda-noord',
    start: aanmelding('school/kinderopvang', 'M.K.', '2015-09-02', 'Gedragsproblemen in de klas, ouders vragen hulp.'),
    steps: [{ leefgebieden: 'school, gezin', toestemmingGeregeld: true }],
  },
  {
    team: 'slt-breda-noord',
    start: aanmelding('jeugdige/ouder zelf', 'S.A.', '2009-11-23', 'Conflicten thuis, moeder vraagt ondersteuning.'),
    steps: [{ toestemmingGeregeld: true }, triage('regulier', 'laag', false, false, 'hulp-binnen-slt')],
  },
  {
    team: 'slt-breda-noord',
    start: aanmelding('Veilig Thuis', 'D.R.', '2011-05-30', 'Onveilige thuissituatie, direct handelen nodig.'),
    steps: [{ toestemmingGeregeld: true }, triage('crisis', 'hoog', true, false, 'niet-vrij-toegankelijk')],
  },
  {
    team: 'slt-breda-noord',
    start: aanmelding('jeugdarts', 'J.T.', '2013-01-08', 'Complexe problematiek op meerdere leefgebieden.'),
    steps: [{ toestemmingGeregeld: true }, triage('regulier', 'hoog', false, true, 'niet-vrij-toegankelijk')],
  },
  { team: 'slt-breda-zuid', start: aanmelding('GI', 'A.V.', '2010-07-19', 'Overdracht na afloop maatregel.'), steps: [] },
];

function aanmelding(bron: string, initialen: string, geboortedatum: string, hulpvraag: string): Variables {
  return { bron, hulpvraag, jeugdige: { initialen, geboortedatum }, urgentie: 'regulier' };
}

function triage(urgentie: string, complexiteit: string, uithuisplaatsingOverwogen: boolean, domeinoverstijgend: boolean, uitkomst: string): Variables {
  return { urgentie, complexiteit, uithuisplaatsingOverwogen, domeinoverstijgend, uitkomst };
}

export async function seedDemo(deps: { sessions: SessionService; cases: CaseService; clock: Clock }): Promise<void> {
  for (const user of DEMO_USERS) await deps.sessions.addUser({ ...user, demo: true }, DEMO_PASSWORD);
  const users = DEMO_USERS.map((user) => deps.sessions.findUser(user.id)).filter((user): user is User => user !== undefined);
  const starter = users.find((user) => user.id === 'slt')!;
  if (!deps.cases.index || !users.length) return;
  for (const demo of DEMO_CASES) {
    let started;
    try {
      started = await deps.cases.start(starter.teams.includes(demo.team) ? starter : users.find((u) => u.teams.includes(demo.team))!, {
        definitionKey: 'toeleiding',
        team: demo.team,
        variables: demo.start,
      });
    } catch {
      return; // no toeleiding diagram deployed: users only
    }
    for (const variables of demo.steps) {
      const [task] = deps.cases.index.openTasksOfCase(started.caseId);
      if (!task) break;
      const worker = users.find((user) => canWorkOnTask(user, task));
      if (!worker) break;
      await deps.cases.claim(worker, task.id);
      await deps.cases.complete(worker, task.id, variables);
    }
  }
}
