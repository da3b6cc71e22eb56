import { createHash } from 'node:crypto';
import { appendFileSync, createWriteStream, type WriteStream } from 'node:fs';
import { appendFile, mkdir, open, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import type {
  AccessLog,
  AccessLogEntry,
  CaseDocument,
  CaseStore,
  DefinitionStore,
  SessionStore,
  Store,
  StoredDefinitionVersion,
  StoredHistoryEntry,
  StoredSession,
  StoredUser,
  UserStore,
} from '../store';
import { DurableJsonFile } from './durable-json-file';

/**
 * The embedded store: lowdb JSON files in a data folder.
 * - one document per case (cases/<shard>/<caseId>.json), so an action rewrites only its own case;
 * - one append-only history log per case (<caseId>.history.jsonl);
 * - small lowdb files for definitions, users, sessions and settings;
 * - one append-only access log for reads (NEN 7513).
 */
export async function openLowdbStore(dataDir: string): Promise<Store> {
  await mkdir(dataDir, { recursive: true });
  const cases = new LowdbCaseStore(path.join(dataDir, 'cases'));
  const definitions = new LowdbDefinitionStore(path.join(dataDir, 'definitions'));
  const users = new LowdbUserStore(await openCollection<StoredUser>(path.join(dataDir, 'users.json')));
  const sessions = new LowdbSessionStore(await openCollection<StoredSession>(path.join(dataDir, 'sessions.json')));
  const settings = new Low<Record<string, unknown>>(new DurableJsonFile(path.join(dataDir, 'settings.json')), {});
  await settings.read();
  const accessLog = new FileAccessLog(path.join(dataDir, 'access-log.jsonl'));
  return {
    cases,
    definitions,
    users,
    sessions,
    accessLog,
    settings: {
      get: async (name) => settings.data[name],
      set: async (name, value) => {
        settings.data[name] = value;
        await settings.write();
      },
    },
    close: async () => {
      await cases.flushHistory();
      await accessLog.close();
    },
  };
}

async function openCollection<T>(file: string): Promise<Low<T[]>> {
  const db = new Low<T[]>(new DurableJsonFile<T[]>(file), []);
  await db.read();
  return db;
}

/**
 * History lines are durable from the moment their case document is written (they ride along in
 * pendingHistory), so the history logs themselves are synced lazily: a case's log once it has
 * this many unsynced entries, and every log at least this often and at shutdown. Syncing each
 * log after each action would double the fsyncs per action.
 */
const HISTORY_SYNC_MS = 30_000;
const HISTORY_SYNC_ENTRIES = 32;

class LowdbCaseStore implements CaseStore {
  /**
   * Cases whose file exists. Only ids are kept: documents are not held here (the service caches
   * the cases it works on), so memory does not grow with every case ever read.
   */
  private readonly existing = new Set<string>();
  /** Highest history sequence number appended per case, and the one known to be synced. */
  private readonly appendedSeq = new Map<string, number>();
  private readonly syncedSeq = new Map<string, number>();
  private flushTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly root: string) {}

  private fileOf(caseId: string, suffix: string): string {
    const shard = createHash('sha1').update(caseId).digest('hex').slice(0, 2);
    return path.join(this.root, shard, `${caseId}${suffix}`);
  }

  private db(caseId: string): Low<CaseDocument | null> {
    const adapter = new DurableJsonFile<CaseDocument | null>(this.fileOf(caseId, '.json'), {
      directorySynced: this.existing.has(caseId),
    });
    return new Low<CaseDocument | null>(adapter, null);
  }

  async *all(): AsyncIterable<CaseDocument> {
    let shards: string[];
    try {
      shards = await readdir(this.root);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const shard of shards.sort()) {
      const files = await readdir(path.join(this.root, shard));
      for (const file of files.filter((name) => name.endsWith('.json')).sort()) {
        const document = await this.load(file.slice(0, -'.json'.length));
        if (document) yield document;
      }
    }
  }

  async load(caseId: string): Promise<CaseDocument | undefined> {
    const db = this.db(caseId);
    await db.read();
    const document = db.data ?? undefined;
    if (document) this.existing.add(caseId);
    if (document && document.pendingHistory.length > 0 && !this.appendedSeq.has(caseId)) {
      await this.repairHistory(document);
    }
    return document;
  }

  async commit(document: CaseDocument, history: StoredHistoryEntry[]): Promise<void> {
    const synced = this.syncedSeq.get(document.caseId) ?? 0;
    document.pendingHistory = [...document.pendingHistory.filter((entry) => entry.seq > synced), ...history];
    const db = this.db(document.caseId);
    db.data = document;
    await db.write();
    this.existing.add(document.caseId);
    if (history.length > 0) {
      // Durable already through pendingHistory; the log itself is synced in the background.
      // A small append to the page cache; synchronous for the same reason as the document write.
      appendFileSync(
        this.fileOf(document.caseId, '.history.jsonl'),
        history.map((entry) => `${JSON.stringify(entry)}\n`).join(''),
      );
      const appended = history[history.length - 1]!.seq;
      this.appendedSeq.set(document.caseId, appended);
      if (appended - (this.syncedSeq.get(document.caseId) ?? 0) >= HISTORY_SYNC_ENTRIES) {
        void this.flushHistory(document.caseId).catch((error: unknown) => console.error('history sync failed', error));
      } else {
        this.scheduleFlush();
      }
    }
  }

  async readHistory(caseId: string): Promise<StoredHistoryEntry[]> {
    try {
      const content = await readFile(this.fileOf(caseId, '.history.jsonl'), 'utf8');
      return content
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as StoredHistoryEntry);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  /** Syncs the history logs appended since their last sync: of one case, or of all. */
  flushHistory(onlyCaseId?: string): Promise<void> {
    if (this.flushTimer && !onlyCaseId) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    this.flushing = this.flushing.then(async () => {
      const candidates: Array<[string, number]> = onlyCaseId
        ? [[onlyCaseId, this.appendedSeq.get(onlyCaseId) ?? 0]]
        : [...this.appendedSeq];
      const pending = candidates.filter(([caseId, seq]) => (this.syncedSeq.get(caseId) ?? 0) < seq);
      for (const [caseId, seq] of pending) {
        const handle = await open(this.fileOf(caseId, '.history.jsonl'), 'r');
        try {
          await handle.datasync();
        } finally {
          await handle.close();
        }
        this.syncedSeq.set(caseId, seq);
      }
    });
    return this.flushing;
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.flushHistory().catch((error: unknown) => console.error('history sync failed', error));
    }, HISTORY_SYNC_MS);
    this.flushTimer.unref();
  }

  /** After a crash: append the entries the document holds but the log lacks, by sequence number. */
  private async repairHistory(document: CaseDocument): Promise<void> {
    const existing = await this.readHistory(document.caseId);
    const lastSeq = existing.length > 0 ? existing[existing.length - 1]!.seq : 0;
    const missing = document.pendingHistory.filter((entry) => entry.seq > lastSeq);
    const file = this.fileOf(document.caseId, '.history.jsonl');
    if (missing.length > 0) {
      await mkdir(path.dirname(file), { recursive: true });
      await appendFile(file, missing.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
    }
    this.appendedSeq.set(document.caseId, document.pendingHistory[document.pendingHistory.length - 1]!.seq);
    await this.flushHistory();
  }
}

class LowdbDefinitionStore implements DefinitionStore {
  private readonly index: Low<StoredDefinitionVersion[]>;
  private loaded = false;

  constructor(private readonly root: string) {
    this.index = new Low<StoredDefinitionVersion[]>(new DurableJsonFile(path.join(root, 'versions.json')), []);
  }

  private async ready(): Promise<void> {
    if (this.loaded) return;
    await this.index.read();
    this.loaded = true;
  }

  private xmlFile(key: string, version: number): string {
    return path.join(this.root, key, `${version}.bpmn`);
  }

  async versions(): Promise<StoredDefinitionVersion[]> {
    await this.ready();
    return [...this.index.data];
  }

  async addVersion(version: StoredDefinitionVersion, xml: string): Promise<void> {
    await this.ready();
    const file = this.xmlFile(version.key, version.version);
    await mkdir(path.dirname(file), { recursive: true });
    const handle = await open(file, 'w');
    try {
      await handle.writeFile(xml);
      await handle.sync();
    } finally {
      await handle.close();
    }
    this.index.data.push(version);
    await this.index.write();
  }

  async readXml(key: string, version: number): Promise<string | undefined> {
    if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(key) || !Number.isInteger(version)) return undefined;
    try {
      return await readFile(this.xmlFile(key, version), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}

class LowdbUserStore implements UserStore {
  constructor(private readonly db: Low<StoredUser[]>) {}
  async all(): Promise<StoredUser[]> {
    return [...this.db.data];
  }
  async put(user: StoredUser): Promise<void> {
    this.db.data = [...this.db.data.filter((existing) => existing.id !== user.id), user];
    await this.db.write();
  }
}

class LowdbSessionStore implements SessionStore {
  constructor(private readonly db: Low<StoredSession[]>) {}
  async all(): Promise<StoredSession[]> {
    return [...this.db.data];
  }
  async put(session: StoredSession): Promise<void> {
    const now = new Date().toISOString();
    this.db.data = [
      ...this.db.data.filter((existing) => existing.id !== session.id && existing.expiresAt > now),
      session,
    ];
    await this.db.write();
  }
  async delete(id: string): Promise<void> {
    this.db.data = this.db.data.filter((existing) => existing.id !== id);
    await this.db.write();
  }
}

/** Reads are logged without an fsync each: a read changes nothing, and the stream is flushed on close. */
class FileAccessLog implements AccessLog {
  private readonly stream: WriteStream;
  constructor(file: string) {
    this.stream = createWriteStream(file, { flags: 'a' });
  }
  record(entry: AccessLogEntry): void {
    this.stream.write(`${JSON.stringify(entry)}\n`);
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(resolve));
  }
}
