import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FormSchema } from '../contract/api';

/** Form keys the repository can serve: `<key>.form.json` with a plain, lower-case key. */
const FORM_KEY = /^[a-z0-9][a-z0-9-]{0,63}$/;
const FORM_FILE = '.form.json';

/** What the deploy check needs to know about forms: which ones exist. */
export interface FormCatalogue {
  /**
   * The keys of every form that exists, or null when there is no form folder at all (then there
   * is nothing to check a diagram's form keys against).
   */
  formKeys(): Promise<ReadonlySet<string> | null>;
}

/**
 * form-js schemas by form key, from processes/forms/<key>.form.json. Read on demand and cached;
 * a missing form is null, so a task without its form still shows (the deploy check refuses it later).
 */
export class FormRepository implements FormCatalogue {
  private readonly cache = new Map<string, FormSchema | null>();

  constructor(private readonly directory: string) {}

  async get(formKey: string): Promise<FormSchema | null> {
    if (!FORM_KEY.test(formKey)) return null;
    const cached = this.cache.get(formKey);
    if (cached !== undefined) return cached;
    let schema: FormSchema | null = null;
    try {
      schema = JSON.parse(await readFile(path.join(this.directory, `${formKey}${FORM_FILE}`), 'utf8')) as FormSchema;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    this.cache.set(formKey, schema);
    return schema;
  }

  /** Listed afresh on every call: a form added next to a diagram counts at its next deploy. */
  async formKeys(): Promise<ReadonlySet<string> | null> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return new Set(
      names
        .filter((name) => name.endsWith(FORM_FILE))
        .map((name) => name.slice(0, -FORM_FILE.length))
        .filter((key) => FORM_KEY.test(key)),
    );
  }
}
