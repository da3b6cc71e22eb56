import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import {
  type CaseDocument,
  type CaseIndexEntry,
  type CaseStore,
  indexEntryOf,
  type QuarantinedFile,
  type StoredHistoryEntry,
} from '../store';
import { DurableJsonFile } from './durable-json-file';
import { HistoryLogs } from './history-log';
import { caseDocumentProblem, moveToQuarantine, readQuarantine } from './quarantine';

/**
 * One document per case (cases/<shard>/<caseId>.json), so an action rewrites only its own case,
 * with its append-only history log beside it (./history-log.ts); a file that cannot be read at
 * start-up is set aside (./quarantine.ts).
 */
export class LowdbCaseStore implements CaseStore {
  private readonly root: string;
  private readonly quarantineDir: string;
  /**
   * Cases whose file exists. Only ids are kept: documents are not held here (the service caches
   * the cases it works on), so memory does not grow with every case ever read.
   */
  private readonly existing = new Set<string>();
  private readonly history = new HistoryLogs((caseId) => this.fileOf(caseId, '.history.jsonl'));
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
  /** Every case's index entry. (Reads every document for now: a persisted index replaces this.) */
  async *indexEntries(): AsyncIterable<CaseIndexEntry> {
    for await (const document of this.all()) yield indexEntryOf(document);
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
    if (document.pendingHistory.length > 0 && !this.history.known(caseId)) {
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
   */
  async commit(document: CaseDocument, history: StoredHistoryEntry[]): Promise<void> {
    const synced = this.history.synced(document.caseId);
    const carried = document.pendingHistory.filter((entry) => entry.seq > synced);
    document.pendingHistory = [...carried, ...history];
    const previousRevision = document.revision;
    document.revision = (previousRevision ?? 0) + 1;
    const db = this.db(document.caseId);
    db.data = document;
    try {
      await db.write();
    } catch (error) {
      document.revision = previousRevision;
      throw error;
    }
    this.existing.add(document.caseId);
    await this.history.append(document, carried.length > 0);
  }

  async revision(caseId: string): Promise<number | undefined> {
    const document = await this.load(caseId);
    return document ? (document.revision ?? 0) : undefined;
  }

  readHistory(caseId: string): Promise<StoredHistoryEntry[]> {
    return this.history.read(caseId);
  }

  /** Syncs the history logs appended since their last sync: of one case, or of all. */
  flushHistory(onlyCaseId?: string): Promise<void> {
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
