import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AdminUser, SessionInfo } from '../../server/contract/api';
import { PROJECT_ROOT, type ServerProcess, spawnServer } from '../support/process';
import { ApiClient, removeDataDir } from '../support/server';
import { storeEnv } from '../support/store';

/** `npm run create-admin -- <username>` as an operator runs it, on a data folder. */
async function createAdmin(dataDir: string, ...args: string[]): Promise<{ code: number | null; output: string }> {
  const store = await storeEnv(dataDir);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/create-admin.ts', ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATA_DIR: dataDir, CASUSREGIE_MODE: 'production', ...store },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

const PRODUCTION = { CASUSREGIE_MODE: 'production', TEST_CLOCK: '' };

describe('the first beheerder of a production installation', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  const freshDataDir = async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-create-admin-'));
    cleanup.push(() => removeDataDir(dataDir));
    return dataDir;
  };
  const production = async (dataDir: string): Promise<ServerProcess> => {
    const server = await spawnServer({ dataDir, env: PRODUCTION, timeoutMs: 60_000 });
    cleanup.push(() => server.kill('SIGTERM'));
    return server;
  };

  it('given an empty data folder, when the server starts in production mode, then it says how to create the first admin', async () => {
    const dataDir = await freshDataDir();

    const server = await production(dataDir);

    expect(server.output()).toContain('No beheerder in this data folder yet');
    expect(server.output()).toContain('npm run create-admin -- <username>');
  });

  it('given an empty data folder, when the operator runs create-admin, then the new beheerder logs in on a production server with the printed one-time password, must change it, and can then manage users', async () => {
    const dataDir = await freshDataDir();

    const created = await createAdmin(dataDir, 'f.beheer');

    expect(created.code, created.output).toBe(0);
    const password = /One-time password: (\S+)/.exec(created.output)?.[1];
    expect(password).toBeDefined();
    const server = await production(dataDir);
    expect(server.output()).not.toContain('No beheerder');
    const admin = new ApiClient(server.baseUrl);
    const login = await admin.request('POST', '/api/session', { username: 'f.beheer', password });
    expect(login.status).toBe(200);
    expect(((await login.json()) as SessionInfo).mustChangePassword).toBe(true);
    expect((await admin.request('GET', '/api/admin/users')).status).toBe(403);

    const change = await admin.request('PUT', '/api/me/password', { current: password, new: 'de gemeente gaat live' });
    expect(change.status).toBe(204);

    const users = await admin.get<AdminUser[]>('/api/admin/users');
    expect(users).toEqual([
      expect.objectContaining({ id: 'f.beheer', roles: ['beheerder'], active: true, source: 'local' }),
    ]);
  });

  it('refuses a second first admin, and an invalid username, with a non-zero exit and a clear message', async () => {
    const dataDir = await freshDataDir();
    expect((await createAdmin(dataDir, 'beheer1')).code).toBe(0);

    const second = await createAdmin(dataDir, 'beheer2');
    const invalid = await createAdmin(await freshDataDir(), 'Hoofd Letters');
    const missing = await createAdmin(await freshDataDir());

    expect(second.code).not.toBe(0);
    expect(second.output).toMatch(/already has an active beheerder/);
    expect(invalid.code).not.toBe(0);
    expect(invalid.output).toMatch(/not a valid username/);
    expect(missing.code).not.toBe(0);
    expect(missing.output).toMatch(/Usage: npm run create-admin -- <username>/);
  });
});
