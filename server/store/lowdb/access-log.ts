import { closeSync, openSync } from 'node:fs';
import { StorageUnavailableError } from '../storage-error';
import type { AccessLog, AccessLogEntry } from '../store';
import { appendToDescriptor, DATA_FILE_MODE } from './files';

/**
 * Reads are logged without an fsync each (a read changes nothing), but each line is appended
 * whole before the read is answered: a read that cannot be logged is refused (NEN 7513), and a
 * failed append leaves no torn line.
 */
export class FileAccessLog implements AccessLog {
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
