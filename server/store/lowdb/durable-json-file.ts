import { randomBytes } from 'node:crypto';
import { open, readFile, rename, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';

/**
 * A lowdb adapter whose write() is durable before it resolves: the JSON goes to a temporary
 * file, is fsynced, and replaces the old file by an atomic rename. lowdb's own JSONFile does not
 * fsync, and its preset swaps in an in-memory adapter under NODE_ENV=test, which would let a
 * persistence test pass without writing anything.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  private directorySynced = false;
  /** Writes of one file run one after another, so a slower write never replaces a newer one. */
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  async read(): Promise<T | null> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  write(data: T): Promise<void> {
    const json = JSON.stringify(data);
    const result = this.queue.then(() => this.writeNow(json));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async writeNow(json: string): Promise<void> {
    const directory = path.dirname(this.file);
    if (!this.directorySynced) await mkdir(directory, { recursive: true });
    const temporary = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(json);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, this.file);
    // The first write may have created the file: its directory entry must reach the disk too.
    // Later renames replace an entry that is already there.
    if (!this.directorySynced) {
      await syncDirectory(directory);
      this.directorySynced = true;
    }
  }
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
