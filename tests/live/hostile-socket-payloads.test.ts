import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchAck } from '../../server/contract/events';
import { type ServerProcess, spawnServer } from '../support/process';
import { ApiClient, removeDataDir } from '../support/server';

/** Payloads a browser would never send, but anyone with a session and a socket can. */
const HOSTILE_PAYLOADS: unknown[] = [
  undefined,
  null,
  42,
  'instance',
  [],
  { id: 42 },
  { id: { $ne: '' } },
  { id: 'x'.repeat(100_000) },
  { key: ['a'], version: '1' },
  { key: 'toeleiding', version: Number.NaN },
  { __proto__: { id: 'x' } },
];

const EVENTS = ['instance:watch', 'instance:unwatch', 'definition:watch', 'definition:unwatch'] as const;

/**
 * The socket's requests are client input like a REST body: a payload of any shape, and an
 * acknowledgement that is not a function, get a refusal or nothing, never a crash. It runs
 * against a real server process, so a crash would show.
 */
describe('hostile payloads on the live socket', () => {
  let server: ServerProcess;
  let dataDir: string;
  let socket: Socket;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-socket-'));
    server = await spawnServer({ dataDir });
    const client = await ApiClient.login(server.baseUrl, 'regisseur');
    socket = io(server.baseUrl, {
      transports: ['websocket'],
      extraHeaders: { cookie: client.cookie },
      reconnection: false,
      forceNew: true,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  });
  afterAll(async () => {
    socket?.close();
    await server.kill();
    await removeDataDir(dataDir);
  });

  it('refuses every malformed watch request with a "not found" acknowledgement', async () => {
    // Given a logged-in socket, when it asks to follow things with payloads of every wrong shape
    for (const event of ['instance:watch', 'definition:watch'] as const) {
      for (const payload of HOSTILE_PAYLOADS) {
        const ack = (await socket.timeout(2_000).emitWithAck(event, payload as never)) as WatchAck;
        // Then each is refused, and nothing is followed
        expect(ack, `${event} ${JSON.stringify(payload)?.slice(0, 60)}`).toMatchObject({ ok: false, status: 404 });
      }
    }
  });

  it('survives requests whose acknowledgement is not a function, and keeps serving', async () => {
    // Given a logged-in socket, when it sends requests with extra arguments where the
    // acknowledgement callback would be (socket.io then passes the value, not a function)
    for (const event of EVENTS) {
      for (const payload of HOSTILE_PAYLOADS) {
        (socket.emit as (name: string, ...args: unknown[]) => void)(event, payload, 42, 'niet-een-functie');
      }
    }
    // Then the same connection still answers a proper request
    const ack = (await socket.timeout(2_000).emitWithAck('instance:watch', { id: 'onbekend' })) as WatchAck;
    expect(ack).toMatchObject({ ok: false, status: 404 });
    // And the process is alive and healthy
    expect(server.exited(), server.output()).toBe(false);
    expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);
  });
});
