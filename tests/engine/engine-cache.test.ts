import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry, InstanceDetail, StartInstanceResponse, Task } from '../../server/contract/api';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';

/**
 * Room for one live engine only: every action on another case pushes the previous case's engine
 * out of memory, which is let go without being stopped. What it waited for (a boundary timer, a
 * task) must still happen exactly once, from the stored state.
 */
describe('cases whose engines were pushed out of memory', () => {
  let server: TestServer;
  let slt: ApiClient;
  let teamleider: ApiClient;

  beforeAll(async () => {
    server = await startServer({ engineCacheSize: 1 });
    slt = await ApiClient.login(server.baseUrl, 'slt');
    teamleider = await ApiClient.login(server.baseUrl, 'teamleider');
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  const start = (variables: Record<string, unknown>) =>
    slt.post<StartInstanceResponse>('/api/instances', { definitionKey: 'termijn', team: 'slt-breda-noord', variables });

  it('given two cases that wait on a term, when the clock passes it, then each escalates once', async () => {
    const first = await start({ urgentie: 'crisis' });
    const second = await start({ urgentie: 'crisis' });
    // Claiming the first case's task again brings its engine back, pushing out the second's.
    const [overleg] = await teamleider.get<Task[]>(`/api/tasks?caseId=${first.caseId}`);
    await teamleider.post(`/api/tasks/${overleg?.id}/claim`);

    await slt.post('/api/test/clock', { advance: 'PT25H' });

    for (const started of [first, second]) {
      const instance = await teamleider.get<InstanceDetail>(`/api/instances/${started.id}`);
      expect(instance.activeElementIds).toEqual(['Task_Expertteam']);
      const history = await teamleider.get<HistoryEntry[]>(`/api/instances/${started.id}/history`);
      const types = history.map((entry) => entry.type);
      expect(types.filter((type) => type === 'timer.fired')).toHaveLength(1);
      expect(types.filter((type) => type === 'task.cancelled')).toHaveLength(1);
      expect(types).not.toContain('timer.cancelled');
    }
  });

  it('given a task claimed on a case pushed out since, when it is completed, then the process moves on', async () => {
    const { id, caseId } = await start({ urgentie: 'regulier' });
    const [overleg] = await teamleider.get<Task[]>(`/api/tasks?caseId=${caseId}`);
    await teamleider.post(`/api/tasks/${overleg?.id}/claim`);
    await start({ urgentie: 'regulier' });

    await teamleider.post(`/api/tasks/${overleg?.id}/complete`, { variables: {} });

    const instance = await teamleider.get<InstanceDetail>(`/api/instances/${id}`);
    expect(instance.completedElementIds).toContain('Task_Overleg');
    expect(instance.activeElementIds).not.toContain('Task_Overleg');
  });
});
