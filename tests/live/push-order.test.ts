import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Task, User } from '../../server/contract/api';
import type { InstanceUpdate } from '../../server/contract/events';
import { SESSION_COOKIE } from '../../server/http/middleware';
import type { LiveEvents } from '../../server/live/live-events';
import { attachSockets, type LiveQueries } from '../../server/live/socket-server';
import { LiveClient } from '../support/sockets';

/**
 * The access log of a PostgreSQL store answers later than lowdb's. These tests put a log whose
 * writes the test settles by hand behind the real socket server, to show what a watcher receives
 * while their read is still being written, and what everyone else receives meanwhile.
 */
describe('live pushes wait for their access-log write (NEN 7513)', () => {
  const users: Record<string, User> = {
    watcher: { id: 'watcher', name: 'Watcher', roles: ['procesregisseur'], teams: ['slt-breda-noord'] },
    colleague: { id: 'colleague', name: 'Colleague', roles: ['procesregisseur'], teams: ['slt-breda-noord'] },
  };
  /** Pending push logs, per user: settle one with true (written) or false (the write failed). */
  let writes: Array<{ userId: string; resource: string; settle: (logged: boolean) => void }>;
  let http: HttpServer;
  let live: { events: LiveEvents; close(): Promise<void> };
  let baseUrl: string;
  const clients: LiveClient[] = [];

  beforeEach(async () => {
    writes = [];
    const queries: LiveQueries = {
      watchInstance: async (_user, id) => ({ id }) as Awaited<ReturnType<LiveQueries['watchInstance']>>,
      logPush: (user, instanceId, event) =>
        new Promise<boolean>((settle) =>
          writes.push({ userId: user.id, resource: `socket/instance/${instanceId}/${event}`, settle }),
        ),
    };
    http = createServer();
    live = attachSockets(
      http,
      {
        resolve: (sessionId) =>
          sessionId && users[sessionId]
            ? { user: users[sessionId], csrfToken: 'x', mustChangePassword: false }
            : undefined,
        isActive: () => true,
        // One node: every session is known here, none has to be read from the store.
        mustRecall: (sessionId): sessionId is string => false,
        recall: async () => {},
      },
      () => queries,
      () => undefined,
    );
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await live.close();
  });

  const connect = async (userId: string): Promise<LiveClient> => {
    const client = await LiveClient.connect(baseUrl, `${SESSION_COOKIE}=${userId}`);
    clients.push(client);
    return client;
  };
  const task = (id: string): Task =>
    ({ id, instanceId: 'I-1', caseId: 'C-1', team: 'slt-breda-noord', candidateGroups: ['procesregisseur'] }) as Task;
  const update = { id: 'I-1' } as InstanceUpdate;
  const waitForWrites = async (count: number) => {
    const deadline = Date.now() + 2_000;
    while (writes.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(writes).toHaveLength(count);
  };

  it('given a watcher whose push log is slow, when the instance moves on, then the watcher gets nothing until it is written, then everything in order, while a colleague gets the task at once', async () => {
    const watcher = await connect('watcher');
    const colleague = await connect('colleague');
    expect(await watcher.watch('I-1')).toEqual({ ok: true });
    const order: string[] = [];
    watcher.socket.onAny((event: string) => order.push(event));

    live.events.task('created', task('T-1'));
    live.events.instanceUpdated(update);
    live.events.caseUpdated({ caseId: 'C-1', team: 'slt-breda-noord', regionalGroups: [] }, []);

    // The colleague does not watch the instance: nothing to log for them, nothing to wait for.
    await colleague.waitFor('task:created', (created) => created.id === 'T-1');
    await colleague.waitFor('case:updated', (changed) => changed.caseId === 'C-1');
    await waitForWrites(2);
    expect(writes.map((write) => [write.userId, write.resource])).toEqual([
      ['watcher', 'socket/instance/I-1/task:created'],
      ['watcher', 'socket/instance/I-1/instance:updated'],
    ]);
    expect(watcher.all('task:created')).toEqual([]);
    expect(watcher.all('case:updated')).toEqual([]);

    // Written out of order: still delivered in the order the events happened.
    writes[1]!.settle(true);
    writes[0]!.settle(true);
    await watcher.waitFor('case:updated', (changed) => changed.caseId === 'C-1');
    expect(order).toEqual(['task:created', 'instance:updated', 'case:updated']);
  });

  it('given a watcher whose push cannot be logged, when the instance moves on, then that push is left out for them and the next ones still arrive', async () => {
    const watcher = await connect('watcher');
    expect(await watcher.watch('I-1')).toEqual({ ok: true });

    live.events.task('created', task('T-1'));
    live.events.task('created', task('T-2'));
    await waitForWrites(2);
    writes[0]!.settle(false);
    writes[1]!.settle(true);

    await watcher.waitFor('task:created', (created) => created.id === 'T-2');
    expect(watcher.all('task:created').map((created) => created.id)).toEqual(['T-2']);
  });
});
