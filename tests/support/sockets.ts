import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, WatchAck } from '../../server/contract/events';
import type { ApiClient } from './server';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type LiveEventName = keyof ServerToClientEvents;
export type LivePayload<E extends LiveEventName> = Parameters<ServerToClientEvents[E]>[0];

interface Received {
  event: string;
  payload: unknown;
}

/**
 * A socket.io client for one user, recording every event from the moment it connects, so a test
 * can wait for an event that may already have arrived, or check that one never came.
 */
export class LiveClient {
  private readonly received: Received[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(readonly socket: LiveSocket) {
    socket.onAny((event: string, payload: unknown) => {
      this.received.push({ event, payload });
      for (const wake of [...this.waiters]) wake();
    });
  }

  /** Connects with the session cookie of a logged-in client; rejects on connect_error. */
  static connect(baseUrl: string, cookie: string): Promise<LiveClient> {
    const socket: LiveSocket = io(baseUrl, {
      transports: ['websocket'],
      extraHeaders: cookie ? { cookie } : {},
      reconnection: false,
      forceNew: true,
    });
    const client = new LiveClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(client));
      socket.once('connect_error', (error) => {
        socket.close();
        reject(error);
      });
    });
  }

  static as(api: ApiClient): Promise<LiveClient> {
    return LiveClient.connect(api.baseUrl, api.cookie);
  }

  /** Every payload of an event received so far that matches. */
  all<E extends LiveEventName>(
    event: E,
    matches: (payload: LivePayload<E>) => boolean = () => true,
  ): Array<LivePayload<E>> {
    return this.received
      .filter((entry) => entry.event === event)
      .map((entry) => entry.payload as LivePayload<E>)
      .filter(matches);
  }

  /** The first matching event, received already or arriving within the timeout. */
  waitFor<E extends LiveEventName>(
    event: E,
    matches: (payload: LivePayload<E>) => boolean = () => true,
    timeoutMs = 3000,
  ): Promise<LivePayload<E>> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const [found] = this.all(event, matches);
        if (found === undefined) return false;
        this.waiters.delete(wake);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const wake = () => void check();
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(
          new Error(
            `no ${event} within ${timeoutMs} ms; received: ${this.received.map((entry) => entry.event).join(', ') || 'nothing'}`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(wake);
      check();
    });
  }

  watch(id: string): Promise<WatchAck> {
    return new Promise((resolve) => this.socket.emit('instance:watch', { id }, resolve));
  }

  watchDefinition(key: string, version: number): Promise<WatchAck> {
    return new Promise((resolve) => this.socket.emit('definition:watch', { key, version }, resolve));
  }

  close(): void {
    this.socket.close();
  }
}

export const pause = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));
