import { createHash } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../server/contract/api';
import { type ServerProcess, spawnServer } from '../support/process';
import { ApiClient, removeDataDir } from '../support/server';
import { storedSessionsText } from '../support/store';

/** A session id is a bearer secret: whoever reads the store (files or database) must not be able to log in with it. */
describe('session ids at rest', () => {
  const processes: ServerProcess[] = [];
  let dataDir: string;

  const spawn = async () => {
    // Generous: a cold start compiles the server (tsx), slow on a loaded machine.
    const started = await spawnServer({ dataDir, timeoutMs: 60_000 });
    processes.push(started);
    return started;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-session-ids-'));
  });
  afterAll(async () => {
    for (const started of processes) await started.kill('SIGKILL');
    if (dataDir) await removeDataDir(dataDir);
  });

  it('stores a hash of each session id, never the id the cookie carries, and keeps the user logged in across a restart', async () => {
    // Given a logged-in user
    let server = await spawn();
    const slt = await ApiClient.login(server.baseUrl, 'slt');
    const sessionId = decodeURIComponent(slt.cookie.split('=').slice(1).join('='));
    expect(sessionId.length).toBeGreaterThan(20);

    // Then the store holds the id's hash, not the id
    const stored = await storedSessionsText(dataDir);
    expect(stored).not.toContain(sessionId);
    expect(stored).toContain(createHash('sha256').update(sessionId).digest('hex'));

    // And after a crash and restart the cookie still logs the user in
    await server.kill('SIGKILL');
    server = await spawn();
    const again = new ApiClient(server.baseUrl);
    again.cookie = slt.cookie;
    const response = await again.request('GET', '/api/session');
    expect(response.status).toBe(200);
    expect(((await response.json()) as SessionInfo).user.id).toBe('slt');
  }, 150_000);
});
