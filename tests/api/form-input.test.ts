import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem, Task } from '../../server/contract/api';
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

  it('refuses a value for a field its condition hides, and takes the same answer without it', async () => {
    // Given a demo placement waiting at the check for ambulant alternatives, held by the coordinator
    const plaatser = await ApiClient.login(server.baseUrl, 'plaatser');
    const tasks = await plaatser.get<Task[]>('/api/tasks');
    const task = tasks.find((candidate) => candidate.elementId === 'Task_AmbulanteAlternatieven');
    if (!task) throw new Error(`no ambulant check among ${tasks.map((candidate) => candidate.elementId).join(', ')}`);
    await plaatser.post(`/api/tasks/${task.id}/claim`);
    const answer = { consultatie: 'Overlegd met het wijkteam.', alternatiefGevonden: false };

    // When the answer also fills "Welk alternatief?", hidden while no alternative was found
    const refused = await plaatser.request('POST', `/api/tasks/${task.id}/complete`, {
      variables: { ...answer, alternatief: 'Toch iets' },
    });

    // Then it is refused naming that field, and nothing is recorded
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Problem).problems).toEqual([
      expect.objectContaining({ path: 'variables.alternatief', code: 'hidden-field' }),
    ]);
    expect((await plaatser.request('POST', `/api/tasks/${task.id}/complete`, { variables: answer })).status).toBe(200);
  });

  it('still starts the same aanmelding without the extra key', async () => {
    const response = await start(samples(new Date()).aanmelding(JEUGDIGE));

    expect(response.status).toBe(201);
  });
});
