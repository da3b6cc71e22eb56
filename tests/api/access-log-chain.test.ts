import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHash } from '../../server/audit/chain';
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
const serialise = (lines: Line[]) => lines.map((line) => `${JSON.stringify(line)}\n`).join('');

/** Re-links every line from `from` on, as a forger who knows the format would. */
function rechain(lines: Line[], from: number): void {
  for (let index = from; index < lines.length; index++) {
    const line = lines[index]!;
    line.prev = index === 0 ? '0'.repeat(64) : lines[index - 1]!.hash;
    line.hash = chainHash(line.prev, line);
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

  /** A copy of the data folder, changed by `tamper` while no server runs. */
  async function copyWith(tamper: (lines: Line[]) => Line[] | undefined = () => undefined): Promise<string> {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'casusregie-chain-'));
    folders.push(folder);
    await cp(original, folder, { recursive: true });
    const file = path.join(folder, LOG_FILE);
    const changed = tamper(parse(await readFile(file, 'utf8')));
    if (changed) await writeFile(file, serialise(changed));
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

    const lines = parse(await readFile(path.join(folder, LOG_FILE), 'utf8'));
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

  it('given a line changed at the end of the file, when verified, then the count is kept and the break is named', async () => {
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

  it('given a crash mid-append, when the server starts, then the torn line is set aside and the chain goes on intact', async () => {
    const folder = await copyWith();
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
    const folder = await copyWith();
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
