import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { open, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { hashSessionId } from '../session-id-hash';
import { StorageUnavailableError, storageFailure } from '../storage-error';
import type {
  AccessLog,
  AccessLogEntry,
  CaseDocument,
  CaseStore,
  DefinitionStore,
  QuarantinedFile,
  SessionStore,
  Store,
  StoredDefinitionVersion,
  StoredHistoryEntry,
  StoredSession,
  StoredUser,
  UserStore,
} from '../store';
import { DurableJsonFile, writeFileAtomically } from './durable-json-file';
import { appendToDescriptor, appendWhole, DATA_FILE_MODE, ensureDirectory } from './files';
import { prepareDataDirectory } from './prepare-data-directory';

/**
 * The embedded store: lowdb JSON files in a data folder.
 * - one document per case (cases/<shard>/<caseId>.json), so an action rewrites only its own case;
 * - one append-only history log per case (<caseId>.history.jsonl);
 * - small lowdb files for definitions, users, sessions and settings;
 * - one append-only access log for reads (NEN 7513);
 * - quarantine/ for case files that could not be read at start-up.
 * Files are 0600 and folders 0700: they hold youth-care case data.
 */
export async function openLowdbStore(dataDir: string): Promise<Store> {
  ensureDirectory(dataDir);
  prepareDataDirectory(dataDir);
  const cases = new LowdbCaseStore(dataDir);
  const definitions = new LowdbDefinitionStore(path.join(dataDir, 'definitions'));
  const users = new LowdbUserStore(await openSerialized<StoredUser[]>(path.join(dataDir, 'users.json'), []));
  const sessions = await LowdbSessionStore.open(path.join(dataDir, 'sessions.json'));
  const settings = await openSerialized<Record<string, unknown>>(path.join(dataDir, 'settings.json'), {});
  const accessLog = new FileAccessLog(path.join(dataDir, 'access-log.jsonl'));
  return {
    cases,
    definitions,
    users,
    sessions,
    accessLog,
    settings: {
      get: async (name) => settings.data[name],
      set: (name, value) => settings.update((data) => ({ ...data, [name]: value })),
    },
    close: async () => {
      await cases.flushHistory().catch((error: unknown) => console.error('history sync at shutdown failed', error));
      accessLog.close();
    },
  };
}

/**
 * A lowdb file whose changes run one after another and are all or nothing: a change that cannot
 * be written is undone in memory too, so memory never holds what the disk does not (and a later
 * write cannot store it behind the caller's back).
 */
class SerializedLow<T> {
  private queue: Promise<void> = Promise.resolve();
  constructor(private readonly db: Low<T>) {}

  get data(): T {
    return this.db.data;
  }

  /** `change` returns the new data and must leave the old data untouched. */
  update(change: (data: T) => T): Promise<void> {
    const run = this.queue.then(async () => {
      const previous = this.db.data;
      this.db.data = change(previous);
      try {
        await this.db.write();
      } catch (error) {
        this.db.data = previous;
        throw error;
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

async function openSerialized<T>(file: string, empty: T): Promise<SerializedLow<T>> {
  const db = new Low<T>(new DurableJsonFile<T>(file, { directorySynced: existsSync(file) }), empty);
  await db.read();
  return new SerializedLow(db);
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
  private readonly root: string;
  private readonly quarantineDir: string;
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
  private readonly setAside: QuarantinedFile[];

  constructor(private readonly dataDir: string) {
    this.root = path.join(dataDir, 'cases');
    this.quarantineDir = path.join(dataDir, 'quarantine');
    this.setAside = readQuarantine(this.quarantineDir);
  }

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

  quarantined(): QuarantinedFile[] {
    return [...this.setAside];
  }

  /** Every readable case; one that cannot be read is set aside in quarantine/ and reported. */
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
        const caseId = file.slice(0, -'.json'.length);
        let document: CaseDocument | undefined;
        try {
          document = await this.load(caseId);
        } catch (error) {
          this.quarantine(caseId, error instanceof Error ? error.message : String(error));
          continue;
        }
        if (document) yield document;
      }
    }
  }

  async load(caseId: string): Promise<CaseDocument | undefined> {
    const db = this.db(caseId);
    try {
      await db.read();
    } catch (error) {
      if (error instanceof SyntaxError) throw new Error(`geen geldige JSON (${error.message})`);
      throw error;
    }
    if (db.data === null) return undefined;
    const problem = caseDocumentProblem(db.data, caseId);
    if (problem) throw new Error(problem);
    const document = db.data;
    this.existing.add(caseId);
    if (document.pendingHistory.length > 0 && !this.appendedSeq.has(caseId)) {
      try {
        await this.repairHistory(document);
      } catch (error) {
        // The entries are safe in the document; the next commit of this case appends them.
        console.error(`repairing the history log of case ${caseId} failed`, error);
      }
    }
    return document;
  }

  async commit(document: CaseDocument, history: StoredHistoryEntry[]): Promise<void> {
    const synced = this.syncedSeq.get(document.caseId) ?? 0;
    const carried = document.pendingHistory.filter((entry) => entry.seq > synced);
    document.pendingHistory = [...carried, ...history];
    const db = this.db(document.caseId);
    db.data = document;
    await db.write();
    this.existing.add(document.caseId);
    await this.appendToLog(document, carried.length > 0);
  }

  /**
   * Appends to the case's history log what the document holds and the log lacks. The document is
   * durable already, so a failure here is logged, not thrown: the action is stored, and its
   * entries stay in pendingHistory until a later commit (or start-up) appends them.
   */
  private async appendToLog(document: CaseDocument, carriedEntries: boolean): Promise<void> {
    const caseId = document.caseId;
    const pending = document.pendingHistory;
    if (pending.length === 0) return;
    let after = this.appendedSeq.get(caseId);
    if (after === undefined) {
      // Unknown only for a case whose repair at load failed (carried entries) or that has no log yet.
      after = carriedEntries ? await this.lastSeqInLog(caseId) : pending[0]!.seq - 1;
    }
    const missing = pending.filter((entry) => entry.seq > after);
    if (missing.length === 0) return;
    try {
      // A small append to the page cache; synchronous for the same reason as the document write.
      appendWhole(this.fileOf(caseId, '.history.jsonl'), missing.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
    } catch (error) {
      console.error(`appending to the history log of case ${caseId} failed; the entries wait in its document`, error);
      return;
    }
    const appended = missing[missing.length - 1]!.seq;
    this.appendedSeq.set(caseId, appended);
    if (appended - (this.syncedSeq.get(caseId) ?? 0) >= HISTORY_SYNC_ENTRIES) {
      void this.flushHistory(caseId).catch((error: unknown) => console.error('history sync failed', error));
    } else {
      this.scheduleFlush();
    }
  }

  private async lastSeqInLog(caseId: string): Promise<number> {
    const existing = await this.readHistory(caseId);
    return existing.length > 0 ? existing[existing.length - 1]!.seq : 0;
  }

  /**
   * The case's history log. A line that cannot be parsed (the torn tail of an append that failed
   * and could not be cut off) is skipped: its entry is still in the case document's pendingHistory
   * and is appended again.
   */
  async readHistory(caseId: string): Promise<StoredHistoryEntry[]> {
    let content: string;
    try {
      content = await readFile(this.fileOf(caseId, '.history.jsonl'), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const entries: StoredHistoryEntry[] = [];
    for (const line of content.split('\n')) {
      if (line.trim() === '') continue;
      try {
        entries.push(JSON.parse(line) as StoredHistoryEntry);
      } catch {
        console.warn(`skipping a torn line in the history log of case ${caseId}`);
      }
    }
    return entries;
  }

  /** Syncs the history logs appended since their last sync: of one case, or of all. */
  flushHistory(onlyCaseId?: string): Promise<void> {
    if (this.flushTimer && !onlyCaseId) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    // A failed sync must not stop every later one: each run starts whatever the previous did.
    const run = this.flushing
      .catch(() => undefined)
      .then(async () => {
        const candidates: Array<[string, number]> = onlyCaseId
          ? [[onlyCaseId, this.appendedSeq.get(onlyCaseId) ?? 0]]
          : [...this.appendedSeq];
        const pending = candidates.filter(([caseId, seq]) => (this.syncedSeq.get(caseId) ?? 0) < seq);
        let failure: unknown;
        for (const [caseId, seq] of pending) {
          try {
            const handle = await open(this.fileOf(caseId, '.history.jsonl'), 'r');
            try {
              await handle.datasync();
            } finally {
              await handle.close();
            }
            this.syncedSeq.set(caseId, seq);
          } catch (error) {
            // Not synced: the entries stay in the case's pendingHistory, so nothing is lost.
            failure ??= error;
          }
        }
        if (failure !== undefined) throw storageFailure('syncing history logs', failure);
      });
    this.flushing = run;
    return run;
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
    const lastSeq = await this.lastSeqInLog(document.caseId);
    const missing = document.pendingHistory.filter((entry) => entry.seq > lastSeq);
    const file = this.fileOf(document.caseId, '.history.jsonl');
    if (missing.length > 0) appendWhole(file, missing.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
    this.appendedSeq.set(document.caseId, document.pendingHistory[document.pendingHistory.length - 1]!.seq);
    await this.flushHistory();
  }

  /**
   * Moves an unreadable case file (and its history log, which belongs with it) to quarantine/,
   * with a note of why, so that start-up goes on with every other case. Nothing is deleted: an
   * operator can repair the file and move it back.
   */
  private quarantine(caseId: string, reason: string): void {
    const at = new Date().toISOString();
    const source = this.fileOf(caseId, '.json');
    const base = path.join(this.quarantineDir, `${caseId}.${at.replace(/[:.]/g, '-')}`);
    const entry: QuarantinedFile = {
      file: path.relative(this.dataDir, source),
      movedTo: path.relative(this.dataDir, `${base}.json`),
      reason,
      at,
    };
    try {
      ensureDirectory(this.quarantineDir);
      writeFileAtomically(`${base}.reason.json`, JSON.stringify(entry, null, 2));
      renameSync(source, `${base}.json`);
      const history = this.fileOf(caseId, '.history.jsonl');
      if (existsSync(history)) renameSync(history, `${base}.history.jsonl`);
    } catch (error) {
      // It stays where it is and is tried again at the next start; this start goes on without it.
      console.error(`could not move the unreadable case file ${source} to quarantine`, error);
      entry.movedTo = entry.file;
    }
    this.setAside.push(entry);
    console.error(
      `QUARANTINE: case file ${entry.file} cannot be read (${reason}); set aside as ${entry.movedTo}. Every other case serves normally.`,
    );
  }
}

/** What start-ups set aside before, so a beheerder still sees it after a restart. */
function readQuarantine(directory: string): QuarantinedFile[] {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return [];
  }
  const entries: QuarantinedFile[] = [];
  for (const name of names.filter((candidate) => candidate.endsWith('.reason.json')).sort()) {
    try {
      entries.push(JSON.parse(readFileSync(path.join(directory, name), 'utf8')) as QuarantinedFile);
    } catch (error) {
      console.error(`cannot read quarantine note ${name}`, error);
    }
  }
  return entries;
}

/** Why a parsed case file cannot be used, or undefined when it has the shape of a case document. */
function caseDocumentProblem(value: unknown, caseId: string): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'geen casusdocument (geen object)';
  const document = value as Partial<Record<keyof CaseDocument, unknown>>;
  if (document.caseId !== caseId) return `het document hoort niet bij casus ${caseId}`;
  for (const key of ['instances', 'tasks', 'timers'] as const) {
    const part = document[key];
    if (typeof part !== 'object' || part === null || Array.isArray(part)) return `onderdeel "${key}" ontbreekt`;
  }
  if (!Array.isArray(document.pendingHistory)) return 'onderdeel "pendingHistory" ontbreekt';
  if (!Array.isArray(document.regionalGroups)) return 'onderdeel "regionalGroups" ontbreekt';
  if (typeof document.historySeq !== 'number') return 'onderdeel "historySeq" ontbreekt';
  if (typeof document.team !== 'string') return 'onderdeel "team" ontbreekt';
  return undefined;
}

class LowdbDefinitionStore implements DefinitionStore {
  private index: SerializedLow<StoredDefinitionVersion[]> | undefined;

  constructor(private readonly root: string) {}

  private async ready(): Promise<SerializedLow<StoredDefinitionVersion[]>> {
    this.index ??= await openSerialized<StoredDefinitionVersion[]>(path.join(this.root, 'versions.json'), []);
    return this.index;
  }

  private xmlFile(key: string, version: number): string {
    return path.join(this.root, key, `${version}.bpmn`);
  }

  async versions(): Promise<StoredDefinitionVersion[]> {
    return [...(await this.ready()).data];
  }

  async addVersion(version: StoredDefinitionVersion, xml: string): Promise<void> {
    const index = await this.ready();
    const file = this.xmlFile(version.key, version.version);
    writeFileAtomically(file, xml);
    try {
      await index.update((versions) => [...versions, version]);
    } catch (error) {
      // Not listed, so not deployed: the XML goes too, and the next deploy starts clean.
      try {
        unlinkSync(file);
      } catch {
        // An orphan XML file is harmless: it is overwritten when this version number is deployed.
      }
      throw error;
    }
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
  constructor(private readonly db: SerializedLow<StoredUser[]>) {}
  async all(): Promise<StoredUser[]> {
    return [...this.db.data];
  }
  put(user: StoredUser): Promise<void> {
    return this.db.update((users) => [...users.filter((existing) => existing.id !== user.id), user]);
  }
}

/** A session as older data folders stored it: with the id itself. */
type LegacySession = Omit<StoredSession, 'idHash'> & { id: string };

class LowdbSessionStore implements SessionStore {
  private constructor(private readonly db: SerializedLow<StoredSession[]>) {}

  /** Opens sessions.json; plain session ids from older data folders are replaced by their hashes. */
  static async open(file: string): Promise<LowdbSessionStore> {
    const db = await openSerialized<Array<StoredSession | LegacySession>>(file, []);
    const legacy = db.data.some((session) => !('idHash' in session));
    const store = new LowdbSessionStore(db as SerializedLow<StoredSession[]>);
    if (legacy) {
      try {
        await db.update((sessions) => sessions.map(withIdHash));
      } catch (error) {
        // Users stay logged in either way; the plain ids go at the next session write that works.
        console.error('could not replace the plain session ids in sessions.json by their hashes', error);
      }
    }
    return store;
  }

  async all(): Promise<StoredSession[]> {
    // Until a failed migration is retried, a legacy entry is hashed on the way out.
    return this.db.data.map(withIdHash);
  }

  put(session: StoredSession): Promise<void> {
    const now = new Date().toISOString();
    return this.db.update((sessions) => [
      ...sessions.map(withIdHash).filter((existing) => existing.idHash !== session.idHash && existing.expiresAt > now),
      session,
    ]);
  }

  delete(idHash: string): Promise<void> {
    return this.db.update((sessions) => sessions.map(withIdHash).filter((existing) => existing.idHash !== idHash));
  }
}

function withIdHash(session: StoredSession | LegacySession): StoredSession {
  if ('idHash' in session) return session;
  const { id, ...rest } = session;
  return { ...rest, idHash: hashSessionId(id) };
}

/**
 * Reads are logged without an fsync each (a read changes nothing), but each line is appended
 * whole before the read is answered: a read that cannot be logged is refused (NEN 7513), and a
 * failed append leaves no torn line.
 */
class FileAccessLog implements AccessLog {
  private descriptor: number | undefined;
  constructor(private readonly file: string) {}

  record(entry: AccessLogEntry): void {
    const userDetail =
      'Het inzien kon niet worden vastgelegd, omdat de opslag van de server nu niet beschikbaar is; daarom wordt het niet getoond. Probeer het later opnieuw.';
    try {
      this.descriptor ??= openSync(this.file, 'a+', DATA_FILE_MODE);
      appendToDescriptor(this.descriptor, this.file, `${JSON.stringify(entry)}\n`);
    } catch (error) {
      throw new StorageUnavailableError(`logging a read in ${this.file} failed`, { cause: error, userDetail });
    }
  }

  close(): void {
    if (this.descriptor === undefined) return;
    closeSync(this.descriptor);
    this.descriptor = undefined;
  }
}
