import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessLogVerification } from '../../server/contract/admin';
import type { StartInstanceResponse } from '../../server/contract/api';
import { ApiClient, removeDataDir, startServer } from '../support/server';

type Line = Record<string, unknown> & { seq: number; at: string; prev: string; hash: string };

const LOG_FILE = 'access-log.jsonl';
const parse = (text: string): Line[] =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Line);

/**
 * The access log as the file store keeps it (access-log.jsonl): a line torn by a crash mid-append,
 * and a log file from before the hash chain. The chain's behaviour on either store is in
 * access-log-chain.test.ts; this file runs against lowdb only (see vitest.config.ts).
 */
describe('the access log file', () => {
  /** A data folder whose log holds reads of one case, made once; each test changes a copy. */
  let original: string;
  let caseId: string;
  const folders: string[] = [];

  beforeAll(async () => {
    const server = await startServer();
    const slt = await ApiClient.login(server.baseUrl, 'slt');
    ({ caseId } = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'routering',
      team: 'slt-breda-noord',
    }));
    for (let read = 0; read < 9; read++) await slt.get(`/api/cases/${caseId}`);
    await server.stop();
    original = server.dataDir;
    folders.push(original);
  });
  afterAll(async () => {
    for (const folder of folders) await removeDataDir(folder);
  });

  async function copy(): Promise<string> {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'casusregie-chain-'));
    folders.push(folder);
    await cp(original, folder, { recursive: true });
    return folder;
  }

  async function verifyIn(folder: string): Promise<AccessLogVerification> {
    const server = await startServer({ dataDir: folder });
    try {
      const privacy = await ApiClient.login(server.baseUrl, 'privacy');
      return await privacy.get<AccessLogVerification>('/api/admin/access-log/verify');
    } finally {
      await server.stop();
    }
  }

  const lineCount = async (folder: string) => parse(await readFile(path.join(folder, LOG_FILE), 'utf8')).length;

  it('given a crash mid-append, when the server starts, then the torn line is set aside and the chain goes on intact', async () => {
    const folder = await copy();
    const file = path.join(folder, LOG_FILE);
    await writeFile(file, `${await readFile(file, 'utf8')}{"seq":99,"at":"2026-`);

    const server = await startServer({ dataDir: folder });
    const slt = await ApiClient.login(server.baseUrl, 'slt');
    await slt.get(`/api/cases/${caseId}`);
    await server.stop();

    expect((await readdir(folder)).filter((name) => name.startsWith('access-log.torn-'))).toHaveLength(1);
    expect(await verifyIn(folder)).toMatchObject({ intact: true });
  });

  it('given a crash that lost only the last newline, when the server starts, then that whole line is kept', async () => {
    const folder = await copy();
    const file = path.join(folder, LOG_FILE);
    const before = await lineCount(folder);
    await writeFile(file, (await readFile(file, 'utf8')).replace(/\n$/, ''));

    const server = await startServer({ dataDir: folder });
    const slt = await ApiClient.login(server.baseUrl, 'slt');
    await slt.get(`/api/cases/${caseId}`);
    await server.stop();

    expect((await readdir(folder)).filter((name) => name.startsWith('access-log.torn-'))).toEqual([]);
    expect(await verifyIn(folder)).toEqual({ entries: before + 1, intact: true });
  });

  it('given a log from before the chain, when the server starts, then it is kept aside unchanged and sealed into the new chain', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'casusregie-legacy-'));
    folders.push(folder);
    const legacy = `${JSON.stringify({ at: '2026-01-05T10:00:00.000Z', actor: 'slt', action: 'read', resource: 'case/C-1', caseId: 'C-1' })}\n`;
    await writeFile(path.join(folder, LOG_FILE), legacy);

    const server = await startServer({ dataDir: folder });
    const slt = await ApiClient.login(server.baseUrl, 'slt');
    const started = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'routering',
      team: 'slt-breda-noord',
    });
    await slt.get(`/api/cases/${started.caseId}`);
    await server.stop();

    expect(await readFile(path.join(folder, 'access-log.legacy.jsonl'), 'utf8')).toBe(legacy);
    expect(parse(await readFile(path.join(folder, LOG_FILE), 'utf8'))[0]!.seq).toBe(1);
    expect(await verifyIn(folder)).toMatchObject({ intact: true });

    await writeFile(path.join(folder, 'access-log.legacy.jsonl'), legacy.replace('"slt"', '"bestuurder"'));
    expect(await verifyIn(folder)).toMatchObject({ intact: false, firstBrokenAt: 1 });
  });
});
