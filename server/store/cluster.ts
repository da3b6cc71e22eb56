import type { ServerOptions } from 'socket.io';

/**
 * What one node tells the others about a change they may hold in memory. A case's change is sent
 * by the store itself, in the transaction that commits it (so it is never lost when a node dies
 * right after a commit); the others are published by the service that made the change, after it
 * is durable. A node never hears its own changes.
 */
export type ClusterChange =
  | { kind: 'case'; caseId: string; revision: number }
  | { kind: 'users' }
  | { kind: 'teams' }
  | { kind: 'sessions'; userId: string }
  | { kind: 'session-ended'; idHash: string }
  | { kind: 'definitions' }
  | { kind: 'forms' }
  | { kind: 'settings'; name: string };

/**
 * Several server nodes on one store (PostgreSQL), or one node on its own (the embedded lowdb
 * store, where every method is a no-op or runs the work at once).
 */
export interface Cluster {
  /** True when other nodes may share this store, so in-memory state can go stale. */
  readonly shared: boolean;
  /** A short id of this node, for logs. */
  readonly nodeId: string;
  /** Tells the other nodes; resolves once sent (a lost message only delays their refresh). */
  publish(change: ClusterChange): Promise<void>;
  /** Hears the changes of the other nodes. */
  onChange(listener: (change: ClusterChange) => void): void;
  /**
   * Runs `work` while no other node runs work under the same name (deploying the product's
   * diagrams and seeding the demo at start-up, so they happen once).
   */
  exclusive<T>(name: string, work: () => Promise<T>): Promise<T>;
  /**
   * Whether this node leads the periodic work called `role` now (e.g. the notification ticks and
   * daily digests, which must run on one node). A leader that dies loses the lead to another node.
   */
  leads(role: string): Promise<boolean>;
  /** The socket.io adapter that carries live events between nodes; undefined on one node. */
  socketAdapter(): ServerOptions['adapter'] | undefined;
  close(): Promise<void>;
}

/** The cluster of one: the embedded store serves one node only. */
export function singleNode(): Cluster {
  return {
    shared: false,
    nodeId: 'enkel',
    publish: async () => {},
    onChange: () => {},
    exclusive: (_name, work) => work(),
    leads: async () => true,
    socketAdapter: () => undefined,
    close: async () => {},
  };
}
