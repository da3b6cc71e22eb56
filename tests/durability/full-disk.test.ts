import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstanceDetail, InstanceSummary, Problem, StartInstanceResponse, Task } from '../../server/contract/api';
import { type ServerProcess, spawnServer } from '../support/process';
import { ApiClient } from '../support/server';
import { filesUnder, fillDisk, mountTmpfs } from './tmpfs';

/**
 * "Nothing acknowledged is lost": the data folder sits on a small tmpfs that a ballast file fills
 * while task actions stream in. Every action answers 2xx (stored) or 503 problem+json (not
 * stored); once the space is free again the server carries on without a restart, and after a
 * SIGKILL and a restart on the same folder every acknowledged action is there and no failed one.
 */
describe('a disk that fills up while cases are worked on', () => {
  const TEAM = 'slt-breda-noord';
  const CASES = 12;
  /** Free space left after the fill: a few case documents fit, then writes fail part-way. */
  const HEADROOM = 48 * 1024;

  type Action =
    | { kind: 'claim'; caseId: string; instanceId: string; taskId: string }
    | { kind: 'complete'; caseId: string; instanceId: string; taskId: string }
    | { kind: 'start' };
  interface Outcome {
    action: Action;
    status: number;
    contentType: string | null;
    problem?: Problem;
    started?: StartInstanceResponse;
  }

  const processes: ServerProcess[] = [];
  let tmpfs: Awaited<ReturnType<typeof mountTmpfs>> | undefined;
  let dataDir: string;
  let slt: ApiClient;
  const outcomes: Outcome[] = [];
  let loginWhileFull: Response;
  let deployWhileFull: Response;
  let temporaryFilesWhileRunning: string[];
  const retried: Outcome[] = [];
  let server: ServerProcess;

  const spawn = async () => {
    const started = await spawnServer({ dataDir });
    processes.push(started);
    return started;
  };
  const send = async (action: Action): Promise<Outcome> => {
    const response =
      action.kind === 'start'
        ? await slt.request('POST', '/api/instances', { definitionKey: 'routering', team: TEAM })
        : action.kind === 'claim'
          ? await slt.request('POST', `/api/tasks/${action.taskId}/claim`, {})
          : await slt.request('POST', `/api/tasks/${action.taskId}/complete`, { variables: { urgentie: 'regulier' } });
    const body = await response.text();
    const outcome: Outcome = { action, status: response.status, contentType: response.headers.get('content-type') };
    if (response.ok && action.kind === 'start') outcome.started = JSON.parse(body) as StartInstanceResponse;
    if (!response.ok && outcome.contentType?.startsWith('application/problem+json'))
      outcome.problem = JSON.parse(body) as Problem;
    return outcome;
  };

  beforeAll(async () => {
    tmpfs = await mountTmpfs(12);
    dataDir = path.join(tmpfs.dir, 'data');
    server = await spawn();
    slt = await ApiClient.login(server.baseUrl, 'slt');
    const eigenaar = await ApiClient.login(server.baseUrl, 'eigenaar');
    const changedDiagram = (
      await (await eigenaar.request('GET', '/api/definitions/routering/versions/1/xml')).text()
    ).replace('</bpmn:definitions>', '<!-- gewijzigd --></bpmn:definitions>');

    // Given twelve routering cases, each waiting at its triage, six of them claimed by slt,
    const actions: Action[] = [];
    for (let index = 0; index < CASES; index++) {
      const { id, caseId } = await slt.post<StartInstanceResponse>('/api/instances', {
        definitionKey: 'routering',
        team: TEAM,
      });
      const [task] = await slt.get<Task[]>(`/api/tasks?caseId=${caseId}`);
      const target = { caseId, instanceId: id, taskId: task!.id };
      if (index % 2 === 0) {
        await slt.post(`/api/tasks/${task!.id}/claim`);
        actions.push({ kind: 'complete', ...target });
      } else {
        actions.push({ kind: 'claim', ...target });
      }
      actions.push({ kind: 'start' });
    }

    // when the disk fills up and claims, completions and new cases keep coming,
    const ballast = fillDisk(path.join(tmpfs.dir, 'ballast'), HEADROOM);
    for (const action of actions) outcomes.push(await send(action));
    // (what little space is left goes too: a session is smaller than a case document)
    const rest = fillDisk(path.join(tmpfs.dir, 'ballast-rest'), 0);
    deployWhileFull = await eigenaar.request('POST', '/api/definitions', changedDiagram, 'application/xml');
    loginWhileFull = await fetch(`${server.baseUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'teamleider', password: 'demo' }),
    });
    temporaryFilesWhileRunning = filesUnder(dataDir).filter((file) => file.endsWith('.tmp'));

    // and, once the space is free again, the refused actions are sent once more to the same server,
    ballast.free();
    rest.free();
    for (const outcome of outcomes.filter(({ status }) => status === 503)) retried.push(await send(outcome.action));

    // after which the server is killed and started again on the same data folder.
    await server.kill('SIGKILL');
    server = await spawn();
    slt = await ApiClient.login(server.baseUrl, 'slt');
  }, 120_000);

  afterAll(async () => {
    for (const started of processes) await started.kill('SIGKILL');
    tmpfs?.unmount();
  });

  it('stored some actions and refused others once the disk was full', () => {
    const statuses = outcomes.map(({ status }) => status);
    expect(statuses.filter((status) => status >= 200 && status < 300).length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status === 503).length).toBeGreaterThan(2);
  });

  it('answers every action it could not store with 503 problem+json saying nothing was saved, never 2xx-and-lost or 500', () => {
    for (const outcome of outcomes) {
      expect([200, 201, 503], JSON.stringify(outcome)).toContain(outcome.status);
      if (outcome.status !== 503) continue;
      expect(outcome.contentType).toMatch(/^application\/problem\+json/);
      expect(outcome.problem).toMatchObject({ status: 503, title: 'Opslag niet beschikbaar' });
      expect(outcome.problem?.detail).toMatch(/niet opgeslagen/);
      expect(outcome.problem?.detail).toMatch(/later opnieuw/);
    }
  });

  it('refuses a login whose session cannot be stored with 503', async () => {
    expect(loginWhileFull.status).toBe(503);
    expect(loginWhileFull.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await loginWhileFull.json()) as Problem).title).toBe('Opslag niet beschikbaar');
  });

  it('refuses a deploy it cannot store with 503, and lists no such version after the restart', async () => {
    expect(deployWhileFull.status).toBe(503);
    expect(((await deployWhileFull.json()) as Problem).title).toBe('Opslag niet beschikbaar');
    const versions = await slt.get<Array<{ key: string; version: number }>>('/api/definitions?all=true');
    expect(versions.filter(({ key }) => key === 'routering').map(({ version }) => version)).toEqual([1]);
  });

  it('leaves no temporary files behind, not even before a restart', () => {
    expect(temporaryFilesWhileRunning).toEqual([]);
    expect(filesUnder(dataDir).filter((file) => file.endsWith('.tmp'))).toEqual([]);
  });

  it('carries on without a restart once there is space again: every refused action succeeds when sent again', () => {
    expect(retried.length).toBe(outcomes.filter(({ status }) => status === 503).length);
    for (const outcome of retried) expect([200, 201], JSON.stringify(outcome)).toContain(outcome.status);
  });

  it('keeps every acknowledged action across a SIGKILL and a restart, each exactly once', async () => {
    const all = [...outcomes, ...retried].filter(({ status }) => status >= 200 && status < 300);
    for (const { action } of all) {
      if (action.kind === 'start') continue;
      const instance = await slt.get<InstanceDetail>(`/api/instances/${action.instanceId}`);
      const history = await slt.get<Array<{ type: string; data?: Record<string, unknown> }>>(
        `/api/instances/${action.instanceId}/history`,
      );
      const entries = (type: string) =>
        history.filter((entry) => entry.type === type && entry.data?.taskId === action.taskId);
      if (action.kind === 'complete') {
        expect(instance.activeElementIds, action.caseId).toEqual(['Task_Regulier']);
        expect(instance.variables.urgentie).toBe('regulier');
        expect(entries('task.completed')).toHaveLength(1);
      } else {
        expect(instance.activeElementIds, action.caseId).toEqual(['Task_Triage']);
        expect(instance.openTasks[0]).toMatchObject({ id: action.taskId, assignee: 'slt' });
        expect(entries('task.claimed')).toHaveLength(1);
      }
    }
    // Every case started with a 2xx exists, and no other: twelve before the fill plus those.
    const startedIds = all.flatMap(({ started }) => (started ? [started.id] : []));
    const instances = await slt.get<InstanceSummary[]>('/api/instances?definitionKey=routering');
    expect(instances).toHaveLength(CASES + startedIds.length);
    expect(instances.map((instance) => instance.id)).toEqual(expect.arrayContaining(startedIds));
  });

  it('starts and serves after the restart with the data folder intact', async () => {
    expect(server.output()).not.toMatch(/QUARANTINE/);
    const response = await fetch(`${server.baseUrl}/api/health`);
    expect(response.status).toBe(200);
    const { caseId } = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'routering',
      team: TEAM,
    });
    expect(await slt.get<Task[]>(`/api/tasks?caseId=${caseId}`)).toHaveLength(1);
  });
});
