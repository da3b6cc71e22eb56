import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../server/contract/api';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';

interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Expects a problem+json answer with this status that leaks nothing of the server's insides. */
async function expectProblem(response: Response, status: number): Promise<Problem> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(text).not.toMatch(/\bat .+\(.*:\d+:\d+\)|node_modules|\.ts:\d+|URIError|stack/);
  return JSON.parse(text) as Problem;
}

/** A JSON text nested `depth` levels deep: {"a":{"a":...}}. */
function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Bad input of any shape gets a clear 4xx naming the problem: never a 500. */
describe('client errors', () => {
  let server: TestServer;
  let owner: ApiClient;
  let routes: Array<{ method: string; path: string }>;

  beforeAll(async () => {
    server = await startServer();
    owner = await ApiClient.login(server.baseUrl, 'eigenaar');
    const document = (await (await fetch(`${server.baseUrl}/api/openapi.json`)).json()) as OpenApiDocument;
    routes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations)
        .filter((method) => METHODS.includes(method))
        .map((method) => ({ method: method.toUpperCase(), path })),
    );
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  it('answers 400 naming the NUL character when a path parameter or search holds %00, on every route', async () => {
    const withParameters = routes.filter((route) => route.path.includes('{'));
    for (const route of withParameters) {
      // When a parameter holds a NUL character (PostgreSQL cannot even compare text with one)
      const url = route.path.replace(/\{[^}]+\}/g, 'abc%00');
      const response = await owner.request(route.method, url, route.method === 'GET' ? undefined : {});

      // Then the answer is 400 naming it, on either store, never "storage unavailable"
      const problem = await expectProblem(response, 400);
      expect(problem.detail, `${route.method} ${url}`).toMatch(/NUL-teken/);
    }
    const search = await owner.request('GET', '/api/cases?q=a%00b');
    expect((await expectProblem(search, 400)).detail).toMatch(/NUL-teken/);
  });

  it('answers 400 for a malformed percent-escape in any path parameter of any route', async () => {
    const withParameters = routes.filter((route) => route.path.includes('{'));
    expect(withParameters.length).toBeGreaterThan(10);

    for (const route of withParameters) {
      for (const broken of ['%ZZ', '%', '%E0%A4%A']) {
        // When a parameter holds an escape that decodes to nothing
        const url = route.path.replace(/\{[^}]+\}/g, broken);
        const response = await owner.request(route.method, url, route.method === 'GET' ? undefined : {});

        // Then the answer is 400 naming the encoding, not a server error
        const problem = await expectProblem(response, 400);
        expect(problem.detail, `${route.method} ${url}`).toMatch(/%-codering/);
      }
    }
  });

  it('answers 400 naming the nesting for a JSON body nested 10,000 deep, on every route that reads JSON', async () => {
    const deep = nested(10_000);
    const cases: Array<[string, string, string]> = [
      ['POST', '/api/instances', `{"definitionKey":"ouder","team":"noord","variables":${deep}}`],
      ['POST', '/api/tasks/onbekend/complete', `{"variables":${deep}}`],
      ['POST', '/api/definitions/ouder/migrations/dry-run', deep],
      ['POST', '/api/session', `{"username":${deep}}`],
    ];
    for (const [method, url, body] of cases) {
      // When a client sends variables nested far deeper than any form
      const response = await owner.request(method, url, body);

      // Then it is refused before anything walks the body, naming where
      const problem = await expectProblem(response, 400);
      expect(problem.detail, url).toMatch(/dieper genest dan 32 niveaus/);
      expect(problem.problems?.[0]?.code).toBe('depth');
    }
    expect((await owner.request('POST', '/api/instances', cases[0]![2])).status).toBe(400);
    expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);
  });

  it('accepts variables nested as deep as the limit allows', async () => {
    const response = await owner.request('POST', '/api/tasks/onbekend/complete', `{"variables":{"a":${nested(28)}}}`);

    // The task does not exist: the body itself passed
    await expectProblem(response, 404);
  });

  it('answers 400 for an 8,000-character definition key or id in the path', async () => {
    const long = 'k'.repeat(8_000);
    for (const [method, url] of [
      ['GET', `/api/definitions/${long}/versions`],
      ['GET', `/api/definitions/${long}/versions/1/xml`],
      ['GET', `/api/definitions/${long}/versions/1/statistics`],
      ['POST', `/api/definitions/${long}/migrations/dry-run`],
      ['GET', `/api/instances/${long}`],
      ['GET', `/api/tasks/${long}`],
      ['POST', `/api/tasks/${long}/claim`],
    ] as const) {
      const response = await owner.request(method, url, method === 'POST' ? {} : undefined);

      const problem = await expectProblem(response, 400);
      expect(problem.detail, url).toMatch(/langer dan 200 tekens/);
    }
  });

  it('maps errors of the request itself to their 4xx: unreadable JSON, a wrong charset, a too-large body', async () => {
    const post = (body: string, contentType: string) =>
      fetch(`${server.baseUrl}/api/session`, { method: 'POST', headers: { 'content-type': contentType }, body });

    await expectProblem(await post('{"username":', 'application/json'), 400);
    await expectProblem(await post('{}', 'application/json; charset=ebcdic'), 415);
    await expectProblem(await post(`{"username":"${'x'.repeat(1_100_000)}"}`, 'application/json'), 413);
  });

  it('marks every answer that may carry case data as not to be stored, and leaves health and the contract cacheable', async () => {
    const regisseur = await ApiClient.login(server.baseUrl, 'regisseur');
    for (const url of ['/api/session', '/api/tasks', '/api/instances', '/api/users', '/api/definitions']) {
      const response = await regisseur.request('GET', url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('cache-control'), url).toBe('no-store');
    }
    // Refusals and problems may name case data too
    expect((await regisseur.request('GET', '/api/cases/onbekend')).headers.get('cache-control')).toBe('no-store');
    const login = await fetch(`${server.baseUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'slt', password: 'demo' }),
    });
    expect(login.headers.get('cache-control')).toBe('no-store');

    for (const url of ['/api/health', '/api/openapi.json']) {
      expect((await fetch(server.baseUrl + url)).headers.get('cache-control'), url).not.toBe('no-store');
    }
  });
});
