import { describe, expect, it } from 'vitest';
import type { FormSchema } from '../../server/contract/api';
import { ageOn, consentNeeded } from '../../server/decisions/mdo-rules';
import { validateForm } from '../../server/forms/form-validator';

/** The server's reading of form-js schemas, on small forms: one behaviour per test. */
const clock = { now: () => new Date('2026-11-25T10:00:00Z') } as Parameters<typeof validateForm>[3];

const form = (components: unknown[]): FormSchema => ({ type: 'default', components }) as unknown as FormSchema;

describe('form validation', () => {
  it('names every required field that is missing or blank, by its label', () => {
    const schema = form([
      { type: 'textfield', key: 'naam', label: 'Naam', validate: { required: true } },
      { type: 'datetime', subtype: 'date', key: 'datum', dateLabel: 'Datum', validate: { required: true } },
    ]);
    const { problems } = validateForm(schema, { naam: '   ' }, {}, clock);
    expect(problems).toEqual([
      { path: 'variables.naam', code: 'required', message: '"Naam" is verplicht.' },
      { path: 'variables.datum', code: 'required', message: '"Datum" is verplicht.' },
    ]);
  });

  it('accepts only the listed values, real dates and texts within their length', () => {
    const schema = form([
      { type: 'radio', key: 'keuze', label: 'Keuze', values: [{ label: 'A', value: 'a' }] },
      { type: 'checklist', key: 'lijst', label: 'Lijst', values: [{ label: 'X', value: 'x' }] },
      { type: 'datetime', subtype: 'date', key: 'datum', label: 'Datum' },
      { type: 'textarea', key: 'tekst', label: 'Tekst', validate: { maxLength: 5 } },
      {
        type: 'textfield',
        key: 'code',
        label: 'Code',
        validate: { pattern: '^[A-Z]{2}$', patternErrorMessage: 'twee hoofdletters' },
      },
    ]);
    const { problems } = validateForm(
      schema,
      { keuze: 'b', lijst: ['x', 'y'], datum: '2026-02-29', tekst: 'te lang', code: 'abc' },
      {},
      clock,
    );
    expect(problems.map((problem) => problem.code)).toEqual([
      'not-allowed',
      'not-allowed',
      'date',
      'max-length',
      'pattern',
    ]);
    expect(problems[4]?.message).toBe('"Code": twee hoofdletters');
  });

  it('does not ask fields hidden by their condition, and refuses values for them by path', () => {
    const schema = form([
      { type: 'checkbox', key: 'gevonden', label: 'Gevonden' },
      {
        type: 'group',
        path: 'plek',
        label: 'Plek',
        conditional: { hide: '=gevonden != true' },
        components: [{ type: 'textfield', key: 'naam', label: 'Naam', validate: { required: true } }],
      },
      { type: 'textfield', key: 'reden', label: 'Reden', conditional: { hide: '=gevonden = true' } },
    ]);
    expect(validateForm(schema, {}, {}, clock)).toEqual({ values: { gevonden: false }, problems: [] });
    expect(validateForm(schema, { plek: { naam: 'X' } }, {}, clock).problems).toEqual([
      {
        path: 'variables.plek',
        code: 'hidden-field',
        message: '"Plek" is verborgen in dit formulier en mag geen waarde hebben.',
      },
    ]);
    expect(validateForm(schema, { gevonden: true }, {}, clock).problems.map((problem) => problem.path)).toEqual([
      'variables.plek.naam',
    ]);
    expect(
      validateForm(schema, { gevonden: true, plek: { naam: 'X' }, reden: 'weg' }, {}, clock).problems.map((problem) => [
        problem.path,
        problem.code,
      ]),
    ).toEqual([['variables.reden', 'hidden-field']]);
  });

  it('refuses keys a group or a list row does not define, naming their full path', () => {
    const schema = form([
      {
        type: 'group',
        path: 'plek',
        components: [{ type: 'textfield', key: 'naam', label: 'Naam' }],
      },
      {
        type: 'group',
        components: [{ type: 'textfield', key: 'los', label: 'Los' }],
      },
      {
        type: 'dynamiclist',
        path: 'afspraken',
        components: [{ type: 'textfield', key: 'wie', label: 'Wie' }],
      },
    ]);

    const { problems, values } = validateForm(
      schema,
      {
        plek: { naam: 'X', besluitNiveau: 4 },
        los: 'ja',
        afspraken: [{ wie: 'a' }, { wie: 'b', extra: 1 }],
      },
      {},
      clock,
    );

    expect(problems).toEqual([
      {
        path: 'variables.plek.besluitNiveau',
        code: 'unknown-field',
        message: 'Het veld "besluitNiveau" hoort niet bij dit formulier.',
      },
      expect.objectContaining({ path: 'variables.afspraken[1].extra', code: 'unknown-field' }),
    ]);
    expect(values).toEqual({ plek: { naam: 'X' }, los: 'ja', afspraken: [{ wie: 'a' }, { wie: 'b' }] });
  });

  it('refuses an own __proto__ key, as JSON.parse makes it, like any unknown field', () => {
    const schema = form([{ type: 'group', path: 'plek', components: [{ type: 'textfield', key: 'naam' }] }]);
    const submitted = JSON.parse('{"plek":{"naam":"X","__proto__":{"polluted":true}}}') as Parameters<
      typeof validateForm
    >[1];

    const { problems } = validateForm(schema, submitted, {}, clock);

    expect(problems.map((problem) => problem.path)).toEqual(['variables.plek.__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('validates each item of a dynamic list, where conditions see the item as `this`', () => {
    const schema = form([
      {
        type: 'dynamiclist',
        path: 'afspraken',
        components: [
          { type: 'checkbox', key: 'extern', label: 'Extern' },
          {
            type: 'textfield',
            key: 'wie',
            label: 'Wie',
            validate: { required: true },
            conditional: { hide: '=this.extern != true' },
          },
        ],
      },
    ]);
    const { problems, values } = validateForm(schema, { afspraken: [{ extern: true }, { extern: false }] }, {}, clock);
    expect(problems.map((problem) => problem.path)).toEqual(['variables.afspraken[0].wie']);
    expect(values.afspraken).toEqual([{ extern: true }, { extern: false }]);
    // A value for the field hidden in the second row is refused, by its row
    expect(
      validateForm(
        schema,
        {
          afspraken: [
            { extern: true, wie: 'Z' },
            { extern: false, wie: 'weg' },
          ],
        },
        {},
        clock,
      ).problems,
    ).toEqual([expect.objectContaining({ path: 'variables.afspraken[1].wie', code: 'hidden-field' })]);
  });

  it('refuses fields the form does not have, and ignores read-only fields', () => {
    const schema = form([
      { type: 'textfield', key: 'naam', label: 'Naam' },
      { type: 'checklist', key: 'vereist', label: 'Vereist', readonly: true, values: [{ label: 'A', value: 'a' }] },
    ]);
    const result = validateForm(schema, { naam: 'X', vereist: [], besluitNiveau: 4 }, {}, clock);
    expect(result.problems).toEqual([
      expect.objectContaining({ path: 'variables.besluitNiveau', code: 'unknown-field' }),
    ]);
    expect(result.values).toEqual({ naam: 'X' });
  });
});

describe('consent by age', () => {
  it('counts whole years, the birthday itself included', () => {
    expect(ageOn('2014-11-25', '2026-11-24')).toBe(11);
    expect(ageOn('2014-11-25', '2026-11-25')).toBe(12);
    expect(ageOn(undefined, '2026-11-25')).toBeUndefined();
  });

  it('asks the parents under 12, both from 12 to 15, the youth from 16', () => {
    expect(consentNeeded(11).accepted).toEqual(['ouders', 'beiden', 'gedwongen-kader']);
    expect(consentNeeded(12).accepted).toEqual(['beiden', 'gedwongen-kader']);
    expect(consentNeeded(15).accepted).toEqual(['beiden', 'gedwongen-kader']);
    expect(consentNeeded(16).accepted).toEqual(['jeugdige', 'beiden', 'gedwongen-kader']);
  });
});
