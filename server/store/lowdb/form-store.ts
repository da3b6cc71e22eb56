import { unlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FormSchema } from '../../contract/api';
import { FORM_KEY } from '../../forms/form-schema-rules';
import type { FormStore, StoredFormVersion } from '../store';
import { writeFileAtomically } from './durable-json-file';
import { openSerialized, type SerializedLow } from './serialized-low';

/** Form versions: their list in versions.json, each version's schema in <key>/<version>.form.json. */
export class LowdbFormStore implements FormStore {
  private index: SerializedLow<StoredFormVersion[]> | undefined;

  constructor(private readonly root: string) {}

  private async ready(): Promise<SerializedLow<StoredFormVersion[]>> {
    this.index ??= await openSerialized<StoredFormVersion[]>(path.join(this.root, 'versions.json'), []);
    return this.index;
  }

  private schemaFile(key: string, version: number): string {
    return path.join(this.root, key, `${version}.form.json`);
  }

  async versions(): Promise<StoredFormVersion[]> {
    return [...(await this.ready()).data];
  }

  async addVersion(version: StoredFormVersion, schema: FormSchema): Promise<void> {
    if (!FORM_KEY.test(version.key)) throw new Error(`form key ${version.key} cannot name a file`);
    const index = await this.ready();
    const file = this.schemaFile(version.key, version.version);
    writeFileAtomically(file, `${JSON.stringify(schema, null, 2)}\n`);
    try {
      await index.update((versions) => [...versions, version]);
    } catch (error) {
      // Not listed, so not stored: the schema goes too, and the next save starts clean.
      try {
        unlinkSync(file);
      } catch {
        // An orphan schema file is harmless: it is overwritten when this version number is stored.
      }
      throw error;
    }
  }

  async readSchema(key: string, version: number): Promise<FormSchema | undefined> {
    if (!FORM_KEY.test(key) || !Number.isInteger(version) || version < 1) return undefined;
    try {
      return JSON.parse(await readFile(this.schemaFile(key, version), 'utf8')) as FormSchema;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}
