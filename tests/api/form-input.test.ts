import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../server/contract/api';
import { samples } from '../../server/demo/sample-input';
import { PROJECT_ROOT } from '../support/process';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';

const JEUGDIGE = { initialen: 'J.B.', geboortedatum: '2014-03-02' };

/** What a task or start form does not ask is refused through the API, never silently dropped. */
describe('form input over the API', () => {
  let server: TestServer;
  let slt: ApiClient;

  beforeAll(async () => {
    server = await startServer({ processesDir: path.join(PROJECT_ROOT, 'processes') });
    slt = await ApiClient.login(server.baseUrl, 'slt');
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  const start = (variables: Record<string, unknown>) =>
    slt.request('POST', '/api/instances', { definitionKey: 'toeleiding', team: 'slt-breda-noord', variables });

  it('refuses an aanmelding with a key the jeugdige group does not have, naming its path', async () => {
    const aanmelding = samples(new Date()).aanmelding({ ...JEUGDIGE, bsn: '123456782' } as typeof JEUGDIGE);

    const response = await start(aanmelding);

    expect(response.status).toBe(400);
    const problem = (await response.json()) as Problem;
    expect(problem.problems).toEqual([
      {
        path: 'variables.jeugdige.bsn',
        code: 'unknown-field',
        message: 'Het veld "bsn" hoort niet bij dit formulier.',
      },
    ]);
  });

  it('still starts the same aanmelding without the extra key', async () => {
    const response = await start(samples(new Date()).aanmelding(JEUGDIGE));

    expect(response.status).toBe(201);
  });
});
