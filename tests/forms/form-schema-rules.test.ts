import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareFormSchemas } from '../../server/forms/form-comparison';
import { formSchemaProblems } from '../../server/forms/form-schema-rules';

/** The rules a process owner's form must meet (issue 19), one rule per test, and the comparison. */
const form = (components: unknown[]) => ({ id: 'huisbezoek', type: 'default', components });
const codes = (schema: unknown) => formSchemaProblems(schema).map((problem) => `${problem.path} ${problem.code}`);
const text = { type: 'textfield', key: 'naam', label: 'Naam' };

describe('form schema rules', () => {
  it('accept every product form (with its key as id)', async () => {
    const directory = path.resolve('processes/forms');
    const files = (await readdir(directory)).filter((file) => file.endsWith('.form.json'));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const schema = JSON.parse(await readFile(path.join(directory, file), 'utf8'));
      schema.id = file.replace('.form.json', '');
      expect(formSchemaProblems(schema), file).toEqual([]);
    }
  });

  it('refuse what is not a form, a bad key and a missing component list', () => {
    expect(codes([])).toEqual(['schema not-a-form']);
    expect(codes({ id: 'Form_x', components: [] })).toEqual(['id invalid-form-key']);
    expect(codes({ id: 'x' })).toEqual(['components no-components']);
  });

  it('refuse a component type the project does not allow, naming it', () => {
    const problems = formSchemaProblems(form([{ type: 'html', id: 'Html_1', content: '<b>x</b>' }]));
    expect(problems).toEqual([
      {
        path: 'components[Html_1]',
        code: 'unknown-component',
        message: 'Veld "Html_1": het type "html" is niet toegestaan.',
      },
    ]);
    expect(codes(form([{ key: 'x', label: 'X' }]))).toEqual(['components[x] unknown-component']);
  });

  it('refuse a key that is not a variable name, and reserved names', () => {
    expect(codes(form([{ ...text, key: '1e-naam' }]))).toEqual(['components[1e-naam].key invalid-key']);
    expect(codes(form([{ ...text, key: undefined, id: 'Field_1' }]))).toEqual(['components[Field_1].key invalid-key']);
    expect(codes(form([{ ...text, key: 'environment' }]))).toEqual(['components[environment].key reserved-name']);
    expect(codes(form([{ ...text, key: 'true' }]))).toEqual(['components[true].key reserved-name']);
    expect(codes(form([{ type: 'group', path: '__proto__', components: [text] }]))).toEqual([
      'components[__proto__].path reserved-name',
    ]);
  });

  it('refuse a key used twice in one scope, but not in different scopes', () => {
    expect(codes(form([text, { ...text, label: 'Nog eens' }]))).toEqual(['components[naam].key duplicate-key']);
    // A group without a path puts its fields in the scope around it.
    expect(codes(form([text, { type: 'group', id: 'Group_1', components: [text] }]))).toEqual([
      'components[Group_1].components[naam].key duplicate-key',
    ]);
    // A group with a path and a list have scopes of their own.
    expect(codes(form([text, { type: 'group', path: 'ouder', components: [text] }]))).toEqual([]);
    expect(codes(form([text, { type: 'dynamiclist', path: 'broers', label: 'Broers', components: [text] }]))).toEqual(
      [],
    );
    // A container's path counts as a name in its scope.
    expect(codes(form([text, { type: 'group', path: 'naam', components: [] }]))).toEqual([
      'components[naam].path duplicate-key',
    ]);
  });

  it('refuse a component id used twice', () => {
    expect(
      codes(
        form([
          { ...text, id: 'F' },
          { ...text, key: 'ander', id: 'F' },
        ]),
      ),
    ).toEqual(['components[ander].id duplicate-id']);
  });

  it('refuse an input without a label; a date needs its date label', () => {
    expect(codes(form([{ type: 'number', key: 'aantal' }]))).toEqual(['components[aantal].label missing-label']);
    expect(codes(form([{ type: 'datetime', subtype: 'date', key: 'd', dateLabel: 'Datum' }]))).toEqual([]);
    expect(codes(form([{ type: 'datetime', subtype: 'datetime', key: 'd', dateLabel: 'Datum' }]))).toEqual([
      'components[d].label missing-label',
    ]);
    expect(codes(form([{ type: 'dynamiclist', path: 'rijen', components: [] }]))).toEqual([
      'components[rijen].label missing-label',
    ]);
  });

  it('refuse choice fields without a fixed, complete list of distinct options', () => {
    const choice = (values: unknown, extra = {}) =>
      form([{ type: 'radio', key: 'keuze', label: 'Keuze', values, ...extra }]);
    expect(codes(choice([{ label: 'Ja', value: 'ja' }]))).toEqual([]);
    expect(codes(choice(undefined))).toEqual(['components[keuze].values missing-options']);
    expect(codes(choice([]))).toEqual(['components[keuze].values missing-options']);
    expect(codes(choice(undefined, { valuesKey: 'lijst' }))).toEqual(['components[keuze].values dynamic-options']);
    expect(codes(choice([{ value: 'ja' }]))).toEqual(['components[keuze].values[0] option-label']);
    expect(codes(choice([{ label: 'Ja', value: {} }]))).toEqual(['components[keuze].values[0] option-value']);
    expect(
      codes(
        choice([
          { label: 'Ja', value: 'ja' },
          { label: 'Ook ja', value: 'ja' },
        ]),
      ),
    ).toEqual(['components[keuze].values[1] duplicate-option']);
  });

  it('refuse validation the server cannot apply, or that nobody could meet', () => {
    const field = (validate: unknown) => form([{ ...text, validate }]);
    expect(codes(field({ required: true, minLength: 2, maxLength: 20, pattern: '^[A-Z]' }))).toEqual([]);
    expect(codes(field('verplicht'))).toEqual(['components[naam].validate invalid-validation']);
    expect(codes(field({ required: 'ja' }))).toEqual(['components[naam].validate.required invalid-validation']);
    expect(codes(field({ maxLength: -1 }))).toEqual(['components[naam].validate.maxLength invalid-validation']);
    expect(codes(field({ max: '10' }))).toEqual(['components[naam].validate.max invalid-validation']);
    expect(codes(field({ minLength: 10, maxLength: 5 }))).toEqual([
      'components[naam].validate.minLength impossible-validation',
    ]);
    expect(codes(field({ min: 3, max: 1 }))).toEqual(['components[naam].validate.min impossible-validation']);
  });

  it('need a path for a list and a valid path for a group', () => {
    expect(codes(form([{ type: 'dynamiclist', label: 'L', components: [] }]))).toEqual([
      'components[1].path missing-path',
    ]);
    expect(codes(form([{ type: 'group', path: 'a.b', components: [] }]))).toEqual([
      'components[a.b].path invalid-path',
    ]);
  });

  it('check fields inside containers with the container in the path', () => {
    expect(codes(form([{ type: 'group', path: 'ouder', components: [{ type: 'iframe', id: 'Frame' }] }]))).toEqual([
      'components[ouder].components[Frame] unknown-component',
    ]);
  });
});

describe('form comparison', () => {
  it('names fields added, removed and changed, with nested keys and property paths', () => {
    const from = form([
      { type: 'text', id: 'Intro', text: '#### Huisbezoek\nUitleg' },
      { type: 'textfield', key: 'naam', label: 'Naam', validate: { required: true } },
      {
        type: 'group',
        path: 'adres',
        label: 'Adres',
        components: [{ type: 'textfield', key: 'straat', label: 'Straat' }],
      },
      { type: 'checkbox', key: 'weg', label: 'Verdwijnt' },
    ]);
    const to = form([
      { type: 'text', id: 'Intro', text: '#### Huisbezoek\nUitleg' },
      { type: 'textfield', key: 'naam', label: 'Volledige naam', validate: { required: false, maxLength: 50 } },
      {
        type: 'group',
        path: 'adres',
        label: 'Adres',
        components: [
          { type: 'textfield', key: 'straat', label: 'Straat' },
          { type: 'textfield', key: 'plaats', label: 'Plaats' },
        ],
      },
    ]);
    expect(compareFormSchemas(from, to)).toEqual({
      added: [{ key: 'adres.plaats', label: 'Plaats', type: 'textfield' }],
      removed: [{ key: 'weg', label: 'Verdwijnt', type: 'checkbox' }],
      changed: [
        {
          field: { key: 'naam', label: 'Volledige naam', type: 'textfield' },
          changes: [
            { property: 'label', from: 'Naam', to: 'Volledige naam' },
            { property: 'validate.maxLength', to: 50 },
            { property: 'validate.required', from: true, to: false },
          ],
        },
      ],
    });
  });

  it('finds nothing between a schema and itself, and reads a text component by its heading', () => {
    const schema = form([{ type: 'text', id: 'Intro', text: '#### Huisbezoek\nUitleg' }]);
    expect(compareFormSchemas(schema, schema)).toEqual({ added: [], removed: [], changed: [] });
    expect(compareFormSchemas(form([]), schema).added).toEqual([{ key: 'Intro', label: 'Huisbezoek', type: 'text' }]);
  });
});
