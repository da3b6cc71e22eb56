import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplication } from '../../server/app';
import { readConfig } from '../../server/config';
import type { PossibleDuplicates, Problem, StartForm, StartInstanceResponse, Team } from '../../server/contract/api';
import { samples } from '../../server/demo/sample-input';
import { PROJECT_ROOT } from '../support/process';
import { ApiClient, FIXTURE_PROCESSES, removeDataDir, startServer, type TestServer } from '../support/server';
import { forgetTeams, readAccessLog, storeEnv } from '../support/store';

const PROCESSES = path.join(PROJECT_ROOT, 'processes');
const NOORD = 'slt-breda-noord';
const ZUID = 'slt-breda-zuid';

/** Every key a form-js schema asks for, with its group's path in front ("jeugdige.initialen"). */
function keysOf(components: unknown, prefix = ''): string[] {
  if (!Array.isArray(components)) return [];
  return components.flatMap((component: Record<string, unknown>) => {
    const here = typeof component.key === 'string' ? [`${prefix}${component.key}`] : [];
    const inner = typeof component.path === 'string' ? `${prefix}${component.path}.` : prefix;
    return [...here, ...keysOf(component.components, inner)];
  });
}

describe('the front door: registering a hulpvraag (Aanmelden)', () => {
  let server: TestServer;
  let slt: ApiClient;
  let zuid: ApiClient;
  let crisis: ApiClient;
  let today: Date;

  beforeAll(async () => {
    server = await startServer({ processesDir: PROCESSES });
    slt = await ApiClient.login(server.baseUrl, 'slt');
    zuid = await ApiClient.login(server.baseUrl, 'regisseur-zuid');
    crisis = await ApiClient.login(server.baseUrl, 'crisis');
    today = server.app.clock.now();
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  const register = (
    client: ApiClient,
    team: string,
    variables: Record<string, unknown>,
    definitionKey = 'toeleiding',
  ) => client.request('POST', '/api/instances', { definitionKey, team, variables });
  const aanmelding = (initialen: string, geboortedatum: string) =>
    samples(today).aanmelding({ initialen, geboortedatum });
  const duplicatesOf = async (client: ApiClient, team: string, initialen: string, geboortedatum: string) => {
    const query = new URLSearchParams({ team, initialen, geboortedatum });
    return client.request('GET', `/api/cases/possible-duplicates?${query}`);
  };

  describe('the teams', () => {
    it('given demo mode, when anyone logged in asks for the teams, then the demo region’s four SLT teams are listed by name', async () => {
      const teams = await slt.get<Team[]>('/api/teams');

      expect(teams).toEqual([
        { id: 'slt-altena', name: 'SLT Altena', region: 'West-Brabant Oost' },
        { id: 'slt-breda-noord', name: 'SLT Breda Noord', region: 'West-Brabant Oost' },
        { id: 'slt-breda-zuid', name: 'SLT Breda Zuid', region: 'West-Brabant Oost' },
        { id: 'slt-oosterhout', name: 'SLT Oosterhout', region: 'West-Brabant Oost' },
      ]);
    });

    it('given nobody is logged in, when the teams are asked for, then the answer is 401', async () => {
      expect((await fetch(`${server.baseUrl}/api/teams`)).status).toBe(401);
    });
  });

  describe('the start form', () => {
    it('given the toeleiding, when its start form is asked for, then it is the Aanmelding of the latest version and asks what DOMAIN §2.1 lists', async () => {
      const startForm = await slt.get<StartForm>('/api/definitions/toeleiding/start-form');

      expect(startForm).toMatchObject({ key: 'toeleiding', formKey: 'aanmelding' });
      expect(startForm.version).toBeGreaterThanOrEqual(1);
      expect(keysOf(startForm.form.components)).toEqual(
        expect.arrayContaining([
          'bron',
          'hulpvraag',
          'jeugdige.initialen',
          'jeugdige.geboortedatum',
          'gemeente',
          'urgentie',
        ]),
      );
      // The team is chosen outside the form: it decides who may see the case.
      expect(keysOf(startForm.form.components)).not.toContain('team');
    });

    it('given a process without a start form or none at all, when its start form is asked for, then the answer is 404 in Dutch', async () => {
      for (const key of ['mdo', 'bestaat-niet']) {
        const response = await slt.request('GET', `/api/definitions/${key}/start-form`);

        expect(response.status).toBe(404);
        expect(((await response.json()) as Problem).detail).toBe('Dit proces heeft geen startformulier.');
      }
    });
  });

  describe('validating an aanmelding like a task form', () => {
    it('given an empty aanmelding, when it is registered, then 400 names every required field once and no case is made', async () => {
      const before = (await slt.get<unknown[]>('/api/instances?definitionKey=toeleiding')).length;

      const response = await register(slt, NOORD, {});

      expect(response.status).toBe(400);
      const problem = (await response.json()) as Problem;
      expect(problem.problems?.map((item) => item.path).sort()).toEqual(
        [
          'variables.bron',
          'variables.gemeente',
          'variables.hulpvraag',
          'variables.jeugdige.geboortedatum',
          'variables.jeugdige.initialen',
          'variables.urgentie',
        ].sort(),
      );
      expect((await slt.get<unknown[]>('/api/instances?definitionKey=toeleiding')).length).toBe(before);
    });

    it('given a birth date that does not exist and an unknown urgency, when registered, then each is its own problem', async () => {
      const variables = { ...aanmelding('Q.Q.', '2012-02-31'), urgentie: 'morgen' };

      const response = await register(slt, NOORD, variables);

      expect(response.status).toBe(400);
      const paths = ((await response.json()) as Problem).problems?.map((item) => item.path);
      expect(paths).toEqual(expect.arrayContaining(['variables.jeugdige.geboortedatum', 'variables.urgentie']));
      expect(paths).toHaveLength(2);
    });
  });

  describe('the team of a new case', () => {
    it('given a team that does not exist, when a case is registered for it, then 400 names the team in Dutch', async () => {
      const response = await register(crisis, 'slt-bestaat-niet', aanmelding('A.B.', '2013-05-06'));

      expect(response.status).toBe(400);
      const problem = (await response.json()) as Problem;
      expect(problem.detail).toBe('Team "slt-bestaat-niet" bestaat niet; kies een van de teams van de regio.');
      expect(problem.problems).toEqual([expect.objectContaining({ path: 'team', code: 'unknown-team' })]);
    });

    it('given an SLT worker of Breda Noord, when they register for Breda Zuid, then 403', async () => {
      const response = await register(slt, ZUID, aanmelding('A.B.', '2013-05-06'));

      expect(response.status).toBe(403);
      expect(((await response.json()) as Problem).detail).toBe('U kunt geen casus starten voor team "slt-breda-zuid".');
    });

    it('given the regional crisis service, when it registers for any team of the region, then the case is made', async () => {
      const response = await register(crisis, 'slt-altena', aanmelding('C.D.', '2011-01-01'));

      expect(response.status).toBe(201);
    });
  });

  describe('no direct start of a process that only its caller starts', () => {
    it.each(['mdo', 'plaatsingscoordinatie', 'escalatieladder'])(
      'given the %s process, when an SLT worker starts it directly with made-up input, then 422 says why in Dutch and no case is made',
      async (key) => {
        const madeUp = { reden: 'uithuisplaatsing', urgentie: 'regulier', besluit: { verblijfNodig: true } };
        const before = (await slt.get<unknown[]>(`/api/instances?definitionKey=${key}`)).length;

        const response = await register(slt, NOORD, madeUp, key);

        expect(response.status).toBe(422);
        const problem = (await response.json()) as Problem;
        expect(problem.detail).toBe(
          `Het proces "${key}" start alleen vanuit het proces dat het aanroept, met wat daar is besloten; start de toeleiding.`,
        );
        expect(problem.problems).toEqual([expect.objectContaining({ path: 'definitionKey', code: 'called-only' })]);
        expect((await slt.get<unknown[]>(`/api/instances?definitionKey=${key}`)).length).toBe(before);
      },
    );
  });

  describe('a second registration of the same youth', () => {
    it('given an open case of a youth in Breda Noord, when the same youth is registered again there (initials written differently), then the answer names the first case', async () => {
      const first = await slt.post<StartInstanceResponse>('/api/instances', {
        definitionKey: 'toeleiding',
        team: NOORD,
        variables: aanmelding('E.F.', '2014-06-07'),
      });
      expect(first.possibleDuplicates).toBeUndefined();

      const second = await slt.post<StartInstanceResponse>('/api/instances', {
        definitionKey: 'toeleiding',
        team: NOORD,
        variables: aanmelding('e f', '2014-06-07'),
      });

      expect(second.caseId).not.toBe(first.caseId);
      expect(second.possibleDuplicates).toEqual([first.caseId]);
    });

    it('given that open case, when a youth with the same initials but another birth date is registered, then no duplicate is named', async () => {
      const other = await slt.post<StartInstanceResponse>('/api/instances', {
        definitionKey: 'toeleiding',
        team: NOORD,
        variables: aanmelding('E.F.', '2014-06-08'),
      });

      expect(other.possibleDuplicates).toBeUndefined();
    });

    it('given that open case in Breda Noord, when the same youth is registered in Breda Zuid, then no duplicate is named', async () => {
      const elsewhere = await zuid.post<StartInstanceResponse>('/api/instances', {
        definitionKey: 'toeleiding',
        team: ZUID,
        variables: aanmelding('E.F.', '2014-06-07'),
      });

      expect(elsewhere.possibleDuplicates).toBeUndefined();
    });
    it('given a case of a youth that has ended (closed with advice), when the youth is registered again, then it is not named', async () => {
      const s = samples(today);
      const ended = await slt.post<StartInstanceResponse>('/api/instances', {
        definitionKey: 'toeleiding',
        team: NOORD,
        variables: aanmelding('G.H.', '2015-01-02'),
      });
      await slt.completeTask(ended.caseId, 'Task_Vraagverkenning', s.vraagverkenning());
      await slt.completeTask(ended.caseId, 'Task_Triage', s.triage('regulier', 'laag', 'geen-jeugdhulp'));
      await slt.completeTask(ended.caseId, 'Task_AfsluitenAdvies', s.afsluitenAdvies());

      const again = await slt.post<StartInstanceResponse>('/api/instances', {
        definitionKey: 'toeleiding',
        team: NOORD,
        variables: aanmelding('G.H.', '2015-01-02'),
      });

      expect(again.possibleDuplicates).toBeUndefined();
    });
  });

  describe('asking for possible duplicates before registering', () => {
    it('given the demo case of L.B. in Breda Noord, when an SLT worker asks before registering, then that case is named and the read is logged', async () => {
      const demo = await slt.get<Array<{ caseId: string; definitionKey: string }>>(
        '/api/instances?definitionKey=toeleiding',
      );

      const response = await duplicatesOf(slt, NOORD, 'lb', '2012-03-14');

      expect(response.status).toBe(200);
      const { possibleDuplicates } = (await response.json()) as PossibleDuplicates;
      expect(possibleDuplicates).toHaveLength(1);
      expect(demo.map((instance) => instance.caseId)).toContain(possibleDuplicates[0]);
      const log = await readAccessLog(server.dataDir);
      expect(log).toContainEqual(
        expect.objectContaining({ userId: 'slt', resource: 'possible-duplicates', caseId: possibleDuplicates[0] }),
      );
    });

    it('given a youth nobody registered, when asked, then the list is empty', async () => {
      const response = await duplicatesOf(slt, NOORD, 'Z.Z.', '2010-10-10');

      expect(((await response.json()) as PossibleDuplicates).possibleDuplicates).toEqual([]);
    });

    it('given another team’s worker, when they ask about Breda Noord, then 403 tells them nothing about its cases', async () => {
      const response = await duplicatesOf(zuid, NOORD, 'L.B.', '2012-03-14');

      expect(response.status).toBe(403);
    });

    it('given the crisis service, which may register for Breda Noord but not see its cases, when it asks, then no case is named', async () => {
      const response = await duplicatesOf(crisis, NOORD, 'L.B.', '2012-03-14');

      expect(response.status).toBe(200);
      expect(((await response.json()) as PossibleDuplicates).possibleDuplicates).toEqual([]);
    });

    it('given a birth date that is not a date or a team that does not exist, when asked, then 400 names the field', async () => {
      const notADate = await duplicatesOf(slt, NOORD, 'L.B.', '14-03-2012');
      const noSuchDay = await duplicatesOf(slt, NOORD, 'L.B.', '2012-02-30');
      const noSuchTeam = await duplicatesOf(slt, 'slt-bestaat-niet', 'L.B.', '2012-03-14');

      for (const [response, field] of [
        [notADate, 'geboortedatum'],
        [noSuchDay, 'geboortedatum'],
        [noSuchTeam, 'team'],
      ] as const) {
        expect(response.status).toBe(400);
        expect(((await response.json()) as Problem).problems).toEqual([expect.objectContaining({ path: field })]);
      }
    });
  });
});

describe('teams in a data folder from before teams were registered', () => {
  it('given a demo data folder without stored teams, when the server starts again, then the demo teams are there and cases can be registered', async () => {
    const first = await startServer();
    await first.stop();
    await forgetTeams(first.dataDir);

    const again = await startServer({ dataDir: first.dataDir });
    try {
      const slt = await ApiClient.login(again.baseUrl, 'slt');
      expect((await slt.get<Team[]>('/api/teams')).map((team) => team.id)).toContain(NOORD);
      const response = await slt.request('POST', '/api/instances', { definitionKey: 'routering', team: NOORD });
      expect(response.status).toBe(201);
    } finally {
      await again.stop();
      await removeDataDir(first.dataDir);
    }
  });

  it('given a production data folder whose users name teams but that has no stored teams, when it starts, then their teams are registered and the test route is absent', async () => {
    const { mkdtemp } = await import('node:fs/promises');
    const os = await import('node:os');
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-teams-'));
    const config = readConfig({
      CASUSREGIE_MODE: 'production',
      DATA_DIR: dataDir,
      PROCESSES_DIR: FIXTURE_PROCESSES,
      CLIENT_DIR: path.join(dataDir, 'geen-client'),
      ...(await storeEnv(dataDir)),
    });
    const setup = await createApplication(config);
    await setup.sessions.addUser(
      { id: 'medewerker', name: 'Medewerker Tilburg', roles: ['slt-medewerker'], teams: ['slt-tilburg'] },
      'een-lang-wachtwoord',
    );
    await setup.close();
    await forgetTeams(dataDir);

    const app = await createApplication(config);
    try {
      const port = await app.listen(0);
      const user = await ApiClient.login(`http://127.0.0.1:${port}`, 'medewerker', 'een-lang-wachtwoord');
      expect(await user.get<Team[]>('/api/teams')).toEqual([{ id: 'slt-tilburg', name: 'slt-tilburg', region: '' }]);
      const start = { definitionKey: 'routering', team: 'slt-tilburg' };
      expect((await user.request('POST', '/api/instances', start)).status).toBe(201);
      expect((await user.request('POST', '/api/test/instances', start)).status).toBe(404);
    } finally {
      await app.close();
      await removeDataDir(dataDir);
    }
  });
});

describe('the open cases by youth after a restart', () => {
  // Two start-ups with the demo seed: generous under a loaded machine.
  it('given an open case, when the server restarts on its data folder, then a second registration of the youth still names it', {
    timeout: 90_000,
  }, async () => {
    const first = await startServer({ processesDir: PROCESSES });
    const slt = await ApiClient.login(first.baseUrl, 'slt');
    const variables = samples(first.app.clock.now()).aanmelding({ initialen: 'R.S.', geboortedatum: '2009-09-09' });
    const open = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'toeleiding',
      team: NOORD,
      variables,
    });
    await first.stop();

    const again = await startServer({ processesDir: PROCESSES, dataDir: first.dataDir });
    try {
      const client = await ApiClient.login(again.baseUrl, 'slt');
      const second = await client.post<StartInstanceResponse>('/api/instances', {
        definitionKey: 'toeleiding',
        team: NOORD,
        variables,
      });
      expect(second.possibleDuplicates).toEqual([open.caseId]);
    } finally {
      await again.stop();
      await removeDataDir(first.dataDir);
    }
  });
});
