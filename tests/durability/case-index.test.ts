import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HistoryEntry, InstanceSummary, StartInstanceResponse, Task } from '../../server/contract/api';
import type { CaseList } from '../../server/contract/cases';
import { inParallel, type ServerProcess, spawnServer } from '../support/process';
import { ApiClient, removeDataDir } from '../support/server';
import { filesUnder } from './tmpfs';

/**
 * Start-up reads each case's index entry from cases/index.jsonl instead of every case document,
 * and checks each against its case file (inode, size, mtime): what it serves must be what the case
 * files say, whatever happened to either while the server was stopped or when it crashed.
 */

const TEAM = 'slt-breda-noord';
const INDEX_LINE = /case index: (\d+) case\(s\) from index\.jsonl, (\d+) case file\(s\) read in full/;

const caseFile = (dataDir: string, caseId: string, suffix = '.json') => {
  const shard = createHash('sha1').update(caseId).digest('hex').slice(0, 2);
  return path.join(dataDir, 'cases', shard, `${caseId}${suffix}`);
};
const indexFile = (dataDir: string) => path.join(dataDir, 'cases', 'index.jsonl');
const indexLines = async (dataDir: string) =>
  (await readFile(indexFile(dataDir), 'utf8')).split('\n').filter((line) => line !== '').length;
const caseFiles = (dataDir: string) =>
  filesUnder(path.join(dataDir, 'cases')).filter((name) => /\/C-[^/]+\.json$/.test(name)).length;

/** What start-up said about the case index: cases from the index file, case files read in full. */
const startupOf = (server: ServerProcess) => {
  const match = INDEX_LINE.exec(server.output());
  if (!match) throw new Error(`no case index line in the server's output:\n${server.output()}`);
  return { fromIndex: Number(match[1]), readInFull: Number(match[2]) };
};

const byId = <T extends { id: string }>(items: T[]) => [...items].sort((a, b) => a.id.localeCompare(b.id));

/** Everything the indexes answer, as a teamleider sees it. */
const everythingSeen = async (teamleider: ApiClient) => ({
  cases: (await teamleider.get<CaseList>('/api/cases?limit=200')).items,
  closedCases: (await teamleider.get<CaseList>('/api/cases?limit=200&state=closed')).items,
  tasks: byId(await teamleider.get<Task[]>('/api/tasks?scope=all')),
  overdue: byId(await teamleider.get<Task[]>('/api/tasks?scope=all&overdue=true')),
  instances: byId(await teamleider.get<InstanceSummary[]>('/api/instances')),
  // Less the moment they were computed at.
  figures: { ...(await teamleider.get<Record<string, unknown>>('/api/figures')), berekendOp: undefined },
});

describe('start-up from the case index', () => {
  const processes: ServerProcess[] = [];
  let dataDir: string;
  let server: ServerProcess;
  let before: Awaited<ReturnType<typeof everythingSeen>>;
  let linesAfterBurst: number;
  let casesAfterBurst: number;

  const spawn = async () => {
    const started = await spawnServer({ dataDir, timeoutMs: 60_000 });
    processes.push(started);
    server = started;
    return started;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-case-index-'));
    await spawn();
    const slt = await ApiClient.login(server.baseUrl, 'slt');
    // Given cases in several states: open, claimed, routed on, and closed,
    const started: StartInstanceResponse[] = [];
    for (let index = 0; index < 6; index++) {
      started.push(await slt.post<StartInstanceResponse>('/api/instances', { definitionKey: 'routering', team: TEAM }));
    }
    const triageOf = async (caseId: string) => (await slt.get<Task[]>(`/api/tasks?caseId=${caseId}`))[0]!;
    for (const { caseId } of started.slice(0, 4)) await slt.post(`/api/tasks/${(await triageOf(caseId)).id}/claim`);
    for (const { caseId } of started.slice(0, 2)) {
      await slt.post(`/api/tasks/${(await triageOf(caseId)).id}/complete`, { variables: { urgentie: 'regulier' } });
    }
    const teamleider = await ApiClient.login(server.baseUrl, 'teamleider');
    await teamleider.post(`/api/cases/${started[5]!.caseId}/close`, { reden: 'Ingetrokken door de aanmelder.' });
    // and one case claimed and released over and over, so the index file gets many superseded lines,
    const busy = await triageOf(started[4]!.caseId);
    for (let round = 0; round < 60; round++) {
      await slt.post(`/api/tasks/${busy.id}/claim`);
      await slt.post(`/api/tasks/${busy.id}/unclaim`);
    }
    casesAfterBurst = caseFiles(dataDir);
    await vi.waitFor(async () => expect(await indexLines(dataDir)).toBeLessThanOrEqual(2 * casesAfterBurst + 64 + 1), {
      timeout: 10_000,
    });
    linesAfterBurst = await indexLines(dataDir);
    before = await everythingSeen(teamleider);
    // when the server stops.
    await server.kill('SIGINT');
  }, 120_000);

  afterAll(async () => {
    for (const started of processes) await started.kill('SIGKILL');
    if (dataDir) await removeDataDir(dataDir);
  });

  it('keeps the index file compact: one line per case and not many more, however often a case changes', () => {
    expect(casesAfterBurst).toBeGreaterThanOrEqual(6);
    expect(linesAfterBurst).toBeLessThanOrEqual(2 * casesAfterBurst + 65);
  });

  it('serves the same cases, tasks, instances and figures after a restart, without reading a case file', async () => {
    await spawn();
    expect(startupOf(server)).toEqual({ fromIndex: casesAfterBurst, readInFull: 0 });
    expect(await everythingSeen(await ApiClient.login(server.baseUrl, 'teamleider'))).toEqual(before);
    await server.kill('SIGINT');
  });

  it('serves the same when the index file is gone, from the case files alone, and writes the index again', async () => {
    await rm(indexFile(dataDir));
    await spawn();
    expect(startupOf(server)).toEqual({ fromIndex: 0, readInFull: casesAfterBurst });
    expect(await everythingSeen(await ApiClient.login(server.baseUrl, 'teamleider'))).toEqual(before);
    await server.kill('SIGINT');
    await spawn();
    expect(startupOf(server)).toEqual({ fromIndex: casesAfterBurst, readInFull: 0 });
    await server.kill('SIGINT');
  });
});

describe('a case file that changed while the server was stopped', () => {
  const processes: ServerProcess[] = [];
  let dataDir: string;
  let server: ServerProcess;
  let restored: { caseId: string; taskId: string };
  let late: StartInstanceResponse;

  const spawn = async () => {
    // A start-up on a busy 2-core machine may take a while; this is a hang guard, not a timing claim.
    server = await spawnServer({ dataDir, timeoutMs: 60_000 });
    processes.push(server);
    return server;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-case-index-changed-'));
    await spawn();
    const slt = await ApiClient.login(server.baseUrl, 'slt');
    // Given a case whose file is copied aside while its triage is open,
    const { caseId } = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'routering',
      team: TEAM,
    });
    const [triage] = await slt.get<Task[]>(`/api/tasks?caseId=${caseId}`);
    restored = { caseId, taskId: triage!.id };
    await copyFile(caseFile(dataDir, caseId), path.join(dataDir, 'backup.json'));
    // and then claimed by slt,
    await slt.post(`/api/tasks/${triage!.id}/claim`);
    // and a case started last, whose lines end the index file,
    const lines = await indexLines(dataDir);
    late = await slt.post<StartInstanceResponse>('/api/instances', { definitionKey: 'routering', team: TEAM });
    await server.kill('SIGINT');
    // when, while the server is stopped, the older copy is put back (a restore from a backup)
    await writeFile(caseFile(dataDir, caseId), await readFile(path.join(dataDir, 'backup.json')));
    // and the index file loses the late case's lines, its new last line torn half-way,
    const content = (await readFile(indexFile(dataDir), 'utf8')).split('\n').slice(0, lines);
    const torn = `${content.join('\n')}\n${content[content.length - 1]!.slice(0, 40)}`;
    await writeFile(indexFile(dataDir), torn);
    // and the server starts again.
    await spawn();
  }, 60_000);

  afterAll(async () => {
    for (const started of processes) await started.kill('SIGKILL');
    if (dataDir) await removeDataDir(dataDir);
  });

  it('serves the restored case as its file says, its triage unclaimed again', async () => {
    const teamleider = await ApiClient.login(server.baseUrl, 'teamleider');
    const tasks = await teamleider.get<Task[]>(`/api/tasks?caseId=${restored.caseId}`);
    expect(tasks.map((task) => ({ id: task.id, assignee: task.assignee }))).toEqual([
      { id: restored.taskId, assignee: undefined },
    ]);
    const slt = await ApiClient.login(server.baseUrl, 'slt');
    expect((await slt.request('POST', `/api/tasks/${restored.taskId}/claim`)).status).toBe(200);
  });

  it('serves the case whose index lines were lost', async () => {
    const teamleider = await ApiClient.login(server.baseUrl, 'teamleider');
    const { items } = await teamleider.get<CaseList>('/api/cases?limit=200');
    expect(items.map((item) => item.caseId)).toContain(late.caseId);
    const tasks = await teamleider.get<Task[]>(`/api/tasks?caseId=${late.caseId}`);
    expect(tasks.map((task) => task.elementId)).toEqual(['Task_Triage']);
  });

  it('reads only the changed case files in full, and tells the operator so', () => {
    expect(startupOf(server).readInFull).toBe(2);
  });
});

describe('a crash during a burst of completions, with the tails of the index file and a history log lost', () => {
  const CASES = 12;
  const KILL_AFTER = 5;
  const processes: ServerProcess[] = [];
  let dataDir: string;
  let server: ServerProcess;
  let triages: Array<{ instanceId: string; caseId: string; taskId: string }>;
  const acknowledged = new Set<string>();

  const spawn = async () => {
    // A start-up on a busy 2-core machine may take a while; this is a hang guard, not a timing claim.
    server = await spawnServer({ dataDir, timeoutMs: 60_000 });
    processes.push(server);
    return server;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-case-index-crash-'));
    await spawn();
    const slt = await ApiClient.login(server.baseUrl, 'slt');
    // Given triages slt holds,
    triages = [];
    for (let index = 0; index < CASES; index++) {
      const { id, caseId } = await slt.post<StartInstanceResponse>('/api/instances', {
        definitionKey: 'routering',
        team: TEAM,
      });
      const [task] = await slt.get<Task[]>(`/api/tasks?caseId=${caseId}`);
      await slt.post(`/api/tasks/${task!.id}/claim`);
      triages.push({ instanceId: id, caseId, taskId: task!.id });
    }
    // when completions stream in, 3 at a time, and the server is killed after the 5th answer,
    let killed: Promise<void> | undefined;
    const crashed = server;
    await inParallel(triages, 3, async ({ taskId }) => {
      if (killed) return;
      try {
        const response = await slt.request('POST', `/api/tasks/${taskId}/complete`, {
          variables: { urgentie: 'regulier' },
        });
        if (response.ok) acknowledged.add(taskId);
      } catch (error) {
        if (!killed) throw error;
      }
      if (acknowledged.size === KILL_AFTER && !killed) killed = crashed.kill('SIGKILL');
    });
    await killed;
    // and what the page cache had not written yet is lost too (a power cut): the index file's last
    // third, cut in the middle of a line, and the last line of each acknowledged case's history log,
    const index = await readFile(indexFile(dataDir));
    await truncate(indexFile(dataDir), Math.floor((index.length * 2) / 3));
    for (const { caseId, taskId } of triages) {
      if (!acknowledged.has(taskId)) continue;
      const log = (await readFile(caseFile(dataDir, caseId, '.history.jsonl'), 'utf8')).split('\n');
      await writeFile(caseFile(dataDir, caseId, '.history.jsonl'), `${log.slice(0, -2).join('\n')}\n`);
    }
    // and the server starts again.
    await spawn();
  }, 120_000);

  afterAll(async () => {
    for (const started of processes) await started.kill('SIGKILL');
    if (dataDir) await removeDataDir(dataDir);
  });

  it('shows every acknowledged completion in the history, asked for first, once', async () => {
    expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER);
    const teamleider = await ApiClient.login(server.baseUrl, 'teamleider');
    for (const { instanceId, taskId } of triages.filter((triage) => acknowledged.has(triage.taskId))) {
      const history = await teamleider.get<HistoryEntry[]>(`/api/instances/${instanceId}/history`);
      const completions = history.filter((entry) => entry.type === 'task.completed' && entry.data?.taskId === taskId);
      expect(completions, taskId).toHaveLength(1);
      const keys = history.map((entry) => JSON.stringify(entry));
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('lists every acknowledged completion as routed on, and every case exactly once', async () => {
    const teamleider = await ApiClient.login(server.baseUrl, 'teamleider');
    const tasks = await teamleider.get<Task[]>('/api/tasks?scope=all');
    for (const triage of triages) {
      const open = tasks.filter((task) => task.caseId === triage.caseId).map((task) => task.elementId);
      if (acknowledged.has(triage.taskId)) expect(open, triage.caseId).toEqual(['Task_Regulier']);
      else expect([['Task_Triage'], ['Task_Regulier']], triage.caseId).toContainEqual(open);
    }
  });

  it('keeps the history log whole after the repair, across another restart', async () => {
    await server.kill('SIGINT');
    await spawn();
    const teamleider = await ApiClient.login(server.baseUrl, 'teamleider');
    for (const { instanceId, taskId } of triages.filter((triage) => acknowledged.has(triage.taskId))) {
      const history = await teamleider.get<HistoryEntry[]>(`/api/instances/${instanceId}/history`);
      expect(
        history.filter((entry) => entry.type === 'task.completed' && entry.data?.taskId === taskId),
        taskId,
      ).toHaveLength(1);
    }
  });
});
