import { unlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DefinitionStore, StoredDefinitionVersion } from '../store';
import { writeFileAtomically } from './durable-json-file';
import { openSerialized, type SerializedLow } from './serialized-low';

/** Deployed versions: their list in versions.json, each version's XML in <key>/<version>.bpmn. */
export class LowdbDefinitionStore implements DefinitionStore {
  private index: SerializedLow<StoredDefinitionVersion[]> | undefined;

  constructor(private readonly root: string) {}

  private async ready(): Promise<SerializedLow<StoredDefinitionVersion[]>> {
    this.index ??= await openSerialized<StoredDefinitionVersion[]>(path.join(this.root, 'versions.json'), []);
    return this.index;
  }

  private xmlFile(key: string, version: number): string {
    return path.join(this.root, key, `${version}.bpmn`);
  }

  async versions(): Promise<StoredDefinitionVersion[]> {
    return [...(await this.ready()).data];
  }

  async addVersion(version: StoredDefinitionVersion, xml: string): Promise<void> {
    const index = await this.ready();
    const file = this.xmlFile(version.key, version.version);
    writeFileAtomically(file, xml);
    try {
      await index.update((versions) => [...versions, version]);
    } catch (error) {
      // Not listed, so not deployed: the XML goes too, and the next deploy starts clean.
      try {
        unlinkSync(file);
      } catch {
        // An orphan XML file is harmless: it is overwritten when this version number is deployed.
      }
      throw error;
    }
  }

  async readXml(key: string, version: number): Promise<string | undefined> {
    if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(key) || !Number.isInteger(version)) return undefined;
    try {
      return await readFile(this.xmlFile(key, version), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}
