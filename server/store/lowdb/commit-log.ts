import {
  close,
  closeSync,
  fdatasync,
  fdatasyncSync,
  fsync,
  open as openCallback,
  openSync,
  readdirSync,
  readFileSync,
  unlinkSync,
  write,
  writeSync,
  writevSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { crc32 } from 'node:zlib';
import { storageFailure } from '../storage-error';
import { removeQuietly, syncDirectory } from './durable-json-file';
import { DATA_FILE_MODE, ensureDirectory, writeFully } from './files';

/**
 * Bytes of one log segment, written as zeros when the segment is made. Small enough that a full
 * disk is met by a refused action rather than a log that cannot start, large enough that making a
 * segment (one file created and synced) is rare: a few hundred actions each.
 */
export const SEGMENT_BYTES = 4 * 1024 * 1024;
const HEADER_BYTES = 8;
const SEGMENT_SUFFIX = '.log';
const ZEROS = Buffer.alloc(1024 * 1024);

/** A segment made ahead of need, in the background: zeros, synced, its folder synced. */
interface Spare {
  number: number;
  file: string;
  descriptor: number;
  size: number;
}

interface Segment {
  number: number;
  file: string;
  descriptor: number;
  size: number;
  offset: number;
  /** The case files written while this segment was current: synced before it is removed. */
  written: Set<string>;
  /** Its fdatasyncs, shared by the entries appended meanwhile (see GroupSync). */
  sync: GroupSync;
}

/**
 * The write-ahead log of the case documents (commit-log/<n>.log in the data folder). Each commit
 * appends its document here and syncs it before the case file is written (in place where it fits,
 * see overwriteInPlace), so a commit costs one fdatasync of blocks that exist already. Syncing the
 * case file itself instead makes the file system commit its journal as well, which is a second
 * flush of the disk and waits for every other file's metadata in that journal: on a shared disk
 * it cost twice the time of the log's sync or more (measured for issue 18).
 *
 * A segment is made whole before use (zeros, synced), so appending changes no metadata. An entry
 * is its length and CRC-32 (4 bytes each, little-endian) and the document's JSON; a zero length
 * ends the segment, and a torn or damaged entry ends it too (it was never acknowledged: the sync
 * comes before the answer). When a segment is full the next one is made, and the case files written
 * while the old one was current are synced in the background; then the old one is removed.
 * The next segment is made in the background once the current one is half full, so the commit
 * that fills a segment does not wait for 4 MB to be written and synced (it did, once every few
 * hundred commits: the tail of the commit latency). Start-up replays what is left (see replay)
 * before anything reads a case file; a spare segment holds zeros, so it replays as empty.
 *
 * Group commit: the entry is written at once, and the fdatasync runs at the end of the event
 * loop's turn, once for every entry written in it (see GroupSync): commits that overlap cost one
 * sync, not one each.
 */
export class CommitLog {
  private current: Segment | null = null;
  private next: number;
  /** The syncing of retired segments, one after another. */
  private retiring: Promise<void> = Promise.resolve();
  /** The next segment, once made ahead of need; `preparing` while that runs. */
  private spare: Spare | null = null;
  private preparing: Promise<void> | null = null;

  /**
   * @param writeBehind writes what follows the commits that are durable (the case files written
   * behind them): called before a retired segment's case files are synced and it is removed.
   */
  constructor(
    private readonly directory: string,
    private readonly writeBehind: () => void = () => {},
  ) {
    this.next = highestSegment(directory) + 1;
  }

  /**
   * Appends `payload` (the document's JSON for `caseFile`) and syncs it: when this resolves, the
   * commit is durable. Rejects with a StorageUnavailableError when it is not.
   */
  async append(payload: Buffer, caseFile: string): Promise<void> {
    const segment = this.write(payload, caseFile);
    try {
      await segment.sync.request(segment.offset);
    } catch (error) {
      throw this.syncFailed(segment, error);
    }
  }

  /** Writes the entry (not synced yet) into the current segment, rolling to the next when full. */
  private write(payload: Buffer, caseFile: string): Segment {
    const needed = HEADER_BYTES + payload.length;
    let segment = this.current;
    if (!segment || segment.offset + needed > segment.size) segment = this.roll(needed);
    const header = Buffer.allocUnsafe(HEADER_BYTES);
    header.writeUInt32LE(payload.length, 0);
    header.writeUInt32LE(crc32(payload), 4);
    try {
      // Header and document in one call, without copying the document into an entry buffer.
      let written = writevSync(segment.descriptor, [header, payload], segment.offset);
      while (written < needed) {
        const rest =
          written < HEADER_BYTES
            ? Buffer.concat([header.subarray(written), payload])
            : payload.subarray(written - HEADER_BYTES);
        const count = writeSync(segment.descriptor, rest, 0, rest.length, segment.offset + written);
        if (!(count > 0)) throw new Error(`write made no progress after ${written} of ${needed} bytes`);
        written += count;
      }
    } catch (error) {
      abandonFrom(segment, segment.offset);
      if (this.current === segment) this.retire();
      throw storageFailure(`appending to the commit log ${segment.file}`, error);
    }
    segment.offset += needed;
    segment.written.add(caseFile);
    if (segment.offset > segment.size / 2 && !this.spare && !this.preparing) this.prepareSpare();
    return segment;
  }

  /**
   * A sync of `segment` failed: every entry it did not make durable is refused (its own group,
   * and the next, which waited for it). The first of them is zeroed, so replay stops before them
   * all, and the next commit starts a new segment.
   */
  private syncFailed(segment: Segment, error: unknown): Error {
    if (!segment.sync.failed) {
      segment.sync.failed = true;
      abandonFrom(segment, segment.sync.durableUpTo);
      if (this.current === segment) this.retire();
    }
    return storageFailure(`syncing the commit log ${segment.file}`, error);
  }

  /** Makes the next segment in the background; a failure leaves it to `roll`, which reports it. */
  private prepareSpare(): void {
    const number = this.next++;
    const file = this.segmentFile(number);
    this.preparing = makeSegment(file, SEGMENT_BYTES, this.directory)
      .then((descriptor) => {
        this.spare = { number, file, descriptor, size: SEGMENT_BYTES };
        // Overtaken by a segment made on the spot meanwhile: used now, it would replay out of order.
        if ((this.current?.number ?? -1) > number) this.dropSpare();
      })
      .catch((error: unknown) => {
        console.error(`making the commit log segment ${file} ahead of need failed`, error);
        removeQuietly(file);
      })
      .finally(() => {
        this.preparing = null;
      });
  }

  private dropSpare(): void {
    if (!this.spare) return;
    closeSync(this.spare.descriptor);
    removeQuietly(this.spare.file);
    this.spare = null;
  }

  private segmentFile(number: number): string {
    return path.join(this.directory, `${String(number).padStart(12, '0')}${SEGMENT_SUFFIX}`);
  }

  /** Ends the current segment and makes the next one, big enough for `needed` bytes. */
  private roll(needed: number): Segment {
    this.retire();
    const spare = this.spare;
    if (spare && spare.size >= needed + HEADER_BYTES) {
      this.spare = null;
      this.current = { ...spare, offset: 0, written: new Set(), sync: new GroupSync(spare.descriptor) };
      return this.current;
    }
    // None made ahead (or too small for this document): made now, and numbered after any spare,
    // which is then of no more use.
    this.dropSpare();
    const size = Math.max(SEGMENT_BYTES, needed + HEADER_BYTES);
    const number = this.next;
    const file = this.segmentFile(number);
    let descriptor: number | undefined;
    try {
      ensureDirectory(this.directory);
      descriptor = openSync(file, 'wx', DATA_FILE_MODE);
      for (let written = 0; written < size; written += ZEROS.length) {
        writeFully(descriptor, ZEROS.subarray(0, Math.min(ZEROS.length, size - written)));
      }
      fdatasyncSync(descriptor);
      syncDirectory(this.directory);
    } catch (error) {
      if (descriptor !== undefined) {
        closeSync(descriptor);
        removeQuietly(file);
      }
      throw storageFailure(`making the commit log segment ${file}`, error);
    }
    this.next++;
    this.current = { number, file, descriptor, size, offset: 0, written: new Set(), sync: new GroupSync(descriptor) };
    return this.current;
  }

  /**
   * Takes the current segment out of use: in the background, once its last sync has settled and
   * the commits it made durable have written their case files (writeBehind), those files are
   * synced (with their folders, which hold the renames), then it is removed. A failure leaves it
   * in place, and start-up replays it.
   */
  private retire(): void {
    const segment = this.current;
    if (!segment) return;
    this.current = null;
    this.retiring = this.retiring.then(async () => {
      await segment.sync.settled();
      // A commit goes on (and queues its write behind) in the microtasks after its sync: by the
      // next turn of the event loop, every commit of this segment has.
      await new Promise((resolve) => setImmediate(resolve));
      try {
        // Inside the try: a link of `retiring` that rejected would skip every later checkpoint.
        closeSync(segment.descriptor);
        this.writeBehind();
        await checkpoint(segment);
      } catch (error) {
        console.error(`syncing the case files of ${segment.file} failed; start-up replays it`, error);
      }
    });
  }

  /** At shutdown (and in tests): every case file synced and the log empty. */
  async close(): Promise<void> {
    this.retire();
    await this.preparing;
    this.dropSpare();
    await this.retiring;
  }
}

/**
 * The fdatasyncs of one segment: one per turn of the event loop, at its end (setImmediate), for
 * every entry written in that turn. Requests that arrive together (read from their sockets in one
 * turn) each write their entry and share that sync; one request alone waits for nothing more than
 * before. The sync blocks the event loop, on purpose: through the thread pool it cost one user
 * acting alone 0.6 ms more at the median and 12 ms more at the 99th percentile on this machine
 * (bench:compare, issue 18), for 5-10 % more completions per second under eight users.
 */
class GroupSync {
  /** The segment's bytes made durable by the last sync that succeeded. */
  durableUpTo = 0;
  /** A sync failed: the entries after durableUpTo are refused (see CommitLog.syncFailed). */
  failed = false;
  /** The sync at the end of this turn, and the segment's end it is to cover. */
  private pending: { upTo: number; done: Promise<void>; settle: (error?: unknown) => void } | null = null;

  constructor(private readonly descriptor: number) {}

  /** Resolves once the sync at the end of this turn has succeeded; `upTo` is the segment's end now. */
  request(upTo: number): Promise<void> {
    if (!this.pending) {
      let settle: (error?: unknown) => void = () => {};
      const done = new Promise<void>((resolve, reject) => {
        settle = (error) => (error === undefined ? resolve() : reject(error));
      });
      this.pending = { upTo, done, settle };
      setImmediate(() => this.sync());
    }
    this.pending.upTo = upTo;
    return this.pending.done;
  }

  private sync(): void {
    const batch = this.pending;
    if (!batch) return;
    this.pending = null;
    try {
      fdatasyncSync(this.descriptor);
    } catch (error) {
      batch.settle(error ?? new Error('fdatasync failed'));
      return;
    }
    this.durableUpTo = batch.upTo;
    batch.settle();
  }

  /** Resolves (never rejects) once no sync waits. */
  async settled(): Promise<void> {
    await this.pending?.done.catch(() => undefined);
  }
}

/**
 * Refuses every entry of `segment` from `offset` on, best effort: the header there is zeroed and
 * synced, so replay stops before it. What was written may still reach the disk whole; should the
 * zeroing fail too, a later entry of the same case and revision wins at replay anyway.
 */
function abandonFrom(segment: Segment, offset: number): void {
  try {
    writeSync(segment.descriptor, Buffer.alloc(HEADER_BYTES), 0, HEADER_BYTES, offset);
    fdatasyncSync(segment.descriptor);
  } catch {
    // The disk refuses writes altogether; the caller's error says so.
  }
}

/**
 * Creates a segment file of `size` zero bytes, synced with its folder, without blocking the event
 * loop; answers its open descriptor. A plain descriptor, not a FileHandle: a FileHandle that is
 * no longer referenced closes its descriptor when it is collected, under the log's feet.
 */
async function makeSegment(file: string, size: number, directory: string): Promise<number> {
  const descriptor = await promisify(openCallback)(file, 'wx', DATA_FILE_MODE);
  try {
    for (let written = 0; written < size; ) {
      const count = await writeAt(descriptor, ZEROS, 0, Math.min(ZEROS.length, size - written), written);
      if (!(count > 0)) throw new Error(`write made no progress after ${written} of ${size} bytes`);
      written += count;
    }
    await promisify(fdatasync)(descriptor);
    const folder = await promisify(openCallback)(directory, 'r');
    try {
      await promisify(fsync)(folder);
    } finally {
      await promisify(close)(folder);
    }
  } catch (error) {
    await promisify(close)(descriptor);
    throw error;
  }
  return descriptor;
}

/** fs.write at a position, as a promise of the bytes written. */
function writeAt(
  descriptor: number,
  buffer: Buffer,
  offset: number,
  length: number,
  position: number,
): Promise<number> {
  return new Promise((resolve, reject) =>
    write(descriptor, buffer, offset, length, position, (error, count) => (error ? reject(error) : resolve(count))),
  );
}

/** Syncs the case files a segment stands for, then removes it. */
async function checkpoint(segment: Segment): Promise<void> {
  const folders = new Set<string>();
  for (const file of segment.written) {
    folders.add(path.dirname(file));
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      // Moved to quarantine meanwhile: nothing of it is left to sync here.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    try {
      // fsync, not fdatasync: a file overwritten in place is known by its mtime (see
      // overwriteInPlace), which must be on disk before the log that stands for it is gone.
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
  for (const folder of folders) {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
  unlinkSync(segment.file);
}

/**
 * Start-up, before anything reads a case file: every document the segments left by the last run
 * hold, the last one per case (by revision), handed to `apply`, which brings the case file up to
 * it durably and answers whether it had to; then the segments are removed. Answers how many case
 * files were written. Runs synchronously, on at most a few segments.
 */
export function replayCommitLog(
  directory: string,
  apply: (document: { caseId: string; revision: number }, json: string) => boolean,
): number {
  const segments = segmentFiles(directory);
  if (segments.length === 0) return 0;
  const latest = new Map<string, { revision: number; json: string }>();
  for (const file of segments) {
    for (const json of entriesOf(file)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(json);
      } catch {
        continue;
      }
      const { caseId, revision } = (parsed ?? {}) as { caseId?: unknown; revision?: unknown };
      if (typeof caseId !== 'string' || typeof revision !== 'number') continue;
      // On equal revisions the later entry wins: an earlier one is of a refused commit.
      if ((latest.get(caseId)?.revision ?? -1) <= revision) latest.set(caseId, { revision, json });
    }
  }
  let rewritten = 0;
  for (const [caseId, { revision, json }] of latest) if (apply({ caseId, revision }, json)) rewritten++;
  for (const file of segments) unlinkSync(file);
  syncDirectory(directory);
  return rewritten;
}

/** The whole entries of one segment, in order, up to the first zero length or damaged entry. */
function* entriesOf(file: string): Generator<string> {
  const content = readFileSync(file);
  let offset = 0;
  while (offset + HEADER_BYTES <= content.length) {
    const length = content.readUInt32LE(offset);
    if (length === 0 || offset + HEADER_BYTES + length > content.length) return;
    const payload = content.subarray(offset + HEADER_BYTES, offset + HEADER_BYTES + length);
    if (crc32(payload) !== content.readUInt32LE(offset + 4)) return;
    yield payload.toString('utf8');
    offset += HEADER_BYTES + length;
  }
}

function segmentFiles(directory: string): string[] {
  try {
    return readdirSync(directory)
      .filter((name) => name.endsWith(SEGMENT_SUFFIX))
      .sort()
      .map((name) => path.join(directory, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function highestSegment(directory: string): number {
  const files = segmentFiles(directory);
  return files.length === 0 ? 0 : Number.parseInt(path.basename(files[files.length - 1]!), 10) || 0;
}
