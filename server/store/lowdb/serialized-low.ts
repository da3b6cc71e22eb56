import { existsSync } from 'node:fs';
import { Low } from 'lowdb';
import { DurableJsonFile } from './durable-json-file';

/**
 * A lowdb file whose changes run one after another and are all or nothing: a change that cannot
 * be written is undone in memory too, so memory never holds what the disk does not (and a later
 * write cannot store it behind the caller's back).
 */
export class SerializedLow<T> {
  private queue: Promise<void> = Promise.resolve();
  constructor(private readonly db: Low<T>) {}

  get data(): T {
    return this.db.data;
  }

  /** `change` returns the new data and must leave the old data untouched. */
  update(change: (data: T) => T): Promise<void> {
    const run = this.queue.then(async () => {
      const previous = this.db.data;
      this.db.data = change(previous);
      try {
        await this.db.write();
      } catch (error) {
        this.db.data = previous;
        throw error;
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

export async function openSerialized<T>(file: string, empty: T): Promise<SerializedLow<T>> {
  const db = new Low<T>(new DurableJsonFile<T>(file, { directorySynced: existsSync(file) }), empty);
  await db.read();
  return new SerializedLow(db);
}
