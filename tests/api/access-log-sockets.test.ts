import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartInstanceResponse } from '../../server/contract/api';
import type { WatchAck } from '../../server/contract/events';
import type { AccessLogRecord } from '../../server/store/store';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';
import { LiveClient } from '../support/sockets';
import { readAccessLog } from '../support/store';

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

  const entries = (): Promise<AccessLogRecord[]> => readAccessLog(server.dataDir);

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

describe('the client address behind a reverse proxy', () => {
  it('given TRUST_PROXY=1, when a case is read over HTTP and watched over a socket, then the log names the address the proxy forwarded', async () => {
    const server = await startServer({ env: { TRUST_PROXY: '1' } });
    try {
      const slt = await ApiClient.login(server.baseUrl, 'slt');
      const { id, caseId } = await slt.post<StartInstanceResponse>('/api/instances', {
        definitionKey: 'routering',
        team: 'slt-breda-noord',
      });
      const forwarded = { cookie: slt.cookie, 'x-forwarded-for': '198.51.100.9, 203.0.113.7' };

      expect((await fetch(`${server.baseUrl}/api/cases/${caseId}`, { headers: forwarded })).status).toBe(200);
      const socket = io(server.baseUrl, {
        transports: ['websocket'],
        extraHeaders: forwarded,
        reconnection: false,
        forceNew: true,
      });
      try {
        const ack = await new Promise<WatchAck>((resolve) => socket.emit('instance:watch', { id }, resolve));
        expect(ack).toEqual({ ok: true });
      } finally {
        socket.close();
      }

      const lines = await readAccessLog(server.dataDir);
      expect(lines.find((line) => line.resource === `case/${caseId}`)?.address).toBe('203.0.113.7');
      expect(lines.find((line) => line.resource === `socket/instance/${id}`)?.address).toBe('203.0.113.7');
    } finally {
      await server.stop();
      await removeDataDir(server.dataDir);
    }
  });
});
