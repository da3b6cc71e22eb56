import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FormSchema } from '../contract/api';

/**
 * form-js schemas by form key, from processes/forms/<key>.form.json. Read on demand and cached;
 * a missing form is null, so a task without its form still shows (the deploy check refuses it later).
 */
export class FormRepository {
  private readonly cache = new Map<string, FormSchema | null>();

  constructor(private readonly directory: string) {}

  async get(formKey: string): Promise<FormSchema | null> {
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(formKey)) return null;
    const cached = this.cache.get(formKey);
    if (cached !== undefined) return cached;
    let schema: FormSchema | null = null;
    try {
      schema = JSON.parse(await readFile(path.join(this.directory, `${formKey}.form.json`), 'utf8')) as FormSchema;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    this.cache.set(formKey, schema);
    return schema;
  }
}
