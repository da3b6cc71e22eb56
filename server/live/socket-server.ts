import type { Server as HttpServer } from 'node:http';
import type { Static, TSchema } from '@sinclair/typebox';
import { type BroadcastOperator, Server, type ServerOptions, type Socket } from 'socket.io';
import { clientAddress, origin, type RequestOrigin, runWithOrigin } from '../audit/request-context';
import { isRegionalRole } from '../auth/access';
import type { SessionService } from '../auth/session-service';
import type { CaseQueries } from '../cases/case-queries';
import { type ElementStatistics, type Task, TEAM_ROLES, type User } from '../contract/api';
import {
  type ClientToServerEvents,
  DefinitionWatchRequest,
  type ServerToClientEvents,
  type WatchAck,
  WatchRequest,
} from '../contract/events';
import { readCookie, SESSION_COOKIE } from '../http/middleware';
import { matches } from '../http/validation';
import type { LiveEvents } from './live-events';

/**
 * An event to deliver: to the sockets in `rooms` (every socket when absent), and when `watched`
 * names an instance, to its watchers, each after their read is logged (NEN 7513). Each node
 * delivers it to its own sockets, so it crosses nodes as this message (socket.io's
 * serverSideEmit) rather than as a broadcast that no node could log or keep in order.
 */
type Push = {
  [E in keyof ServerToClientEvents]: {
    event: E;
    payload: Parameters<ServerToClientEvents[E]>[0];
    rooms?: string[];
    watched?: string;
  };
}[keyof ServerToClientEvents];

interface ServerSideEvents {
  /** The events of one action (or one alone, as a node before batching sent them), in order. */
  'casusregie:push': (push: Push | Push[]) => void;
}

interface SocketData {
  user: User;
  sessionId: string;
  /** Where the connection comes from, for the access log. */
  origin: RequestOrigin;
}

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
/** A socket, or many at once. */
type Emitter = Pick<LiveSocket | BroadcastOperator<ServerToClientEvents, SocketData>, 'emit'>;

/**
 * Rooms mirror need-to-know access, so an event only reaches those who may see it:
 * `role:<role>:team:<team>` for team roles, `role:<role>` for regional roles, `user:<id>` for
 * the holder of a task, `instance:<id>` for viewers of one instance (checked like a GET).
 */
/** How often live connections are checked against their session (an expired one is cut off). */
const SESSION_SWEEP_MS = 30_000;
/** Statistics of a busy process go out at most this often, so browsers are not flooded. */
export const STATISTICS_BATCH_MS = 1_000;
/** The answer to a request that is malformed, or for something the user may not see. */
const NOT_FOUND: WatchAck = { ok: false, status: 404, title: 'Niet gevonden' };

/** What the live connections need of the sessions and the case queries (no more, so a test can stand in). */
export type LiveSessions = Pick<SessionService, 'resolve' | 'isActive' | 'mustRecall' | 'recall'>;
export type LiveQueries = Pick<CaseQueries, 'watchInstance' | 'logPush'>;

export function attachSockets(
  httpServer: HttpServer,
  sessions: LiveSessions,
  queries: () => LiveQueries,
  statistics: (key: string, version: number) => ElementStatistics[] | undefined,
  options: {
    trustProxy?: number;
    /** Carries events between the nodes sharing a store (store.cluster.socketAdapter()); absent on one node. */
    adapter?: ServerOptions['adapter'];
  } = {},
): {
  io: Server;
  events: LiveEvents;
  endSession(sessionId: string): void;
  endUser(userId: string, exceptSessionId?: string): void;
  /** Cuts off this node's connections whose session ended or whose user was deactivated (on another node). */
  cutOffEnded(): void;
  close(): Promise<void>;
} {
  const io = new Server<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>(httpServer, {
    serveClient: false,
    ...(options.adapter ? { adapter: options.adapter } : {}),
  });

  // A handshake is client input: whatever its cookie holds, the answer is "logged in" or a clean
  // refusal, never an exception (one thrown here would take the whole process down).
  io.use((socket, next) => {
    const sessionId = readCookie(socket.handshake.headers.cookie, SESSION_COOKIE);
    // A login on another node of the same store counts here too: its session is in the store.
    if (sessions.mustRecall(sessionId)) {
      sessions.recall(sessionId).then(
        () => admit(socket, sessionId, next),
        () => next(new Error('Niet ingelogd')),
      );
    } else admit(socket, sessionId, next);
  });
  const admit = (socket: LiveSocket, sessionId: string | undefined, next: (error?: Error) => void) => {
    try {
      const resolved = sessions.resolve(sessionId);
      if (!resolved || !sessionId) return next(new Error('Niet ingelogd'));
      // Nothing live before a one-time password is changed, as on the REST routes.
      if (resolved.mustChangePassword) return next(new Error('Wijzig eerst uw wachtwoord'));
      socket.data.user = resolved.user;
      socket.data.sessionId = sessionId;
      socket.data.origin = origin(clientAddress(socket.request, options.trustProxy ?? 0), sessionId);
      next();
    } catch {
      next(new Error('Niet ingelogd'));
    }
  };

  /**
   * Per socket, the end of the work that must reach it in order: its requests, and pushes that
   * wait for an access-log write (its own, or one queued before them). A socket without an entry
   * has nothing waiting, so a push reaches it at once. Every step settles (none rejects), so a
   * chain never stalls.
   */
  const queues = new Map<string, Promise<void>>();
  const enqueue = (socketId: string, step: () => Promise<void>) => {
    const tail = (queues.get(socketId) ?? Promise.resolve()).then(async () => {
      try {
        await step();
      } catch (error) {
        console.error(`live work for socket ${socketId} failed`, error);
      }
    });
    queues.set(socketId, tail);
    void tail.then(() => {
      if (queues.get(socketId) === tail) queues.delete(socketId);
    });
  };

  io.on('connection', (socket) => {
    const user = socket.data.user;
    void socket.join([...roomsOfUser(user), `session:${socket.data.sessionId}`]);
    // Each request is client input: its payload is checked against the contract's schema, and
    // its acknowledgement is only called when it is a function. A listener that throws would take
    // the whole process down (socket.io calls it outside any request), so none can. Requests are
    // handled one after the other per socket, so a watch waiting for its access-log write is not
    // overtaken by the unwatch sent after it.
    const onRequest = <T extends TSchema>(
      event: string,
      schema: T,
      handle: (request: Static<T>) => WatchAck | Promise<WatchAck>,
    ) => {
      socket.on(event as 'instance:watch', (request: unknown, ack?: unknown) => {
        enqueue(socket.id, async () => {
          let answer: WatchAck;
          try {
            answer = matches(schema, request) ? await handle(request) : NOT_FOUND;
          } catch {
            answer = NOT_FOUND;
          }
          if (typeof ack === 'function') ack(answer);
        });
      });
    };
    onRequest('instance:watch', WatchRequest, async ({ id }) => {
      // The watch is a read: it joins the room (and so hears pushes) only once it is logged.
      await runWithOrigin(socket.data.origin, () => queries().watchInstance(user, id));
      if (!socket.connected) return NOT_FOUND;
      await socket.join(`instance:${id}`);
      return { ok: true };
    });
    onRequest('instance:unwatch', WatchRequest, ({ id }) => {
      void socket.leave(`instance:${id}`);
      return { ok: true };
    });
    // Statistics are counts per element, no case data: anyone logged in may follow them.
    onRequest('definition:watch', DefinitionWatchRequest, ({ key, version }) => {
      if (statistics(key, version) === undefined) return NOT_FOUND;
      void socket.join(definitionRoom(key, version));
      return { ok: true };
    });
    onRequest('definition:unwatch', DefinitionWatchRequest, ({ key, version }) => {
      void socket.leave(definitionRoom(key, version));
      return { ok: true };
    });
  });

  /**
   * Delivers an event to this node's sockets in its rooms (every socket when none are named).
   * NEN 7513: a push to a watcher of `watched` (an instance id) shows them the case, so it waits
   * for its own access-log write, and is left out when that write fails. A socket that has
   * something waiting gets the event after it, so each socket hears events in the order they
   * happened; every other socket gets it at once, so one slow write holds up only the socket it
   * is for.
   */
  const pushLocally = ({ rooms, event, payload, watched }: Push) => {
    // socket.io encodes an event before it looks for its recipients: with nobody here to hear
    // it (most actions, on most nodes), it is not encoded at all.
    const members = io.sockets.adapter.rooms;
    const heard =
      (watched !== undefined && members.has(`instance:${watched}`)) ||
      (rooms ? rooms.some((room) => members.has(room)) : io.sockets.sockets.size > 0);
    if (!heard) return;
    const held = new Map<string, LiveSocket | undefined>();
    if (watched !== undefined) {
      for (const socketId of io.sockets.adapter.rooms.get(`instance:${watched}`) ?? []) {
        held.set(socketId, io.sockets.sockets.get(socketId));
      }
    }
    for (const socketId of queues.keys()) {
      const socket = io.sockets.sockets.get(socketId);
      if (!held.has(socketId) && socket && (!rooms || rooms.some((room) => socket.rooms.has(room)))) {
        held.set(socketId, socket);
      }
    }
    // Every event has one payload; TypeScript cannot see that a union member's event and payload belong together.
    const send = (to: Emitter) => (to as { emit(event: string, payload: unknown): boolean }).emit(event, payload);
    for (const [socketId, socket] of held) {
      if (!socket) continue;
      // Written now, not when the socket's turn comes: the writes of several sockets overlap.
      const logged =
        watched !== undefined && socket.rooms.has(`instance:${watched}`)
          ? queries().logPush(socket.data.user, watched, event, socket.data.origin)
          : undefined;
      enqueue(socketId, async () => {
        if (logged && !(await logged)) return;
        if (socket.connected) send(socket);
      });
    }
    send((rooms ? io.local.to(rooms) : io.local.except([])).except([...held.keys()]));
  };
  /** Delivers an event here and, through the adapter, on every other node sharing the store. */
  const push = <E extends keyof ServerToClientEvents>(
    rooms: string[] | undefined,
    event: E,
    payload: Parameters<ServerToClientEvents[E]>[0],
    watched?: string,
  ) => {
    const message = {
      event,
      payload,
      ...(rooms ? { rooms } : {}),
      ...(watched !== undefined ? { watched } : {}),
    } as Push;
    pushLocally(message);
    if (!options.adapter) return;
    if (outgoing.length === 0) queueMicrotask(sendOutgoing);
    outgoing.push(message);
  };
  // An action announces its events in one go (a completion: the task done, the next task, the
  // case, the instance): they cross to the other nodes as one message, one NOTIFY on PostgreSQL
  // instead of one each, and in order.
  const outgoing: Push[] = [];
  const sendOutgoing = () => {
    const batch = outgoing.splice(0);
    io.serverSideEmit('casusregie:push', batch.length === 1 ? batch[0]! : batch);
  };
  io.on('casusregie:push', (messages) => {
    for (const message of Array.isArray(messages) ? messages : [messages]) {
      try {
        pushLocally(message);
      } catch (error) {
        // Another node's message: a fault here must not take this node down.
        console.error('a live event from another node could not be delivered', error);
      }
    }
  });

  const events: LiveEvents = {
    task(kind, task, previousAssignee) {
      // Watchers of the task's instance (its live diagram) see holders and due dates change too.
      const rooms = [...roomsOfTask(task), `instance:${task.instanceId}`];
      if (previousAssignee && previousAssignee !== task.assignee) rooms.push(`user:${previousAssignee}`);
      push(rooms, `task:${kind}`, task, task.instanceId);
    },
    instanceUpdated(update) {
      push([`instance:${update.id}`], 'instance:updated', update, update.id);
    },
    caseUpdated({ caseId, team, regionalGroups }, users) {
      // The rooms of everyone who may see the case (canSeeCase): the team's team roles and the
      // regional groups the case reached.
      const rooms = [
        ...TEAM_ROLES.map((role) => `role:${role}:team:${team}`),
        ...regionalGroups.map((group) => `role:${group}`),
        ...users.map((user) => `user:${user}`),
      ];
      push(rooms, 'case:updated', { caseId });
    },
    notificationCreated(userId, notification) {
      // Every socket joins its own user's room at connection, so only that user hears it.
      push([`user:${userId}`], 'notification:created', notification);
    },
    definitionDeployed(deployed) {
      push(undefined, 'definition:deployed', deployed);
    },
    formSaved(saved) {
      push(undefined, 'form:saved', saved);
    },
    statisticsChanged(definitions) {
      for (const definition of definitions) dirty.add(definition);
      if (dirty.size > 0 && !flushTimer) {
        flushTimer = setTimeout(flushStatistics, STATISTICS_BATCH_MS);
        flushTimer.unref();
      }
    },
  };
  // Changes are collected and sent once per batch: a process with thousands of moving cases
  // costs its watchers one message a second, not one per action.
  const dirty = new Set<string>();
  let flushTimer: NodeJS.Timeout | undefined;
  const flushStatistics = () => {
    flushTimer = undefined;
    for (const definition of dirty) {
      const at = definition.lastIndexOf('@');
      const key = definition.slice(0, at);
      const version = Number(definition.slice(at + 1));
      const room = definitionRoom(key, version);
      if (!io.sockets.adapter.rooms.get(room)?.size) continue;
      const current = statistics(key, version);
      // Each node tells its own watchers, from its own index (it follows the other nodes' changes).
      if (current)
        pushLocally({ rooms: [room], event: 'definition:statistics', payload: { key, version, statistics: current } });
    }
    dirty.clear();
  };
  // A logout ends the session's live connections too: no events after the session is gone.
  const endSession = (sessionId: string) => io.in(`session:${sessionId}`).disconnectSockets(true);
  // A deactivated user, or one whose rights or password changed, is cut off at once (but for the
  // session that changed its own password).
  // Through the rooms, so the adapter cuts off the user's connections on every node.
  const endUser = (userId: string, exceptSessionId?: string) => {
    const sockets = io.in(`user:${userId}`);
    if (exceptSessionId === undefined) return sockets.disconnectSockets(true);
    sockets.except(`session:${exceptSessionId}`).disconnectSockets(true);
  };
  // A session that merely expires (idle too long) must stop receiving events as well.
  const cutOffEnded = () => {
    for (const socket of io.sockets.sockets.values()) {
      if (!sessions.isActive(socket.data.sessionId)) socket.disconnect(true);
    }
  };
  const sweep = setInterval(cutOffEnded, SESSION_SWEEP_MS);
  sweep.unref();
  const close = () =>
    new Promise<void>((resolve) => {
      clearInterval(sweep);
      if (flushTimer) clearTimeout(flushTimer);
      io.close(() => resolve());
    });
  return { io, events, endSession, endUser, cutOffEnded, close };
}

function definitionRoom(key: string, version: number): string {
  return `definition:${key}@${version}`;
}

function roomsOfUser(user: User): string[] {
  const rooms = [`user:${user.id}`];
  for (const role of user.roles) {
    if (isRegionalRole(role)) rooms.push(`role:${role}`);
    else for (const team of user.teams) rooms.push(`role:${role}:team:${team}`);
  }
  return rooms;
}

function roomsOfTask(task: Task): string[] {
  const rooms = [`role:teamleider:team:${task.team}`];
  for (const group of task.candidateGroups) {
    rooms.push(isRegionalRole(group) ? `role:${group}` : `role:${group}:team:${task.team}`);
  }
  if (task.assignee) rooms.push(`user:${task.assignee}`);
  return rooms;
}
