import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../server/contract/api';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';

/**
 * Requests checked against the contract's schemas: one problem per field, in Dutch, with the
 * field's path and a stable code; never a 500, whatever the shape of what was sent.
 */
describe('request validation', () => {
  let server: TestServer;
  let slt: ApiClient;

  beforeAll(async () => {
    server = await startServer();
    slt = await ApiClient.login(server.baseUrl, 'slt');
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  async function problemOf(response: Response): Promise<Problem> {
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await response.json()) as Problem;
  }

  it('given a start request missing everything, names each missing field with its Dutch message', async () => {
    const problem = await problemOf(await slt.request('POST', '/api/instances', { caseId: 7, variables: 'x' }));

    expect(problem.detail).toBe('De aanvraag is niet compleet.');
    expect(problem.problems).toEqual([
      { path: 'definitionKey', code: 'required', message: 'Kies een proces.' },
      { path: 'team', code: 'required', message: 'Kies een team.' },
      { path: 'caseId', code: 'type', message: 'caseId moet tekst zijn.' },
      { path: 'variables', code: 'type', message: 'variables moet een object zijn.' },
    ]);
  });

  it('given a field whose value is an object with a toString that is not a function, still names the field with 400', async () => {
    // Found by the fuzz test: describing the value with String() threw, and the 400 became a 500.
    const problem = await problemOf(
      await slt.request('POST', '/api/instances', { definitionKey: 'toeleiding', team: [{ toString: 'x' }] }),
    );

    expect(problem.problems).toEqual([expect.objectContaining({ path: 'team' })]);
  });

  it('given start variables with an invalid and a reserved name, names each variable on its own', async () => {
    const problem = await problemOf(
      await slt.request('POST', '/api/instances', {
        definitionKey: 'routering',
        team: 'slt-breda-noord',
        variables: { '1x': 1, environment: {}, goed: true },
      }),
    );

    expect(problem.problems).toEqual([
      expect.objectContaining({ path: 'variables.1x', code: 'name' }),
      { path: 'variables.environment', code: 'reserved', message: '"environment" is een gereserveerde naam.' },
    ]);
  });

  it('given a body that is no JSON object, answers 400 saying what to send instead of naming fields', async () => {
    const problem = await problemOf(await slt.request('POST', '/api/instances', ['routering']));

    expect(problem.detail).toBe('Stuur een JSON-object.');
    expect(problem.problems).toBeUndefined();
  });

  it('given an unknown task scope, says which scopes exist and echoes the one sent', async () => {
    const problem = await problemOf(await slt.request('GET', '/api/tasks?scope=iedereen'));

    expect(problem.detail).toBe('Onbekende scope "iedereen".');
    expect(problem.problems).toEqual([{ path: 'scope', code: 'enum', message: 'Gebruik mine, group of all.' }]);
  });

  it('given an instance state filter, accepts every state an instance can have and refuses others', async () => {
    for (const state of ['active', 'completed', 'cancelled', 'failed']) {
      expect((await slt.request('GET', `/api/instances?state=${state}`)).status).toBe(200);
    }
    const problem = await problemOf(await slt.request('GET', '/api/instances?state=klaar'));

    expect(problem.problems).toEqual([expect.objectContaining({ path: 'state', code: 'enum' })]);
  });

  it('given a filter sent twice, refuses it with a problem for that field instead of ignoring it', async () => {
    const problem = await problemOf(await slt.request('GET', '/api/tasks?caseId=a&caseId=b'));

    expect(problem.problems).toEqual([expect.objectContaining({ path: 'caseId' })]);
  });
});
