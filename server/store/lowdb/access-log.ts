import { createHash } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  existsSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import {
  asChainedLine,
  type ChainedLine,
  CLOCK_SKEW_MS,
  chainedLine,
  chainHash,
  GENESIS,
  parseLine,
} from '../../audit/chain';
import { StorageUnavailableError } from '../storage-error';
import type { AccessLog, AccessLogEntry, AccessLogFilter, AccessLogRecord } from '../store';
import { appendToDescriptor, DATA_FILE_MODE, writeFully } from './files';

/** Far more than a few lines: the start-up reads only this much of the end of the log. */
const TAIL_BYTES = 64 * 1024;
/** Searches read the log backwards in pieces of this size. */
const CHUNK_BYTES = 64 * 1024;

/**
 * The NEN 7513 access log as a JSON-lines file, hash-chained (see ../../audit/chain.ts).
 *
 * Reads are logged without an fsync each (a read changes nothing), but each line is appended
 * whole before the read is answered: a read that cannot be logged is refused (NEN 7513), and a
 * failed append leaves no torn line.
 *
 * At start-up the chain continues from the file's last line, read from the file's tail only. A
 * torn last line (a crash mid-append) that is not a whole chained line is moved to
 * `access-log.torn-<time>.txt` beside it and cut off, with a warning. A file from before the
 * chain (no `hash` on its last line) is moved aside whole to `access-log.legacy.jsonl`, unchanged,
 * and sealed: the first line of the new chain links to the SHA-256 of that file, so verify also
 * notices when the legacy file is changed or removed.
 */
export class FileAccessLog implements AccessLog {
  private descriptor: number | undefined;
  /** The file's length while this log is sure of it; undefined after a tail it could not cut off. */
  private size: number | undefined;
  private seq = 0;
  private prev = GENESIS;
  private readonly legacyFile: string;

  constructor(private readonly file: string) {
    this.legacyFile = path.join(path.dirname(file), 'access-log.legacy.jsonl');
    this.continueChain();
  }

  /**
   * Writes synchronously (an appended, synced line), so the returned promise is settled by the time
   * it is returned; a failed write throws at once.
   */
  record(entry: AccessLogEntry): Promise<void> {
    const userDetail =
      'Het inzien kon niet worden vastgelegd, omdat de opslag van de server nu niet beschikbaar is; daarom wordt het niet getoond. Probeer het later opnieuw.';
    const record: AccessLogRecord = { ...entry, seq: this.seq + 1 };
    const { line, hash } = chainedLine(record, this.prev);
    try {
      this.append(line);
    } catch (error) {
      throw new StorageUnavailableError(`logging a read in ${this.file} failed`, { cause: error, userDetail });
    }
    this.seq = record.seq;
    this.prev = hash;
    return Promise.resolve();
  }

  /**
   * Reads the file backwards from the cursor (a byte offset where a line starts), so the newest
   * entries come first and a page near the end costs little. A search whose filter matches little
   * reads on until the start of the file, or until `from` is passed: at most one pass over the
   * part of the file before the cursor. The file's size is taken first, so a line being appended
   * meanwhile is never read half.
   */
  async *search(filter: AccessLogFilter, cursor?: string): AsyncIterable<{ record: AccessLogRecord; cursor: string }> {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(this.file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    try {
      const size = (await handle.stat()).size;
      let position = cursor === undefined ? size : Math.min(Number(cursor), size);
      let rest = Buffer.alloc(0);
      while (position > 0 || rest.length > 0) {
        const start = Math.max(0, position - CHUNK_BYTES);
        const chunk = Buffer.alloc(position - start);
        if (chunk.length > 0) await handle.read(chunk, 0, chunk.length, start);
        const buffer = rest.length > 0 ? Buffer.concat([chunk, rest]) : chunk;
        const lines: Array<{ offset: number; text: string }> = [];
        let end = buffer.length;
        while (end > 0) {
          const newline = buffer.lastIndexOf(0x0a, end - 1);
          if (newline < 0) break;
          if (end > newline + 1)
            lines.push({ offset: start + newline + 1, text: buffer.toString('utf8', newline + 1, end) });
          end = newline;
        }
        if (start === 0 && end > 0) lines.push({ offset: 0, text: buffer.toString('utf8', 0, end) });
        rest = start === 0 ? Buffer.alloc(0) : buffer.subarray(0, end);
        position = start;
        for (const { offset, text } of lines) {
          const line = asChainedLine(parseLine(text));
          if (!line) continue;
          const at = Date.parse(line.at);
          // Lines are in time order (verify checks it), up to clock corrections.
          if (filter.from !== undefined && at < filter.from - CLOCK_SKEW_MS) return;
          if (!matches(line, at, filter)) continue;
          yield { record: recordOf(line), cursor: String(offset) };
        }
      }
    } finally {
      await handle.close();
    }
  }

  async verify(): Promise<{ entries: number; intact: boolean; firstBrokenAt?: number }> {
    let prev = existsSync(this.legacyFile) ? await digestOf(this.legacyFile) : GENESIS;
    let size: number;
    try {
      const descriptor = openSync(this.file, 'r');
      size = fstatSync(descriptor).size;
      closeSync(descriptor);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: 0, intact: true };
      throw error;
    }
    if (size === 0) return { entries: 0, intact: true };
    let entries = 0;
    let firstBrokenAt: number | undefined;
    let latest = Number.NEGATIVE_INFINITY;
    const lines = createInterface({
      input: createReadStream(this.file, { start: 0, end: size - 1 }),
      crlfDelay: Infinity,
    });
    for await (const text of lines) {
      entries += 1;
      if (firstBrokenAt !== undefined) continue;
      const line = asChainedLine(parseLine(text));
      const at = line ? Date.parse(line.at) : Number.NaN;
      if (
        !line ||
        line.seq !== entries ||
        line.prev !== prev ||
        chainHash(prev, { ...line }) !== line.hash ||
        Number.isNaN(at) ||
        at < latest - CLOCK_SKEW_MS
      ) {
        firstBrokenAt = entries;
        continue;
      }
      prev = line.hash;
      latest = Math.max(latest, at);
    }
    return firstBrokenAt === undefined ? { entries, intact: true } : { entries, intact: false, firstBrokenAt };
  }

  /**
   * Appends the line whole or not at all. The start-up left the file ending in a newline and
   * only this log appends to it, so its length is known: no stat or read per line (a list of a
   * thousand cases logs a thousand lines), and a failed write is cut back to that length.
   */
  private append(line: string): void {
    if (this.descriptor === undefined) {
      this.descriptor = openSync(this.file, 'a+', DATA_FILE_MODE);
      this.size = fstatSync(this.descriptor).size;
    }
    if (this.size === undefined) {
      appendToDescriptor(this.descriptor, this.file, line);
      return;
    }
    const buffer = Buffer.from(line);
    try {
      writeFully(this.descriptor, buffer);
      this.size += buffer.length;
    } catch (error) {
      try {
        ftruncateSync(this.descriptor, this.size);
      } catch (truncateError) {
        // The torn tail stays until the next start-up sets it aside; the next append checks for it.
        console.error(`could not cut ${this.file} back to ${this.size} bytes after a failed append`, truncateError);
        this.size = undefined;
      }
      throw error;
    }
  }

  close(): void {
    if (this.descriptor === undefined) return;
    closeSync(this.descriptor);
    this.descriptor = undefined;
  }

  /** Finds where the chain stands from the end of the file (see the class comment). */
  private continueChain(): void {
    if (!existsSync(this.file)) {
      this.startAfterLegacy();
      return;
    }
    const descriptor = openSync(this.file, 'r+');
    try {
      const size = fstatSync(descriptor).size;
      if (size === 0) {
        this.startAfterLegacy();
        return;
      }
      const start = Math.max(0, size - TAIL_BYTES);
      const tail = Buffer.alloc(size - start);
      readSync(descriptor, tail, 0, tail.length, start);
      let complete: Buffer = tail;
      const lastNewline = tail.lastIndexOf(0x0a);
      if (lastNewline !== tail.length - 1) {
        complete = this.repairTornTail(descriptor, tail, start, lastNewline);
      }
      const texts = complete.toString('utf8').split('\n');
      // The first piece of the tail may start mid-line; it only counts when the tail is the whole file.
      if (start > 0) texts.shift();
      const lines = texts.filter((text) => text !== '').map((text) => asChainedLine(parseLine(text)));
      const last = lines.findLast((line) => line !== undefined);
      if (last) {
        if (lines.at(-1) === undefined) {
          console.warn(`${this.file}: its last line is unreadable; the chain continues from seq ${last.seq}`);
        }
        this.seq = last.seq;
        this.prev = last.hash;
        return;
      }
      if (start > 0 && asChainedLine(parseLine(firstLine(descriptor))) !== undefined) {
        // A chained log whose end is unreadable: moving it aside as legacy would hide that, and
        // guessing where the chain stands would break it further. An operator must look.
        throw new Error(`${this.file}: its last ${tail.length} bytes hold no log line; inspect the file`);
      }
    } finally {
      closeSync(descriptor);
    }
    // No chained line at the end: a log from before the chain.
    if (existsSync(this.legacyFile)) throw new Error(`${this.file} has no hash chain, and ${this.legacyFile} exists`);
    renameSync(this.file, this.legacyFile);
    console.warn(`${this.file} was written before the hash chain; kept unchanged as ${this.legacyFile}`);
    this.startAfterLegacy();
  }

  /**
   * The last line has no newline: the append of a crash. A whole chained line (only its newline
   * missing) gets its newline; anything else is cut off and kept beside the log for inspection.
   * Returns the tail up to and including its last newline.
   */
  private repairTornTail(descriptor: number, tail: Buffer, tailStart: number, lastNewline: number): Buffer {
    const fragment = tail.subarray(lastNewline + 1);
    const line = asChainedLine(parseLine(fragment.toString('utf8')));
    const before = tail.subarray(0, lastNewline + 1);
    const previous = before.toString('utf8').trimEnd().split('\n').at(-1) ?? '';
    const predecessor = asChainedLine(parseLine(previous));
    const prev = predecessor?.hash ?? GENESIS;
    if (line && line.prev === prev && chainHash(prev, { ...line }) === line.hash) {
      // At the end explicitly: the descriptor is not opened for appending.
      writeSync(descriptor, '\n', tailStart + tail.length);
      return Buffer.concat([tail, Buffer.from('\n')]);
    }
    const aside = path.join(path.dirname(this.file), `access-log.torn-${Date.now()}.txt`);
    writeFileSync(aside, fragment, { mode: DATA_FILE_MODE });
    ftruncateSync(descriptor, tailStart + lastNewline + 1);
    console.warn(`${this.file}: its last line was torn (${fragment.length} bytes), moved to ${aside}`);
    return before;
  }

  private startAfterLegacy(): void {
    this.seq = 0;
    this.prev = existsSync(this.legacyFile) ? digestOfSync(this.legacyFile) : GENESIS;
  }
}

function firstLine(descriptor: number): string {
  const head = Buffer.alloc(4096);
  const read = readSync(descriptor, head, 0, head.length, 0);
  return head.toString('utf8', 0, read).split('\n')[0] ?? '';
}

function matches(line: ChainedLine, at: number, filter: AccessLogFilter): boolean {
  if (filter.caseId !== undefined && line.caseId !== filter.caseId) return false;
  if (filter.userId !== undefined && line.userId !== filter.userId) return false;
  if (filter.from !== undefined && at < filter.from) return false;
  if (filter.to !== undefined && at > filter.to) return false;
  return true;
}

function recordOf(line: ChainedLine): AccessLogRecord {
  return {
    seq: line.seq,
    at: line.at,
    userId: line.userId,
    action: line.action,
    resource: line.resource,
    ...(typeof line.caseId === 'string' ? { caseId: line.caseId } : {}),
    ...(typeof line.address === 'string' ? { address: line.address } : {}),
    ...(typeof line.session === 'string' ? { session: line.session } : {}),
  };
}

async function digestOf(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function digestOfSync(file: string): string {
  const hash = createHash('sha256');
  const descriptor = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    for (;;) {
      const read = readSync(descriptor, buffer, 0, buffer.length, null);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
    }
  } finally {
    closeSync(descriptor);
  }
  return hash.digest('hex');
}
