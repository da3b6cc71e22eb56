import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessLogPage, AccessLogVerification } from '../../server/contract/admin';
import type { StartInstanceResponse, Task } from '../../server/contract/api';
import type { AccessLogRecord } from '../../server/store/store';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';
import { breakAccessLog, readAccessLog } from '../support/store';

function logLines(server: TestServer): Promise<AccessLogRecord[]> {
  return readAccessLog(server.dataDir);
}

describe('read logging (NEN 7513)', () => {
  let server: TestServer;
  let slt: ApiClient;
  let zuid: ApiClient;
  let privacy: ApiClient;
  let started: StartInstanceResponse;

  beforeAll(async () => {
    server = await startServer();
    slt = await ApiClient.login(server.baseUrl, 'slt');
    zuid = await ApiClient.login(server.baseUrl, 'regisseur-zuid');
    privacy = await ApiClient.login(server.baseUrl, 'privacy');
    started = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'routering',
      team: 'slt-breda-noord',
    });
    await slt.post('/api/instances', { definitionKey: 'routering', team: 'slt-breda-noord' });
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  it('given a case, when its team reads it and another team tries, then each read and each refusal names who, what, when, from where and which session', async () => {
    const { id, caseId } = started;
    const before = (await logLines(server)).length;

    const [task] = await slt.get<Task[]>(`/api/tasks?caseId=${caseId}`);
    await slt.get(`/api/instances/${id}`);
    await slt.get(`/api/instances/${id}/history`);
    await slt.get(`/api/cases/${caseId}`);
    await slt.get(`/api/tasks/${task!.id}`);
    expect((await zuid.request('GET', `/api/instances/${id}`)).status).toBe(404);
    expect((await zuid.request('GET', `/api/tasks/${task!.id}`)).status).toBe(404);
    expect((await zuid.request('GET', `/api/cases/${caseId}`)).status).toBe(404);
    expect((await zuid.request('GET', '/api/instances/bestaat-niet')).status).toBe(404);

    const entries = (await logLines(server)).slice(before);
    expect(entries.map((entry) => [entry.userId, entry.action, entry.resource, entry.caseId])).toEqual([
      ['slt', 'read', 'task-list', caseId],
      ['slt', 'read', `instance/${id}`, caseId],
      ['slt', 'read', `instance/${id}/history`, caseId],
      ['slt', 'read', `case/${caseId}`, caseId],
      ['slt', 'read', `task/${task!.id}`, caseId],
      ['regisseur-zuid', 'refused', `instance/${id}`, caseId],
      ['regisseur-zuid', 'refused', `task/${task!.id}`, caseId],
      ['regisseur-zuid', 'refused', `case/${caseId}`, caseId],
      ['regisseur-zuid', 'refused', 'instance/bestaat-niet', undefined],
    ]);
    for (const entry of entries) {
      expect(Date.parse(entry.at)).not.toBeNaN();
      expect(entry.address).toMatch(/127\.0\.0\.1/);
      expect(entry.session).toMatch(/^[0-9a-f]{12}$/);
    }
    // Two users, two sessions; the reference is not the session cookie.
    expect(new Set(entries.map((entry) => entry.session)).size).toBe(2);
    expect(slt.cookie).not.toContain(entries[0]!.session!);
  });

  it('given instances and tasks of several cases, when a user lists them, then every case in the answer is logged once', async () => {
    const before = (await logLines(server)).length;

    const instances = await slt.get<Array<{ caseId: string }>>('/api/instances');
    const tasks = await slt.get<Task[]>('/api/tasks');

    const entries = (await logLines(server)).slice(before);
    const listed = (resource: string) =>
      entries.filter((entry) => entry.resource === resource).map((entry) => entry.caseId);
    expect(listed('instance-list').sort()).toEqual([...new Set(instances.map((item) => item.caseId))].sort());
    expect(listed('task-list').sort()).toEqual([...new Set(tasks.map((item) => item.caseId))].sort());
    expect(new Set(instances.map((item) => item.caseId)).size).toBeGreaterThan(1);
  });

  it('given a team that may not see a case, when it lists that case’s tasks, then the answer is empty and the attempt is logged as refused', async () => {
    const tasks = await zuid.get<Task[]>(`/api/tasks?caseId=${started.caseId}`);

    expect(tasks).toEqual([]);
    const last = (await logLines(server)).at(-1)!;
    expect([last.userId, last.action, last.caseId]).toEqual(['regisseur-zuid', 'refused', started.caseId]);
  });

  it('given the log, when the privacy officer searches by case, then that case’s entries come newest first', async () => {
    const page = await privacy.get<AccessLogPage>(`/api/admin/access-log?caseId=${started.caseId}`);

    expect(page.items.length).toBeGreaterThan(5);
    expect(page.items.every((item) => item.caseId === started.caseId)).toBe(true);
    const seqs = page.items.map((item) => item.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(page.nextCursor).toBeUndefined();
  });

  it('given a log that cannot be written, when a case is read, then the read is refused with 503 and no case data, and reads resume once it can', async () => {
    const repair = await breakAccessLog(server);
    let refused: Response;
    let listed: Response;
    try {
      refused = await slt.request('GET', `/api/cases/${started.caseId}`);
      listed = await slt.request('GET', '/api/instances');
    } finally {
      // Also when a request fails: the next tests share this server and its log.
      await repair();
    }

    expect(refused.status).toBe(503);
    expect(await refused.text()).not.toContain('instances');
    expect(listed.status).toBe(503);

    expect((await slt.request('GET', `/api/cases/${started.caseId}`)).status).toBe(200);
    expect((await logLines(server)).at(-1)).toMatchObject({ userId: 'slt', resource: `case/${started.caseId}` });
  });

  it('given an untouched log, when verified, then it is intact and counts every line', async () => {
    const result = await privacy.get<AccessLogVerification>('/api/admin/access-log/verify');

    expect(result).toEqual({ entries: (await logLines(server)).length, intact: true });
  });
});
