import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry, InstanceDetail, StartInstanceResponse } from '../../server/contract/api';
import { type ServerProcess, spawnServer } from '../support/process';
import { ApiClient, removeDataDir } from '../support/server';
import { createTestDatabase, endConnections, type TestDatabase } from './pg-test-database';

/**
 * A timer that falls due while its firing cannot be stored (the database refuses writes, as after
 * a failover to a replica or on a full disk) must not be dropped until the next restart: the
 * crisis norm's escalation would stay silent. It is tried again with backoff and fires once the
 * database takes writes again, without a restart.
 *
 * On PostgreSQL, because the fault can be made at will there. lowdb's case files are overwritten
 * in place and its commit log is made ahead of need, so a full disk does not stop a firing whose
 * case file has room (tests/durability/full-disk.test.ts covers what it does stop); the retry is
 * the timer scheduler's, the same for both stores.
 */
describe('a timer that falls due while the database refuses writes', () => {
  /** How long before the due time writes are refused: enough to refuse them, short enough to wait for. */
  const LEAD_SECONDS = 4;
  const processes: ServerProcess[] = [];
  let database: TestDatabase | undefined;
  let dataDir: string | undefined;
  let server: ServerProcess;
  let teamleider: ApiClient;
  let escalation: StartInstanceResponse;
  let outputWhileRefused = '';

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-timer-retry-'));
    server = await spawnServer({ dataDir, env: { DATABASE_URL: database.url } });
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

    // when the database refuses writes at the moment the term runs out, so the escalation cannot be stored,
    await setReadOnly(database, true);
    const deadline = Date.now() + 20_000;
    while (!/could not fire/.test(server.output()) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    outputWhileRefused = server.output();

    // and it takes writes again, with the same server still running.
    await setReadOnly(database, false);
  }, 60_000);

  afterAll(async () => {
    for (const started of processes) await started.kill('SIGKILL');
    if (dataDir) await removeDataDir(dataDir);
    await database?.drop();
  });

  it('reports in the server log that the firing failed', () => {
    expect(outputWhileRefused).toMatch(/timer .* could not fire/);
  });

  it('fires the timer after a backoff once the database takes writes again, without a restart, exactly once', async () => {
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

/** Read-only from the next connection on; the open ones end, so the server's pool opens new ones. */
async function setReadOnly(database: TestDatabase, readOnly: boolean): Promise<void> {
  await database.onCluster(
    `ALTER DATABASE "${database.name}" SET default_transaction_read_only = ${readOnly ? 'on' : 'off'}`,
  );
  await endConnections(database);
}
