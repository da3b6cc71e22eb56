import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartInstanceResponse } from '../../server/contract/api';
import type { AccessLogRecord } from '../../server/store/store';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';
import { LiveClient } from '../support/sockets';

describe('live watching in the access log (NEN 7513)', () => {
  let server: TestServer;
  const sockets: LiveClient[] = [];

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  const entries = async (): Promise<AccessLogRecord[]> =>
    (await readFile(path.join(server.dataDir, 'access-log.jsonl'), 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as AccessLogRecord);

  it('given a watcher of an instance, when it moves on, then the watch and every event pushed to the watcher are logged with the watcher’s address and session', async () => {
    const slt = await ApiClient.login(server.baseUrl, 'slt');
    const regisseur = await ApiClient.login(server.baseUrl, 'regisseur2');
    const { id, caseId } = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'routering',
      team: 'slt-breda-noord',
    });
    const watcher = await LiveClient.as(regisseur);
    sockets.push(watcher);

    expect(await watcher.watch(id)).toEqual({ ok: true });
    await slt.completeTask(caseId, 'Task_Triage', { urgentie: 'regulier' });
    await watcher.waitFor('instance:updated', (update) => update.id === id && update.activeElementIds.length > 0);

    const mine = (await entries()).filter((entry) => entry.userId === 'regisseur2');
    expect(mine[0]).toMatchObject({ action: 'read', resource: `socket/instance/${id}`, caseId });
    const pushed = mine.slice(1).map((entry) => entry.resource);
    expect(pushed).toContain(`socket/instance/${id}/instance:updated`);
    expect(pushed).toContain(`socket/instance/${id}/task:updated`);
    for (const entry of mine) {
      expect(entry.caseId).toBe(caseId);
      expect(entry.address).toMatch(/127\.0\.0\.1/);
      expect(entry.session).toMatch(/^[0-9a-f]{12}$/);
    }
    // The pushes are logged for the watcher, not for the worker whose action caused them.
    const sltSession = (await entries()).find((entry) => entry.userId === 'slt')!.session;
    expect(mine.every((entry) => entry.session !== sltSession)).toBe(true);
  });

  it('given a user of another team, when they try to watch the instance, then the refusal is logged', async () => {
    const slt = await ApiClient.login(server.baseUrl, 'slt');
    const zuid = await ApiClient.login(server.baseUrl, 'regisseur-zuid');
    const { id, caseId } = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'routering',
      team: 'slt-breda-noord',
    });
    const socket = await LiveClient.as(zuid);
    sockets.push(socket);

    expect(await socket.watch(id)).toMatchObject({ ok: false, status: 404 });

    expect((await entries()).at(-1)).toMatchObject({
      userId: 'regisseur-zuid',
      action: 'refused',
      resource: `socket/instance/${id}`,
      caseId,
    });
  });
});
