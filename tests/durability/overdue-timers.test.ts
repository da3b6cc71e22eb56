import { describe, expect, it } from 'vitest';
import type { InstanceDetail, StartInstanceResponse, Task } from '../../server/contract/api';
import { ApiClient, removeDataDir, startServer } from '../support/server';
import { changeSetting } from '../support/store';

describe('timers that fall due while the server is down', () => {
  it('fire as soon as the server is back, without anyone touching the case', async () => {
    // Given a crisis escalation whose 24-hour term is running when the server stops
    const first = await startServer();
    const slt = await ApiClient.login(first.baseUrl, 'slt');
    const { id } = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'termijn',
      team: 'slt-breda-noord',
      variables: { urgentie: 'crisis' },
    });
    await first.stop();

    // When the server is down for 30 hours (the persisted test clock moves, as real time would)
    await changeSetting(first.dataDir, 'testClockOffsetMs', (offset) => Number(offset ?? 0) + 30 * 3600_000);
    const second = await startServer({ dataDir: first.dataDir });

    // Then the term's timer has fired at start-up and the case escalated
    const teamleider = await ApiClient.login(second.baseUrl, 'teamleider');
    await expect
      .poll(async () => (await teamleider.get<InstanceDetail>(`/api/instances/${id}`)).activeElementIds)
      .toEqual(['Task_Expertteam']);
    const expertteam = await ApiClient.login(second.baseUrl, 'expertteam');
    expect((await expertteam.get<Task[]>('/api/tasks?scope=group')).map((task) => task.name)).toContain(
      'Advies Regionaal Expertteam',
    );
    await second.stop();
    await removeDataDir(first.dataDir);
  });
});
