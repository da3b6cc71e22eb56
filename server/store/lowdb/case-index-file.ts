import { randomBytes } from 'node:crypto';
import { closeSync, fdatasyncSync, ftruncateSync, openSync, readSync, renameSync, unlinkSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { type CaseDocument, type CaseIndexEntry, indexView } from '../store';
import { TEMPORARY_SUFFIX } from './durable-json-file';
import { DATA_FILE_MODE, type FileIdentity, writeFully } from './files';

/** One line of the index file, less its entry (which is parsed only when it is used). */
interface LineHeader extends FileIdentity {
  caseId: string;
  revision: number;
}

/** Below this many superseded lines the file is never compacted: rewriting it would cost more than it saves. */
const COMPACT_SLACK = 64;
const CHUNK_BYTES = 1 << 20;
const ENTRY_KEY = Buffer.from(',"entry":');
const NEWLINE = 0x0a;
const NEWLINE_BYTE = Buffer.from('\n');

/**
 * cases/index.jsonl: each case's index entry (see CaseIndexEntry), so that start-up rebuilds the
 * indexes without reading every case document. Append-only, one line per commit, the last line of a
 * case wins:
 *   {"caseId":…,"revision":…,"ino":…,"size":…,"mtimeMs":…,"entry":{…}}
 * with the identity of the case file that commit wrote. A line is written after its commit is
 * durable and is never synced: the file is a cache that start-up checks against the case files
 * (readdir + stat), never the record. A case file whose identity is not that of its last line (the
 * line was lost in a crash or torn, the file was restored or edited by hand) is read in full.
 */
export class CaseIndexFile {
  private descriptor: number | null = null;
  /** Bytes and lines of the file as this process knows it. */
  private length = 0;
  private lines = 0;
  /** False when the file ends in a torn line: the next line must then start on a line of its own. */
  private endsWithNewline = true;
  private compacting = false;
  private retryAfterLines = 0;
  private closed = false;

  constructor(readonly file: string) {}

  /**
   * Start-up: the index entry of every case file in `files` (case id → identity now on disk):
   * from the index file where its last line names the file as it is and the case is not in
   * `untrusted`, otherwise from `reread`
   * (which reads the document, or sets it aside and answers undefined). Lines of cases without a
   * file are dropped. Compacts the file when most of its lines are superseded.
   */
  async *recover(
    files: ReadonlyMap<string, FileIdentity>,
    untrusted: ReadonlySet<string>,
    reread: (caseId: string) => Promise<CaseDocument | undefined>,
  ): AsyncIterable<CaseIndexEntry> {
    const last = new Map<string, LineHeader & { ordinal: number }>();
    const extent: ReadExtent = { bytes: 0, endsWithNewline: true };
    let lines = 0;
    for await (const chunk of chunksOf(this.file, undefined, extent)) {
      lines += chunk.count;
      forEachLine(chunk.data, (start, end, at) => {
        const header = headerOf(chunk.data, start, end);
        if (header) last.set(header.caseId, { ...header, ordinal: chunk.first + at });
      });
    }
    this.length = extent.bytes;
    this.endsWithNewline = extent.endsWithNewline;
    const trusted = new Map<number, string>();
    for (const [caseId, header] of last) {
      const identity = files.get(caseId);
      if (identity && !untrusted.has(caseId) && sameIdentity(identity, header)) trusted.set(header.ordinal, caseId);
    }
    last.clear();
    const compacted = lines > 2 * files.size + COMPACT_SLACK ? CompactedFile.begin(this.file) : null;
    const fresh: string[] = [];
    let fromIndex = 0;
    let reread_ = 0;
    try {
      const found = new Set<string>();
      if (trusted.size > 0) {
        for await (const chunk of chunksOf(this.file, this.length)) {
          const lines = linesOf(chunk);
          for (let at = 0; at < lines.length; at++) {
            const caseId = trusted.get(chunk.first + at);
            if (caseId === undefined) continue;
            const line = lines[at]!;
            const entry = entryOf(line, caseId);
            if (!entry) continue;
            found.add(caseId);
            compacted?.add(line);
            fromIndex++;
            yield entry;
          }
        }
      }
      for (const [caseId, identity] of files) {
        if (found.has(caseId)) continue;
        const document = await reread(caseId);
        if (!document) continue;
        reread_++;
        const text = lineOf(document, identity);
        compacted?.addText(text);
        fresh.push(text);
        yield indexView(document);
      }
      const done = compacted?.finishQuietly();
      if (done) {
        this.length = done.bytes;
        this.lines = done.count;
        this.endsWithNewline = true;
      } else {
        this.lines = lines;
        if (fresh.length > 0) this.appendText(fresh.join(''), fresh.length);
      }
    } finally {
      compacted?.abandon();
    }
    console.log(
      `case index: ${fromIndex} case(s) from ${path.basename(this.file)}, ${reread_} case file(s) read in full${compacted ? ', index compacted' : ''}`,
    );
  }

  /**
   * After a durable commit: the case's new line, from its entry (`prepareEntry`, taken when it was
   * committed) and the identity of its file as written. A failure is logged, not thrown: the commit
   * is stored, and start-up reads this case's file in full since its line does not name it.
   */
  append(entry: PreparedEntry, identity: FileIdentity, cases: number): void {
    this.appendText(entry(identity), 1);
    if (this.lines > 2 * cases + COMPACT_SLACK && this.lines >= this.retryAfterLines && !this.compacting) {
      this.compacting = true;
      this.compact()
        .catch((error: unknown) => {
          // A full disk: not again at every commit, but once as many lines again were appended.
          this.retryAfterLines = this.lines + cases + COMPACT_SLACK;
          console.error(`compacting ${this.file} failed`, error);
        })
        .finally(() => {
          this.compacting = false;
        });
    }
  }

  private appendText(text: string, count: number): void {
    if (this.closed) return;
    const buffer = Buffer.from(this.endsWithNewline ? text : `\n${text}`);
    try {
      this.descriptor ??= openSync(this.file, 'a', DATA_FILE_MODE);
      writeFully(this.descriptor, buffer);
      this.length += buffer.length;
      this.lines += count;
      this.endsWithNewline = true;
    } catch (error) {
      console.error(`appending to ${this.file} failed; start-up reads the case file instead`, error);
      if (this.descriptor !== null) {
        try {
          ftruncateSync(this.descriptor, this.length);
        } catch {
          // A torn line stays: start-up skips what it cannot parse.
          this.endsWithNewline = false;
        }
      }
    }
  }

  /**
   * Rewrites the file with each case's last line only, while commits go on appending to the old
   * one: the lines appended meanwhile are copied over in the final, synchronous step (no append
   * can come between it and the rename), and a crash at any point leaves either file whole.
   */
  private async compact(): Promise<void> {
    const end = this.length;
    const last = new Map<string, number>();
    for await (const chunk of chunksOf(this.file, end)) {
      forEachLine(chunk.data, (start, lineEnd, at) => {
        const header = headerOf(chunk.data, start, lineEnd);
        if (header) last.set(header.caseId, chunk.first + at);
      });
    }
    const keep = new Set(last.values());
    last.clear();
    const compacted = new CompactedFile(this.file);
    try {
      for await (const chunk of chunksOf(this.file, end)) {
        forEachLine(chunk.data, (start, lineEnd, at) => {
          if (keep.has(chunk.first + at)) compacted.addLine(chunk.data.subarray(start, lineEnd));
        });
      }
      if (this.closed) return;
      let tailEndsWithNewline = true;
      if (this.length > end) {
        const tail = Buffer.alloc(this.length - end);
        const descriptor = openSync(this.file, 'r');
        try {
          readSync(descriptor, tail, 0, tail.length, end);
        } finally {
          closeSync(descriptor);
        }
        compacted.addRaw(tail, countLines(tail));
        tailEndsWithNewline = tail[tail.length - 1] === NEWLINE;
      }
      const { bytes, count } = compacted.finish();
      if (this.descriptor !== null) closeSync(this.descriptor);
      this.descriptor = null;
      this.length = bytes;
      this.lines = count;
      this.endsWithNewline = tailEndsWithNewline;
    } finally {
      compacted.abandon();
    }
  }

  close(): void {
    this.closed = true;
    if (this.descriptor !== null) closeSync(this.descriptor);
    this.descriptor = null;
  }
}

function lineOf(document: CaseDocument, identity: FileIdentity): string {
  return prepareEntry(document)(identity);
}

/** A case's index line, but for the identity of its file: see prepareEntry. */
export type PreparedEntry = (identity: FileIdentity) => string;

/**
 * The index line of a document as it is now, once its file's identity is known: the document is
 * read at once (the next action changes it), the identity may come later (its file is written after
 * the commit is durable).
 */
export function prepareEntry(document: CaseDocument): PreparedEntry {
  const caseId = document.caseId;
  const revision = document.revision ?? 0;
  const entry = JSON.stringify(indexView(document));
  return (identity) => {
    const header: LineHeader = { caseId, revision, ino: identity.ino, size: identity.size, mtimeMs: identity.mtimeMs };
    return `${JSON.stringify(header).slice(0, -1)},"entry":${entry}}\n`;
  };
}

/**
 * The header of the line at [start, end) without decoding or parsing its entry: the header's values are a JSON-escaped string
 * and numbers, so the first `,"entry":` is where the entry starts.
 */
function headerOf(data: Buffer, start: number, end: number): LineHeader | undefined {
  const entryAt = data.indexOf(ENTRY_KEY, start);
  if (entryAt < 0 || entryAt > end) return undefined;
  try {
    const header = JSON.parse(`${data.toString('utf8', start, entryAt)}}`) as Partial<LineHeader>;
    if (
      typeof header.caseId !== 'string' ||
      typeof header.revision !== 'number' ||
      typeof header.ino !== 'number' ||
      typeof header.size !== 'number' ||
      typeof header.mtimeMs !== 'number'
    )
      return undefined;
    return header as LineHeader;
  } catch {
    return undefined;
  }
}

function entryOf(line: string, caseId: string): CaseIndexEntry | undefined {
  try {
    const parsed = JSON.parse(line) as { entry?: CaseIndexEntry };
    const entry = parsed.entry;
    if (typeof entry !== 'object' || entry === null || entry.caseId !== caseId) return undefined;
    if (typeof entry.instances !== 'object' || typeof entry.tasks !== 'object' || typeof entry.timers !== 'object')
      return undefined;
    return entry;
  } catch {
    console.warn(`skipping a torn line of the case index for case ${caseId}`);
    return undefined;
  }
}

function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

function countLines(buffer: Buffer): number {
  let count = 0;
  for (let at = buffer.indexOf(NEWLINE); at >= 0; at = buffer.indexOf(NEWLINE, at + 1)) count++;
  return count;
}

/** How far a read of the file went: its bytes, and whether it ended in a newline. */
interface ReadExtent {
  bytes: number;
  endsWithNewline: boolean;
}

/** A run of whole lines of the file (without the newline after the last), the first numbered `first`. */
interface Chunk {
  first: number;
  data: Buffer;
  count: number;
}

/**
 * The file up to `end` bytes in chunks of whole lines; its non-empty lines are numbered from 0, the
 * same way by every read of the same bytes. When the file does not end in a newline (a torn
 * append), its last line comes last, alone. Memory does not grow with the file.
 */
async function* chunksOf(
  file: string,
  end = Number.POSITIVE_INFINITY,
  extent: ReadExtent = { bytes: 0, endsWithNewline: true },
): AsyncGenerator<Chunk> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    let ordinal = 0;
    let carry = Buffer.alloc(0);
    let position = 0;
    while (position < end) {
      const size = Math.min(CHUNK_BYTES, end - position);
      const read = Buffer.allocUnsafe(size);
      const { bytesRead } = await handle.read(read, 0, size, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const data = carry.length > 0 ? Buffer.concat([carry, read.subarray(0, bytesRead)]) : read.subarray(0, bytesRead);
      const lastNewline = data.lastIndexOf(NEWLINE);
      if (lastNewline < 0) {
        carry = data;
        continue;
      }
      carry = Buffer.from(data.subarray(lastNewline + 1));
      const chunk = data.subarray(0, lastNewline);
      const count = forEachLine(chunk, () => undefined);
      yield { first: ordinal, data: chunk, count };
      ordinal += count;
    }
    extent.bytes = position;
    extent.endsWithNewline = carry.length === 0;
    if (carry.length > 0) yield { first: ordinal, data: carry, count: 1 };
  } finally {
    await handle.close();
  }
}

/** Calls `visit` with the bounds and number of each non-empty line of the chunk; answers how many. */
function forEachLine(data: Buffer, visit: (start: number, end: number, ordinal: number) => void): number {
  let count = 0;
  for (let start = 0; start < data.length; ) {
    let end = data.indexOf(NEWLINE, start);
    if (end < 0) end = data.length;
    if (end > start) visit(start, end, count++);
    start = end + 1;
  }
  return count;
}

/** The chunk's non-empty lines, decoded at once (the chunk holds whole lines, so no character is split). */
function linesOf(chunk: Chunk): string[] {
  return chunk.data
    .toString('utf8')
    .split('\n')
    .filter((line) => line.length > 0);
}

/** A new index file written beside the old one and renamed over it once whole and synced. */
class CompactedFile {
  private readonly temporary: string;
  private descriptor: number | null;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private bytes = 0;
  private count = 0;

  constructor(private readonly file: string) {
    this.temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}${TEMPORARY_SUFFIX}`;
    this.descriptor = openSync(this.temporary, 'wx', DATA_FILE_MODE);
  }

  /** A compaction at start-up is an optimisation: when it cannot even begin, start-up goes on without. */
  static begin(file: string): CompactedFile | null {
    try {
      return new CompactedFile(file);
    } catch (error) {
      console.error(`cannot compact ${file}`, error);
      return null;
    }
  }

  /** A line, without its newline. */
  add(line: string): void {
    this.addRaw(Buffer.from(`${line}\n`), 1);
  }

  /** A line's bytes, without its newline (kept, not copied, until written). */
  addLine(line: Buffer): void {
    if (this.descriptor === null) return;
    this.pending.push(line, NEWLINE_BYTE);
    this.pendingBytes += line.length + 1;
    this.count++;
    if (this.pendingBytes >= CHUNK_BYTES) this.write();
  }

  /** A line with its newline. */
  addText(text: string): void {
    this.addRaw(Buffer.from(text), 1);
  }

  addRaw(buffer: Buffer, lines: number): void {
    if (this.descriptor === null) return;
    this.pending.push(buffer);
    this.pendingBytes += buffer.length;
    this.count += lines;
    if (this.pendingBytes >= CHUNK_BYTES) this.write();
  }

  private write(): void {
    if (this.descriptor === null || this.pending.length === 0) return;
    const buffer = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    try {
      writeFully(this.descriptor, buffer);
    } catch (error) {
      // A full disk: the old file stays in use, and finish() says so.
      console.error(`writing the compacted ${this.file} failed`, error);
      this.abandon();
      return;
    }
    this.bytes += buffer.length;
  }

  /** Syncs the new file and renames it over the old one. */
  finish(): { bytes: number; count: number } {
    this.write();
    const descriptor = this.descriptor;
    if (descriptor === null) throw new Error(`the compacted ${this.file} could not be written`);
    fdatasyncSync(descriptor);
    closeSync(descriptor);
    this.descriptor = null;
    renameSync(this.temporary, this.file);
    return { bytes: this.bytes, count: this.count };
  }

  /** As finish(), but a failure (a full disk) is logged and leaves the old file in use. */
  finishQuietly(): { bytes: number; count: number } | undefined {
    try {
      return this.finish();
    } catch (error) {
      console.error(`compacting ${this.file} failed; the old file stays in use`, error);
      this.abandon();
      return undefined;
    }
  }

  /** Removes the new file unless it was finished. */
  abandon(): void {
    if (this.descriptor === null) return;
    closeSync(this.descriptor);
    this.descriptor = null;
    try {
      unlinkSync(this.temporary);
    } catch {
      // Start-up removes leftover temporary files.
    }
  }
}
