import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { tellOthers } from '../cluster/tell-others';
import type { FormSchema } from '../contract/api';
import { InvalidInputError, RuleViolationError } from '../domain/errors';
import { type Cluster, singleNode } from '../store/cluster';
import type { FormStore, StoredFormVersion } from '../store/store';
import { FORM_KEY, formSchemaProblems } from './form-schema-rules';
import { formSchemaServerProblems } from './form-schema-server-checks';
import type { FormVersionMeta, FormVersions } from './form-versions';

export interface SaveOutcome {
  key: string;
  version: number;
  /** False when the schema was the latest version's already: nothing was stored. */
  created: boolean;
}

export interface SaveOptions {
  /**
   * Nothing is stored either when the schema is the newest one its creator saved: a product form
   * file that did not change since it was last stored does not undo a process owner's later
   * version at every start-up; a changed file is stored over it (a release changed the form).
   */
  unlessLastOfCreator?: boolean;
}

const FORM_FILE = '.form.json';

/**
 * Versioned forms (issue 19), like DefinitionRegistry for diagrams: each saved change is checked,
 * stored with who, when and a note, and gets the next version number of its key; versions are
 * never changed. The versions are held in memory; a schema is read from the store when asked for
 * (and kept, since a version never changes).
 */
export class FormRegistry implements FormVersions {
  private readonly byKey = new Map<string, StoredFormVersion[]>();
  private readonly schemas = new Map<string, Promise<FormSchema | undefined>>();

  /**
   * `onSaved`: told after a new version is stored (the live event). `cluster`: the nodes sharing
   * the store; a version is numbered and stored by one node at a time, and the others are told.
   */
  constructor(
    private readonly store: FormStore,
    private readonly onSaved: (key: string, version: number) => void = () => {},
    private readonly cluster: Cluster = singleNode(),
  ) {}

  /** Reads the stored versions; again to take in versions another node on the same store saved. */
  async load(): Promise<void> {
    for (const meta of await this.store.versions()) {
      if (!this.version(meta.key, meta.version)) this.remember(meta);
    }
  }

  latestVersions(): FormVersionMeta[] {
    return [...this.byKey.values()]
      .map((versions) => versions[versions.length - 1]!)
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  latest(key: string): FormVersionMeta | undefined {
    const versions = this.byKey.get(key);
    return versions?.[versions.length - 1];
  }

  version(key: string, version: number): FormVersionMeta | undefined {
    return this.byKey.get(key)?.find((meta) => meta.version === version);
  }

  versions(key: string): FormVersionMeta[] | undefined {
    const versions = this.byKey.get(key);
    return versions ? [...versions] : undefined;
  }

  schema(key: string, version: number): Promise<FormSchema | undefined> {
    if (!this.version(key, version)) return Promise.resolve(undefined);
    const id = `${key}@${version}`;
    let schema = this.schemas.get(id);
    if (!schema) {
      schema = this.store.readSchema(key, version);
      this.schemas.set(id, schema);
      // A failed read is not remembered: the next request reads the store again.
      schema.catch(() => this.schemas.delete(id));
    }
    return schema.then((found) => (found === undefined ? undefined : structuredClone(found)));
  }

  /**
   * Checks and stores a form: its key is the schema's `id`. The same schema as the latest version
   * returns that version (created: false); anything the rules refuse is a RuleViolationError (422)
   * naming each component and rule.
   */
  async save(schema: unknown, createdBy: string, note?: string, options: SaveOptions = {}): Promise<SaveOutcome> {
    const problems = formSchemaProblems(schema);
    problems.push(...formSchemaServerProblems(schema));
    if (problems.length > 0) {
      throw new RuleViolationError(
        'form',
        `Het formulier kan niet worden opgeslagen: ${problems.length} probleem/problemen.`,
        problems,
      );
    }
    const form = schema as FormSchema;
    const key = form.id as string;
    // Which editor exported the schema is no change of the form: the product file says
    // Casusregie, the form-js editor its own name, for the very same fields.
    const { exporter: _exporter, ...content } = form;
    const sha256 = createHash('sha256').update(canonicalJson(content)).digest('hex');
    // Numbered and stored by one node at a time, on the versions as stored: two process owners
    // saving at once on two nodes neither take one number twice nor store one schema twice.
    const stored = await this.cluster.exclusive('forms', async () => {
      if (this.cluster.shared) await this.load();
      const latest = this.latest(key);
      if (latest?.sha256 === sha256) return { version: latest.version, created: false };
      if (latest && options.unlessLastOfCreator && this.lastBy(key, createdBy)?.sha256 === sha256) {
        return { version: latest.version, created: false };
      }
      const meta: StoredFormVersion = {
        key,
        version: (latest?.version ?? 0) + 1,
        title: titleOf(form, key),
        sha256,
        createdAt: new Date().toISOString(),
        createdBy,
        ...(note ? { note } : {}),
      };
      await this.store.addVersion(meta, form);
      this.remember(meta);
      return { version: meta.version, created: true };
    });
    if (stored.created) {
      await tellOthers(this.cluster, { kind: 'forms' });
      this.onSaved(key, stored.version);
    }
    return { key, ...stored };
  }

  /**
   * Stores every `<key>.form.json` of a folder as a new version where it differs from the latest
   * (the product's forms, at start-up, before the diagrams that name them deploy), unless the file
   * is what `createdBy` stored last (see SaveOptions). The key is the file name: the schema's `id`
   * is set to it. A folder that does not exist holds no forms.
   */
  async seedDirectory(directory: string, createdBy: string): Promise<SaveOutcome[]> {
    let files: string[];
    try {
      files = (await readdir(directory)).filter((file) => file.endsWith(FORM_FILE)).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const outcomes: SaveOutcome[] = [];
    for (const file of files) {
      const key = file.slice(0, -FORM_FILE.length);
      if (!FORM_KEY.test(key)) throw new Error(`forms/${file}: "${key}" is not a form key`);
      try {
        const schema = JSON.parse(await readFile(path.join(directory, file), 'utf8')) as unknown;
        if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
          throw new InvalidInputError('not a JSON object');
        }
        outcomes.push(
          await this.save({ ...schema, id: key }, createdBy, `uit forms/${file}`, { unlessLastOfCreator: true }),
        );
      } catch (error) {
        const problems = (error as { problems?: Array<{ path?: string; code: string; message: string }> }).problems;
        const reasons = (problems ?? []).map((problem) => `${problem.path ?? ''} ${problem.code}: ${problem.message}`);
        throw new Error(`processes/forms/${file} cannot be stored: ${reasons.join('; ') || (error as Error).message}`);
      }
    }
    return outcomes;
  }

  /** The newest version of a form that `createdBy` saved. */
  private lastBy(key: string, createdBy: string): StoredFormVersion | undefined {
    return this.byKey
      .get(key)
      ?.filter((meta) => meta.createdBy === createdBy)
      .at(-1);
  }

  private remember(meta: StoredFormVersion): void {
    const versions = this.byKey.get(meta.key) ?? [];
    versions.push(meta);
    versions.sort((a, b) => a.version - b.version);
    this.byKey.set(meta.key, versions);
  }
}

/**
 * JSON with the keys of every object sorted: the same form saved by another editor that orders
 * its properties differently has the same sha256, so it is not a new version.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === 'object' && inner !== null && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

/** The title for lists: the first heading of the form's first text component, else the key. */
export function titleOf(schema: FormSchema, key: string): string {
  const components = Array.isArray(schema.components) ? schema.components : [];
  for (const component of components) {
    if (typeof component !== 'object' || component === null || Array.isArray(component)) continue;
    if (component.type !== 'text' || typeof component.text !== 'string') continue;
    const heading = /^\s*#{1,6}\s+(.+)$/m.exec(component.text);
    if (heading) return heading[1]!.trim().slice(0, 120);
  }
  return key;
}
