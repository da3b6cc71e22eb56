import { describe, expect, it } from 'vitest';
import type { FormSchema } from '../../server/contract/api';
import type { StoredFormVersion } from '../../server/store/store';
import { databasePerTest } from './pg-test-database';

/** The form versions of issue 19 in PostgreSQL: stored whole, listed in order, never rewritten. */
describe('form versions in PostgreSQL', () => {
  const { database, open } = databasePerTest();

  const meta = (key: string, version: number): StoredFormVersion => ({
    key,
    version,
    title: `Formulier ${key}`,
    sha256: String(version).repeat(64).slice(0, 64),
    createdAt: '2026-12-05T03:00:00.000Z',
    createdBy: 'eigenaar',
    ...(version > 1 ? { note: `versie ${version}` } : {}),
  });
  const schema = (key: string, label: string): FormSchema => ({
    id: key,
    components: [{ type: 'textfield', key: 'antwoord', label }],
  });

  it('given versions stored, then they are listed in the order stored and each schema reads back', async () => {
    const store = await open();
    await store.forms.addVersion(meta('huisbezoek', 1), schema('huisbezoek', 'Eerst'));
    await store.forms.addVersion(meta('aanmelding', 1), schema('aanmelding', 'Aanmelding'));
    await store.forms.addVersion(meta('huisbezoek', 2), schema('huisbezoek', 'Daarna'));
    expect(await store.forms.versions()).toEqual([meta('huisbezoek', 1), meta('aanmelding', 1), meta('huisbezoek', 2)]);
    expect(await store.forms.readSchema('huisbezoek', 1)).toEqual(schema('huisbezoek', 'Eerst'));
    expect(await store.forms.readSchema('huisbezoek', 2)).toEqual(schema('huisbezoek', 'Daarna'));
    expect(await store.forms.readSchema('huisbezoek', 3)).toBeUndefined();
    expect(await store.forms.readSchema('huisbezoek', 2 ** 40)).toBeUndefined();
  });

  it('refuses a version number stored twice, and every change or removal of a stored version', async () => {
    const store = await open();
    await store.forms.addVersion(meta('huisbezoek', 1), schema('huisbezoek', 'Eerst'));
    await expect(store.forms.addVersion(meta('huisbezoek', 1), schema('huisbezoek', 'Anders'))).rejects.toThrow();
    for (const statement of [
      `UPDATE form_versions SET schema = '{}'::jsonb`,
      'DELETE FROM form_versions',
      'TRUNCATE form_versions',
    ]) {
      await expect(database.sql(statement), statement).rejects.toThrow(/append-only/);
    }
    expect(await store.forms.readSchema('huisbezoek', 1)).toEqual(schema('huisbezoek', 'Eerst'));
  });
});
