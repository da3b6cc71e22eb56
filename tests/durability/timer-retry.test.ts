import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry, InstanceDetail, StartInstanceResponse } from '../../server/contract/api';
import { type ServerProcess, spawnServer } from '../support/process';
import { ApiClient } from '../support/server';
import { fillDisk, mountTmpfs } from './tmpfs';

/**
 * A timer that falls due while its firing cannot be stored (a full disk) must not be dropped until
 * the next restart: the crisis norm's escalation would stay silent. It is tried again with backoff
 * and fires once there is space, without a restart.
 */
describe('a timer that falls due while the disk is full', () => {
  /** How long before the due time the disk is filled: enough to fill it, short enough to wait for. */
  const LEAD_SECONDS = 4;
  const processes: ServerProcess[] = [];
  let tmpfs: Awaited<ReturnType<typeof mountTmpfs>> | undefined;
  let server: ServerProcess;
  let teamleider: ApiClient;
  let escalation: StartInstanceResponse;
  let outputWhileFull = '';

  beforeAll(async () => {
    tmpfs = await mountTmpfs(12);
    server = await spawnServer({ dataDir: path.join(tmpfs.dir, 'data') });
    processes.push(server);
    const slt = await ApiClient.login(server.baseUrl, 'slt');
    teamleider = await ApiClient.login(server.baseUrl, 'teamleider');

    // Given a crisis escalation whose 24-hour term runs out a few seconds from now,
    escalation = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'termijn',
      team: 'slt-breda-noord',
      variables: { urgentie: 'crisis' },
    });
    const history = await teamleider.get<HistoryEntry[]>(`/api/instances/${escalation.id}/history`);
    const dueAt = Date.parse(String(history.find((entry) => entry.type === 'timer.scheduled')!.data!.dueAt));
    const { now } = await slt.post<{ now: string }>('/api/test/clock', { advance: 'PT0S' });
    const seconds = Math.floor((dueAt - Date.parse(now)) / 1000) - LEAD_SECONDS;
    await slt.post('/api/test/clock', { advance: `PT${seconds}S` });

    // when the disk is full at the moment the term runs out, so the escalation cannot be stored,
    const ballast = fillDisk(path.join(tmpfs.dir, 'ballast'), 0);
    const deadline = Date.now() + 20_000;
    while (!/could not fire/.test(server.output()) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    outputWhileFull = server.output();

    // and the space comes back, with the same server still running.
    ballast.free();
  }, 60_000);

  afterAll(async () => {
    for (const started of processes) await started.kill('SIGKILL');
    tmpfs?.unmount();
  });

  it('reports in the server log that the firing failed', () => {
    expect(outputWhileFull).toMatch(/timer .* could not fire/);
  });

  it('fires the timer after a backoff once the disk has space again, without a restart, exactly once', async () => {
    await expect
      .poll(async () => (await teamleider.get<InstanceDetail>(`/api/instances/${escalation.id}`)).activeElementIds, {
        timeout: 20_000,
        interval: 250,
      })
      .toEqual(['Task_Expertteam']);
    expect(server.exited()).toBe(false);
    expect(processes).toHaveLength(1);
    const history = await teamleider.get<HistoryEntry[]>(`/api/instances/${escalation.id}/history`);
    expect(history.filter((entry) => entry.type === 'timer.fired')).toHaveLength(1);
  });
});
