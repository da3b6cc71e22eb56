import { createHash } from 'node:crypto';
import { chmod, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionInfo, StartInstanceResponse } from '../../server/contract/api';
import { type ServerProcess, spawnServer } from '../support/process';
import { ApiClient, removeDataDir } from '../support/server';
import { filesUnder } from './tmpfs';

/**
 * What the data folder holds is youth-care case data and live credentials: only the server may read
 * it. (That the store keeps session ids only hashed, on either store: session-ids-at-rest.test.ts.)
 */
describe('data at rest', () => {
  const processes: ServerProcess[] = [];
  let dataDir: string;
  let server: ServerProcess;
  let slt: ApiClient;

  const spawn = async () => {
    const started = await spawnServer({ dataDir });
    processes.push(started);
    return started;
  };
  const modes = async () => {
    const result: Record<string, string> = {};
    const visit = async (relative: string) => {
      const info = await stat(path.join(dataDir, relative));
      result[relative || '.'] = (info.mode & 0o777).toString(8);
    };
    await visit('');
    for (const file of filesUnder(dataDir)) {
      await visit(file);
      let dir = path.dirname(file);
      while (dir !== '.') {
        await visit(dir);
        dir = path.dirname(dir);
      }
    }
    return result;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-at-rest-'));
    await chmod(dataDir, 0o755);
    server = await spawn();
    slt = await ApiClient.login(server.baseUrl, 'slt');
    const { id } = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'routering',
      team: 'slt-breda-noord',
    });
    await slt.get(`/api/instances/${id}`); // a read, so the access log exists
  });

  afterAll(async () => {
    for (const started of processes) await started.kill('SIGKILL');
    if (dataDir) await removeDataDir(dataDir);
  });

  it('writes data files 0600 and data folders 0700', async () => {
    const all = await modes();
    expect(Object.keys(all)).toEqual(
      expect.arrayContaining(['users.json', 'sessions.json', 'access-log.jsonl', 'definitions/versions.json']),
    );
    for (const [file, mode] of Object.entries(all)) {
      const isDirectory = (await stat(path.join(dataDir, file))).isDirectory();
      expect({ file, mode }).toEqual({ file, mode: isDirectory ? '700' : '600' });
    }
  });

  it('hashes the plain session ids of an older data folder at start-up, keeping those users logged in, and tightens its modes', async () => {
    // Given a data folder as an older version left it: a plain session id and world-readable files,
    await server.kill('SIGKILL');
    const legacyId = 'legacy-session-id-0123456789abcdefghijklmnop';
    const sessionsFile = path.join(dataDir, 'sessions.json');
    await writeFile(
      sessionsFile,
      JSON.stringify([
        {
          id: legacyId,
          userId: 'teamleider',
          csrfToken: 'csrf',
          expiresAt: new Date(Date.now() + 3600_000).toISOString(),
        },
      ]),
    );
    await chmod(sessionsFile, 0o644);
    await chmod(path.join(dataDir, 'users.json'), 0o644);
    await chmod(path.join(dataDir, 'definitions'), 0o755);
    // when the server starts on it,
    server = await spawn();
    // then the session still works, its plain id is gone from the disk, and the modes are tight.
    const legacy = new ApiClient(server.baseUrl);
    legacy.cookie = `casusregie.sid=${legacyId}`;
    const response = await legacy.request('GET', '/api/session');
    expect(response.status).toBe(200);
    expect(((await response.json()) as SessionInfo).user.id).toBe('teamleider');
    const stored = await readFile(sessionsFile, 'utf8');
    expect(stored).not.toContain(legacyId);
    expect(stored).toContain(createHash('sha256').update(legacyId).digest('hex'));
    const all = await modes();
    expect([all['sessions.json'], all['users.json'], all.definitions]).toEqual(['600', '600', '700']);
  });
});
