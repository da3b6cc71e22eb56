import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../server/contract/api';
import { type ServerProcess, spawnServer } from '../support/process';
import { removeDataDir } from '../support/server';

/** Cookie headers a browser would never send, but anyone with a socket can. */
const MALFORMED_COOKIES = [
  'casusregie.sid=%',
  'casusregie.sid=%E0%A4%A',
  'casusregie.sid=%ZZ; other=1',
  'casusregie.sid="%"',
  'other=%; casusregie.sid',
  '=; ;;=%;casusregie.sid==%%',
];

/**
 * A malformed session cookie is client input like any other: over socket.io and over HTTP it
 * means "not logged in". It runs against a real server process, so a crash would show.
 */
describe('a malformed session cookie', () => {
  let server: ServerProcess;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-cookie-'));
    server = await spawnServer({ dataDir });
  });
  afterAll(async () => {
    await server.kill();
    await removeDataDir(dataDir);
  });

  /** Tries a socket.io handshake; resolves with how it ended. */
  function handshake(cookie: string, transport: 'websocket' | 'polling'): Promise<'connected' | string> {
    const socket = io(server.baseUrl, {
      transports: [transport],
      extraHeaders: { cookie },
      reconnection: false,
      forceNew: true,
      timeout: 2_000,
    });
    return new Promise((resolve) => {
      socket.once('connect', () => {
        socket.close();
        resolve('connected');
      });
      socket.once('connect_error', (error) => {
        socket.close();
        resolve(error.message);
      });
    });
  }

  async function expectHealthy(): Promise<void> {
    expect(server.exited(), server.output()).toBe(false);
    expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);
  }

  it('refuses the socket.io handshake as not logged in, and the server stays up', async () => {
    for (const cookie of MALFORMED_COOKIES) {
      for (const transport of ['websocket', 'polling'] as const) {
        // When an unauthenticated client with a broken cookie connects
        const outcome = await handshake(cookie, transport);

        // Then it is refused like any stranger, and the process lives on
        expect(outcome, `${transport} ${cookie}`).toBe('Niet ingelogd');
        await expectHealthy();
      }
    }
  });

  it('is no session over HTTP: health answers, protected routes say 401, logout and login work', async () => {
    for (const cookie of MALFORMED_COOKIES) {
      const headers = { cookie };

      expect((await fetch(`${server.baseUrl}/api/health`, { headers })).status, cookie).toBe(200);
      const tasks = await fetch(`${server.baseUrl}/api/tasks`, { headers });
      expect(tasks.status, cookie).toBe(401);
      expect(tasks.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect((await fetch(`${server.baseUrl}/api/session`, { headers })).status, cookie).toBe(401);
      expect((await fetch(`${server.baseUrl}/api/session`, { method: 'DELETE', headers })).status, cookie).toBe(204);

      // A login with the broken cookie still present gets a fresh session cookie that works
      const login = await fetch(`${server.baseUrl}/api/session`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'regisseur', password: 'demo' }),
      });
      expect(login.status, cookie).toBe(200);
      const fresh = login.headers.get('set-cookie')?.split(';')[0] ?? '';
      expect(fresh).toMatch(/^casusregie\.sid=[\w-]+$/);
      const session = (await login.json()) as SessionInfo;
      const me = await fetch(`${server.baseUrl}/api/session`, { headers: { cookie: fresh } });
      expect(((await me.json()) as SessionInfo).user.id).toBe(session.user.id);
    }
    await expectHealthy();
  });

  it('still lets a logged-in user connect live beside the broken one', async () => {
    const login = await fetch(`${server.baseUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'slt', password: 'demo' }),
    });
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';

    expect(await handshake(`other=%; ${cookie}`, 'websocket')).toBe('connected');
    await expectHealthy();
  });
});
