import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';
import { hashSessionId } from '../store/session-id-hash';

/**
 * Where a read comes from, for the access log: the client address and a reference to the
 * session. Set once per HTTP request (server/http/middleware.ts, `route`) and per socket request
 * (server/live/socket-server.ts), and read where a read is logged, so no service needs it as a
 * parameter.
 */
export interface RequestOrigin {
  address?: string;
  session?: string;
}

const storage = new AsyncLocalStorage<RequestOrigin>();

/** The origin of the request being handled; empty outside any request (a timer, the seed). */
export function currentOrigin(): RequestOrigin {
  return storage.getStore() ?? {};
}

export function runWithOrigin<T>(origin: RequestOrigin, run: () => T): T {
  return storage.run(origin, run);
}

/** 12 hex digits of the session id's hash: tells sessions apart in the log, never reveals the id. */
export function sessionReference(sessionId: string | undefined): string | undefined {
  return sessionId ? hashSessionId(sessionId).slice(0, 12) : undefined;
}

export function origin(address: string | undefined, sessionId: string | undefined): RequestOrigin {
  const session = sessionReference(sessionId);
  return { ...(address ? { address } : {}), ...(session ? { session } : {}) };
}

/**
 * The client address of a raw request (a socket's handshake) as express's `req.ip` computes it
 * with `trust proxy` set to a hop count: the address `hops` steps back along X-Forwarded-For,
 * or the furthest one named when there are fewer.
 */
export function clientAddress(request: IncomingMessage, trustedHops: number): string | undefined {
  const addresses = [request.socket.remoteAddress ?? ''];
  const forwarded = request.headers['x-forwarded-for'];
  if (trustedHops > 0 && typeof forwarded === 'string') {
    addresses.push(
      ...forwarded
        .split(',')
        .map((address) => address.trim())
        .reverse(),
    );
  }
  return addresses[Math.min(trustedHops, addresses.length - 1)] || undefined;
}
