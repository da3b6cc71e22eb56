import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AccessLogPage,
  CaseSummary,
  CreateUserResponse,
  DefinitionVersion,
  FormSaved,
  FormSummary,
  FormVersion,
  HistoryEntry,
  StartInstanceResponse,
  Task,
} from '../../server/contract/api';
import { inParallel, PROJECT_ROOT, type ServerProcess, spawnServer } from '../support/process';
import { ApiClient, removeDataDir } from '../support/server';
import { LiveClient } from '../support/sockets';
import { storeEnv } from '../support/store';

/**
 * Several server nodes on one PostgreSQL database, as behind a load balancer: each client talks
 * to one node, and what one node does must hold on every other. Runs in the postgres project only.
 */
const TEAM = 'slt-breda-noord';
/** Generous bounds for what crosses nodes (a NOTIFY, a socket.io adapter message): hang guards only. */
const ACROSS_NODES_MS = 15_000;

/** Three server processes on one new database, started at the same moment, each with a data folder of its own. */
class Nodes {
  readonly processes: ServerProcess[] = [];
  private readonly dataDirs: string[] = [];

  async start(env: Record<string, string> = {}): Promise<ServerProcess[]> {
    const databaseDir = await this.dataDir();
    // The database of one data folder, shared by all three (each also gets an unused one of its own).
    const store = await storeEnv(databaseDir);
    // The health wait is a hang guard: on a busy two-core machine one node may seed the demo for
    // a minute while the others wait for it.
    const started = await Promise.all(
      [1, 2, 3].map(async () =>
        spawnServer({ dataDir: await this.dataDir(), env: { ...store, ...env }, timeoutMs: 180_000 }),
      ),
    );
    this.processes.push(...started);
    return started;
  }

  async stop(): Promise<void> {
    for (const node of this.processes) await node.kill('SIGTERM');
    for (const dataDir of this.dataDirs) await removeDataDir(dataDir);
  }

  private async dataDir(): Promise<string> {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-node-'));
    this.dataDirs.push(dataDir);
    return dataDir;
  }
}

/** Polls until `check` stops throwing; rethrows its last failure after `timeoutMs`. */
async function eventually<T>(check: () => Promise<T>, timeoutMs = ACROSS_NODES_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe('three nodes starting at once on one fresh database', () => {
  const cluster = new Nodes();
  let nodes: ServerProcess[] = [];

  beforeAll(async () => {
    // The product's diagrams: starting up deploys them and seeds the demo cases.
    nodes = await cluster.start({ PROCESSES_DIR: path.join(PROJECT_ROOT, 'processes') });
  }, 240_000);
  afterAll(() => cluster.stop(), 60_000);

  it('given three nodes that started together, then each diagram version was deployed once and the demo seeded once', async () => {
    const views = await Promise.all(
      nodes.map(async (node) => {
        const eigenaar = await ApiClient.login(node.baseUrl, 'eigenaar');
        return eigenaar.get<DefinitionVersion[]>('/api/definitions?all=true');
      }),
    );
    const deployed = views[0]!;
    expect(deployed.length).toBeGreaterThan(0);
    // One version 1 per process, and nothing else: a second node deploying it too would make a version 2.
    expect(deployed.map((version) => version.version)).toEqual(deployed.map(() => 1));
    expect(new Set(deployed.map((version) => version.key)).size).toBe(deployed.length);
    for (const view of views)
      expect(view.map(({ key, version }) => `${key}@${version}`)).toEqual(
        deployed.map(({ key, version }) => `${key}@${version}`),
      );

    // Each product form was stored once: a second node storing it too would make a version 2.
    const forms = await Promise.all(
      nodes.map(async (node) => (await ApiClient.login(node.baseUrl, 'eigenaar')).get<FormSummary[]>('/api/forms')),
    );
    expect(forms[0]!.length).toBeGreaterThan(20);
    expect(forms[0]!.map((form) => form.version)).toEqual(forms[0]!.map(() => 1));
    for (const view of forms) expect(view).toEqual(forms[0]);

    // Each demo youth has one case: seeding twice would register every youth twice.
    const teamleider = await ApiClient.login(nodes[2]!.baseUrl, 'teamleider');
    const cases = (await teamleider.get<{ items: CaseSummary[] }>('/api/cases?limit=100')).items;
    expect(cases.length).toBeGreaterThan(1);
    const youths = cases.map((summary) => `${summary.jeugdige.initialen} ${summary.jeugdige.leeftijd}`);
    expect(new Set(youths).size).toBe(youths.length);
  });
});

describe('three nodes on one database, with clients spread over them', () => {
  const cluster = new Nodes();
  let nodes: ServerProcess[] = [];
  /** The same user logged in on each node, by node index. */
  const onEach = (username: string) => Promise.all(nodes.map((node) => ApiClient.login(node.baseUrl, username)));
  const sockets: LiveClient[] = [];

  beforeAll(async () => {
    nodes = await cluster.start();
  }, 240_000);
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await cluster.stop();
  }, 60_000);

  /** A new procesregisseur of the team, logged in on `node` with a password of their own. */
  const newRegisseur = async (username: string, node: ServerProcess): Promise<ApiClient> => {
    const beheer = await ApiClient.login(node.baseUrl, 'beheer');
    const { initialPassword } = await beheer.post<CreateUserResponse>('/api/admin/users', {
      username,
      name: `Regisseur ${username}`,
      roles: ['procesregisseur'],
      teams: [TEAM],
    });
    const client = await ApiClient.login(node.baseUrl, username, initialPassword);
    const change = await client.request('PUT', '/api/me/password', {
      current: initialPassword,
      new: 'een lange zin van mij',
    });
    expect(change.status).toBe(204);
    return client;
  };

  /** Waits until `client`'s node lists the open task at `elementId` of a case, and answers it. */
  const openTaskOn = (client: ApiClient, caseId: string, elementId: string) =>
    eventually(async () => {
      const task = (await client.get<Task[]>(`/api/tasks?caseId=${caseId}`)).find(
        (candidate) => candidate.elementId === elementId,
      );
      if (!task) throw new Error(`task ${elementId} of ${caseId} is not listed on ${client.baseUrl}`);
      return task;
    });

  it('given a login on node 1, then the session works on node 2 and a logout on node 3 ends it everywhere', async () => {
    const onFirst = await ApiClient.login(nodes[0]!.baseUrl, 'teamleider');
    const [onSecond, onThird] = [nodes[1]!, nodes[2]!].map((node) => {
      const client = new ApiClient(node.baseUrl);
      client.cookie = onFirst.cookie;
      client.csrfToken = onFirst.csrfToken;
      return client;
    });

    expect((await onSecond!.request('GET', '/api/tasks')).status).toBe(200);
    expect((await onThird!.request('DELETE', '/api/session')).status).toBe(204);

    for (const client of [onFirst, onSecond!, onThird!]) {
      await eventually(async () => expect((await client.request('GET', '/api/tasks')).status).toBe(401));
    }
  });

  it('given a form saved differently on all three nodes at the same moment, then each is its own version and every node lists them', async () => {
    const owners = await onEach('eigenaar');
    const form = (label: string) => ({
      id: 'knooppunt',
      components: [{ type: 'textfield', key: 'antwoord', label }],
    });
    const saved = await Promise.all(
      owners.map((owner, index) => owner.request('POST', '/api/forms', form(`Vraag van knooppunt ${index + 1}`))),
    );
    expect(saved.map((response) => response.status)).toEqual([201, 201, 201]);
    const versions = await Promise.all(saved.map(async (response) => ((await response.json()) as FormSaved).version));
    expect([...versions].sort()).toEqual([1, 2, 3]);
    for (const owner of owners) {
      await eventually(async () => {
        const listed = await owner.get<FormVersion[]>('/api/forms/knooppunt/versions');
        expect(listed.map((version) => version.version)).toEqual([1, 2, 3]);
      });
    }
  });

  it('given one task claimed from all three nodes at the same moment, then exactly one claim succeeds and the others get 409', async () => {
    const [slt] = await onEach('slt');
    const racers = [
      await ApiClient.login(nodes[0]!.baseUrl, 'regisseur'),
      await ApiClient.login(nodes[1]!.baseUrl, 'regisseur2'),
      await newRegisseur('regisseur3', nodes[2]!),
    ];
    for (let race = 0; race < 8; race++) {
      const { caseId } = await slt!.post<StartInstanceResponse>('/api/instances', {
        definitionKey: 'routering',
        team: TEAM,
      });
      await slt!.completeTask(caseId, 'Task_Triage', { urgentie: 'regulier' });
      const task = (await Promise.all(racers.map((racer) => openTaskOn(racer, caseId, 'Task_Regulier'))))[0]!;

      const answers = await Promise.all(racers.map((racer) => racer.request('POST', `/api/tasks/${task.id}/claim`)));

      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses).toEqual([200, 409, 409]);
      const winner = racers[answers.findIndex((answer) => answer.status === 200)]!;
      const held = await (await winner.request('GET', `/api/tasks?caseId=${caseId}`)).json();
      const claimedBy = (held as Task[]).find((candidate) => candidate.id === task.id)?.assignee;
      // Every node agrees on the one holder, and the history has one claim.
      for (const racer of racers) {
        await eventually(async () => {
          const seen = (await racer.get<Task[]>(`/api/tasks?caseId=${caseId}`)).find((t) => t.id === task.id);
          expect(seen?.assignee).toBe(claimedBy);
        });
      }
      const history = await winner.get<HistoryEntry[]>(`/api/instances/${task.instanceId}/history`);
      const claims = history.filter((entry) => entry.type === 'task.claimed' && entry.data?.taskId === task.id);
      expect(claims).toHaveLength(1);
    }
  });

  it('given a task given back on node 2, when node 1, which holds the case in memory, claims it for someone else at once, then the claim succeeds', async () => {
    const [slt] = await onEach('slt');
    const holderOnFirst = await ApiClient.login(nodes[0]!.baseUrl, 'regisseur');
    const holderOnSecond = await ApiClient.login(nodes[1]!.baseUrl, 'regisseur');
    const otherOnFirst = await ApiClient.login(nodes[0]!.baseUrl, 'regisseur2');
    for (let round = 0; round < 5; round++) {
      const { caseId } = await slt!.post<StartInstanceResponse>('/api/instances', {
        definitionKey: 'routering',
        team: TEAM,
      });
      await slt!.completeTask(caseId, 'Task_Triage', { urgentie: 'regulier' });
      const task = await openTaskOn(holderOnFirst, caseId, 'Task_Regulier');
      const held = await holderOnFirst.post<Task>(`/api/tasks/${task.id}/claim`);
      await openTaskOn(holderOnSecond, caseId, 'Task_Regulier');
      expect((await holderOnSecond.request('POST', `/api/tasks/${task.id}/unclaim`)).status).toBe(200);

      // Node 1 may not have heard of the change yet; its copy in memory must not answer for the store.
      const claim = await otherOnFirst.request('POST', `/api/tasks/${task.id}/claim`);

      expect(claim.status).toBe(200);
      const claimed = (await claim.json()) as Task;
      expect(claimed.assignee).toBeTruthy();
      expect(claimed.assignee).not.toBe(held.assignee);
    }
  });

  it('given a live client watching an instance on node 1, when its task is completed on node 3, then the client sees it and its read is logged', async () => {
    const [slt, , sltOnThird] = await onEach('slt');
    const teamleider = await ApiClient.login(nodes[0]!.baseUrl, 'teamleider');
    const { id, caseId } = await slt!.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'routering',
      team: TEAM,
    });
    await openTaskOn(sltOnThird!, caseId, 'Task_Triage');
    const live = await LiveClient.as(teamleider);
    sockets.push(live);
    expect(await live.watch(id)).toEqual({ ok: true });

    await sltOnThird!.completeTask(caseId, 'Task_Triage', { urgentie: 'regulier' });

    // The task list (the team's room) and the watched diagram both follow, on node 1.
    const completed = await live.waitFor(
      'task:completed',
      (task) => task.caseId === caseId && task.elementId === 'Task_Triage',
      ACROSS_NODES_MS,
    );
    expect(completed.instanceId).toBe(id);
    await live.waitFor(
      'task:created',
      (task) => task.caseId === caseId && task.elementId === 'Task_Regulier',
      ACROSS_NODES_MS,
    );
    await live.waitFor(
      'instance:updated',
      (update) => update.id === id && update.activeElementIds.includes('Task_Regulier'),
      ACROSS_NODES_MS,
    );
    // NEN 7513: the push is a read by the watcher, logged by the node that holds the watcher's socket.
    const privacy = await ApiClient.login(nodes[1]!.baseUrl, 'privacy');
    await eventually(async () => {
      const page = await privacy.get<AccessLogPage>(`/api/admin/access-log?caseId=${caseId}&userId=teamleider`);
      expect(page.items.map((item) => item.resource)).toContain(`socket/instance/${id}/instance:updated`);
    });
  });

  it('given 30 cases whose timers fall due when the test clock moves on one node, then each timer fires exactly once', async () => {
    const sltOnEach = await onEach('slt');
    const started: StartInstanceResponse[] = [];
    await inParallel(Array.from({ length: 30 }), 6, async (_item, index) => {
      started.push(
        await sltOnEach[index % 3]!.post<StartInstanceResponse>('/api/instances', {
          definitionKey: 'lange-termijn',
          team: TEAM,
        }),
      );
    });

    await sltOnEach[1]!.post('/api/test/clock', { advance: 'P61D' });

    // Each waits at its evaluation afterwards, whichever node fired its timer, seen from every node.
    const teamleiders = await onEach('teamleider');
    for (const { id, caseId } of started) {
      for (const client of teamleiders) await openTaskOn(client, caseId, 'Task_Evaluatie');
      const history = await teamleiders[2]!.get<HistoryEntry[]>(`/api/instances/${id}/history`);
      expect(history.filter((entry) => entry.type === 'timer.fired')).toHaveLength(1);
      const tasks = await teamleiders[0]!.get<Task[]>(`/api/tasks?caseId=${caseId}`);
      expect(tasks.filter((task) => task.elementId === 'Task_Evaluatie')).toHaveLength(1);
    }
  });

  it('given clients completing tasks through all nodes, when one node is killed with SIGKILL, then every acknowledged completion is there on the others', async () => {
    const sltOnEach = await onEach('slt');
    const triages: Array<{ id: string; caseId: string; taskId: string }> = [];
    await inParallel(Array.from({ length: 36 }), 6, async (_item, index) => {
      const client = sltOnEach[index % 3]!;
      const { id, caseId } = await client.post<StartInstanceResponse>('/api/instances', {
        definitionKey: 'routering',
        team: TEAM,
      });
      const task = await openTaskOn(client, caseId, 'Task_Triage');
      await client.post(`/api/tasks/${task.id}/claim`);
      triages.push({ id, caseId, taskId: task.id });
    });

    const acknowledged = new Set<string>();
    let killed: Promise<void> | undefined;
    await inParallel(triages, 6, async (triage, index) => {
      // Spread over the nodes, by the case's own index: each completion goes to one node.
      const client = sltOnEach[index % 3]!;
      try {
        const answer = await client.request('POST', `/api/tasks/${triage.taskId}/complete`, {
          variables: { urgentie: 'regulier' },
        });
        if (answer.ok) acknowledged.add(triage.taskId);
      } catch {
        // The killed node's connection went away: not acknowledged.
      }
      if (acknowledged.size === 10 && !killed) killed = nodes[2]!.kill('SIGKILL');
    });
    await killed;
    expect(nodes[2]!.exited()).toBe(true);
    expect(acknowledged.size).toBeGreaterThanOrEqual(10);

    const survivors = sltOnEach.slice(0, 2);
    for (const triage of triages) {
      for (const client of survivors) {
        const history = await client.get<HistoryEntry[]>(`/api/instances/${triage.id}/history`);
        const completions = history.filter(
          (entry) => entry.type === 'task.completed' && entry.data?.taskId === triage.taskId,
        );
        if (acknowledged.has(triage.taskId)) expect(completions).toHaveLength(1);
        // Unacknowledged: done completely or not at all, never twice.
        else expect(completions.length).toBeLessThanOrEqual(1);
      }
    }
  });

  it('given the node that led the timers killed with SIGKILL, when timers fall due, then another node fires each once', async () => {
    // Node 2 moved the clock before and asked for the lead of the timers first, so it most likely holds it.
    await nodes[1]!.kill('SIGKILL');
    const slt = await ApiClient.login(nodes[0]!.baseUrl, 'slt');
    const started: StartInstanceResponse[] = [];
    for (let index = 0; index < 5; index++) {
      started.push(
        await slt.post<StartInstanceResponse>('/api/instances', { definitionKey: 'lange-termijn', team: TEAM }),
      );
    }

    await slt.post('/api/test/clock', { advance: 'P61D' });

    const reader = await ApiClient.login(nodes[0]!.baseUrl, 'teamleider');
    for (const { id, caseId } of started) {
      await openTaskOn(reader, caseId, 'Task_Evaluatie');
      const history = await reader.get<HistoryEntry[]>(`/api/instances/${id}/history`);
      expect(history.filter((entry) => entry.type === 'timer.fired')).toHaveLength(1);
    }
  });
});
