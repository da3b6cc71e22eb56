import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Health, InstanceDetail, StartInstanceResponse } from '../../server/contract/api';
import { type ServerProcess, spawnServer } from '../support/process';
import { ApiClient, removeDataDir } from '../support/server';
import { filesUnder } from './tmpfs';

const caseFile = (dataDir: string, caseId: string, suffix = '.json') => {
  const shard = createHash('sha1').update(caseId).digest('hex').slice(0, 2);
  return path.join(dataDir, 'cases', shard, `${caseId}${suffix}`);
};

/**
 * One damaged case file (a disk fault, a bad restore, a hand edit) must not keep the server, and
 * every other case, down: it is set aside in quarantine/, the log says so, and the beheerder sees
 * it on the health check.
 */
describe('a case file that cannot be read at start-up', () => {
  const processes: ServerProcess[] = [];
  let dataDir: string;
  let server: ServerProcess;
  let damaged: StartInstanceResponse;
  let intact: StartInstanceResponse[];
  let leftover: string;

  const spawn = async () => {
    const started = await spawnServer({ dataDir });
    processes.push(started);
    return started;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-damaged-'));
    server = await spawn();
    const slt = await ApiClient.login(server.baseUrl, 'slt');
    // Given three cases,
    const started: StartInstanceResponse[] = [];
    for (let index = 0; index < 3; index++) {
      started.push(
        await slt.post<StartInstanceResponse>('/api/instances', {
          definitionKey: 'routering',
          team: 'slt-breda-noord',
        }),
      );
    }
    [damaged, ...intact] = started as [StartInstanceResponse, ...StartInstanceResponse[]];
    // stopped as an operator stops it (the case files synced, the commit log emptied: a crash
    // leaves the log, from which start-up repairs a torn file, see below),
    await server.kill('SIGINT');
    // when one case file is cut off half-way and an unfinished write left a temporary file,
    const file = caseFile(dataDir, damaged.caseId);
    await truncate(file, Math.floor((await readFile(file)).length / 2));
    leftover = `${caseFile(dataDir, intact[0]!.caseId)}.4242.deadbeef.tmp`;
    await writeFile(leftover, '{"half":');
    // and the server starts again on the same data folder.
    server = await spawn();
  });

  afterAll(async () => {
    for (const started of processes) await started.kill('SIGKILL');
    if (dataDir) await removeDataDir(dataDir);
  });

  it('starts and serves every other case as before', async () => {
    const teamleider = await ApiClient.login(server.baseUrl, 'teamleider');
    for (const { id } of intact) {
      const instance = await teamleider.get<InstanceDetail>(`/api/instances/${id}`);
      expect(instance.activeElementIds).toEqual(['Task_Triage']);
    }
    expect((await teamleider.request('GET', `/api/instances/${damaged.id}`)).status).toBe(404);
  });

  it('moves the damaged file, with its history log, to quarantine/ with the reason, and says so in the log', async () => {
    const quarantined = await readdir(path.join(dataDir, 'quarantine'));
    expect(quarantined.filter((name) => name.startsWith(damaged.caseId)).map((name) => name.split('.').pop())).toEqual(
      expect.arrayContaining(['json', 'jsonl']),
    );
    const note = quarantined.find((name) => name.endsWith('.reason.json'))!;
    expect(JSON.parse(await readFile(path.join(dataDir, 'quarantine', note), 'utf8'))).toMatchObject({
      file: path.relative(dataDir, caseFile(dataDir, damaged.caseId)),
      reason: expect.stringMatching(/JSON/),
    });
    expect(filesUnder(path.join(dataDir, 'cases')).some((name) => name.includes(damaged.caseId))).toBe(false);
    expect(server.output()).toMatch(new RegExp(`QUARANTINE: case file .*${damaged.caseId}\\.json`));
  });

  it('removes temporary files of unfinished writes at start-up', () => {
    expect(filesUnder(dataDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('shows the quarantined file to a beheerder on the health check, marked not to be cached, and to nobody else', async () => {
    const beheer = await ApiClient.login(server.baseUrl, 'beheer');
    const answer = await beheer.request('GET', '/api/health');
    // It names a case, so no browser or proxy may keep it
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const detail = (await answer.json()) as Health;
    expect(detail.status).toBe('ok');
    expect(detail.quarantined).toEqual([
      {
        file: path.relative(dataDir, caseFile(dataDir, damaged.caseId)),
        movedTo: expect.stringMatching(new RegExp(`^quarantine/${damaged.caseId}\\..*\\.json$`)),
        reason: expect.stringMatching(/JSON/),
        at: expect.any(String),
      },
    ]);

    const plain = await fetch(`${server.baseUrl}/api/health`);
    expect(plain.headers.get('cache-control')).toBeNull();
    const anonymous = (await plain.json()) as Health;
    expect(Object.keys(anonymous).sort()).toEqual(['status', 'version']);
    const teamleider = await ApiClient.login(server.baseUrl, 'teamleider');
    expect(Object.keys(await teamleider.get<Health>('/api/health')).sort()).toEqual(['status', 'version']);
  });

  it('still shows it after a further restart, without quarantining anything again', async () => {
    await server.kill('SIGKILL');
    server = await spawn();
    expect(server.output()).not.toMatch(/QUARANTINE/);
    const beheer = await ApiClient.login(server.baseUrl, 'beheer');
    expect((await beheer.get<Health>('/api/health')).quarantined).toHaveLength(1);
  });
});

/**
 * A case file can be whole JSON and still be damaged inside (a hand edit, a bad restore): a record
 * that is null or lacks what start-up reads stopped the server as surely as a torn file.
 */
describe('a case file whose JSON is whole but holds a record start-up cannot use', () => {
  let dataDir: string;
  let first: ServerProcess | undefined;
  let server: ServerProcess | undefined;
  let damaged: StartInstanceResponse;
  let intact: StartInstanceResponse;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-damaged-inside-'));
    first = await spawnServer({ dataDir, timeoutMs: 60_000 });
    const slt = await ApiClient.login(first.baseUrl, 'slt');
    // Given two cases,
    const start = () =>
      slt.post<StartInstanceResponse>('/api/instances', { definitionKey: 'routering', team: 'slt-breda-noord' });
    damaged = await start();
    intact = await start();
    // stopped as an operator stops it (after a crash, start-up would write the file again from
    // the commit log, whatever was done to it meanwhile),
    await first.kill('SIGINT');
    // when one case file has its task replaced by null,
    const file = caseFile(dataDir, damaged.caseId);
    const document = JSON.parse(await readFile(file, 'utf8')) as { tasks: Record<string, unknown> };
    for (const taskId of Object.keys(document.tasks)) document.tasks[taskId] = null;
    await writeFile(file, JSON.stringify(document));
    // and the server starts again on the same data folder,
    server = await spawnServer({ dataDir, timeoutMs: 60_000 });
  }, 150_000); // two start-ups of a real server: generous for a loaded machine

  afterAll(async () => {
    await first?.kill('SIGKILL');
    await server?.kill('SIGKILL');
    if (dataDir) await removeDataDir(dataDir);
  });

  it('starts, serves the other case, and sets the damaged one aside for the beheerder to see', async () => {
    const teamleider = await ApiClient.login(server!.baseUrl, 'teamleider');
    expect((await teamleider.get<InstanceDetail>(`/api/instances/${intact.id}`)).activeElementIds).toEqual([
      'Task_Triage',
    ]);
    expect((await teamleider.request('GET', `/api/instances/${damaged.id}`)).status).toBe(404);
    expect(server!.output()).toMatch(new RegExp(`QUARANTINE: case file .*${damaged.caseId}\\.json`));
    const beheer = await ApiClient.login(server!.baseUrl, 'beheer');
    expect((await beheer.get<Health>('/api/health')).quarantined).toEqual([
      expect.objectContaining({
        file: path.relative(dataDir, caseFile(dataDir, damaged.caseId)),
        reason: expect.stringContaining('"tasks"'),
      }),
    ]);
  });
});

/**
 * A crash may leave a case file behind its last acknowledged commit or torn (its sync comes when
 * its commit-log segment is retired): start-up writes it again from the commit log.
 */
describe('a case file torn by a crash after its commit was acknowledged', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  let torn: StartInstanceResponse;
  let claimedTaskId: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-torn-'));
    const first = await spawnServer({ dataDir, timeoutMs: 60_000 });
    const slt = await ApiClient.login(first.baseUrl, 'slt');
    // Given a case whose task was claimed (acknowledged, so durable),
    torn = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'routering',
      team: 'slt-breda-noord',
    });
    const [task] = await slt.get<Array<{ id: string }>>(`/api/tasks?caseId=${encodeURIComponent(torn.caseId)}`);
    claimedTaskId = task!.id;
    await slt.post(`/api/tasks/${claimedTaskId}/claim`, {});
    // when the server is killed and the case file is found cut off half-way,
    await first.kill('SIGKILL');
    const file = caseFile(dataDir, torn.caseId);
    await truncate(file, Math.floor((await readFile(file)).length / 2));
    // and the server starts again on the same data folder,
    server = await spawnServer({ dataDir, timeoutMs: 60_000 });
  }, 150_000);

  afterAll(async () => {
    await server?.kill('SIGKILL');
    if (dataDir) await removeDataDir(dataDir);
  });

  it('serves the case as acknowledged, its task still claimed, and sets nothing aside', async () => {
    const slt = await ApiClient.login(server!.baseUrl, 'slt');
    const instance = await slt.get<InstanceDetail>(`/api/instances/${torn.id}`);
    expect(instance.activeElementIds).toEqual(['Task_Triage']);
    const tasks = await slt.get<Array<{ id: string; assignee?: string }>>(
      `/api/tasks?caseId=${encodeURIComponent(torn.caseId)}`,
    );
    expect(tasks).toEqual([expect.objectContaining({ id: claimedTaskId, assignee: 'slt' })]);
    expect(server!.output()).not.toMatch(/QUARANTINE/);
    expect(server!.output()).toMatch(/brought 1 case file\(s\) up to the commit log/);
    const beheer = await ApiClient.login(server!.baseUrl, 'beheer');
    expect((await beheer.get<Health>('/api/health')).quarantined).toEqual([]);
  });
});
