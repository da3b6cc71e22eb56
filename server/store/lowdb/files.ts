import { closeSync, fstatSync, ftruncateSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { storageFailure } from '../storage-error';

/** What identifies one version of a file: it changes whenever the file is replaced or edited. */
export interface FileIdentity {
  ino: number;
  size: number;
  mtimeMs: number;
}

/** Data files hold youth-care case data: only the server's own user may read them. */
export const DATA_FILE_MODE = 0o600;
export const DATA_DIRECTORY_MODE = 0o700;

/**
 * Writes all of `buffer` at the descriptor's position. writeSync may write less than asked (a
 * full disk gives a short write, not an exception); the rest is written in further calls, and a
 * call that makes no progress is a failure rather than an endless loop.
 */
export function writeFully(descriptor: number, buffer: Buffer): void {
  let offset = 0;
  while (offset < buffer.length) {
    const written = writeSync(descriptor, buffer, offset, buffer.length - offset);
    if (!(written > 0)) throw new Error(`write made no progress after ${offset} of ${buffer.length} bytes`);
    offset += written;
  }
}

export function ensureDirectory(directory: string): void {
  mkdirSync(directory, { recursive: true, mode: DATA_DIRECTORY_MODE });
}

/**
 * Appends `text` whole or not at all: when the write fails part-way, the file is cut back to
 * its previous length, so no torn line is left for readers to trip over. Not synced: callers
 * that need durability sync later (the history logs) or accept the page cache (the access log).
 * Throws a StorageUnavailableError when the text is not appended.
 */
export function appendWhole(file: string, text: string): void {
  let descriptor: number;
  try {
    descriptor = openSync(file, 'a+', DATA_FILE_MODE);
  } catch (error) {
    throw storageFailure(`opening ${file} to append`, error);
  }
  try {
    appendToDescriptor(descriptor, file, text);
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Appends to a descriptor opened with 'a+' (see appendWhole). When an earlier torn tail could not
 * be cut off, the new text starts on a line of its own, so it is not glued to the fragment.
 */
export function appendToDescriptor(descriptor: number, file: string, text: string): void {
  let length: number | undefined;
  try {
    length = fstatSync(descriptor).size;
    const prefix = length > 0 && !endsWithNewline(descriptor, length) ? '\n' : '';
    writeFully(descriptor, Buffer.from(prefix + text));
  } catch (error) {
    if (length !== undefined) {
      try {
        ftruncateSync(descriptor, length);
      } catch (truncateError) {
        // The torn tail stays; readers skip lines they cannot parse, so it costs one line at most.
        console.error(`could not cut ${file} back to ${length} bytes after a failed append`, truncateError);
      }
    }
    throw storageFailure(`appending to ${file}`, error);
  }
}

function endsWithNewline(descriptor: number, length: number): boolean {
  const last = Buffer.alloc(1);
  return readSync(descriptor, last, 0, 1, length - 1) === 1 && last[0] === 0x0a;
}
