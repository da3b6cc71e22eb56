import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Problem, StartInstanceResponse, Task } from '../../server/contract/api';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';
import { createTestDatabase, endConnections, type TestDatabase } from './pg-test-database';

/**
 * A database that refuses writes (read-only, as after a failover to a replica, or a full disk):
 * every change answers 503 problem+json and stores nothing of itself; once the database takes
 * writes again, the same action succeeds, without a restart.
 */
describe('a PostgreSQL database that refuses writes', () => {
  let database: TestDatabase;
  let server: TestServer;

  const setReadOnly = async (readOnly: boolean) => {
    await database.onCluster(
      `ALTER DATABASE "${database.name}" SET default_transaction_read_only = ${readOnly ? 'on' : 'off'}`,
    );
    // The setting holds for new connections: the server's open ones end, its pool opens new ones.
    await endConnections(database);
  };
  const stored = async (caseId: string) => {
    const [row] = await database.sql<{
      revision: string;
      history: string;
      document: { tasks: Record<string, { completedBy?: string }> };
    }>(
      `SELECT revision, document, (SELECT count(*) FROM case_history h WHERE h.case_id = c.case_id) AS history
       FROM cases c WHERE case_id = $1`,
      [caseId],
    );
    return { revision: Number(row!.revision), history: Number(row!.history), tasks: row!.document.tasks };
  };

  beforeEach(async () => {
    database = await createTestDatabase();
    server = await startServer({ env: { DATABASE_URL: database.url, PG_POOL_SIZE: '3' } });
  });
  afterEach(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
    await database.drop();
  });

  it('given a read-only database, when a user completes a task, then the API answers 503 and nothing of the action is stored; once writable, the same action succeeds', async () => {
    const slt = await ApiClient.login(server.baseUrl, 'slt');
    const { caseId } = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'routering',
      team: 'slt-breda-noord',
    });
    const [task] = await slt.get<Task[]>(`/api/tasks?caseId=${caseId}`);
    await slt.post(`/api/tasks/${task!.id}/claim`);
    const before = await stored(caseId);

    await setReadOnly(true);
    const refused = await slt.request('POST', `/api/tasks/${task!.id}/complete`, {
      variables: { urgentie: 'regulier' },
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await refused.json()) as Problem;
    expect(problem.title).toBe('Opslag niet beschikbaar');
    const started = await slt.request('POST', '/api/instances', {
      definitionKey: 'routering',
      team: 'slt-breda-noord',
    });
    expect(started.status).toBe(503);
    const login = await new ApiClient(server.baseUrl).request('POST', '/api/session', {
      username: 'slt',
      password: 'demo',
    });
    expect(login.status).toBe(503);

    await setReadOnly(false);
    expect(await stored(caseId)).toEqual(before);
    const cases = await database.sql<{ count: string }>('SELECT count(*) FROM cases');
    expect(Number(cases[0]!.count)).toBe(1);

    const completed = await slt.request('POST', `/api/tasks/${task!.id}/complete`, {
      variables: { urgentie: 'regulier' },
    });
    expect(completed.status).toBe(200);
    const after = await stored(caseId);
    expect(after.revision).toBe(before.revision + 1);
    expect(after.history).toBeGreaterThan(before.history);
    expect(after.tasks[task!.id]?.completedBy).toBe('slt');
  });
});
