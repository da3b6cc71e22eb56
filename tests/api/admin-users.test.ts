import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  AdminUser,
  CreateUserResponse,
  PasswordResetResponse,
  SessionInfo,
  Task,
} from '../../server/contract/api';
import { DEMO_USERS } from '../../server/demo/seed';
import { expectProblem, problemPaths } from '../support/problems';
import { PROJECT_ROOT } from '../support/process';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';
import { LiveClient } from '../support/sockets';

/** Every route of user and team management, with a request a beheerder could send. */
const ADMIN_ROUTES: Array<{ method: string; url: string; body?: unknown }> = [
  { method: 'GET', url: '/api/admin/users' },
  { method: 'POST', url: '/api/admin/users', body: { username: 'nieuw', name: 'Nieuw', roles: [], teams: [] } },
  { method: 'PATCH', url: '/api/admin/users/slt', body: { name: 'Sanne' } },
  { method: 'POST', url: '/api/admin/users/slt/password-reset' },
  { method: 'GET', url: '/api/admin/teams' },
  { method: 'POST', url: '/api/admin/teams', body: { id: 'slt-nieuw', name: 'SLT Nieuw', region: 'Regio' } },
  { method: 'PATCH', url: '/api/admin/teams/slt-breda-noord', body: { name: 'SLT Noord' } },
];

const login = async (baseUrl: string, username: string, password: string) => {
  const client = new ApiClient(baseUrl);
  const response = await client.request('POST', '/api/session', { username, password });
  return { client, response };
};

describe('user management by the beheerder', () => {
  let server: TestServer;
  let beheer: ApiClient;
  const sockets: LiveClient[] = [];

  beforeAll(async () => {
    // The product's diagrams, so the demo seeds cases with tasks for the team.
    server = await startServer({ processesDir: path.join(PROJECT_ROOT, 'processes') });
    beheer = await ApiClient.login(server.baseUrl, 'beheer');
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  const createUser = (username: string, roles: string[] = ['procesregisseur'], teams = ['slt-breda-noord']) =>
    beheer.post<CreateUserResponse>('/api/admin/users', { username, name: `Test ${username}`, roles, teams });

  /** Logs in with the one-time password and sets a password of their own. */
  const activate = async (username: string, initialPassword: string, password = 'een lange zin van mij') => {
    const { client } = await login(server.baseUrl, username, initialPassword);
    const change = await client.request('PUT', '/api/me/password', { current: initialPassword, new: password });
    expect(change.status).toBe(204);
    return client;
  };

  describe('who may manage users and teams', () => {
    const others = DEMO_USERS.filter((user) => !user.roles.includes('beheerder'));

    it.each(ADMIN_ROUTES)('refuses $method $url with 403 to every demo user but the beheerder', async (route) => {
      for (const user of others) {
        const client = await ApiClient.login(server.baseUrl, user.id);
        const response = await client.request(route.method, route.url, route.body);
        expect(response.status, `${user.id}: ${route.method} ${route.url}`).toBe(403);
      }
    });

    it.each(ADMIN_ROUTES)('answers $method $url with 401 without a session', async (route) => {
      const response = await new ApiClient(server.baseUrl).request(route.method, route.url, route.body);
      await expectProblem(response, 401);
    });

    it('refuses a change without the CSRF token, even to the beheerder', async () => {
      const client = new ApiClient(server.baseUrl);
      client.cookie = beheer.cookie;
      const response = await client.request('POST', '/api/admin/users', {
        username: 'zonder-token',
        name: 'Zonder token',
        roles: [],
        teams: [],
      });
      await expectProblem(response, 403);
    });
  });

  it('given a new procesregisseur, when they log in with the one-time password, then only the password change works until it is done, and then they see their team’s tasks', async () => {
    const created = await createUser('pieter');
    expect(created.user).toMatchObject({
      id: 'pieter',
      username: 'pieter',
      roles: ['procesregisseur'],
      teams: ['slt-breda-noord'],
      active: true,
      mustChangePassword: true,
    });
    expect(created.initialPassword.length).toBeGreaterThanOrEqual(12);

    const { client, response } = await login(server.baseUrl, 'pieter', created.initialPassword);
    expect(response.status).toBe(200);
    expect(((await response.json()) as SessionInfo).mustChangePassword).toBe(true);
    expect((await client.get<SessionInfo>('/api/session')).mustChangePassword).toBe(true);
    const refused = await expectProblem(await client.request('GET', '/api/tasks'), 403);
    expect(refused.title).toBe('Wijzig eerst uw wachtwoord');
    await expectProblem(await client.request('GET', '/api/cases'), 403);
    await expect(LiveClient.as(client)).rejects.toThrow(/wachtwoord/i);
    expect((await client.request('GET', '/api/health')).status).toBe(200);

    for (const weak of ['kort', 'wachtwoord2024!', 'Welkom01Welkom01', 'pieter-is-de-beste', '123456789012345']) {
      const weakAnswer = await expectProblem(
        await client.request('PUT', '/api/me/password', { current: created.initialPassword, new: weak }),
        400,
      );
      expect(problemPaths(weakAnswer), weak).toEqual(['new']);
    }
    const wrongCurrent = await expectProblem(
      await client.request('PUT', '/api/me/password', { current: 'niet-het-wachtwoord', new: 'een lange zin van mij' }),
      400,
    );
    expect(problemPaths(wrongCurrent)).toEqual(['current']);

    const change = await client.request('PUT', '/api/me/password', {
      current: created.initialPassword,
      new: 'een lange zin van mij',
    });
    expect(change.status).toBe(204);

    expect((await client.get<SessionInfo>('/api/session')).mustChangePassword).toBeUndefined();
    const tasks = await client.get<Task[]>('/api/tasks');
    expect(tasks.length).toBeGreaterThan(0);
    expect(new Set(tasks.map((task) => task.team))).toEqual(new Set(['slt-breda-noord']));
    sockets.push(await LiveClient.as(client));

    // The one-time password is spent; the new one logs in without a forced change.
    expect((await login(server.baseUrl, 'pieter', created.initialPassword)).response.status).toBe(401);
    const again = await login(server.baseUrl, 'pieter', 'een lange zin van mij');
    expect(((await again.response.json()) as SessionInfo).mustChangePassword).toBeUndefined();

    const listed = (await beheer.get<AdminUser[]>('/api/admin/users')).find((user) => user.id === 'pieter');
    expect(listed).toMatchObject({ active: true, lastLoginAt: expect.any(String) });
    expect(listed?.mustChangePassword).toBeUndefined();
  });

  it('given a user with an open session and a live connection, when the beheerder deactivates them, then their next request answers 401, their socket is cut, and they cannot log in', async () => {
    const created = await createUser('karin');
    const karin = await activate('karin', created.initialPassword);
    const socket = await LiveClient.as(karin);
    sockets.push(socket);
    const disconnected = new Promise<void>((resolve) => socket.socket.on('disconnect', () => resolve()));
    const held = (await karin.get<Task[]>('/api/tasks')).find((open) => !open.assignee)!;
    await karin.post(`/api/tasks/${held.id}/claim`);

    const updated = await beheer.json<AdminUser>('PATCH', '/api/admin/users/karin', { active: false });

    expect(updated.active).toBe(false);
    // The task she held goes back to its group, so it does not wait for someone who cannot log in.
    const teamleiderView = await ApiClient.login(server.baseUrl, 'teamleider');
    expect((await teamleiderView.get<Task>(`/api/tasks/${held.id}`)).assignee).toBeUndefined();
    await expectProblem(await karin.request('GET', '/api/tasks'), 401);
    await disconnected;
    expect(socket.socket.connected).toBe(false);
    // Nobody can hand a task to a deactivated colleague.
    const teamleider = await ApiClient.login(server.baseUrl, 'teamleider');
    const task = (await teamleider.get<Task[]>('/api/tasks')).find((open) =>
      open.candidateGroups.includes('procesregisseur'),
    );
    expect(task).toBeDefined();
    const candidates = await teamleider.get<Array<{ id: string }>>(`/api/tasks/${task?.id}/candidates`);
    expect(candidates.map((candidate) => candidate.id)).toContain('regisseur');
    expect(candidates.map((candidate) => candidate.id)).not.toContain('karin');
    // Nor assign the task or the case to them by id, whatever a client sends.
    const assign = await teamleider.request('POST', `/api/tasks/${task?.id}/assign`, { userId: 'karin' });
    expect(problemPaths(await expectProblem(assign, 400))).toEqual(['userId']);
    const regie = await teamleider.request('PUT', `/api/cases/${task?.caseId}/regisseur`, { userId: 'karin' });
    expect(problemPaths(await expectProblem(regie, 400))).toEqual(['userId']);
    const relogin = await login(server.baseUrl, 'karin', 'een lange zin van mij');
    const problem = await expectProblem(relogin.response, 401);
    expect(problem.detail).toBe('Gebruikersnaam of wachtwoord klopt niet.');

    await beheer.json('PATCH', '/api/admin/users/karin', { active: true });
    expect((await login(server.baseUrl, 'karin', 'een lange zin van mij')).response.status).toBe(200);
  });

  it('given a user with an open session, when the beheerder changes their teams, then the session ends and the next login has the new team', async () => {
    const created = await createUser('joris');
    const joris = await activate('joris', created.initialPassword);

    await beheer.json('PATCH', '/api/admin/users/joris', { teams: ['slt-breda-zuid'] });

    await expectProblem(await joris.request('GET', '/api/session'), 401);
    const { response } = await login(server.baseUrl, 'joris', 'een lange zin van mij');
    expect(((await response.json()) as SessionInfo).user.teams).toEqual(['slt-breda-zuid']);
  });

  it('given a user, when the beheerder changes only their name and e-mail, then their session stays', async () => {
    const created = await createUser('ellen');
    const ellen = await activate('ellen', created.initialPassword);

    const updated = await beheer.json<AdminUser>('PATCH', '/api/admin/users/ellen', {
      name: 'Ellen de Graaf',
      email: 'ellen@gemeente.nl',
    });

    expect(updated).toMatchObject({ name: 'Ellen de Graaf', email: 'ellen@gemeente.nl' });
    expect((await ellen.get<SessionInfo>('/api/session')).user.name).toBe('Ellen de Graaf');
  });

  it('given a user who forgot their password, when the beheerder resets it, then their sessions end and the new one-time password must be changed', async () => {
    const created = await createUser('bram');
    const bram = await activate('bram', created.initialPassword);

    const reset = await beheer.post<PasswordResetResponse>('/api/admin/users/bram/password-reset');

    expect(reset.initialPassword).not.toBe(created.initialPassword);
    await expectProblem(await bram.request('GET', '/api/session'), 401);
    expect((await login(server.baseUrl, 'bram', 'een lange zin van mij')).response.status).toBe(401);
    const { client, response } = await login(server.baseUrl, 'bram', reset.initialPassword);
    expect(((await response.json()) as SessionInfo).mustChangePassword).toBe(true);
    expect((await client.request('GET', '/api/openapi.json')).status).toBe(200);
    expect((await client.request('DELETE', '/api/session')).status).toBe(204);
  });

  it('refuses a taken username with 409 and an unknown team with 400 naming teams', async () => {
    await expectProblem(
      await beheer.request('POST', '/api/admin/users', { username: 'regisseur', name: 'X', roles: [], teams: [] }),
      409,
    );
    const unknownTeam = await expectProblem(
      await beheer.request('POST', '/api/admin/users', {
        username: 'nieuw-team',
        name: 'X',
        roles: ['slt-medewerker'],
        teams: ['slt-bestaat-niet'],
      }),
      400,
    );
    expect(problemPaths(unknownTeam)).toEqual(['teams']);
    const patchUnknown = await expectProblem(
      await beheer.request('PATCH', '/api/admin/users/slt', { teams: ['slt-bestaat-niet'] }),
      400,
    );
    expect(problemPaths(patchUnknown)).toEqual(['teams']);
  });

  it('refuses bad input with 400 naming the field, and an unknown user with 404', async () => {
    const cases: Array<[unknown, string]> = [
      [{ username: 'Hoofd Letters', name: 'X', roles: [], teams: [] }, 'username'],
      [{ username: 'ok', name: '', roles: [], teams: [] }, 'name'],
      [{ username: 'ok', name: 'X', email: 'geen-adres', roles: [], teams: [] }, 'email'],
      [{ username: 'ok', name: 'X', roles: ['koning'], teams: [] }, 'roles'],
      [{ username: 'ok', name: 'X', roles: [], teams: [], extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const problem = await expectProblem(await beheer.request('POST', '/api/admin/users', body), 400);
      expect(problemPaths(problem).join(' '), JSON.stringify(body)).toContain(field);
    }
    const badActive = await expectProblem(await beheer.request('PATCH', '/api/admin/users/slt', { active: 'ja' }), 400);
    expect(problemPaths(badActive).join(' ')).toContain('active');
    await expectProblem(await beheer.request('PATCH', '/api/admin/users/niemand', { name: 'X' }), 404);
    await expectProblem(await beheer.request('POST', '/api/admin/users/niemand/password-reset'), 404);
  });

  it('keeps at least one active beheerder: none can deactivate themselves or take away the last beheerder', async () => {
    const self = await expectProblem(await beheer.request('PATCH', '/api/admin/users/beheer', { active: false }), 409);
    expect(self.detail).toMatch(/uzelf/);
    const lastRole = await expectProblem(
      await beheer.request('PATCH', '/api/admin/users/beheer', { roles: ['proceseigenaar'] }),
      409,
    );
    expect(lastRole.detail).toMatch(/laatste actieve beheerder/);

    const second = await createUser('tweede-beheer', ['beheerder'], []);
    const tweede = await activate('tweede-beheer', second.initialPassword);
    const deactivated = await tweede.json<AdminUser>('PATCH', '/api/admin/users/beheer', { active: false });
    expect(deactivated.active).toBe(false);
    const lastOne = await expectProblem(
      await tweede.request('PATCH', '/api/admin/users/tweede-beheer', { roles: ['proceseigenaar'] }),
      409,
    );
    expect(lastOne.detail).toMatch(/laatste actieve beheerder/);

    await tweede.json('PATCH', '/api/admin/users/beheer', { active: true });
    beheer = await ApiClient.login(server.baseUrl, 'beheer');
  });
});
