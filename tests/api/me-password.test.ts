import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../server/contract/api';
import { DEMO_USERS } from '../../server/demo/seed';
import { expectProblem, problemPaths } from '../support/problems';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';
import { LiveClient } from '../support/sockets';

describe('changing one’s own password', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  it('answers 401 without a session and 403 without the CSRF token', async () => {
    await expectProblem(
      await new ApiClient(server.baseUrl).request('PUT', '/api/me/password', { current: 'demo', new: 'x' }),
      401,
    );
    const regisseur = await ApiClient.login(server.baseUrl, 'regisseur');
    const noToken = new ApiClient(server.baseUrl);
    noToken.cookie = regisseur.cookie;
    await expectProblem(await noToken.request('PUT', '/api/me/password', { current: 'demo', new: 'x' }), 403);
  });

  it('refuses a short, common or guessable new password with 400 naming new, and a wrong current one naming current', async () => {
    const current = 'demo';
    const client = await ApiClient.login(server.baseUrl, 'teamleider');
    for (const weak of [
      'kort',
      'elf tekens!',
      'wachtwoord123',
      'Welkom01!!!!',
      'qwertyuiop123',
      'P@ssw0rd2026',
      'ik-ben-de-teamleider',
      'teamleider2026!',
      'aaaaaaaaaaaaaaaa',
      'abcdefghijklmnop',
    ]) {
      const problem = await expectProblem(await client.request('PUT', '/api/me/password', { current, new: weak }), 400);
      expect(problemPaths(problem), weak).toEqual(['new']);
    }
    const wrong = await expectProblem(
      await client.request('PUT', '/api/me/password', {
        current: 'niet mijn wachtwoord',
        new: 'een heel andere lange zin',
      }),
      400,
    );
    expect(problemPaths(wrong)).toEqual(['current']);
    const missing = await expectProblem(await client.request('PUT', '/api/me/password', {}), 400);
    expect(problemPaths(missing)).toEqual(expect.arrayContaining(['current', 'new']));
  });

  it('lets every role change their own password; the old one stops working and other sessions end', async () => {
    for (const [index, user] of DEMO_USERS.entries()) {
      const session = await ApiClient.login(server.baseUrl, user.id);
      const other = await ApiClient.login(server.baseUrl, user.id);
      const password = `eigen zin nummer ${index} van mij`;

      const response = await session.request('PUT', '/api/me/password', { current: 'demo', new: password });

      expect(response.status, user.id).toBe(204);
      expect((await session.get<SessionInfo>('/api/session')).user.id).toBe(user.id);
      await expectProblem(await other.request('GET', '/api/session'), 401);
      const old = await new ApiClient(server.baseUrl).request('POST', '/api/session', {
        username: user.id,
        password: 'demo',
      });
      expect(old.status, user.id).toBe(401);
      await ApiClient.login(server.baseUrl, user.id, password);
    }
  });
});

describe('changing one’s own password with other sessions open', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  it('given a second session with a live connection, when the user changes their password, then that connection is cut and this one stays', async () => {
    const here = await ApiClient.login(server.baseUrl, 'voorzitter');
    const elsewhere = await ApiClient.login(server.baseUrl, 'voorzitter');
    const [hereLive, elsewhereLive] = await Promise.all([LiveClient.as(here), LiveClient.as(elsewhere)]);
    const cut = new Promise<void>((resolve) => elsewhereLive.socket.on('disconnect', () => resolve()));

    const response = await here.request('PUT', '/api/me/password', {
      current: 'demo',
      new: 'een nieuwe zin voor het mdo',
    });

    expect(response.status).toBe(204);
    await cut;
    expect(elsewhereLive.socket.connected).toBe(false);
    expect(hereLive.socket.connected).toBe(true);
    hereLive.close();
  });
});

describe('sessions and the login throttle on the server clock', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ env: { SESSION_HOURS: '2' } });
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  it('given an idle session, when the test clock passes SESSION_HOURS, then its next request answers 401', async () => {
    const idle = await ApiClient.login(server.baseUrl, 'regisseur');
    const mover = await ApiClient.login(server.baseUrl, 'eigenaar');

    await mover.post('/api/test/clock', { advance: 'PT1H' });
    expect((await idle.request('GET', '/api/session')).status).toBe(200);
    await mover.post('/api/test/clock', { advance: 'PT1H' });
    await mover.post('/api/test/clock', { advance: 'PT1H' });

    await expectProblem(await idle.request('GET', '/api/session'), 401);
    // The session in use slides along: moving the clock in steps kept it alive.
    expect((await mover.request('GET', '/api/session')).status).toBe(200);
  });

  it('given a username locked out after ten wrong passwords, when the test clock passes the 15-minute window, then the right password logs in again', async () => {
    const attempt = (password: string) =>
      new ApiClient(server.baseUrl).request('POST', '/api/session', { username: 'plaatser', password });
    for (let failure = 0; failure < 10; failure++) expect((await attempt('fout')).status).toBe(401);
    expect((await attempt('demo')).status).toBe(429);
    const mover = await ApiClient.login(server.baseUrl, 'eigenaar');

    await mover.post('/api/test/clock', { advance: 'PT16M' });

    expect((await attempt('demo')).status).toBe(200);
  });
});
