import { readFile } from 'node:fs/promises';
import path from 'node:path';
import BpmnModdle from 'bpmn-moddle';
import { expect, it } from 'vitest';
import type {
  ClockResponse,
  DecisionView,
  InstanceDetail,
  Problem,
  StartInstanceResponse,
  Task,
  Variables,
} from '../../../server/contract/api';
import { type Samples, samples } from '../../../server/demo/sample-input';
import { PROJECT_ROOT } from '../../support/process';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../../support/server';

/**
 * Drives the product diagrams in processes/ through the API of a real server, as the people who
 * do the work would: every step is claimed and completed by a demo user of the step's candidate
 * group, timers fire by moving the test clock.
 */

export const PROCESSES_DIR = path.join(PROJECT_ROOT, 'processes');

/** The demo user who works on each candidate group's tasks (team slt-breda-noord, or regional). */
export const USER_FOR_GROUP: Record<string, string> = {
  'slt-medewerker': 'slt',
  procesregisseur: 'regisseur',
  'mdo-voorzitter': 'voorzitter',
  'gemeente-beschikker': 'beschikker',
  teamleider: 'teamleider',
  plaatsingscoordinator: 'plaatser',
  crisisdienst: 'crisis',
  'regionaal-expertteam': 'expertteam',
  bestuurder: 'bestuurder',
};

export const TEAM = 'slt-breda-noord';

export class RouteDriver {
  private readonly clients = new Map<string, ApiClient>();

  private constructor(readonly server: TestServer) {}

  /** A server on the product diagrams (or on `processesDir`, a changed copy of them); `clockStart` pins the calendar. */
  static async open(processesDir = PROCESSES_DIR, options: { clockStart?: string } = {}): Promise<RouteDriver> {
    const driver = new RouteDriver(await startServer({ processesDir, ...options }));
    for (const username of new Set(Object.values(USER_FOR_GROUP))) {
      driver.clients.set(username, await ApiClient.login(driver.server.baseUrl, username));
    }
    return driver;
  }

  as(username: string): ApiClient {
    const client = this.clients.get(username);
    if (!client) throw new Error(`no logged-in demo user ${username}`);
    return client;
  }

  /** Valid form input, dated from the server's (test) clock. */
  async samples(): Promise<Samples> {
    return samples(await this.now());
  }

  async now(): Promise<Date> {
    const { now } = await this.as('slt').post<ClockResponse>('/api/test/clock', { advance: 'PT0S' });
    return new Date(now);
  }

  /** Moves the test clock; every timer that falls due fires before this resolves. */
  async advance(duration: string): Promise<void> {
    await this.as('slt').post('/api/test/clock', { advance: duration });
  }

  /**
   * Starts a case. Only the toeleiding has a front door: mdo, plaatsingscoordinatie and the
   * escalatieladder start from their caller, so to walk them in isolation the driver starts them
   * through the test-clock-only route that does what the calling process would (refused in production).
   */
  async start(definitionKey: string, variables: Variables, starter = 'slt'): Promise<CaseRun> {
    const door = definitionKey === 'toeleiding' ? '/api/instances' : '/api/test/instances';
    const started = await this.as(starter).post<StartInstanceResponse>(door, {
      definitionKey,
      team: TEAM,
      variables,
    });
    return new CaseRun(this, started.caseId, started.id);
  }

  async close(): Promise<void> {
    await this.server.stop();
    await removeDataDir(this.server.dataDir);
  }
}

export class CaseRun {
  constructor(
    private readonly driver: RouteDriver,
    readonly caseId: string,
    readonly rootId: string,
  ) {}

  /** Open tasks of the whole case, as its team's teamleider sees them. */
  async openTasks(): Promise<Task[]> {
    return this.driver.as('teamleider').get<Task[]>(`/api/tasks?caseId=${this.caseId}`);
  }

  /** The elements of the case's open tasks, sorted. */
  async waitingAt(): Promise<string[]> {
    return (await this.openTasks()).map((task) => task.elementId).sort();
  }

  /** Claims and completes the open task at `elementId` as the user of its group (or `as`). */
  async complete(elementId: string, variables: Variables, as?: string): Promise<Task> {
    const response = await this.tryComplete(elementId, variables, as);
    if (!response.ok) throw new Error(`completing ${elementId} answered ${response.status}: ${await response.text()}`);
    return response.task;
  }

  /** Like complete, but answers the completion's response, for refusals. */
  async tryComplete(elementId: string, variables: Variables, as?: string): Promise<Response & { task: Task }> {
    const tasks = await this.openTasks();
    const task = tasks.find((candidate) => candidate.elementId === elementId);
    if (!task)
      throw new Error(
        `case ${this.caseId} has no open task ${elementId}; it waits at ${tasks.map((t) => t.elementId).join(', ') || 'nothing'}`,
      );
    const worker = this.driver.as(as ?? USER_FOR_GROUP[task.candidateGroups[0]!]!);
    await worker.post(`/api/tasks/${task.id}/claim`);
    const response = await worker.request('POST', `/api/tasks/${task.id}/complete`, { variables });
    return Object.assign(response, { task });
  }

  /** Every process instance of the case, in detail. */
  async instances(): Promise<InstanceDetail[]> {
    const client = this.driver.as('teamleider');
    const { instances } = await client.get<{ instances: Array<{ id: string }> }>(`/api/cases/${this.caseId}`);
    return Promise.all(instances.map((instance) => client.get<InstanceDetail>(`/api/instances/${instance.id}`)));
  }

  async instance(definitionKey: string): Promise<InstanceDetail> {
    const found = (await this.instances()).filter((instance) => instance.definitionKey === definitionKey);
    if (found.length === 0) throw new Error(`case ${this.caseId} has no ${definitionKey} instance`);
    return found[found.length - 1]!;
  }

  async decisions(): Promise<DecisionView[]> {
    return this.driver.as('teamleider').get<DecisionView[]>(`/api/cases/${this.caseId}/decisions`);
  }
}

/** The problem details of a refused request. */
export async function problemOf(response: Response): Promise<Problem> {
  return (await response.json()) as Problem;
}

/** The ids of every sequence flow in a product diagram, in document order, as bpmn-moddle reads them. */
export async function sequenceFlowsOf(definitionKey: string): Promise<string[]> {
  const xml = await readFile(path.join(PROCESSES_DIR, `${definitionKey}.bpmn`), 'utf8');
  const { elementsById } = await new BpmnModdle().fromXML(xml);
  return Object.values(elementsById)
    .filter((element) => element.$type === 'bpmn:SequenceFlow')
    .map((element) => element.id!);
}

/**
 * Which sequence flows of one diagram the scenarios took, over every instance of that diagram in
 * the cases they walked.
 */
export class FlowCoverage {
  private flowIds: Promise<string[]> | undefined;
  private readonly taken = new Set<string>();

  constructor(readonly definitionKey: string) {}

  flows(): Promise<string[]> {
    this.flowIds ??= sequenceFlowsOf(this.definitionKey);
    return this.flowIds;
  }

  async record(run: CaseRun): Promise<void> {
    for (const instance of await run.instances()) {
      if (instance.definitionKey !== this.definitionKey) continue;
      for (const flow of instance.takenFlowIds) this.taken.add(flow);
    }
  }

  async missing(): Promise<string[]> {
    return (await this.flows()).filter((flow) => !this.taken.has(flow));
  }

  /** A printable table: every flow, taken or not. */
  async report(): Promise<string> {
    const flows = await this.flows();
    const width = Math.max(...flows.map((flow) => flow.length));
    const rows = flows.map((flow) => `  ${flow.padEnd(width)}  ${this.taken.has(flow) ? 'genomen' : 'NIET genomen'}`);
    const covered = flows.length - (await this.missing()).length;
    return [`${this.definitionKey}: ${covered}/${flows.length} sequence flows taken`, ...rows].join('\n');
  }
}

/**
 * The route scenarios of one diagram, each a test of its own, and the test that every sequence
 * flow was taken. That test walks every route no test of this run walked yet (all of them when it
 * runs alone), so it passes alone, together and in any order, and costs nothing extra together.
 */
export class RouteScenarios {
  readonly coverage: FlowCoverage;
  private readonly walks = new Map<string, () => Promise<CaseRun>>();
  private readonly walked = new Set<string>();

  constructor(definitionKey: string) {
    this.coverage = new FlowCoverage(definitionKey);
  }

  /** A test that walks one route (answering the case it walked) and records its flows. */
  it(name: string, walk: () => Promise<CaseRun>): void {
    this.walks.set(name, walk);
    it(name, () => this.walk(name));
  }

  /** The coverage test; declare it after the scenarios. */
  itTakesEveryFlow(): void {
    it('takes every sequence flow of the diagram', { timeout: 180_000 }, async () => {
      for (const name of this.walks.keys()) {
        if (!this.walked.has(name)) await this.walk(name);
      }
      expect(await this.coverage.missing()).toEqual([]);
    });
  }

  private async walk(name: string): Promise<void> {
    const run = await this.walks.get(name)!();
    await this.coverage.record(run);
    this.walked.add(name);
  }
}
