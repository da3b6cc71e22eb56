import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormComparison, FormSaved, FormSummary, FormVersion, Problem } from '../../server/contract/api';
import { PROJECT_ROOT } from '../support/process';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';
import { LiveClient } from '../support/sockets';

/** Forms as versioned definitions (issue 19): what a process owner saves, and what everyone reads. */

const huisbezoek = (components: unknown[] = [], id = 'huisbezoek') => ({
  id,
  type: 'default',
  components: [
    { type: 'text', id: 'Intro', text: '#### Huisbezoek afleggen\nLeg vast wat het huisbezoek opleverde.' },
    { type: 'datetime', id: 'Field_datum', subtype: 'date', key: 'bezoekDatum', dateLabel: 'Datum bezoek' },
    {
      type: 'radio',
      id: 'Field_uitkomst',
      key: 'bezoekUitkomst',
      label: 'Uitkomst',
      values: [
        { label: 'Zorgen bevestigd', value: 'zorgen' },
        { label: 'Geen zorgen', value: 'geen-zorgen' },
      ],
      validate: { required: true },
    },
    ...components,
  ],
});

describe('versioned forms', () => {
  let server: TestServer;
  let eigenaar: ApiClient;
  let regisseur: ApiClient;

  beforeAll(async () => {
    server = await startServer();
    eigenaar = await ApiClient.login(server.baseUrl, 'eigenaar');
    regisseur = await ApiClient.login(server.baseUrl, 'regisseur');
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  const save = (schema: unknown, note?: string, as = eigenaar) =>
    as.request('POST', `/api/forms${note === undefined ? '' : `?note=${encodeURIComponent(note)}`}`, schema);

  it('given a processes folder without forms, then there are no forms', async () => {
    expect(await regisseur.get<FormSummary[]>('/api/forms')).toEqual([]);
  });

  it('given a new form, when the process owner saves it, then it is version 1; the same again stores nothing', async () => {
    const first = await save(huisbezoek(), 'eerste opzet');
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ key: 'huisbezoek', version: 1 } satisfies FormSaved);
    // The same schema, its properties in another order: the same version, answered 200.
    const { components, ...rest } = huisbezoek();
    const again = await save({ components, ...Object.fromEntries(Object.entries(rest).reverse()) });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ key: 'huisbezoek', version: 1 });
    // Exported by another editor: the same form.
    const exported = await save({ ...huisbezoek(), exporter: { name: 'form-js', version: '1.23.0' } });
    expect(await exported.json()).toEqual({ key: 'huisbezoek', version: 1 });
    expect(exported.status).toBe(200);
    expect(await regisseur.get(`/api/forms/huisbezoek`)).toEqual(huisbezoek());
  });

  it('when a changed form is saved, then it is the next version; both stay readable and are listed', async () => {
    const extra = {
      type: 'textarea',
      id: 'Field_verslag',
      key: 'verslag',
      label: 'Verslag',
      validate: { maxLength: 2000 },
    };
    const changed = await save(huisbezoek([extra]), 'verslag toegevoegd');
    expect(changed.status).toBe(201);
    expect(await changed.json()).toEqual({ key: 'huisbezoek', version: 2 });

    expect(await regisseur.get('/api/forms/huisbezoek')).toEqual(huisbezoek([extra]));
    expect(await regisseur.get('/api/forms/huisbezoek?version=1')).toEqual(huisbezoek());
    expect(await regisseur.get('/api/forms/huisbezoek?version=2')).toEqual(huisbezoek([extra]));

    const list = await regisseur.get<FormSummary[]>('/api/forms');
    expect(list).toEqual([
      {
        key: 'huisbezoek',
        version: 2,
        title: 'Huisbezoek afleggen',
        updatedAt: expect.any(String),
        updatedBy: 'eigenaar',
      },
    ]);

    const versions = await regisseur.get<FormVersion[]>('/api/forms/huisbezoek/versions');
    expect(versions.map(({ version, createdBy, note, usedBy }) => ({ version, createdBy, note, usedBy }))).toEqual([
      { version: 1, createdBy: 'eigenaar', note: 'eerste opzet', usedBy: [] },
      { version: 2, createdBy: 'eigenaar', note: 'verslag toegevoegd', usedBy: [] },
    ]);
    expect(versions[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(versions[0]!.sha256).not.toBe(versions[1]!.sha256);
    expect(Date.parse(versions[1]!.createdAt)).toBeGreaterThanOrEqual(Date.parse(versions[0]!.createdAt));
  });

  it('tells everyone connected when a new version is saved, and not when nothing was stored', async () => {
    const live = await LiveClient.as(regisseur);
    try {
      const extra = { type: 'checkbox', id: 'Field_live', key: 'live', label: 'Live' };
      expect(await eigenaar.post('/api/forms', huisbezoek([extra], 'live-formulier'))).toEqual({
        key: 'live-formulier',
        version: 1,
      });
      expect(await live.waitFor('form:saved')).toEqual({ key: 'live-formulier', version: 1 });
      expect((await save(huisbezoek([extra], 'live-formulier'))).status).toBe(200);
      // The save after it is announced; the same-again save before it never was.
      await eigenaar.post('/api/forms', huisbezoek([], 'live-formulier'));
      await live.waitFor('form:saved', (saved) => saved.version === 2);
      expect(live.all('form:saved')).toEqual([
        { key: 'live-formulier', version: 1 },
        { key: 'live-formulier', version: 2 },
      ]);
    } finally {
      live.close();
    }
  });

  it('compares two versions: fields added, removed and changed', async () => {
    const changedUitkomst = {
      type: 'radio',
      id: 'Field_uitkomst',
      key: 'bezoekUitkomst',
      label: 'Uitkomst van het bezoek',
      values: [
        { label: 'Zorgen bevestigd', value: 'zorgen' },
        { label: 'Geen zorgen', value: 'geen-zorgen' },
      ],
      validate: { required: true },
    };
    const third = huisbezoek();
    third.components = [
      third.components[0]!,
      changedUitkomst,
      { type: 'checkbox', key: 'vervolg', label: 'Vervolg nodig' },
    ];
    expect((await save(third)).status).toBe(201);

    const comparison = await regisseur.get<FormComparison>('/api/forms/huisbezoek/compare?from=2&to=3');
    expect(comparison).toEqual({
      key: 'huisbezoek',
      from: 2,
      to: 3,
      added: [{ key: 'vervolg', label: 'Vervolg nodig', type: 'checkbox' }],
      removed: [
        { key: 'bezoekDatum', label: 'Datum bezoek', type: 'datetime' },
        { key: 'verslag', label: 'Verslag', type: 'textarea' },
      ],
      changed: [
        {
          field: { key: 'bezoekUitkomst', label: 'Uitkomst van het bezoek', type: 'radio' },
          changes: [{ property: 'label', from: 'Uitkomst', to: 'Uitkomst van het bezoek' }],
        },
      ],
    });
    expect(await regisseur.get('/api/forms/huisbezoek/compare?from=1&to=1')).toMatchObject({
      added: [],
      removed: [],
      changed: [],
    });
  });

  it('answers 404 for an unknown form or version and 400 for a version that is no number', async () => {
    for (const url of [
      '/api/forms/bestaat-niet',
      '/api/forms/huisbezoek?version=99',
      '/api/forms/bestaat-niet/versions',
      '/api/forms/huisbezoek/compare?from=1&to=99',
      '/api/forms/bestaat-niet/compare?from=1&to=2',
    ]) {
      const response = await regisseur.request('GET', url);
      expect(response.status, url).toBe(404);
      expect(((await response.json()) as Problem).detail, url).toMatch(/formulier/);
    }
    for (const url of [
      '/api/forms/huisbezoek?version=twee',
      '/api/forms/huisbezoek?version=0',
      '/api/forms/huisbezoek/compare?from=1',
      '/api/forms/huisbezoek/compare?from=een&to=2',
    ]) {
      const response = await regisseur.request('GET', url);
      expect(response.status, url).toBe(400);
      expect(((await response.json()) as Problem).problems?.length, url).toBeGreaterThan(0);
    }
  });

  it('refuses to save for anyone but a process owner, and without a session', async () => {
    const refused = await save(huisbezoek([], 'van-regisseur'), undefined, regisseur);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as Problem).detail).toBe('Alleen een proceseigenaar kan formulieren opslaan.');
    expect((await new ApiClient(server.baseUrl).request('POST', '/api/forms', huisbezoek())).status).toBe(401);
    expect((await new ApiClient(server.baseUrl).request('GET', '/api/forms')).status).toBe(401);
    expect((await regisseur.request('GET', '/api/forms/van-regisseur')).status).toBe(404);
  });

  it('refuses a body that is no form-js object with 400, and a note that is too long', async () => {
    expect((await save([1, 2])).status).toBe(400);
    expect((await eigenaar.request('POST', '/api/forms', '{"id":', 'application/json')).status).toBe(400);
    expect((await save(huisbezoek(), 'x'.repeat(501))).status).toBe(400);
  });

  /** Each rule once: the component the 422 names, and the rule's code. */
  const refusals: Array<[string, unknown, string, string]> = [
    ['a form key that is no key', { ...huisbezoek(), id: 'Huisbezoek Formulier' }, 'id', 'invalid-form-key'],
    ['no component list', { id: 'leeg' }, 'components', 'no-components'],
    [
      'an unknown component',
      huisbezoek([{ type: 'iframe', id: 'Frame_1', url: 'https://x' }]),
      'components[Frame_1]',
      'unknown-component',
    ],
    [
      'a key that is no variable name',
      huisbezoek([{ type: 'textfield', key: 'mijn-veld', label: 'X' }]),
      'components[mijn-veld].key',
      'invalid-key',
    ],
    [
      'a reserved name',
      huisbezoek([{ type: 'textfield', key: 'environment', label: 'X' }]),
      'components[environment].key',
      'reserved-name',
    ],
    [
      'a key twice in one scope',
      huisbezoek([{ type: 'textfield', key: 'bezoekUitkomst', label: 'Nog eens' }]),
      'components[bezoekUitkomst].key',
      'duplicate-key',
    ],
    [
      'a component id twice',
      huisbezoek([{ type: 'textfield', id: 'Intro', key: 'x', label: 'X' }]),
      'components[x].id',
      'duplicate-id',
    ],
    [
      'an input without label',
      huisbezoek([{ type: 'number', key: 'aantal' }]),
      'components[aantal].label',
      'missing-label',
    ],
    [
      'a choice without options',
      huisbezoek([{ type: 'select', key: 'keuze', label: 'Keuze' }]),
      'components[keuze].values',
      'missing-options',
    ],
    [
      'options from a variable',
      huisbezoek([{ type: 'checklist', key: 'keuze', label: 'Keuze', valuesKey: 'opties' }]),
      'components[keuze].values',
      'dynamic-options',
    ],
    [
      'an option without label',
      huisbezoek([{ type: 'select', key: 'keuze', label: 'Keuze', values: [{ value: 'a' }] }]),
      'components[keuze].values[0]',
      'option-label',
    ],
    [
      'the same option twice',
      huisbezoek([
        {
          type: 'select',
          key: 'keuze',
          label: 'Keuze',
          values: [
            { label: 'A', value: 'a' },
            { label: 'Ook A', value: 'a' },
          ],
        },
      ]),
      'components[keuze].values[1]',
      'duplicate-option',
    ],
    [
      'a minimum length above the maximum',
      huisbezoek([{ type: 'textfield', key: 'x', label: 'X', validate: { minLength: 10, maxLength: 5 } }]),
      'components[x].validate.minLength',
      'impossible-validation',
    ],
    [
      'a list without path',
      huisbezoek([{ type: 'dynamiclist', id: 'Lijst', label: 'Lijst', components: [] }]),
      'components[Lijst].path',
      'missing-path',
    ],
    [
      'broken FEEL in conditional.hide',
      huisbezoek([
        { type: 'textfield', key: 'toelichting', label: 'Toelichting', conditional: { hide: '=bezoekUitkomst = ' } },
      ]),
      'components[toelichting].conditional.hide',
      'feel-syntax',
    ],
    [
      'a pattern that backtracks without bound',
      huisbezoek([{ type: 'textfield', key: 'code', label: 'Code', validate: { pattern: '^(a+)+$', maxLength: 20 } }]),
      'components[code].validate.pattern',
      'unsafe-pattern',
    ],
    [
      'a pattern that does not compile',
      huisbezoek([{ type: 'textfield', key: 'code', label: 'Code', validate: { pattern: '[a-', maxLength: 20 } }]),
      'components[code].validate.pattern',
      'invalid-pattern',
    ],
    [
      'a pattern on unbounded input',
      huisbezoek([{ type: 'textfield', key: 'code', label: 'Code', validate: { pattern: '^[A-Z]{2}$' } }]),
      'components[code].validate.maxLength',
      'pattern-without-max-length',
    ],
    [
      'a label that is too long',
      huisbezoek([{ type: 'textfield', key: 'x', label: 'x'.repeat(501) }]),
      'components[x].label',
      'too-long',
    ],
    [
      'containers nested too deep',
      huisbezoek([
        {
          type: 'group',
          id: 'G1',
          components: [
            {
              type: 'group',
              id: 'G2',
              components: [
                {
                  type: 'group',
                  id: 'G3',
                  components: [{ type: 'group', id: 'G4', components: [{ type: 'group', id: 'G5', components: [] }] }],
                },
              ],
            },
          ],
        },
      ]),
      'components[G1].components[G2].components[G3].components[G4].components[G5].components',
      'too-deep',
    ],
    [
      'too many components',
      huisbezoek(Array.from({ length: 300 }, (_, index) => ({ type: 'spacer', id: `Spacer_${index}` }))),
      'components',
      'too-many-components',
    ],
  ];

  it.each(refusals)('refuses %s with 422 naming the component and the rule', async (_name, schema, path, code) => {
    const response = await save(schema);
    expect(response.status).toBe(422);
    const problem = (await response.json()) as Problem;
    expect(problem.title).toBe('Formulier voldoet niet aan de regels');
    expect(problem.problems).toContainEqual(expect.objectContaining({ path, code }));
    for (const item of problem.problems ?? []) expect(item.message).toMatch(/\S/);
  });

  it('stores nothing that was refused', async () => {
    expect((await regisseur.get<FormSummary[]>('/api/forms')).map((form) => form.key)).toEqual([
      'huisbezoek',
      'live-formulier',
    ]);
    expect((await regisseur.get<FormVersion[]>('/api/forms/huisbezoek/versions')).length).toBe(3);
  });

  it('given a restart on the same store, then every version is still there', async () => {
    const before = await regisseur.get<FormVersion[]>('/api/forms/huisbezoek/versions');
    await server.stop();
    server = await startServer({ dataDir: server.dataDir });
    regisseur = await ApiClient.login(server.baseUrl, 'regisseur');
    eigenaar = await ApiClient.login(server.baseUrl, 'eigenaar');
    expect(await regisseur.get('/api/forms/huisbezoek/versions')).toEqual(before);
    expect(await regisseur.get('/api/forms/huisbezoek?version=1')).toEqual(huisbezoek());
    // Numbering goes on where it stood.
    expect(await (await save(huisbezoek())).json()).toEqual({ key: 'huisbezoek', version: 4 });
  });
});

describe('the product forms at start-up', () => {
  let processesDir: string;
  let server: TestServer | undefined;

  beforeAll(async () => {
    processesDir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-forms-'));
    await mkdir(path.join(processesDir, 'forms'));
    for (const key of ['aanmelding', 'triage']) {
      const file = `${key}.form.json`;
      await writeFile(
        path.join(processesDir, 'forms', file),
        await readFile(path.join(PROJECT_ROOT, 'processes', 'forms', file), 'utf8'),
      );
    }
  });
  afterAll(async () => {
    await server?.stop();
    if (server) await removeDataDir(server.dataDir);
    await rm(processesDir, { recursive: true, force: true });
  });

  it('are stored as version 1 by systeem, keyed by their file name', async () => {
    server = await startServer({ processesDir });
    const regisseur = await ApiClient.login(server.baseUrl, 'regisseur');
    const list = await regisseur.get<FormSummary[]>('/api/forms');
    expect(list.map(({ key, version, updatedBy }) => ({ key, version, updatedBy }))).toEqual([
      { key: 'aanmelding', version: 1, updatedBy: 'systeem' },
      { key: 'triage', version: 1, updatedBy: 'systeem' },
    ]);
    expect(list[0]!.title).toBe('Aanmelding');
    const schema = await regisseur.get<{ id: string; components: unknown[] }>('/api/forms/aanmelding');
    expect(schema.id).toBe('aanmelding');
    const [version] = await regisseur.get<FormVersion[]>('/api/forms/aanmelding/versions');
    expect(version!.note).toBe('uit forms/aanmelding.form.json');
  });

  it('when a product form file changes, the next start stores it as a new version; an unchanged one stays', async () => {
    await server!.stop();
    const file = path.join(processesDir, 'forms', 'triage.form.json');
    const schema = JSON.parse(await readFile(file, 'utf8')) as { components: unknown[] };
    schema.components.push({ type: 'textfield', id: 'Field_extra', key: 'extraVraag', label: 'Extra vraag' });
    await writeFile(file, JSON.stringify(schema));
    server = await startServer({ processesDir, dataDir: server!.dataDir });
    const regisseur = await ApiClient.login(server.baseUrl, 'regisseur');
    const list = await regisseur.get<FormSummary[]>('/api/forms');
    expect(list.map(({ key, version }) => ({ key, version }))).toEqual([
      { key: 'aanmelding', version: 1 },
      { key: 'triage', version: 2 },
    ]);
    const comparison = await regisseur.get<FormComparison>('/api/forms/triage/compare?from=1&to=2');
    expect(comparison.added).toEqual([{ key: 'extraVraag', label: 'Extra vraag', type: 'textfield' }]);
  });

  it('a process owner’s version of a product form survives a restart while the file stays as it was', async () => {
    const eigenaar = await ApiClient.login(server!.baseUrl, 'eigenaar');
    const schema = await eigenaar.get<{ components: Array<Record<string, unknown>> }>('/api/forms/aanmelding');
    schema.components.push({ type: 'checkbox', id: 'Field_eigen', key: 'eigenVraag', label: 'Vraag van de eigenaar' });
    expect(await eigenaar.post('/api/forms', schema)).toEqual({ key: 'aanmelding', version: 2 });
    await server!.stop();
    server = await startServer({ processesDir, dataDir: server!.dataDir });
    const regisseur = await ApiClient.login(server.baseUrl, 'regisseur');
    const latest = (await regisseur.get<FormSummary[]>('/api/forms')).find((form) => form.key === 'aanmelding');
    expect(latest).toMatchObject({ version: 2, updatedBy: 'eigenaar' });
  });

  it('a product form that breaks a rule stops the start, naming file and rule', async () => {
    await server!.stop();
    const dataDir = server!.dataDir;
    server = undefined;
    await writeFile(
      path.join(processesDir, 'forms', 'kapot.form.json'),
      JSON.stringify({ components: [{ type: 'html', id: 'Html_1' }] }),
    );
    await expect(startServer({ processesDir, dataDir })).rejects.toThrow(/forms\/kapot\.form\.json.*unknown-component/);
    await removeDataDir(dataDir);
  });
});
