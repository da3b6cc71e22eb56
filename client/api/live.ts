import { useEffect } from 'preact/hooks';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../server/contract/events';

/**
 * One socket.io connection per logged-in session; the server authenticates it with the session
 * cookie and puts it in the rooms of the user's groups and teams.
 */
export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: LiveSocket | null = null;

export function connectLive(): LiveSocket {
  socket ??= io({ withCredentials: true, transports: ['websocket', 'polling'] });
  return socket;
}

export function disconnectLive(): void {
  socket?.disconnect();
  socket = null;
}

/** Subscribes a component to a live event for as long as it is mounted. */
export function useLiveEvent<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): void {
  useEffect(() => {
    const live = connectLive();
    // socket.io's typed `on` cannot relate a generic event name to its handler; the cast is safe
    // because both come from the same ServerToClientEvents entry.
    const on = live.on.bind(live) as (name: E, listener: ServerToClientEvents[E]) => void;
    const off = live.off.bind(live) as (name: E, listener: ServerToClientEvents[E]) => void;
    on(event, handler);
    return () => off(event, handler);
  }, [event, handler]);
}

/**
 * Calls `handler` whenever the live connection connects or reconnects while the component is
 * mounted. Events sent before that moment never reach this client (the server does not keep them),
 * so a screen that loaded its data over HTTP reads it again then: also on the first connect,
 * which may come after the screen's first read, when a change in between would be lost.
 */
export function useLiveConnect(handler: () => void): void {
  useEffect(() => {
    const live = connectLive();
    live.on('connect', handler);
    return () => {
      live.off('connect', handler);
    };
  }, [handler]);
}
