/**
 * A benchmark client's view of one server (or several on one store): it keeps a constant number of
 * active cases of bench/fixtures/drie-taken.bpmn and claims and completes their tasks as a
 * procesregisseur would, timing what the user waits for.
 */
import { Client, countFailure, HttpError, type InstanceSummaryView, log, type TaskView } from './support';

export const DEFINITION_KEY = 'drie-taken';
const TEAM = 'slt-breda-noord';

export interface Claimed {
  slot: number;
  caseId: string;
  taskId: string;
}

/** One timed claim+complete: the server's own completion time and the whole round trip. */
export interface Sample {
  /** `Server-Timing: complete` of the completion: persisted and broadcast, inside the server. */
  server: number;
  /** The claim request and the completion request, each from sending to the last byte received. */
  whole: number;
}

export class ServerBench {
  /** Active case ids; a finished case is replaced in place by a new one. */
  readonly active: string[] = [];
  started = 0;
  finished = 0;
  /** Every case id this bench started or seeded (a seeded copy must get another one). */
  readonly known = new Set<string>();
  /** Cases copied into the store by bench/seed-cases.ts, and what became of their tasks here. */
  readonly seeded = new Set<string>();
  seededCompleted = 0;
  seededFailed = 0;
  private errorsInARow = 0;

  constructor(
    private readonly client: Client,
    private readonly concurrency: number,
  ) {}

  async startCase(): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      try {
        const { data } = await this.client.call<{ id: string; caseId: string }>(
          'POST',
          '/api/instances',
          'POST /api/instances',
          { definitionKey: DEFINITION_KEY, team: TEAM },
        );
        this.started++;
        this.known.add(data.caseId);
        return data.caseId;
      } catch (error) {
        if (attempt >= 3) throw error;
        log(`starting a case failed (attempt ${attempt}): ${(error as Error).message}`);
      }
    }
  }

  /** Starts cases with `concurrency` requests in flight until `target` cases are active. */
  async growTo(target: number, progressEvery = 0): Promise<void> {
    let next = this.active.length;
    const worker = async () => {
      while (next < target) {
        next++;
        const caseId = await this.startCase();
        this.active.push(caseId);
        if (progressEvery > 0 && this.active.length % progressEvery === 0) {
          log(`  ${this.active.length.toLocaleString('en')} active cases`);
        }
      }
    };
    await Promise.all(Array.from({ length: this.concurrency }, worker));
  }

  /** The open task of a random active case not in `exclude` (untimed: the worklist shows it). */
  async pickTask(exclude: ReadonlySet<string> = new Set()): Promise<Claimed> {
    let slot = Math.floor(Math.random() * this.active.length);
    while (exclude.has(this.active[slot]!)) slot = Math.floor(Math.random() * this.active.length);
    const caseId = this.active[slot]!;
    const { data: tasks } = await this.client.call<TaskView[]>(
      'GET',
      `/api/tasks?caseId=${encodeURIComponent(caseId)}`,
      'GET /api/tasks',
    );
    const task = tasks.find((candidate) => candidate.caseId === caseId);
    if (!task) throw new Error(`case ${caseId} is active but has no open task`);
    return { slot, caseId, taskId: task.id };
  }

  async claim(picked: Claimed): Promise<void> {
    try {
      await this.client.call('POST', `/api/tasks/${picked.taskId}/claim`, 'POST /api/tasks/:id/claim');
    } catch (error) {
      if (this.seeded.has(picked.caseId)) this.seededFailed++;
      throw error;
    }
  }

  /** Adds cases put into the store by seeding (bench/seed-cases.ts) to the active ones. */
  addSeeded(caseIds: string[]): void {
    for (const caseId of caseIds) {
      this.seeded.add(caseId);
      this.known.add(caseId);
      this.active.push(caseId);
    }
  }

  /**
   * Completes a claimed task. Returns the server's duration in ms (its Server-Timing header) and
   * the round trip of the completion request, or undefined when the request failed. When the case
   * ends, a new one is started to keep the number of active cases constant: after the timing, as
   * the user who completed the task does not wait for it.
   */
  async completeClaimed(claimed: Claimed): Promise<{ server: number; roundTrip: number } | undefined> {
    try {
      const started = performance.now();
      const { data: summary, headers } = await this.client.call<InstanceSummaryView>(
        'POST',
        `/api/tasks/${claimed.taskId}/complete`,
        'POST /api/tasks/:id/complete',
        { variables: { opmerking: 'afgerond' } },
      );
      const roundTrip = performance.now() - started;
      const timing = /complete;dur=([\d.]+)/.exec(headers.get('server-timing') ?? '');
      if (!timing) {
        countFailure('POST /api/tasks/:id/complete (no Server-Timing header)');
        throw new Error('the completion answer has no Server-Timing header');
      }
      if (this.seeded.has(claimed.caseId)) this.seededCompleted++;
      if (summary.state !== 'active') {
        this.finished++;
        this.active[claimed.slot] = await this.startCase(); // keep the number of active cases constant
      }
      this.errorsInARow = 0;
      return { server: Number(timing[1]), roundTrip };
    } catch (error) {
      this.errorsInARow++;
      if (this.seeded.has(claimed.caseId)) this.seededFailed++;
      log(`completion on case ${claimed.caseId} failed: ${(error as Error).message}`);
      if (this.errorsInARow >= 20) throw new Error('20 failed completions in a row; giving up');
      return undefined;
    }
  }

  /**
   * Claim, pause `thinkMs`, complete: `warmup` discarded rounds, then `samples` timed ones, one at a
   * time. The whole time is the claim's and the completion's round trips (the pause not counted).
   */
  async measure(label: string, options: { samples: number; warmup: number; thinkMs: number }): Promise<Sample[]> {
    for (let index = 0; index < options.warmup; index++) await this.round(options.thinkMs);
    const samples: Sample[] = [];
    for (let index = 0; index < options.samples; index++) {
      const sample = await this.round(options.thinkMs);
      if (sample) samples.push(sample);
      if ((index + 1) % 100 === 0) log(`  ${label}: ${index + 1}/${options.samples} completions`);
    }
    return samples;
  }

  /** One claim+complete on a random active case; undefined when the completion failed. */
  async round(thinkMs = 0): Promise<Sample | undefined> {
    const picked = await this.pickTask();
    const claimStarted = performance.now();
    await this.claim(picked);
    const claimTime = performance.now() - claimStarted;
    if (thinkMs > 0) await new Promise((resolve) => setTimeout(resolve, thinkMs));
    const completed = await this.completeClaimed(picked);
    return completed && { server: completed.server, whole: claimTime + completed.roundTrip };
  }

  /**
   * The cold path: `samples` tasks of distinct cases are claimed first, then completed in the same
   * order. By then the server's bounded engine cache has dropped most of them, so the completion
   * recovers the engine from its stored state.
   */
  async measureCold(label: string, samples: number): Promise<number[]> {
    const claimedCases = new Set<string>();
    const claims: Claimed[] = [];
    for (let index = 0; index < samples; index++) {
      const picked = await this.pickTask(claimedCases);
      await this.claim(picked);
      claimedCases.add(picked.caseId);
      claims.push(picked);
    }
    log(`  ${label}: ${claims.length} tasks claimed, now completing them`);
    const durations: number[] = [];
    for (const claimed of claims) {
      const completed = await this.completeClaimed(claimed);
      if (completed) durations.push(completed.server);
    }
    return durations;
  }
}

/**
 * Rounds on two servers in turn, A B then B A, one at a time: each meets the same drift of the
 * machine, whose speed wanders by up to half over minutes, so the ratio of their p50s belongs to
 * the servers and not to the minutes they were measured in. `warmup` discarded rounds each first.
 */
export async function measureInterleaved(
  label: string,
  pair: [ServerBench, ServerBench],
  options: { samples: number; warmup: number },
): Promise<[Sample[], Sample[]]> {
  const samples: [Sample[], Sample[]] = [[], []];
  for (let index = 0; index < options.warmup + options.samples; index++) {
    for (const side of index % 2 === 0 ? ([0, 1] as const) : ([1, 0] as const)) {
      const sample = await pair[side].round();
      if (sample && index >= options.warmup) samples[side].push(sample);
    }
    const timed = index + 1 - options.warmup;
    if (timed > 0 && timed % 100 === 0) log(`  ${label}: ${timed}/${options.samples} completions on each`);
  }
  return samples;
}

/**
 * Throughput: `clients` users at once, spread over the servers, each claiming and completing the
 * task of a case no other client holds, for `seconds`. Answers completions per second; a 409 (two
 * clients raced for one task) is counted, not fatal.
 */
export async function measureThroughput(
  baseUrls: string[],
  cases: string[],
  options: { clients: number; seconds: number },
): Promise<{ completions: number; perSecond: number; conflicts: number; failures: number }> {
  const busy = new Set<string>();
  let completions = 0;
  let conflicts = 0;
  let failed = 0;
  // One after the other: parallel logins of one user look like password guessing to the throttle.
  const clients: Client[] = [];
  for (let index = 0; index < options.clients; index++) {
    const client = new Client(baseUrls[index % baseUrls.length]!);
    await client.login('slt', 'demo');
    clients.push(client);
  }
  const deadline = performance.now() + options.seconds * 1000;
  const worker = async (index: number) => {
    const bench = new ServerBench(clients[index]!, 1);
    while (performance.now() < deadline) {
      let slot = Math.floor(Math.random() * cases.length);
      while (busy.has(cases[slot]!)) slot = (slot + 1) % cases.length;
      const caseId = cases[slot]!;
      busy.add(caseId);
      try {
        bench.active.splice(0, bench.active.length, caseId);
        const picked = { ...(await bench.pickTask()), slot: 0 };
        await bench.claim(picked);
        if ((await bench.completeClaimed(picked)) === undefined) failed++;
        else completions++;
        cases[slot] = bench.active[0]!;
      } catch (error) {
        if (error instanceof HttpError && error.status === 409) conflicts++;
        else failed++;
      } finally {
        busy.delete(caseId);
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.clients }, (_, index) => worker(index)));
  const seconds = (performance.now() - started) / 1000;
  return { completions, perSecond: completions / seconds, conflicts, failures: failed };
}
