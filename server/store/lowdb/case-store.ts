import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { storageFailure } from '../storage-error';
import type { CaseDocument, CaseIndexEntry, CaseStore, QuarantinedFile, StoredHistoryEntry } from '../store';
import { CaseIndexFile, prepareEntry } from './case-index-file';
import { CommitLog, replayCommitLog } from './commit-log';
import {
  type PreparedOverwrite,
  prepareOverwrite,
  type StagedReplacement,
  stageReplacement,
  TEMPORARY_SUFFIX,
  writeFileAtomically,
} from './durable-json-file';
import type { FileIdentity } from './files';
import { HistoryLogs } from './history-log';
import { caseDocumentProblem, moveToQuarantine, readQuarantine } from './quarantine';

/**
 * One document per case (cases/<shard>/<caseId>.json), so an action rewrites only its own case,
 * with its append-only history log beside it (./history-log.ts), and each case's index entry in
 * cases/index.jsonl (./case-index-file.ts), so start-up need not read every document; a file that
 * cannot be read at start-up is set aside (./quarantine.ts).
 */
export class LowdbCaseStore implements CaseStore {
  private readonly root: string;
  private readonly quarantineDir: string;
  /**
   * Cases whose file exists (so its directory entry is on disk and a commit need not sync the
   * directory). Only ids are kept: documents are not held here (the service caches the cases it
   * works on), so memory does not grow with every case ever read.
   */
  private readonly existing = new Set<string>();
  /** Cases read in this run whose history log lacks nothing of their document (no pending entries). */
  private readonly historyComplete = new Set<string>();
  private readonly history = new HistoryLogs((caseId) => this.fileOf(caseId, '.history.jsonl'));
  private readonly index: CaseIndexFile;
  private readonly setAside: QuarantinedFile[];
  private readonly log: CommitLog;
  /**
   * Cases the commit log held at start-up: their files were overwritten in place since the last
   * checkpoint, and a crash may have kept the new content with the old mtime (which is not synced
   * until then), so cases/index.jsonl is not trusted for them; they are read in full.
   */
  private readonly inLog = new Set<string>();
  /** Writes that follow durable commits, not done yet (see writeBehind). */
  private behind: Array<{ caseId: string; write: () => void }> = [];
  /** Cases whose write behind failed: their files may lag the commit log, so they are not read. */
  private readonly unwritten = new Map<string, unknown>();

  constructor(private readonly dataDir: string) {
    this.root = path.join(dataDir, 'cases');
    this.quarantineDir = path.join(dataDir, 'quarantine');
    this.index = new CaseIndexFile(path.join(this.root, 'index.jsonl'));
    this.setAside = readQuarantine(this.quarantineDir);
    const logDir = path.join(dataDir, 'commit-log');
    // Before anything reads a case file: what the last run committed is brought into them.
    const replayed = replayCommitLog(logDir, (committed, json) => this.replay(committed, json));
    if (replayed > 0) console.info(`brought ${replayed} case file(s) up to the commit log`);
    this.log = new CommitLog(logDir, () => this.catchUp());
  }

  /**
   * Start-up: a case file behind the commit log (a crash before the file was synced, or a file
   * that is torn) is written again, durably, from the logged document.
   */
  private replay({ caseId }: { caseId: string }, json: string): boolean {
    this.inLog.add(caseId);
    const file = this.fileOf(caseId, '.json');
    let onDisk: string | undefined;
    try {
      onDisk = readFileSync(file, 'utf8').trimEnd();
    } catch {
      // Missing: the log has the document.
    }
    // Compared whole, not by revision: a file overwritten in place and torn by the crash can read
    // as valid JSON with the new revision and part of the old content.
    if (onDisk === json) return false;
    writeFileAtomically(file, withRoom(Buffer.from(json)));
    return true;
  }

  private fileOf(caseId: string, suffix: string): string {
    const shard = createHash('sha1').update(caseId).digest('hex').slice(0, 2);
    return path.join(this.root, shard, `${caseId}${suffix}`);
  }

  quarantined(): QuarantinedFile[] {
    return [...this.setAside];
  }

  /**
   * Every case's index entry: from cases/index.jsonl where its last line names the case file as it
   * is on disk (readdir + stat, no read), otherwise from the document itself; a file that cannot be
   * read is set aside in quarantine/ and reported. Runs once, at start-up.
   */
  async *indexEntries(): AsyncIterable<CaseIndexEntry> {
    const files = this.caseFiles();
    for (const caseId of files.keys()) this.existing.add(caseId);
    const untrusted = new Set(this.inLog);
    this.inLog.clear();
    yield* this.index.recover(files, untrusted, async (caseId) => {
      try {
        // Without the history repair (a read and a sync of the log): the case's first load does it.
        return await this.read(caseId, { repairHistory: false });
      } catch (error) {
        this.existing.delete(caseId);
        this.quarantine(caseId, error instanceof Error ? error.message : String(error));
        return undefined;
      }
    });
  }

  /** The identity of every case file, by case id, in the order of the files. */
  private caseFiles(): Map<string, FileIdentity> {
    const files = new Map<string, FileIdentity>();
    let shards: string[];
    try {
      shards = readdirSync(this.root, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return files;
      throw error;
    }
    for (const shard of shards.sort()) {
      const directory = path.join(this.root, shard);
      for (const file of readdirSync(directory).sort()) {
        if (file.endsWith(TEMPORARY_SUFFIX)) {
          // A write that never finished (see prepareDataDirectory, which leaves the shards to this scan).
          removeLeftover(path.join(directory, file));
          continue;
        }
        if (!file.endsWith('.json')) continue;
        const { ino, size, mtimeMs } = statSync(path.join(directory, file));
        files.set(file.slice(0, -'.json'.length), { ino, size, mtimeMs });
      }
    }
    return files;
  }

  async *all(): AsyncIterable<CaseDocument> {
    let shards: string[];
    try {
      // The shard folders; cases/index.jsonl lies beside them.
      shards = (await readdir(this.root, { withFileTypes: true }))
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name);
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

  /**
   * The case's document. The first load of a case in a run appends to its history log what a
   * crash kept from it (the document's pending entries the log lacks): start-up does not read the
   * documents, so this is where that repair happens.
   */
  load(caseId: string): Promise<CaseDocument | undefined> {
    return this.read(caseId, { repairHistory: true });
  }

  private async read(caseId: string, { repairHistory }: { repairHistory: boolean }): Promise<CaseDocument | undefined> {
    this.catchUp();
    if (this.unwritten.has(caseId)) {
      throw storageFailure(`reading case ${caseId}, whose file lags the commit log`, this.unwritten.get(caseId));
    }
    let data: unknown;
    try {
      // Synchronous like the write: a small file is read faster than a thread-pool round trip.
      data = JSON.parse(readFileSync(this.fileOf(caseId, '.json'), 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      if (error instanceof SyntaxError) throw new Error(`geen geldige JSON (${error.message})`);
      throw error;
    }
    if (data === null) return undefined;
    const problem = caseDocumentProblem(data, caseId);
    if (problem) throw new Error(problem);
    const document = data as CaseDocument;
    this.existing.add(caseId);
    if (document.pendingHistory.length === 0) {
      this.historyComplete.add(caseId);
    } else if (repairHistory && !this.history.known(caseId)) {
      try {
        await this.history.repair(document);
      } catch (error) {
        // The entries are safe in the document; the next commit of this case appends them.
        console.error(`repairing the history log of case ${caseId} failed`, error);
      }
    }
    return document;
  }

  /**
   * One node owns a lowdb data folder and its unit of work serializes the actions on a case, so the
   * revision is only counted here, not compared with the file (which would cost a read per action).
   *
   * Durable when the commit log has the document (one fdatasync). A document that fits its case
   * file is written over it afterwards, with the case's index line and history, as a write behind
   * (see writeBehind): the user's answer does not wait for files that start-up can bring up to the
   * log. A new case, or one that outgrew its file, is written before the commit counts, so a full
   * disk refuses it rather than leaving a logged case without a file.
   */
  async commit(document: CaseDocument, history: StoredHistoryEntry[]): Promise<void> {
    this.catchUp();
    const caseId = document.caseId;
    const synced = this.history.synced(caseId);
    const carried = document.pendingHistory.filter((entry) => entry.seq > synced);
    document.pendingHistory = [...carried, ...history];
    const previousRevision = document.revision;
    document.revision = (previousRevision ?? 0) + 1;
    let written: FileIdentity | undefined;
    let overwrite: PreparedOverwrite | undefined;
    try {
      const file = this.fileOf(caseId, '.json');
      const json = Buffer.from(JSON.stringify(document));
      const exists = this.existing.has(caseId);
      overwrite = exists ? prepareOverwrite(file, json) : undefined;
      let replacement: StagedReplacement | undefined;
      try {
        replacement = overwrite ? undefined : stageReplacement(file, withRoom(json), { directorySynced: exists });
        // One sync, of the commit log (shared with the commits that overlap this one); the case
        // file is synced when its log segment is retired.
        await this.log.append(json, file);
      } catch (error) {
        overwrite?.abandon();
        replacement?.abandon();
        throw error;
      }
      if (replacement) written = replacement.install();
    } catch (error) {
      document.revision = previousRevision;
      throw error;
    }
    this.existing.add(caseId);
    // Taken now: the next action on the case changes the document (pendingHistory is replaced, not changed).
    const entry = prepareEntry(document);
    const pending = document.pendingHistory;
    const carriedEntries = carried.length > 0;
    const record = (identity: FileIdentity) => {
      this.index.append(entry, identity, this.existing.size);
      return this.history.append(caseId, pending, carriedEntries);
    };
    if (written) return record(written);
    const prepared = overwrite;
    if (!prepared) return;
    if (this.history.needsRead(caseId, carriedEntries)) return record(prepared.write());
    this.writeBehind(caseId, () => {
      record(prepared.write()).catch((error: unknown) =>
        console.error(`recording case ${caseId} after its commit failed`, error),
      );
    });
  }

  /**
   * Queues a write that follows a durable commit, to run once the event loop is free (after the
   * answer is sent), and at the latest before the store reads or commits anything (catchUp), so
   * files are never read behind the log and are written in the order of their commits. A write
   * that fails leaves its case unreadable in this run (its file may be behind the log, which
   * start-up replays), rather than answering an older version.
   */
  private writeBehind(caseId: string, write: () => void): void {
    this.behind.push({ caseId, write });
    if (this.behind.length === 1) setImmediate(() => this.catchUp());
  }

  /** Runs the writes behind that are still waiting, oldest first. */
  private catchUp(): void {
    if (this.behind.length === 0) return;
    const waiting = this.behind;
    this.behind = [];
    for (const { caseId, write } of waiting) {
      try {
        write();
        this.unwritten.delete(caseId);
      } catch (error) {
        this.unwritten.set(caseId, error);
        console.error(`writing case ${caseId} after its commit failed; the commit log keeps it for start-up`, error);
      }
    }
  }

  async revision(caseId: string): Promise<number | undefined> {
    const document = await this.load(caseId);
    return document ? (document.revision ?? 0) : undefined;
  }

  /**
   * The case's history: its log, and for a case not read yet in this run the entries its document
   * holds and the log lacks (a crash before they were appended; reading the document repairs the log).
   */
  async readHistory(caseId: string): Promise<StoredHistoryEntry[]> {
    this.catchUp();
    let pending: StoredHistoryEntry[] = [];
    if (!this.history.known(caseId) && !this.historyComplete.has(caseId)) {
      try {
        const document = await this.load(caseId);
        // Still unknown: the repair failed, and the pending entries are shown from the document.
        if (document && !this.history.known(caseId)) pending = document.pendingHistory;
      } catch (error) {
        console.error(`reading case ${caseId} for its history failed`, error);
      }
    }
    const entries = await this.history.read(caseId);
    const lastSeq = entries.length > 0 ? entries[entries.length - 1]!.seq : 0;
    return [...entries, ...pending.filter((entry) => entry.seq > lastSeq)];
  }

  /** Syncs the case files and empties the commit log, then closes the index file (its lines are a cache). */
  async close(): Promise<void> {
    this.catchUp();
    await this.log.close();
    this.index.close();
  }

  /** Syncs the history logs appended since their last sync: of one case, or of all. */
  flushHistory(onlyCaseId?: string): Promise<void> {
    this.catchUp();
    return this.history.flush(onlyCaseId);
  }

  private quarantine(caseId: string, reason: string): void {
    const target = {
      dataDir: this.dataDir,
      quarantineDir: this.quarantineDir,
      caseId,
      caseFile: this.fileOf(caseId, '.json'),
      historyFile: this.fileOf(caseId, '.history.jsonl'),
    };
    this.setAside.push(moveToQuarantine(target, reason));
  }
}

/**
 * A case file is written with room to grow: its JSON, then spaces up to a whole number of 4 KiB
 * blocks with at least 1 KiB spare, so the next commits of the case fit and overwrite it in place
 * (see overwriteInPlace). The file system allocates whole blocks anyway.
 */
export function withRoom(json: Buffer): Buffer {
  const size = Math.ceil((json.length + CASE_FILE_SPARE) / CASE_FILE_BLOCK) * CASE_FILE_BLOCK;
  return Buffer.concat([json, Buffer.alloc(size - json.length, 0x20)]);
}
const CASE_FILE_BLOCK = 4096;
const CASE_FILE_SPARE = 1024;

function removeLeftover(file: string): void {
  try {
    unlinkSync(file);
    console.warn(`removed the temporary file of an unfinished write: ${file}`);
  } catch (error) {
    console.error(`could not remove ${file}`, error);
  }
}
