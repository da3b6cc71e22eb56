import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomUUID } from 'node:crypto';
import { createAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';
import type { Namespace, ServerOptions } from 'socket.io';
import type { Adapter } from 'socket.io-adapter';
import type { Cluster, ClusterChange } from '../cluster';
import { storageFailure } from '../storage-error';
import { CHANNEL, createPool } from './database';

/** The first half of every advisory lock key of Casusregie's own locks (two-int form). */
const LOCK_CLASS = 17_1717;
const RECONNECT_MS = [250, 500, 1000, 2000, 5000];

/**
 * The nodes on one PostgreSQL database: changes travel by LISTEN/NOTIFY on a connection of its
 * own, start-up work runs under a session advisory lock, and each periodic role is led by the
 * node that holds its advisory lock on its leader connection (PostgreSQL drops the lock, and the
 * lead passes on, when that node's connection ends).
 */
export class PgCluster implements Cluster {
  readonly shared = true;
  readonly nodeId = randomUUID().slice(0, 8);
  private readonly listeners: Array<(change: ClusterChange) => void> = [];
  private listener: pg.Client | undefined;
  private leader: pg.Client | undefined;
  private readonly led = new Set<string>();
  private adapterPool: pg.Pool | undefined;
  private readonly adapters: Adapter[] = [];
  private closed = false;
  private reconnectAttempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private listenedBefore = false;
  /** The names this async flow holds already, so nested exclusive work under one name does not wait on itself. */
  private readonly held = new AsyncLocalStorage<ReadonlySet<string>>();

  constructor(
    private readonly url: string,
    private readonly pool: pg.Pool,
  ) {}

  /** Connects the listener; resolves once this node hears the others. */
  async start(): Promise<void> {
    await this.listen();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('error', (error) => {
      console.error(`PostgreSQL: the cluster listener of node ${this.nodeId} failed: ${error.message}`);
      this.reconnect(client);
    });
    client.on('end', () => this.reconnect(client));
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || message.payload === undefined) return;
      let parsed: { node?: unknown; change?: ClusterChange };
      try {
        parsed = JSON.parse(message.payload) as { node?: unknown; change?: ClusterChange };
      } catch {
        return;
      }
      if (parsed.node === this.nodeId || parsed.change === undefined) return;
      this.tell(parsed.change);
    });
    this.listener = client;
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    const again = this.listenedBefore;
    this.listenedBefore = true;
    this.reconnectAttempt = 0;
    if (again) {
      // Changes sent while this node was not listening are lost: what it holds of these is loaded
      // again. Cases need no hint: the unit of work checks a case's revision before using it.
      for (const change of [{ kind: 'users' }, { kind: 'teams' }, { kind: 'definitions' }, { kind: 'forms' }] as const)
        this.tell(change);
    }
  }

  private tell(change: ClusterChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        console.error('a cluster change listener failed', error);
      }
    }
  }

  /** A dropped listener connection comes back; changes sent meanwhile are missed (a later one refreshes). */
  private reconnect(client: pg.Client): void {
    if (this.closed || this.listener !== client || this.reconnectTimer) return;
    this.listener = undefined;
    client.end().catch(() => undefined);
    const delay = RECONNECT_MS[Math.min(this.reconnectAttempt, RECONNECT_MS.length - 1)]!;
    this.reconnectAttempt += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.closed) return;
      this.listen().catch((error: unknown) => {
        console.error(`PostgreSQL: node ${this.nodeId} could not listen again: ${(error as Error).message}`);
        if (this.listener) this.reconnect(this.listener);
      });
    }, delay);
    this.reconnectTimer.unref();
  }

  async publish(change: ClusterChange): Promise<void> {
    try {
      await this.pool.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify({ node: this.nodeId, change })]);
    } catch (error) {
      // The change itself is stored; the other nodes only refresh later.
      console.error(`PostgreSQL: telling the other nodes about ${change.kind} failed: ${(error as Error).message}`);
    }
  }

  onChange(listener: (change: ClusterChange) => void): void {
    this.listeners.push(listener);
  }

  async exclusive<T>(name: string, work: () => Promise<T>): Promise<T> {
    const held = this.held.getStore() ?? new Set<string>();
    if (held.has(name)) return work();
    const client = new pg.Client({ connectionString: this.url });
    client.on('error', (error) =>
      console.error(`PostgreSQL: the lock connection for ${name} failed: ${error.message}`),
    );
    try {
      await client.connect();
      await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_CLASS, lockKey(name)]);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw storageFailure(`taking the lock ${name}`, error);
    }
    try {
      return await this.held.run(new Set([...held, name]), work);
    } finally {
      // Ending the session releases the lock, also when the unlock itself cannot be sent.
      await client.end().catch(() => undefined);
    }
  }

  async leads(role: string): Promise<boolean> {
    if (this.closed) return false;
    const key = lockKey(role);
    try {
      const client = await this.leaderClient();
      if (this.led.has(role)) {
        // Still held? A connection that silently died fails this query, and the lead is lost.
        const { rows } = await client.query<{ held: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()
             AND classid = $1::int::oid AND objid = $2::int::oid AND objsubid = 2 AND granted) AS held`,
          [LOCK_CLASS, key],
        );
        if (rows[0]?.held) return true;
        this.led.delete(role);
      }
      const { rows } = await client.query<{ taken: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS taken', [
        LOCK_CLASS,
        key,
      ]);
      if (rows[0]?.taken) this.led.add(role);
      return rows[0]?.taken === true;
    } catch (error) {
      console.error(
        `PostgreSQL: node ${this.nodeId} cannot tell whether it leads ${role}: ${(error as Error).message}`,
      );
      void this.dropLeader();
      return false;
    }
  }

  private async leaderClient(): Promise<pg.Client> {
    if (this.leader) return this.leader;
    const client = new pg.Client({ connectionString: this.url });
    client.on('error', () => {
      if (this.leader === client) void this.dropLeader();
    });
    client.on('end', () => {
      if (this.leader === client) void this.dropLeader();
    });
    await client.connect();
    this.leader = client;
    return client;
  }

  /** The leader connection is gone: so is every lead it held (PostgreSQL released them). */
  private dropLeader(): Promise<void> {
    const client = this.leader;
    this.leader = undefined;
    this.led.clear();
    return client ? client.end().catch(() => undefined) : Promise.resolve();
  }

  socketAdapter(): ServerOptions['adapter'] {
    // A pool of its own: the adapter holds one connection for LISTEN, and must not take the store's.
    if (!this.adapterPool) {
      this.adapterPool = createPool(this.url, 3);
      // The adapter forgets its LISTEN connection when it ends (it then takes a new one) but never
      // gives it back to the pool, which would wait for it at close for ever: give it back here.
      this.adapterPool.on('connect', (client) => {
        client.once('end', () => {
          try {
            client.release(true);
          } catch {
            // Given back already (an idle connection ending): nothing to do.
          }
        });
      });
    }
    const pool = this.adapterPool;
    const adapters = this.adapters;
    let create: ReturnType<typeof createAdapter> | undefined;
    // socket.io constructs it with `new` for each namespace, so a function, not an arrow. The
    // adapter (and its LISTEN connection) is made only then and kept, so close() can let go of it
    // also when the socket server was never closed (a start that failed half-way): the pool's end
    // would wait for that connection for ever.
    return function casusregieAdapter(namespace: Namespace): Adapter {
      create ??= createAdapter(pool);
      const adapter: Adapter = create(namespace);
      adapters.push(adapter);
      return adapter;
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    // Awaited: once closed, another node can take the leads at once.
    await this.dropLeader();
    for (const adapter of this.adapters.splice(0)) await adapter.close();
    await this.adapterPool?.end().catch(() => undefined);
  }
}

/** A lock's second key: 31 bits of the SHA-256 of its name. */
function lockKey(name: string): number {
  return createHash('sha256').update(name).digest().readUInt32BE(0) & 0x7fffffff;
}
