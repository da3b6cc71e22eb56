import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHash } from '../../server/audit/chain';
import type { AccessLogVerification } from '../../server/contract/admin';
import type { StartInstanceResponse } from '../../server/contract/api';
import { ApiClient, removeDataDir, startServer } from '../support/server';
import { copyDataDir, type StoredAccessLine as Line, readAccessLog, rewriteAccessLog } from '../support/store';

/** Re-links every line from `from` on, as a forger who knows the format would. */
function rechain(lines: Line[], from: number): void {
  for (let index = from; index < lines.length; index++) {
    const line = lines[index]!;
    line.prev = index === 0 ? '0'.repeat(64) : lines[index - 1]!.hash;
    line.hash = chainHash(line.prev, { ...line });
  }
}

describe('the access log’s hash chain', () => {
  /** A data folder whose log holds reads of one case, made once; each test tampers with a copy. */
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

  /** A copy of the data folder and its store, its access log changed by `tamper` while no server runs. */
  async function copyWith(tamper: (lines: Line[]) => Line[] | undefined = () => undefined): Promise<string> {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'casusregie-chain-'));
    folders.push(folder);
    await copyDataDir(original, folder);
    await rewriteAccessLog(folder, tamper);
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

  const lineCount = async (folder: string) => (await readAccessLog(folder)).length;

  it('given an untouched log, when verified, then it is intact and counts every line', async () => {
    const folder = await copyWith();

    expect(await verifyIn(folder)).toEqual({ entries: await lineCount(folder), intact: true });
    expect(await lineCount(folder)).toBeGreaterThanOrEqual(9);
  });

  it('given a restart, when more is read, then the chain continues and still verifies', async () => {
    const folder = await copyWith();
    const before = await lineCount(folder);
    const server = await startServer({ dataDir: folder });
    const slt = await ApiClient.login(server.baseUrl, 'slt');
    await slt.get(`/api/cases/${caseId}`);
    await server.stop();

    const lines = await readAccessLog(folder);
    expect(lines.map((line) => line.seq)).toEqual(lines.map((_line, index) => index + 1));
    expect(await verifyIn(folder)).toEqual({ entries: before + 1, intact: true });
  });

  it('given a line whose reader was changed, when verified, then the chain breaks at that line', async () => {
    const folder = await copyWith((lines) => {
      lines[3]!.userId = 'teamleider';
      return lines;
    });

    expect(await verifyIn(folder)).toMatchObject({ intact: false, firstBrokenAt: 4 });
  });

  it('given a deleted line, when verified, then the chain breaks where it was', async () => {
    const folder = await copyWith((lines) => lines.filter((_line, index) => index !== 5));

    expect(await verifyIn(folder)).toMatchObject({ intact: false, firstBrokenAt: 6 });
  });

  it('given a backdated line, when verified, then the chain breaks at it, even when the forger re-hashed the chain', async () => {
    const backdate = (lines: Line[]) => {
      lines[6]!.at = new Date(Date.parse(lines[6]!.at) - 86_400_000).toISOString();
    };
    const plain = await copyWith((lines) => {
      backdate(lines);
      return lines;
    });
    const rehashed = await copyWith((lines) => {
      backdate(lines);
      rechain(lines, 6);
      return lines;
    });

    expect(await verifyIn(plain)).toMatchObject({ intact: false, firstBrokenAt: 7 });
    expect(await verifyIn(rehashed)).toMatchObject({ intact: false, firstBrokenAt: 7 });
  });

  it('given the last line changed, when verified, then the count is kept and the break is named', async () => {
    const folder = await copyWith((lines) => {
      lines.at(-1)!.resource = 'case/anders';
      return lines;
    });

    expect(await verifyIn(folder)).toEqual({
      entries: await lineCount(folder),
      intact: false,
      firstBrokenAt: await lineCount(folder),
    });
  });
});
