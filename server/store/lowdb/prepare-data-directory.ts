import { readdirSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { TEMPORARY_SUFFIX } from './durable-json-file';

/**
 * Start-up housekeeping of the data folder, before anything reads it: temporary files of writes
 * that never finished (a crash, a full disk) are removed: their target files were never replaced,
 * so they hold nothing that was acknowledged. Symbolic links are left alone.
 */
export function prepareDataDirectory(dataDir: string): void {
  let removed = 0;
  const visit = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        visit(full);
      } else if (entry.isFile() && entry.name.endsWith(TEMPORARY_SUFFIX)) {
        unlinkSync(full);
        removed++;
      }
    }
  };
  visit(dataDir);
  if (removed > 0) console.warn(`removed ${removed} temporary file(s) of unfinished writes from ${dataDir}`);
}
