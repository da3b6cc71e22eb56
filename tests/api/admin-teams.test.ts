import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminUser, CreateUserResponse, Team } from '../../server/contract/api';
import { expectProblem, problemPaths } from '../support/problems';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';

describe('team management by the beheerder', () => {
  let server: TestServer;
  let beheer: ApiClient;

  beforeAll(async () => {
    server = await startServer();
    beheer = await ApiClient.login(server.baseUrl, 'beheer');
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  it('given a new team, when the beheerder registers it, then it is listed for everyone and users can join it', async () => {
    const created = await beheer.json<Team>('POST', '/api/admin/teams', {
      id: 'slt-etten-leur',
      name: 'SLT Etten-Leur',
      region: 'West-Brabant West',
    });

    expect(created).toEqual({ id: 'slt-etten-leur', name: 'SLT Etten-Leur', region: 'West-Brabant West' });
    expect(await beheer.get<Team[]>('/api/admin/teams')).toContainEqual(created);
    const regisseur = await ApiClient.login(server.baseUrl, 'regisseur');
    expect(await regisseur.get<Team[]>('/api/teams')).toContainEqual(created);
    const user = await beheer.post<CreateUserResponse>('/api/admin/users', {
      username: 'etten',
      name: 'Medewerker Etten-Leur',
      roles: ['slt-medewerker'],
      teams: ['slt-etten-leur'],
    });
    expect(user.user.teams).toEqual(['slt-etten-leur']);
  });

  it('given a team, when the beheerder renames it or changes its region, then its id stays and the change is listed', async () => {
    await beheer.post('/api/admin/teams', { id: 'slt-roosendaal', name: 'SLT Roosendal', region: 'Onbekend' });

    const renamed = await beheer.json<Team>('PATCH', '/api/admin/teams/slt-roosendaal', { name: 'SLT Roosendaal' });
    const moved = await beheer.json<Team>('PATCH', '/api/admin/teams/slt-roosendaal', {
      region: 'West-Brabant West',
    });

    expect(renamed).toEqual({ id: 'slt-roosendaal', name: 'SLT Roosendaal', region: 'Onbekend' });
    expect(moved).toEqual({ id: 'slt-roosendaal', name: 'SLT Roosendaal', region: 'West-Brabant West' });
    const idChange = await expectProblem(
      await beheer.request('PATCH', '/api/admin/teams/slt-roosendaal', { id: 'slt-anders' }),
      400,
    );
    expect(problemPaths(idChange).join(' ')).toContain('id');
    expect(await beheer.get<Team[]>('/api/teams')).toContainEqual(moved);
  });

  it('refuses a team id that exists with 409, an unknown team with 404, and bad input with 400 naming the field', async () => {
    await expectProblem(
      await beheer.request('POST', '/api/admin/teams', { id: 'slt-breda-noord', name: 'Dubbel', region: 'Regio' }),
      409,
    );
    await expectProblem(await beheer.request('PATCH', '/api/admin/teams/slt-bestaat-niet', { name: 'X' }), 404);
    const cases: Array<[unknown, string]> = [
      [{ id: 'Met Spaties', name: 'X', region: 'R' }, 'id'],
      [{ id: 'slt-x', name: '', region: 'R' }, 'name'],
      [{ id: 'slt-x', name: 'X' }, 'region'],
      [{ id: 'slt-x', name: 'X', region: 'R', leden: [] }, 'leden'],
    ];
    for (const [body, field] of cases) {
      const problem = await expectProblem(await beheer.request('POST', '/api/admin/teams', body), 400);
      expect(problemPaths(problem).join(' '), JSON.stringify(body)).toContain(field);
    }
    const badPatch = await expectProblem(
      await beheer.request('PATCH', '/api/admin/teams/slt-breda-noord', { region: 42 }),
      400,
    );
    expect(problemPaths(badPatch).join(' ')).toContain('region');
    // Nothing of the refused requests was stored.
    const users = await beheer.get<AdminUser[]>('/api/admin/users');
    expect(users.length).toBeGreaterThan(0);
    expect((await beheer.get<Team[]>('/api/admin/teams')).map((team) => team.id)).not.toContain('slt-x');
  });
});
