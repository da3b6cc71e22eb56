import { describe, expect, it } from 'vitest';
import { suggestedFormKey } from '../../client/components/form-editor/new-form-schema';
import { routingHints, routingVariables } from '../../client/components/form-editor/routing-hints';
import { FORM_KEY } from '../../server/forms/form-schema-rules';

/** The form editor's hints: which variables a diagram's routing reads, and whether the form sets them. */
describe('routing hints', () => {
  const expressions = [
    { elementId: 'Flow_Crisis', elementName: 'Crisis', expression: '=urgentie = "crisis"' },
    { elementId: 'Flow_Crisis2', elementName: 'Crisis', expression: '=urgentie = "crisis" or crisis = true' },
    { elementId: 'Flow_Slt', elementName: 'Hulp binnen SLT', expression: '=uitkomst = "hulp-binnen-slt"' },
    { elementId: 'Task_X', expression: '=if count(kinderen) > 0 then besluit.niveau else null' },
    { elementId: 'Flow_Filter', expression: '=some item in taken satisfies item.klaar' },
    { elementId: 'Flow_Broken', expression: '=uitkomst = ' },
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Camunda 7 EL expression, as a diagram may hold one
    { elementId: 'Flow_Juel', expression: '${legacy == true}' },
  ];

  it('names each variable once, sorted, with every element that reads it; not functions, bound names or EL', () => {
    const variables = routingVariables(expressions);
    expect(variables.map((variable) => variable.name)).toEqual([
      'besluit',
      'crisis',
      'kinderen',
      'taken',
      'uitkomst',
      'urgentie',
    ]);
    expect(variables.find((variable) => variable.name === 'urgentie')?.readBy).toEqual([
      { elementId: 'Flow_Crisis', elementName: 'Crisis' },
      { elementId: 'Flow_Crisis2', elementName: 'Crisis' },
    ]);
    expect(variables.find((variable) => variable.name === 'besluit')?.readBy).toEqual([{ elementId: 'Task_X' }]);
  });

  it('says per variable whether the form sets it, and whether it is required; groups and lists by their path', () => {
    const schema = {
      components: [
        { type: 'radio', key: 'uitkomst', label: 'Uitkomst', validate: { required: true } },
        { type: 'checkbox', key: 'crisis', label: 'Crisis' },
        { type: 'group', path: 'besluit', label: 'Besluit', components: [{ type: 'number', key: 'niveau' }] },
        { type: 'group', label: 'Zonder pad', components: [{ type: 'textfield', key: 'urgentie' }] },
        { type: 'dynamiclist', path: 'kinderen', components: [{ type: 'textfield', key: 'naam' }] },
        { type: 'text', text: 'uitleg' },
      ],
    };
    const hints = routingHints(routingVariables(expressions), schema);
    const byName = Object.fromEntries(hints.map((hint) => [hint.variable.name, hint]));
    expect(byName.uitkomst).toMatchObject({ kind: 'required', label: 'Uitkomst' });
    expect(byName.crisis).toMatchObject({ kind: 'optional', label: 'Crisis' });
    expect(byName.besluit).toMatchObject({ kind: 'optional', label: 'Besluit' });
    expect(byName.kinderen).toMatchObject({ kind: 'optional', label: 'kinderen' });
    // A group without a path puts its fields at the top level.
    expect(byName.urgentie).toMatchObject({ kind: 'optional', label: 'urgentie' });
    expect(byName.taken).toMatchObject({ kind: 'missing' });
  });

  it('reads nothing from a schema that is not a form', () => {
    const variables = routingVariables(expressions);
    for (const schema of [null, 'tekst', { components: 'geen lijst' }, { components: [null, 3] }])
      expect(routingHints(variables, schema).every((hint) => hint.kind === 'missing')).toBe(true);
  });
});

describe('the form key suggested from a task name', () => {
  it('is a valid form key', () => {
    expect(suggestedFormKey('Huisbezoek afleggen')).toBe('huisbezoek-afleggen');
    expect(suggestedFormKey('Coördinatie (extra) — ronde 2')).toBe('coordinatie-extra-ronde-2');
    expect(suggestedFormKey('  Évaluatie: is de hulp nog passend?  ')).toBe('evaluatie-is-de-hulp-nog-passend');
    for (const name of ['Huisbezoek afleggen', 'Coördinatie', 'x'.repeat(200)])
      expect(suggestedFormKey(name)).toMatch(FORM_KEY);
    expect(suggestedFormKey('???')).toBe('');
  });
});
