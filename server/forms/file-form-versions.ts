import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FormSchema } from '../contract/api';
import type { FormVersionMeta, FormVersions } from './form-versions';

const FORM_KEY = /^[a-z0-9][a-z0-9-]{0,63}$/;
const FORM_FILE = '.form.json';

/**
 * The form files of processes/forms as FormVersions, each file version 1: a stand-in until the
 * form registry (versions in the store) is wired in, so pinning has forms to pin. Read once at
 * start-up; a processes folder without forms/ has no forms.
 */
export class FileFormVersions implements FormVersions {
  private readonly metas = new Map<string, FormVersionMeta>();
  private readonly schemas = new Map<string, FormSchema>();

  constructor(private readonly directory: string) {}

  async load(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const name of names.filter((file) => file.endsWith(FORM_FILE)).sort()) {
      const key = name.slice(0, -FORM_FILE.length);
      if (!FORM_KEY.test(key)) continue;
      const text = await readFile(path.join(this.directory, name), 'utf8');
      this.schemas.set(key, JSON.parse(text) as FormSchema);
      this.metas.set(key, {
        key,
        version: 1,
        title: key,
        sha256: createHash('sha256').update(text).digest('hex'),
        createdAt: new Date(0).toISOString(),
        createdBy: 'systeem',
      });
    }
  }

  latestVersions(): FormVersionMeta[] {
    return [...this.metas.values()];
  }

  latest(key: string): FormVersionMeta | undefined {
    return this.metas.get(key);
  }

  version(key: string, version: number): FormVersionMeta | undefined {
    return version === 1 ? this.metas.get(key) : undefined;
  }

  versions(key: string): FormVersionMeta[] | undefined {
    const meta = this.metas.get(key);
    return meta ? [meta] : undefined;
  }

  async schema(key: string, version: number): Promise<FormSchema | undefined> {
    return version === 1 ? this.schemas.get(key) : undefined;
  }
}
