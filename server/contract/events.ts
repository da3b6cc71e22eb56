import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { CaseUpdated, ElementStatistics, FormSaved, InstanceState, Notification, Task } from './api';

/**
 * The socket.io contract of ../shared/API.md, written once as schemas: the event maps that type
 * the server and the client (`import type`) and the OpenAPI document's `x-socket-events` are
 * derived from the two tables below.
 */

export const InstanceUpdate = Type.Object(
  {
    id: Type.String(),
    state: InstanceState,
    activeElementIds: Type.Array(Type.String()),
    completedElementIds: Type.Array(Type.String()),
    takenFlowIds: Type.Array(Type.String()),
  },
  { $id: 'InstanceUpdate', description: 'Where a watched instance stands now.' },
);
export type InstanceUpdate = Static<typeof InstanceUpdate>;

export const DefinitionDeployed = Type.Object(
  { key: Type.String(), version: Type.Integer({ minimum: 1 }) },
  { $id: 'DefinitionDeployed', description: 'A new definition version.' },
);
export type DefinitionDeployed = Static<typeof DefinitionDeployed>;

/** A definition version's statistics, sent at most once a second while its cases move. */
export const DefinitionStatistics = Type.Object(
  { key: Type.String(), version: Type.Integer({ minimum: 1 }), statistics: Type.Array(ElementStatistics) },
  { $id: 'DefinitionStatistics', description: 'A definition version’s statistics after its cases moved.' },
);
export type DefinitionStatistics = Static<typeof DefinitionStatistics>;

export const WatchRequest = Type.Object({ id: Type.String() }, { $id: 'WatchRequest', description: 'An instance id.' });
export type WatchRequest = Static<typeof WatchRequest>;

export const DefinitionWatchRequest = Type.Object(
  { key: Type.String(), version: Type.Integer() },
  { $id: 'DefinitionWatchRequest', description: 'A definition version.' },
);
export type DefinitionWatchRequest = Static<typeof DefinitionWatchRequest>;

export const WatchAck = Type.Union(
  [
    Type.Object({ ok: Type.Literal(true) }),
    Type.Object({ ok: Type.Literal(false), status: Type.Integer(), title: Type.String() }),
  ],
  { $id: 'WatchAck', description: 'The answer to a watch request: followed, or why not.' },
);
export type WatchAck = Static<typeof WatchAck>;

interface EventSpec {
  description: string;
  payload: TSchema;
}

/** Events the server sends; rooms decide who receives them (server/live/socket-server.ts). */
export const SERVER_TO_CLIENT = {
  'task:created': { description: 'A task was created.', payload: Task },
  'task:updated': { description: 'A task was claimed, unclaimed or assigned, or its due date changed.', payload: Task },
  'task:completed': { description: 'A task was completed.', payload: Task },
  'instance:updated': { description: 'A watched instance moved on.', payload: InstanceUpdate },
  'case:updated': {
    description:
      'Added: a case’s regievoerder changed or the case was closed; sent to its team’s rooms and to the old and new regievoerder.',
    payload: CaseUpdated,
  },
  'definition:deployed': { description: 'A new definition version was deployed.', payload: DefinitionDeployed },
  'form:saved': { description: 'Added (issue 19): a new version of a form was saved.', payload: FormSaved },
  'definition:statistics': {
    description:
      'Added: a watched definition version’s statistics after its cases moved; batched, at most about once a second.',
    payload: DefinitionStatistics,
  },
  'notification:created': {
    description: 'Added: a notification for the connected user; sent to that user only.',
    payload: Notification,
  },
} satisfies Record<string, EventSpec>;

/** Requests the client sends; each is answered through the acknowledgement with a WatchAck. */
export const CLIENT_TO_SERVER = {
  'instance:watch': {
    description: 'Follow one instance; checked like GET /api/instances/{id}.',
    payload: WatchRequest,
  },
  'instance:unwatch': { description: 'Stop following one instance.', payload: WatchRequest },
  'definition:watch': {
    description: 'Added: follow one definition version’s statistics (counts only; any logged-in user).',
    payload: DefinitionWatchRequest,
  },
  'definition:unwatch': {
    description: 'Added: stop following a definition version’s statistics.',
    payload: DefinitionWatchRequest,
  },
} satisfies Record<string, EventSpec>;

export type ServerToClientEvents = {
  [E in keyof typeof SERVER_TO_CLIENT]: (payload: Static<(typeof SERVER_TO_CLIENT)[E]['payload']>) => void;
};

export type ClientToServerEvents = {
  [E in keyof typeof CLIENT_TO_SERVER]: (
    request: Static<(typeof CLIENT_TO_SERVER)[E]['payload']>,
    ack?: (result: WatchAck) => void,
  ) => void;
};
