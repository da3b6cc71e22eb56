import type { ElementStatistics, InstanceState, Task } from './api';

/** The socket.io contract of ../shared/API.md; typed once, used by server and client. */

export interface InstanceUpdate {
  id: string;
  state: InstanceState;
  activeElementIds: string[];
  completedElementIds: string[];
  takenFlowIds: string[];
}

export interface DefinitionDeployed {
  key: string;
  version: number;
}

/** A definition version's statistics, sent at most once a second while its cases move. */
export interface DefinitionStatistics {
  key: string;
  version: number;
  statistics: ElementStatistics[];
}

export interface DefinitionWatchRequest {
  key: string;
  version: number;
}

export interface ServerToClientEvents {
  'task:created': (task: Task) => void;
  'task:updated': (task: Task) => void;
  'task:completed': (task: Task) => void;
  'instance:updated': (update: InstanceUpdate) => void;
  'definition:deployed': (deployed: DefinitionDeployed) => void;
  /** Added to the contract: for watchers of a definition version (the process overview). */
  'definition:statistics': (update: DefinitionStatistics) => void;
}

export interface WatchRequest {
  id: string;
}

export type WatchAck = { ok: true } | { ok: false; status: number; title: string };

export interface ClientToServerEvents {
  'instance:watch': (request: WatchRequest, ack?: (result: WatchAck) => void) => void;
  'instance:unwatch': (request: WatchRequest, ack?: (result: WatchAck) => void) => void;
  /** Added to the contract: follow one definition version's statistics. */
  'definition:watch': (request: DefinitionWatchRequest, ack?: (result: WatchAck) => void) => void;
  'definition:unwatch': (request: DefinitionWatchRequest, ack?: (result: WatchAck) => void) => void;
}
