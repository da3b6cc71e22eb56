import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { youthOf } from '../../server/cases/case-youth';
import type { Figures, FigureTargets, Problem } from '../../server/contract/api';
import { amsterdamDay } from '../../server/decisions/days';
import { PROJECT_ROOT } from '../support/process';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';

const PROCESSES_DIR = path.join(PROJECT_ROOT, 'processes');

/**
 * GET /api/figures and the target values, on the product diagrams with the twelve demo cases
 * (eleven of slt-breda-noord, one of slt-breda-zuid, registered when the server first started).
 */
describe('steering figures: who sees them, and that they never show a case', () => {
  let server: TestServer;
  const clients = new Map<string, ApiClient>();
  const as = async (username: string): Promise<ApiClient> => {
    let client = clients.get(username);
    if (!client) {
      client = await ApiClient.login(server.baseUrl, username);
      clients.set(username, client);
    }
    return client;
  };
  const problemOf = async (response: Response): Promise<Problem> => (await response.json()) as Problem;
  /** How many cases the demo seed registered for a team (all teams without one). */
  const seeded = (team?: string) =>
    [...server.app.cases.index.cases.values()].filter((meta) => team === undefined || meta.team === team).length;

  beforeAll(async () => {
    server = await startServer({ processesDir: PROCESSES_DIR });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    if (server) await removeDataDir(server.dataDir);
  });

  it('given the demo cases, when a policy officer asks without a period, then the last twelve months cover all of them', async () => {
    const figures = await (await as('beleid')).get<Figures>('/api/figures');
    expect(figures.toeleiding.aanmeldingen).toBe(seeded());
    expect(figures.filters.teams).toEqual(['slt-altena', 'slt-breda-noord', 'slt-breda-zuid', 'slt-oosterhout']);
    const today = amsterdamDay(new Date(figures.berekendOp));
    expect(figures.to).toBe(today);
    expect(figures.trend).toHaveLength(13);
    // The one case of Breda Zuid waits at its first step: one open task is too few to show.
    expect(figures.taken.perTeam['slt-breda-zuid']).toEqual({ open: null, overTermijn: 0 });
    expect(figures.taken.perTeam['slt-oosterhout']).toEqual({ open: 0, overTermijn: 0 });
  });

  it('given every role that may read figures, when each asks, then no answer holds a case id, instance id, task id, initials or date of birth', async () => {
    const app = server.app;
    const secrets = new Set<string>();
    for (const caseId of app.cases.index.cases.keys()) {
      secrets.add(caseId);
      const document = await app.store.cases.load(caseId);
      if (!document) continue;
      for (const id of Object.keys(document.instances)) secrets.add(id);
      for (const id of Object.keys(document.tasks)) secrets.add(id);
      const youth = youthOf(document);
      if (youth.initialen) secrets.add(youth.initialen);
      if (youth.geboortedatum) secrets.add(youth.geboortedatum);
    }
    expect(secrets.size).toBeGreaterThan(12 * 3);
    for (const username of ['beleid', 'teamleider', 'bestuurder', 'eigenaar']) {
      const client = await as(username);
      for (const url of ['/api/figures', '/api/figures?team=slt-breda-noord', '/api/figures/targets']) {
        const text = await (await client.request('GET', url)).text();
        const leaked = [...secrets].filter((secret) => text.includes(secret));
        expect(leaked, `${username} ${url}`).toEqual([]);
      }
    }
  });

  it('given a procesregisseur, or any other role without steering, when they ask, then they get 403', async () => {
    for (const username of ['regisseur', 'slt', 'voorzitter', 'beheer', 'privacy', 'plaatser']) {
      const response = await (await as(username)).request('GET', '/api/figures');
      expect(response.status, username).toBe(403);
      expect((await problemOf(response)).detail).toMatch(/stuurcijfers/);
    }
    expect((await new ApiClient(server.baseUrl).request('GET', '/api/figures')).status).toBe(401);
  });

  it('given a teamleider of Breda Noord, when they ask, then they see their own team only and another team is refused', async () => {
    const teamleider = await as('teamleider');
    const own = await teamleider.get<Figures>('/api/figures');
    expect(own.filters.teams).toEqual(['slt-breda-noord']);
    expect(own.toeleiding.aanmeldingen).toBe(seeded('slt-breda-noord'));
    expect(Object.keys(own.taken.perTeam)).toEqual(['slt-breda-noord']);
    expect((await teamleider.get<Figures>('/api/figures?team=slt-breda-noord')).toeleiding.aanmeldingen).toBe(
      seeded('slt-breda-noord'),
    );
    const other = await teamleider.request('GET', '/api/figures?team=slt-breda-zuid');
    expect(other.status).toBe(403);
    expect((await problemOf(other)).detail).toBe('U ziet alleen de cijfers van uw eigen teams.');
    // A region narrows their own teams, it never widens them.
    const region = await teamleider.get<Figures>(`/api/figures?region=${encodeURIComponent('West-Brabant Oost')}`);
    expect(region.filters.teams).toEqual(['slt-breda-noord']);
  });

  it('given a bestuurder, when they filter by team and region, then the figures follow the filter', async () => {
    const bestuurder = await as('bestuurder');
    expect((await bestuurder.get<Figures>('/api/figures?team=slt-breda-zuid')).toeleiding.aanmeldingen).toBe(
      seeded('slt-breda-zuid'),
    );
    const region = await bestuurder.get<Figures>(`/api/figures?region=${encodeURIComponent('West-Brabant Oost')}`);
    expect(region.toeleiding.aanmeldingen).toBe(seeded());
    expect((await bestuurder.get<Figures>('/api/figures?taakgebied=wonen')).filters.taakgebied).toBe('wonen');
  });

  it('given bad query values, when a policy officer asks, then each is a 400 naming its field', async () => {
    const beleid = await as('beleid');
    const cases: Array<[string, string]> = [
      ['from=2026-13-01', 'from'],
      ['from=gisteren', 'from'],
      ['to=2026-02-30', 'to'],
      ['to=2026-1-1', 'to'],
      ['from=2026-06-01&to=2026-05-01', 'from'],
      ['from=1900-01-01&to=2026-01-01', 'from'],
      ['taakgebied=zwemmen', 'taakgebied'],
      ['team=slt-nergens', 'team'],
      ['region=Atlantis', 'region'],
      [`team=${'x'.repeat(101)}`, 'team'],
      ['from=2026-01-01&from=2026-02-01', 'from'],
    ];
    for (const [query, field] of cases) {
      const response = await beleid.request('GET', `/api/figures?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      const problem = await problemOf(response);
      expect(
        problem.problems?.map((item) => item.path),
        query,
      ).toContain(field);
    }
  });

  it('given the proceseigenaar sets target values, when others read them, then they are shown beside the figures and survive a restart', async () => {
    const eigenaar = await as('eigenaar');
    const set = await eigenaar.json<FigureTargets>('PUT', '/api/figures/targets', {
      doorlooptijdP50Dagen: 42,
      crisisBinnen24uurPct: 95,
    });
    expect(set.doelwaarden).toEqual({
      doorlooptijdP50Dagen: {
        waarde: 42,
        richting: 'max',
        eenheid: 'dagen',
        label: 'Doorlooptijd aanmelding tot start hulp (p50)',
      },
      crisisBinnen24uurPct: {
        waarde: 95,
        richting: 'min',
        eenheid: 'procent',
        label: 'Crisisinterventies binnen 24 uur',
      },
    });
    expect(set.gewijzigdDoor).toBe('Lotte Hendriks (proceseigenaar)');
    // Left out keeps, null clears.
    const changed = await eigenaar.json<FigureTargets>('PUT', '/api/figures/targets', {
      crisisBinnen24uurPct: null,
      matchingrondesP50: 2,
    });
    expect(Object.keys(changed.doelwaarden).sort()).toEqual(['doorlooptijdP50Dagen', 'matchingrondesP50']);
    const figures = await (await as('beleid')).get<Figures>('/api/figures');
    expect(figures.doelwaarden.doorlooptijdP50Dagen?.waarde).toBe(42);
    expect((await (await as('teamleider')).get<FigureTargets>('/api/figures/targets')).doelwaarden).toEqual(
      changed.doelwaarden,
    );

    await server.stop();
    server = await startServer({ processesDir: PROCESSES_DIR, dataDir: server.dataDir });
    clients.clear();
    const reread = await (await as('beleid')).get<FigureTargets>('/api/figures/targets');
    expect(reread.doelwaarden).toEqual(changed.doelwaarden);
    expect(reread.gewijzigdOp).toBe(changed.gewijzigdOp);
  });

  it('given anyone but the proceseigenaar, when they set a target, then it is refused and nothing changes', async () => {
    const before = await (await as('beleid')).get<FigureTargets>('/api/figures/targets');
    for (const username of ['beleid', 'teamleider', 'bestuurder', 'regisseur']) {
      const response = await (await as(username)).request('PUT', '/api/figures/targets', { doorlooptijdP50Dagen: 1 });
      expect(response.status, username).toBe(403);
    }
    expect((await (await as('regisseur')).request('GET', '/api/figures/targets')).status).toBe(403);
    expect(await (await as('beleid')).get<FigureTargets>('/api/figures/targets')).toEqual(before);
  });

  it('given bad target values, when the proceseigenaar sends them, then each is a Dutch 400 naming the key', async () => {
    const eigenaar = await as('eigenaar');
    const cases: Array<[unknown, string]> = [
      [{ onbekendKengetal: 3 }, 'onbekendKengetal'],
      [{ crisisBinnen24uurPct: 101 }, 'crisisBinnen24uurPct'],
      [{ doorlooptijdP90Dagen: -1 }, 'doorlooptijdP90Dagen'],
      [{ matchingrondesP50: 'twee' }, 'matchingrondesP50'],
      [{ matchingrondesP50: 0 }, 'matchingrondesP50'],
    ];
    for (const [body, key] of cases) {
      const response = await eigenaar.request('PUT', '/api/figures/targets', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const problem = await problemOf(response);
      const item = problem.problems?.find((entry) => entry.path?.endsWith(key));
      expect(item, JSON.stringify(problem)).toBeDefined();
      expect(item!.message).toMatch(/getal|kengetal/);
    }
    for (const body of ['[]', '"tekst"', 'null']) {
      const response = await eigenaar.request('PUT', '/api/figures/targets', body);
      expect(response.status, body).toBe(400);
    }
  });
});
