import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StartInstanceResponse, Task } from '../../server/contract/api';
import type { AccessLogEntry } from '../../server/store/store';
import { ApiClient, removeDataDir, startServer } from '../support/server';

describe('read logging (NEN 7513)', () => {
  it('logs who read which case, when, and what, and only reads that were allowed', async () => {
    // Given a case, read by its procesregisseur and refused to a colleague of another team
    const server = await startServer();
    const slt = await ApiClient.login(server.baseUrl, 'slt');
    const zuid = await ApiClient.login(server.baseUrl, 'regisseur-zuid');
    const { id, caseId } = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'routering',
      team: 'slt-breda-noord',
    });
    const [task] = await slt.get<Task[]>(`/api/tasks?caseId=${caseId}`);

    // When they read the instance, its history, the case and the task
    await slt.get(`/api/instances/${id}`);
    await slt.get(`/api/instances/${id}/history`);
    await slt.get(`/api/cases/${caseId}`);
    await slt.get(`/api/tasks/${task!.id}`);
    expect((await zuid.request('GET', `/api/instances/${id}`)).status).toBe(404);
    expect((await zuid.request('GET', `/api/tasks/${task!.id}`)).status).toBe(404);
    await server.stop();

    // Then the access log names each read, with the reader and the time
    const lines = (await readFile(path.join(server.dataDir, 'access-log.jsonl'), 'utf8')).trim().split('\n');
    const entries = lines.map((line) => JSON.parse(line) as AccessLogEntry);
    expect(entries.map((entry) => [entry.userId, entry.resource, entry.caseId])).toEqual([
      ['slt', `instance/${id}`, caseId],
      ['slt', `instance/${id}/history`, caseId],
      ['slt', `case/${caseId}`, caseId],
      ['slt', `task/${task!.id}`, caseId],
    ]);
    for (const entry of entries) expect(Date.parse(entry.at)).not.toBeNaN();
    await removeDataDir(server.dataDir);
  });
});
