import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config';
import type { ClockResponse, InstanceSummary, StartInstanceResponse, Task } from '../../server/contract/api';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';

const DAY_MS = 86_400_000;

/** The Amsterdam calendar date of an instant, as a planner reads it. */
function amsterdamDate(iso: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date(iso));
}

/**
 * Due dates of `=werkdagen(2)` (fixture routering.bpmn) on a server whose clock is pinned to
 * Friday 24 April 2026, 09:00 in Amsterdam: the weekend, Koningsdag (Monday 27 April) and
 * Hemelvaartsdag (Thursday 14 May) fall inside the terms.
 */
describe('due dates in Dutch working days on a fixed calendar', () => {
  let server: TestServer;
  let slt: ApiClient;

  beforeAll(async () => {
    server = await startServer({ clockStart: '2026-04-24T09:00:00+02:00' });
    slt = await ApiClient.login(server.baseUrl, 'slt');
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  /** Moves the test clock forward to `instant` (no-op when it is already there or later). */
  const clockTo = async (instant: string): Promise<void> => {
    const { now } = await slt.post<ClockResponse>('/api/test/clock', { advance: 'PT0S' });
    const milliseconds = Date.parse(instant) - Date.parse(now);
    if (milliseconds > 0) await slt.post('/api/test/clock', { advance: `PT${milliseconds / 1000}S` });
  };

  const triageTask = async (): Promise<Task> => {
    const { caseId } = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'routering',
      team: 'slt-breda-noord',
      variables: {},
    });
    const [task] = await slt.get<Task[]>(`/api/tasks?caseId=${caseId}`);
    return task!;
  };

  it('given a task created on the Friday before Koningsdag, when it is due in two working days, then it is due on Wednesday at the same time', async () => {
    await clockTo('2026-04-24T09:00:00+02:00');

    const task = await triageTask();

    expect(amsterdamDate(task.createdAt)).toBe('2026-04-24');
    expect(amsterdamDate(task.dueAt!)).toBe('2026-04-29');
    expect(Date.parse(task.dueAt!) - Date.parse(task.createdAt)).toBe(5 * DAY_MS);
  });

  it('given a task created on an ordinary Friday, when it is due in two working days, then only the weekend is skipped and it is due on Tuesday', async () => {
    await clockTo('2026-05-08T09:00:00+02:00');

    const task = await triageTask();

    expect(amsterdamDate(task.createdAt)).toBe('2026-05-08');
    expect(amsterdamDate(task.dueAt!)).toBe('2026-05-12');
    expect(Date.parse(task.dueAt!) - Date.parse(task.createdAt)).toBe(4 * DAY_MS);
  });

  it('given a task created the day before Hemelvaartsdag, when it is due in two working days, then the holiday and the weekend are skipped and it is due on Monday', async () => {
    await clockTo('2026-05-13T09:00:00+02:00');

    const task = await triageTask();

    expect(amsterdamDate(task.createdAt)).toBe('2026-05-13');
    expect(amsterdamDate(task.dueAt!)).toBe('2026-05-18');
    expect(Date.parse(task.dueAt!) - Date.parse(task.createdAt)).toBe(5 * DAY_MS);
  });

  it('given a server clock behind real time, when a boundary timer of five working days is armed, then it waits until its own due time instead of firing at once', async () => {
    // The pinned calendar lies before today's real date: the engine must not measure against it.
    await clockTo('2026-05-18T09:00:00+02:00');
    const { id } = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'termijn',
      team: 'slt-breda-noord',
      variables: { urgentie: 'regulier' },
    });

    const waitsAtOverleg = async () => {
      const { activeElementIds } = await slt.get<InstanceSummary>(`/api/instances/${id}`);
      return activeElementIds.includes('Task_Overleg') && !activeElementIds.includes('Task_Expertteam');
    };
    expect(await waitsAtOverleg()).toBe(true);

    // A minute before its term (Whit Monday is no working day) it still waits; once it passes, it escalates.
    await clockTo('2026-05-26T08:59:00+02:00');
    expect(await waitsAtOverleg()).toBe(true);
    await clockTo('2026-05-26T09:00:01+02:00');
    expect((await slt.get<InstanceSummary>(`/api/instances/${id}`)).activeElementIds).toEqual(['Task_Expertteam']);
  });
});

describe('pinning the test clock', () => {
  it('refuses a start instant without the test clock, in production, or without a zone', () => {
    expect(() => readConfig({ TEST_CLOCK_START: '2026-04-24T09:00:00+02:00' })).toThrow(/TEST_CLOCK=1/);
    expect(() =>
      readConfig({ CASUSREGIE_MODE: 'production', TEST_CLOCK: '1', TEST_CLOCK_START: '2026-04-24T09:00:00Z' }),
    ).toThrow(/production/);
    expect(() => readConfig({ TEST_CLOCK: '1', TEST_CLOCK_START: '2026-04-24T09:00' })).toThrow(/ISO 8601 instant/);
    expect(readConfig({ TEST_CLOCK: '1', TEST_CLOCK_START: '2026-04-24T09:00:00+02:00' }).testClockStart).toEqual(
      new Date('2026-04-24T07:00:00Z'),
    );
  });
});
