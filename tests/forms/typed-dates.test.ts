import { describe, expect, it } from 'vitest';
import {
  isoFromTyped,
  toIsoDates,
  toTypedDates,
  typedDateProblem,
  typedFromIso,
  withTypedDates,
} from '../../client/components/task/typed-dates';
import type { FormSchema } from '../../server/contract/api';

/** The conversion every form uses between what a user types (dd-mm-jjjj) and what the server keeps (ISO). */
describe('dates typed as dd-mm-jjjj', () => {
  it('reads a real day typed as dd-mm-jjjj and refuses every other form or a day that does not exist', () => {
    expect(isoFromTyped('01-02-2030')).toBe('2030-02-01');
    expect(isoFromTyped('1-2-2030')).toBe('2030-02-01');
    expect(isoFromTyped('29-02-2028')).toBe('2028-02-29');
    for (const refused of ['31-02-2030', '29-02-2029', '2030-02-01', '01022030', '01-02-30', '01/02/2030', '']) {
      expect(isoFromTyped(refused)).toBeUndefined();
      if (refused !== '') expect(typedDateProblem(refused)).toContain('dd-mm-jjjj');
    }
    expect(typedDateProblem('31-02-2030')).toContain('geen bestaande datum');
    expect(typedDateProblem('2030-02-01')).toContain('geen datum in de vorm dd-mm-jjjj');
    expect(typedDateProblem('')).toBeUndefined();
    // A form that disallows passed dates refuses a day before today, and only that.
    expect(typedDateProblem('03-12-2026', { notBefore: '2026-12-04' })).toContain('vandaag of een latere datum');
    expect(typedDateProblem('04-12-2026', { notBefore: '2026-12-04' })).toBeUndefined();
  });

  it('shows an ISO date from the server as dd-mm-jjjj and leaves anything else as it is', () => {
    expect(typedFromIso('2030-02-01')).toBe('01-02-2030');
    expect(typedFromIso('2030-02-31')).toBe('2030-02-31');
    expect(typedFromIso('01-02-2030')).toBe('01-02-2030');
  });

  it('finds date fields in groups and in every row of a list, and converts both ways there', () => {
    const schema = {
      type: 'default',
      components: [
        { type: 'datetime', subtype: 'date', key: 'datum', dateLabel: 'Datum', defaultValue: '2030-02-01' },
        { type: 'datetime', subtype: 'datetime', key: 'moment', dateLabel: 'Moment' },
        {
          type: 'group',
          path: 'jeugdige',
          components: [{ type: 'datetime', subtype: 'date', key: 'geboortedatum', dateLabel: 'Geboortedatum' }],
        },
        {
          type: 'dynamiclist',
          path: 'afspraken',
          components: [{ type: 'datetime', subtype: 'date', key: 'wanneer', dateLabel: 'Wanneer' }],
        },
      ],
    } as unknown as FormSchema;
    const { schema: typed, datePaths } = withTypedDates(schema);
    expect(datePaths).toEqual([['datum'], ['jeugdige', 'geboortedatum'], ['afspraken', '*', 'wanneer']]);
    expect(JSON.stringify(typed)).not.toContain('"subtype":"date"');
    expect(JSON.stringify(typed)).toContain('"subtype":"datetime"');
    expect(JSON.stringify(typed)).toContain('"defaultValue":"01-02-2030"');

    const served = {
      datum: '2030-02-01',
      jeugdige: { geboortedatum: '2012-03-14' },
      afspraken: [{ wanneer: '2030-03-01' }, { wanneer: '2030-04-01' }],
    };
    const shown = toTypedDates(served, datePaths);
    expect(shown).toEqual({
      datum: '01-02-2030',
      jeugdige: { geboortedatum: '14-03-2012' },
      afspraken: [{ wanneer: '01-03-2030' }, { wanneer: '01-04-2030' }],
    });
    expect(toIsoDates(shown, datePaths)).toEqual({ data: served, problems: [] });

    const wrong = { ...shown, afspraken: [{ wanneer: '01-03-2030' }, { wanneer: '31-04-2030' }] };
    expect(toIsoDates(wrong, datePaths).problems).toEqual([
      expect.objectContaining({ path: 'variables.afspraken[1].wanneer', code: 'date' }),
    ]);
    expect(toIsoDates(wrong, datePaths, { dropInvalid: true }).data.afspraken).toEqual([
      { wanneer: '2030-03-01' },
      { wanneer: null },
    ]);
  });
});
