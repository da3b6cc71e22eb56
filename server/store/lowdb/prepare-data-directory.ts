import { chmodSync, lstatSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { TEMPORARY_SUFFIX } from './durable-json-file';
import { DATA_DIRECTORY_MODE, DATA_FILE_MODE } from './files';

/**
 * Start-up housekeeping of the data folder, before anything reads it:
 * - temporary files of writes that never finished (a crash, a full disk) are removed: their
 *   target files were never replaced, so they hold nothing that was acknowledged;
 * - folders are tightened to 0700 and files to 0600, also those an older version wrote 0644 (the
 *   files of a case shard only when the shard itself was not 0700: see below).
 * Symbolic links are left alone: what they point at is not ours to change.
 */
export function prepareDataDirectory(dataDir: string): void {
  let removed = 0;
  let tightened = 0;
  const cases = path.join(dataDir, 'cases');
  const visit = (directory: string) => {
    if ((statSync(directory).mode & 0o777) !== DATA_DIRECTORY_MODE) {
      chmodSync(directory, DATA_DIRECTORY_MODE);
      tightened++;
    } else if (path.dirname(directory) === cases) {
      // A case shard that is 0700 already: nobody else can reach its files whatever their modes,
      // and this server writes them 0600. Visiting each would cost a stat per file at every
      // start-up, which at 100,000 cases is seconds; the case store's own scan of the shards
      // (LowdbCaseStore.indexEntries) removes leftover temporary files there.
      return;
    }
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        visit(full);
      } else if (entry.isFile() && entry.name.endsWith(TEMPORARY_SUFFIX)) {
        unlinkSync(full);
        removed++;
      } else if (entry.isFile() && (lstatSync(full).mode & 0o077) !== 0) {
        chmodSync(full, DATA_FILE_MODE);
        tightened++;
      }
    }
  };
  visit(dataDir);
  if (removed > 0) console.warn(`removed ${removed} temporary file(s) of unfinished writes from ${dataDir}`);
  if (tightened > 0) console.warn(`restricted ${tightened} data file(s) and folder(s) in ${dataDir} to their owner`);
}
