import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Health, Problem, SessionInfo } from '../../server/contract/api';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';

/** Expects an RFC 9457 problem answer with the given status, and returns its body. */
async function expectProblem(response: Response, status: number): Promise<Problem> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const text = await response.text();
  expect(text).not.toMatch(/\bat .+\(.*:\d+:\d+\)|node_modules|\.ts:\d+/);
  const problem = JSON.parse(text) as Problem;
  expect(problem).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
  });
  expect(problem).not.toHaveProperty('stack');
  return problem;
}

describe('session API', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  const post = (url: string, body: string, headers: Record<string, string> = {}) =>
    fetch(server.baseUrl + url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('lets a whole team log in at the same moment', async () => {
    const usernames = [
      'slt',
      'regisseur',
      'regisseur2',
      'voorzitter',
      'teamleider',
      'beschikker',
      'plaatser',
      'crisis',
    ];

    const responses = await Promise.all(
      usernames.map((username) => post('/api/session', JSON.stringify({ username, password: 'demo' }))),
    );

    expect(responses.map((response) => response.status)).toEqual(usernames.map(() => 200));
  });

  it('logs a user in with the user, roles, teams and a CSRF token, in an HttpOnly SameSite=Strict cookie', async () => {
    const response = await post('/api/session', JSON.stringify({ username: 'regisseur', password: 'demo' }));

    expect(response.status).toBe(200);
    const session = (await response.json()) as SessionInfo;
    expect(session.user).toEqual({
      id: 'regisseur',
      name: expect.any(String),
      roles: ['procesregisseur'],
      teams: ['slt-breda-noord'],
    });
    expect(session.csrfToken).toEqual(expect.any(String));
    expect(session.csrfToken.length).toBeGreaterThanOrEqual(16);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Strict/i);
    expect(JSON.stringify(session)).not.toContain(cookie.split(';')[0]!.split('=')[1]!);
  });

  it('refuses a wrong password with 401 problem details and no stack trace', async () => {
    const response = await post('/api/session', JSON.stringify({ username: 'regisseur', password: 'fout' }));

    await expectProblem(response, 401);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('refuses further attempts for a username after ten wrong passwords, with 429 and Retry-After, even with the right one', async () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      await expectProblem(
        await post('/api/session', JSON.stringify({ username: 'beschikker', password: `gok${attempt}` })),
        401,
      );
    }

    const blocked = await post('/api/session', JSON.stringify({ username: 'beschikker', password: 'demo' }));

    const problem = await expectProblem(blocked, 429);
    expect(problem.detail).toMatch(/Te veel mislukte pogingen/);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Other users are not affected.
    expect((await post('/api/session', JSON.stringify({ username: 'regisseur2', password: 'demo' }))).status).toBe(200);
  });

  it('refuses an unknown user exactly like a wrong password', async () => {
    const response = await post('/api/session', JSON.stringify({ username: 'niemand', password: 'demo' }));

    await expectProblem(response, 401);
  });

  it('answers GET /api/session with 401 without a cookie', async () => {
    await expectProblem(await fetch(`${server.baseUrl}/api/session`), 401);
  });

  it('returns the same user and CSRF token from GET /api/session while logged in', async () => {
    const client = await ApiClient.login(server.baseUrl, 'teamleider');

    const session = await client.get<SessionInfo>('/api/session');

    expect(session.user).toMatchObject({ id: 'teamleider', roles: ['teamleider'], teams: ['slt-breda-noord'] });
    expect(session.csrfToken).toBe(client.csrfToken);
  });

  it('refuses a change without the X-CSRF-Token header with 403, and with a wrong token too', async () => {
    const client = await ApiClient.login(server.baseUrl, 'slt');
    const body = JSON.stringify({ definitionKey: 'routering', team: 'slt-breda-noord' });

    await expectProblem(await post('/api/instances', body, { cookie: client.cookie }), 403);
    await expectProblem(await post('/api/instances', body, { cookie: client.cookie, 'X-CSRF-Token': 'geraden' }), 403);
    // Nothing was started by the refused requests.
    expect(await client.get<unknown[]>('/api/instances')).toEqual([]);
  });

  it('logs out with 204, after which the session cookie no longer works', async () => {
    const client = await ApiClient.login(server.baseUrl, 'voorzitter');
    const cookie = client.cookie;

    const response = await client.request('DELETE', '/api/session');

    expect(response.status).toBe(204);
    await expectProblem(await fetch(`${server.baseUrl}/api/session`, { headers: { cookie } }), 401);
    await expectProblem(await fetch(`${server.baseUrl}/api/tasks`, { headers: { cookie } }), 401);
  });

  it('answers a malformed JSON body with 400 problem details, never 500', async () => {
    await expectProblem(await post('/api/session', '{"username": "slt", '), 400);

    const client = await ApiClient.login(server.baseUrl, 'slt');
    const response = await client.request('POST', '/api/instances', '{definitionKey: routering');
    await expectProblem(response, 400);
  });

  it('answers a login without a password with 400 naming the missing field', async () => {
    const problem = await expectProblem(await post('/api/session', JSON.stringify({ username: 'slt' })), 400);

    expect(problem.problems).toEqual([expect.objectContaining({ path: 'password', code: 'required' })]);
  });

  it('answers an unknown API route with 404 problem details', async () => {
    const client = await ApiClient.login(server.baseUrl, 'slt');

    await expectProblem(await client.request('GET', '/api/bestaat-niet'), 404);
  });

  it('reports health without a login', async () => {
    const response = await fetch(`${server.baseUrl}/api/health`);

    expect(response.status).toBe(200);
    expect((await response.json()) as Health).toEqual({ status: 'ok', version: expect.any(String) });
  });

  it('serves an OpenAPI 3.1 document that lists the claim operation', async () => {
    const response = await fetch(`${server.baseUrl}/api/openapi.json`);

    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(document.paths['/api/tasks/{id}/claim']).toHaveProperty('post');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/session',
        '/api/definitions',
        '/api/instances',
        '/api/tasks',
        '/api/tasks/{id}/complete',
        '/api/health',
      ]),
    );
  });
});
