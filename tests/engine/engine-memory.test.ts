import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseRuntime, RuntimeCache } from '../../server/cases/runtime-cache';
import type { StartInstanceResponse, Task } from '../../server/contract/api';
import { parseBpmn } from '../../server/definitions/bpmn-parser';
import { EngineHost } from '../../server/engine/engine-host';
import type { LiveInstance } from '../../server/engine/live-instance';
import type { CaseDocument } from '../../server/store/store';
import { TestClock } from '../../server/time/clock';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';

/**
 * Live engines are the server's largest objects (0.5-3.5 MB each, by diagram). The engine cache
 * bounds them by count and by their estimated heap, so memory does not depend on which diagrams
 * the cases run; the estimate must follow what an engine really holds.
 */
const MB = 1024 * 1024;

function runtimeOf(caseId: string, ...engineMegabytes: number[]): CaseRuntime {
  const engines = new Map<string, LiveInstance>();
  engineMegabytes.forEach((megabytes, index) => {
    // The cache reads nothing of an engine but its estimated weight.
    engines.set(`${caseId}-i${index}`, { heapBytes: megabytes * MB } as LiveInstance);
  });
  return { document: { caseId } as CaseDocument, engines };
}

describe('the engine cache', () => {
  it('given a budget, when heavier cases come in, then the least recently used go first until the engines fit', () => {
    const cache = new RuntimeCache(50, 8 * MB);
    cache.set('C-1', runtimeOf('C-1', 3));
    cache.set('C-2', runtimeOf('C-2', 3));
    expect(cache.get('C-1')).toBeDefined(); // C-1 is now the most recently used

    cache.set('C-3', runtimeOf('C-3', 2, 1.5));

    expect(cache.get('C-2')).toBeUndefined();
    expect(cache.get('C-1')).toBeDefined();
    expect(cache.get('C-3')).toBeDefined();
    expect(cache.engineBytes).toBe(6.5 * MB);
  });

  it('given a case whose engines grew during an action, when it is put back, then its new weight counts', () => {
    const cache = new RuntimeCache(50, 8 * MB);
    const growing = runtimeOf('C-1', 1);
    cache.set('C-1', growing);
    cache.set('C-2', runtimeOf('C-2', 4));
    growing.engines.set('C-1-child', { heapBytes: 4 * MB } as LiveInstance);

    cache.set('C-1', growing);

    expect(cache.get('C-2')).toBeUndefined();
    expect(cache.engineBytes).toBe(5 * MB);
  });

  it('given one case heavier than the whole budget, then it is kept, alone', () => {
    const cache = new RuntimeCache(50, 2 * MB);
    cache.set('C-1', runtimeOf('C-1', 1));
    cache.set('C-2', runtimeOf('C-2', 3));
    expect(cache.size).toBe(1);
    expect(cache.get('C-2')).toBeDefined();
  });

  it('given room in bytes, then the count still bounds it', () => {
    const cache = new RuntimeCache(2, 100 * MB);
    for (const caseId of ['C-1', 'C-2', 'C-3']) cache.set(caseId, runtimeOf(caseId, 1));
    expect(cache.size).toBe(2);
    expect(cache.get('C-1')).toBeUndefined();
    expect(cache.engineBytes).toBe(2 * MB);
  });
});

describe("the estimate of an engine's heap", () => {
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;

  /** The heap that `count` recovered engines of the diagram add, per engine, after full collections. */
  async function measuredPerEngine(file: string, count: number): Promise<{ measured: number; estimated: number }> {
    const host = new EngineHost(new TestClock());
    const compiled = host.compile('gemeten', await parseBpmn(await readFile(file, 'utf8')));
    const first = await host.start(compiled, {}, () => {});
    const snapshot = await first.snapshot();
    collect();
    collect();
    const before = process.memoryUsage().heapUsed;
    const kept: LiveInstance[] = [];
    for (let index = 0; index < count; index++) kept.push(await host.recover(compiled, snapshot, () => {}));
    collect();
    collect();
    const measured = (process.memoryUsage().heapUsed - before) / kept.length;
    return { measured, estimated: compiled.engineBytes };
  }

  it.each([
    ['toeleiding', '../../processes/toeleiding.bpmn'],
    ['plaatsingscoordinatie', '../../processes/plaatsingscoordinatie.bpmn'],
    ['a three-task diagram', '../../bench/fixtures/drie-taken.bpmn'],
  ])('is within a third of what a live engine of %s holds', async (_name, relative) => {
    const { measured, estimated } = await measuredPerEngine(fileURLToPath(new URL(relative, import.meta.url)), 25);
    expect(estimated / measured).toBeGreaterThan(0.67);
    expect(estimated / measured).toBeLessThan(1.5);
  });
});

describe('a server with a small engine budget', () => {
  let server: TestServer;
  let slt: ApiClient;

  beforeAll(async () => {
    server = await startServer({ env: { ENGINE_CACHE_MB: '1' } });
    slt = await ApiClient.login(server.baseUrl, 'slt');
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  it('given more cases than the budget holds, then it keeps only what fits, and every case still works', async () => {
    const started: StartInstanceResponse[] = [];
    for (let index = 0; index < 4; index++) {
      started.push(
        await slt.post<StartInstanceResponse>('/api/instances', {
          definitionKey: 'termijn',
          team: 'slt-breda-noord',
          variables: { urgentie: 'regulier' },
        }),
      );
    }
    expect(server.app.cases.cachedCases).toBeLessThan(4);
    expect(server.app.cases.cachedCases === 1 || server.app.cases.cachedEngineBytes <= MB).toBe(true);

    const teamleider = await ApiClient.login(server.baseUrl, 'teamleider');
    for (const { caseId } of started) {
      const [task] = await teamleider.get<Task[]>(`/api/tasks?caseId=${caseId}`);
      await teamleider.post(`/api/tasks/${task?.id}/claim`);
      await teamleider.post(`/api/tasks/${task?.id}/complete`, { variables: {} });
      const after = await teamleider.get<Task[]>(`/api/tasks?caseId=${caseId}`);
      expect(after.map((open) => open.id)).not.toContain(task?.id);
    }
    expect(server.app.cases.cachedCases === 1 || server.app.cases.cachedEngineBytes <= MB).toBe(true);
  });
});
