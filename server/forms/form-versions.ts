import type { FormSchema } from '../contract/api';

/** One stored version of a form: its number, who made it, when, and why. */
export interface FormVersionMeta {
  /** The form key: the schema's `id`, what a diagram's camunda:formKey names. */
  key: string;
  version: number;
  /** The form's title for lists (the first text heading, else the key). */
  title: string;
  /** SHA-256 of the stored schema, hex: the same schema again is not a new version. */
  sha256: string;
  createdAt: string;
  /** Id of the user who saved it (`systeem` for the product's forms deployed at start-up). */
  createdBy: string;
  note?: string;
}

/**
 * Versioned forms as the rest of the server reads them (issue 19). The form registry implements it
 * over the store; deploys pin versions from it, and tasks and start forms read the pinned schema.
 * Lookups are synchronous over the versions in memory (like DefinitionRegistry); only a schema is
 * read from the store.
 */
export interface FormVersions {
  /** The latest version of every form, by key. */
  latestVersions(): FormVersionMeta[];
  latest(key: string): FormVersionMeta | undefined;
  version(key: string, version: number): FormVersionMeta | undefined;
  /** Every version of one form, oldest first; undefined for a key that never existed. */
  versions(key: string): FormVersionMeta[] | undefined;
  /** The schema of one version; undefined when that version does not exist. */
  schema(key: string, version: number): Promise<FormSchema | undefined>;
}
